#!/usr/bin/env python3
"""A real SMTP server that keeps every message it accepts, for lert's outbound-mail tests.

Tests talk SMTP to it over loopback exactly as lert talks to a production relay, then read what
arrived from its directory (tests/api/smtp_sink.rs does that for the Rust tests):

    DIR/port            the port it listens on, written once listening (atomically)
    DIR/messages/*.eml  the exact DATA bytes of each accepted message, "<counter>-<uuid4>.eml"
    DIR/log.jsonl       one JSON line per accepted message: file, mail_from, rcpt_tos, message_id
    DIR/refused.jsonl   one JSON line per message refused by --refuse-rate

A message is on disk (fsynced and renamed into place) and logged before the client gets its 250,
so a test that saw 250 can read the message at once; a refused message leaves no .eml behind.

Usage: smtp_sink.py --dir DIR [--host 127.0.0.1] [--port 0] [--refuse-rate 0.0] [--seed N]
                    [--auth USER:PASS] [--tls-cert CERT --tls-key KEY]
Runs until SIGTERM or SIGINT. Needs aiosmtpd (pip install aiosmtpd).
"""

import argparse
import asyncio
import email.parser
import hmac
import json
import logging
import os
import random
import signal
import ssl
import sys
import uuid
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

REFUSAL = "451 4.3.0 sink refusing for test"
# A fixed name: aiosmtpd would otherwise ask DNS for the machine's FQDN on every connection.
HOSTNAME = "lert-smtp-sink.test"


def parse_args(argv):
    parser = argparse.ArgumentParser(description="SMTP sink for lert's tests")
    parser.add_argument("--dir", required=True, help="where the port, messages and logs go")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--refuse-rate", type=float, default=0.0,
                        help="probability (0..1) of answering DATA with a 451")
    parser.add_argument("--seed", type=int, default=1, help="seeds --refuse-rate's choices")
    parser.add_argument("--auth", metavar="USER:PASS", help="require AUTH PLAIN/LOGIN")
    parser.add_argument("--tls-cert", help="PEM certificate: offer and require STARTTLS")
    parser.add_argument("--tls-key", help="PEM private key for --tls-cert")
    args = parser.parse_args(argv)
    if not 0.0 <= args.refuse_rate <= 1.0:
        parser.error("--refuse-rate must be between 0 and 1")
    if args.auth is not None and ":" not in args.auth:
        parser.error("--auth must be USER:PASS")
    if (args.tls_cert is None) != (args.tls_key is None):
        parser.error("--tls-cert and --tls-key go together")
    return args


def fsync_dir(path):
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomically(tmp_dir, final_path, data):
    """Temp file in tmp_dir, fsync, rename: readers see the whole file or none of it."""
    tmp_path = os.path.join(tmp_dir, f".{uuid.uuid4()}.tmp")
    with open(tmp_path, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp_path, final_path)
    fsync_dir(os.path.dirname(final_path))


def append_json_line(path, record):
    """One write per line, fsynced: the Rust side skips a last line that has no newline yet."""
    line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
    with open(path, "ab") as f:
        f.write(line)
        f.flush()
        os.fsync(f.fileno())


def message_id_of(raw):
    """The Message-ID header's value (unfolded, trimmed), or None when there is none."""
    headers = email.parser.BytesHeaderParser().parsebytes(raw)
    value = headers.get("Message-ID")
    if value is None:
        return None
    return " ".join(str(value).split())


class SinkHandler:
    def __init__(self, directory, refuse_rate, seed):
        self.dir = directory
        self.tmp_dir = os.path.join(directory, "tmp")
        self.messages_dir = os.path.join(directory, "messages")
        self.refuse_rate = refuse_rate
        self.random = random.Random(seed)
        self.accepted = 0
        self.refused = 0

    async def handle_DATA(self, server, session, envelope):
        # No await in here: messages are handled one at a time in arrival order, so the counter
        # in the file names and the lines in log.jsonl agree.
        if self.refuse_rate > 0 and self.random.random() < self.refuse_rate:
            self.refused += 1
            append_json_line(os.path.join(self.dir, "refused.jsonl"), {
                "refused": self.refused,
                "mail_from": envelope.mail_from,
                "rcpt_tos": list(envelope.rcpt_tos),
            })
            return REFUSAL
        raw = envelope.original_content
        if raw is None:
            content = envelope.content
            raw = content.encode("utf-8", "surrogateescape") if isinstance(content, str) else content
        self.accepted += 1
        name = f"{self.accepted:06d}-{uuid.uuid4()}.eml"
        write_atomically(self.tmp_dir, os.path.join(self.messages_dir, name), raw)
        append_json_line(os.path.join(self.dir, "log.jsonl"), {
            "file": f"messages/{name}",
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "message_id": message_id_of(raw),
        })
        return "250 OK"


def make_authenticator(credentials):
    user, password = (part.encode("utf-8") for part in credentials.split(":", 1))

    def authenticate(server, session, envelope, mechanism, auth_data):
        # Anything but a matching LoginPassword (PLAIN or LOGIN) fails; aiosmtpd answers 535.
        ok = (
            mechanism in ("PLAIN", "LOGIN")
            and isinstance(auth_data, LoginPassword)
            and hmac.compare_digest(auth_data.login, user)
            and hmac.compare_digest(auth_data.password, password)
        )
        return AuthResult(success=ok, handled=False)

    return authenticate


def make_tls_context(cert, key):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


async def serve(args):
    directory = os.path.abspath(args.dir)
    for sub in ("tmp", "messages"):
        os.makedirs(os.path.join(directory, sub), exist_ok=True)
    handler = SinkHandler(directory, args.refuse_rate, args.seed)
    options = {"hostname": HOSTNAME}
    if args.auth is not None:
        # Plain-text AUTH is what the tests want: this sink only ever listens on loopback.
        options.update(authenticator=make_authenticator(args.auth), auth_required=True,
                       auth_require_tls=False)
    if args.tls_cert is not None:
        options.update(tls_context=make_tls_context(args.tls_cert, args.tls_key),
                       require_starttls=True)

    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    # create_server directly (not aiosmtpd's Controller): it binds port 0 and reports the port.
    server = await loop.create_server(lambda: SMTP(handler, **options), args.host, args.port)
    port = server.sockets[0].getsockname()[1]
    write_atomically(os.path.join(directory, "tmp"), os.path.join(directory, "port"),
                     f"{port}\n".encode("ascii"))
    print(f"listening {port}", flush=True)

    await stop.wait()
    server.close()
    # Open sessions are dropped with the loop; waiting for them could hang on an idle client.


def main(argv):
    args = parse_args(argv)
    # aiosmtpd warns, per connection, that AUTH without TLS is insecure (here that is the point)
    # and that its own code uses a deprecated attribute; errors still reach stderr.
    warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    asyncio.run(serve(args))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
