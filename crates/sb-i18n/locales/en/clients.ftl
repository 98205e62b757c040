# Clients.
client-no-code = there is no client with code { $code }
client-code-taken = another client already has the code { $code }; choose another
clients-cursor-invalid = that is not a position in the clients list; start from the first page
