#!/usr/bin/python3
"""smtp_server.py - a real SMTP server on 127.0.0.1 for perfweek's mail tests.

Built on aiosmtpd (Debian's python3-aiosmtpd).  It listens on an ephemeral
port and writes the port to --port-file once it accepts connections.  Every
message received is saved as DIR/msg-N.eml (the bytes as received) with
DIR/msg-N.json beside it (envelope sender, recipients, whether the session
was TLS and who authenticated).  Options:

  --starttls CERT KEY   offer STARTTLS with this certificate
  --tls CERT KEY        implicit TLS from the first byte (smtps://)
  --auth USER PASSWORD  offer AUTH PLAIN and LOGIN, require it for MAIL

Runs until killed (SIGTERM).
"""
import argparse
import asyncio
import json
import os
import signal
import ssl

from aiosmtpd.smtp import SMTP, AuthResult


class Saver:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.directory, "msg-%d" % self.count)
        with open(base + ".tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        with open(base + ".json", "w") as f:
            json.dump({
                "mail_from": envelope.mail_from,
                "rcpt_tos": envelope.rcpt_tos,
                "tls": session.ssl is not None,
                "login": (session.auth_data.login.decode()
                          if session.authenticated else None),
            }, f)
        os.rename(base + ".tmp", base + ".eml")
        return "250 OK message saved"


def tls_context(cert, key):
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)
    return ctx


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--starttls", nargs=2, metavar=("CERT", "KEY"))
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    ap.add_argument("--auth", nargs=2, metavar=("USER", "PASSWORD"))
    a = ap.parse_args()

    saver = Saver(a.dir)
    kwargs = {"decode_data": False, "hostname": "perfweek-test-smtp"}
    if a.starttls:
        kwargs["tls_context"] = tls_context(*a.starttls)
        kwargs["require_starttls"] = False
    if a.auth:
        user, password = a.auth[0].encode(), a.auth[1].encode()

        def check(server, session, envelope, mechanism, data):
            good = data.login == user and data.password == password
            # handled=False: aiosmtpd then answers 535 to a failure.
            return AuthResult(success=good, handled=False,
                              auth_data=data if good else None)
        kwargs["authenticator"] = check
        kwargs["auth_required"] = True
        kwargs["auth_require_tls"] = False

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(loop.create_server(
        lambda: SMTP(saver, loop=loop, **kwargs), "127.0.0.1", 0,
        ssl=tls_context(*a.tls) if a.tls else None))
    port = server.sockets[0].getsockname()[1]
    with open(a.port_file + ".tmp", "w") as f:
        f.write("%d\n" % port)
    os.rename(a.port_file + ".tmp", a.port_file)
    loop.add_signal_handler(signal.SIGTERM, loop.stop)
    loop.run_forever()


if __name__ == "__main__":
    main()
