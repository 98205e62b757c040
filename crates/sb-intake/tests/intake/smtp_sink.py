"""An SMTP server for the tests: aiosmtpd, saving each received message to a folder.

Usage: python smtp_sink.py HOST PORT FOLDER USER PASSWORD. Message n is written as
FOLDER/n.eml (the DATA as received) and FOLDER/n.rcpt (the envelope recipients, one a line);
each file appears whole, by rename, so a test that sees it can read it. The recipient
later@... is answered 451 (try again later) and refused@... 550 (no such user).

The server offers AUTH (PLAIN, LOGIN) without TLS, as a provider's relay on a trusted network
may: USER with PASSWORD is taken, any other login is answered 535. A client that does not log
in may still send, as the tests of the anonymous relay do.
"""
import itertools
import os
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.numbers = itertools.count(1)

    def _write(self, name, data):
        tmp = os.path.join(self.folder, "." + name + ".tmp")
        with open(tmp, "wb") as f:
            f.write(data)
        os.rename(tmp, os.path.join(self.folder, name))

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        # Two recipients answer as real servers do when they cannot take a message: "later"
        # (greylisting, a full queue) and "never" (no such user).
        local = address.split("@")[0]
        if local == "later":
            return "451 4.7.1 Greylisted, try again later"
        if local == "refused":
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        n = next(self.numbers)
        self._write("%06d.rcpt" % n, "\n".join(envelope.rcpt_tos).encode())
        self._write("%06d.eml" % n, envelope.original_content)
        return "250 OK saved"


def authenticator(user, password):
    def check(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login == user.encode()
            and auth_data.password == password.encode()
        )
        # handled=False: aiosmtpd answers 535 itself (its default, True, answers nothing).
        return AuthResult(success=ok, handled=False)

    return check


def main():
    host, port, folder, user, password = sys.argv[1:6]
    os.makedirs(folder, exist_ok=True)
    controller = Controller(
        Sink(folder),
        hostname=host,
        port=int(port),
        authenticator=authenticator(user, password),
        auth_require_tls=False,
    )
    controller.start()
    print("smtp sink listening on %s:%s, saving to %s" % (host, port, folder), flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
