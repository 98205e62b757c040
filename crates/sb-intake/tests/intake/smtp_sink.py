"""An SMTP server for the tests: aiosmtpd, saving each received message to a folder.

Usage: python smtp_sink.py HOST PORT FOLDER. Message n is written as FOLDER/n.eml (the DATA as
received) and FOLDER/n.rcpt (the envelope recipients, one a line); each file appears whole,
by rename, so a test that sees it can read it. The recipient later@... is answered 451 (try
again later) and refused@... 550 (no such user).
"""
import itertools
import os
import sys
import threading

from aiosmtpd.controller import Controller


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


def main():
    host, port, folder = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    os.makedirs(folder, exist_ok=True)
    controller = Controller(Sink(folder), hostname=host, port=port)
    controller.start()
    print("smtp sink listening on %s:%d, saving to %s" % (host, port, folder), flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
