#!/usr/bin/python3
"""A real SMTP receiver for the e-mail plugin tests (aiosmtpd, Debian's python3-aiosmtpd).

Listens on 127.0.0.1 on a free port, prints "PORT <n>", then one JSON line per accepted message:
{"from", "to", "user", "tls", "data"}. Recipients starting with "reject" get 550, with "later" 451.
Options: --user U --password P (AUTH required), --cert C --key K (offers STARTTLS; with
--require-tls, MAIL and AUTH need it; with --implicit-tls, TLS from the first byte instead). Stops when stdin closes (the test ends).
"""
import argparse
import asyncio
import json
import logging
import ssl
import sys
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Recorder:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("reject"):
            return "550 5.1.1 no such user here"
        if address.startswith("later"):
            return "451 4.3.0 mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        auth = session.auth_data
        print(json.dumps({
            "from": envelope.mail_from,
            "to": envelope.rcpt_tos,
            "user": auth.login.decode() if isinstance(auth, LoginPassword) else None,
            "tls": session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None,
            "data": envelope.content.decode("utf-8", "replace"),
        }), flush=True)
        return "250 Message accepted"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--require-tls", action="store_true")
    parser.add_argument("--implicit-tls", action="store_true")  # SMTPS: TLS from the first byte
    args = parser.parse_args()
    # Plain AUTH on loopback is what some tests want; keep the log for real errors.
    warnings.filterwarnings("ignore", category=UserWarning)
    logging.getLogger("mail.log").setLevel(logging.ERROR)

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == args.user
              and auth_data.password.decode() == args.password)
        return AuthResult(success=ok, handled=False, auth_data=auth_data)

    tls_context = None
    if args.cert:
        tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls_context.load_cert_chain(args.cert, args.key)
    implicit = tls_context if args.implicit_tls else None
    kwargs = dict(tls_context=None if implicit else tls_context, require_starttls=args.require_tls,
                  auth_require_tls=args.require_tls, auth_required=bool(args.user))
    if args.user:
        kwargs["authenticator"] = authenticate

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(
        loop.create_server(lambda: SMTP(Recorder(), hostname="receiver.test", **kwargs), "127.0.0.1", 0,
                           ssl=implicit))
    print("PORT %d" % server.sockets[0].getsockname()[1], flush=True)
    loop.add_reader(sys.stdin, lambda: loop.stop() if not sys.stdin.read(1) else None)
    loop.run_forever()


if __name__ == "__main__":
    main()
