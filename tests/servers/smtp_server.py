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
  --refuse-rcpt ADDR    answer RCPT TO:<ADDR> with 550 (may be repeated)
  --reject-data         answer the end of DATA with 554 (nothing saved)

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
    def __init__(self, directory, refuse_rcpt, reject_data):
        self.directory = directory
        self.count = 0
        self.refuse_rcpt = set(a.lower() for a in refuse_rcpt)
        self.reject_data = reject_data

    async def handle_RCPT(self, server, session, envelope, address,
                          rcpt_options):
        if address.lower() in self.refuse_rcpt:
            return "550 5.1.1 <%s>: Recipient address rejected: " \
                   "User unknown" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.reject_data:
            return "554 5.7.1 Message rejected as spam (score 9.9)"
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
    ap.add_argument("--refuse-rcpt", action="append", default=[])
    ap.add_argument("--reject-data", action="store_true")
    a = ap.parse_args()

    saver = Saver(a.dir, a.refuse_rcpt, a.reject_data)
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
