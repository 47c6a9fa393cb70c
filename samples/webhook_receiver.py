#!/usr/bin/env python3
"""A webhook receiver for trying Easel on one machine.

Listens on 127.0.0.1, verifies each delivery's Standard Webhooks signature with the secret from
GET /v1/webhooks/secret, and prints one line per delivery. It responds 204 when the signature
matches and 401 when it does not, so a bad signature shows up in GET /v1/tasks/{id}/deliveries.

Usage: EASEL_WEBHOOK_SECRET=whsec_... python3 samples/webhook_receiver.py [port]
"""

import base64
import hashlib
import hmac
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

TOLERANCE_SECONDS = 300


def verify(secret, headers, body):
    """Raises ValueError unless one v1 signature matches the body."""
    msg_id = headers.get("webhook-id")
    timestamp = headers.get("webhook-timestamp")
    signatures = headers.get("webhook-signature")
    if not (msg_id and timestamp and signatures):
        raise ValueError("a webhook-* header is missing")
    if abs(time.time() - int(timestamp)) > TOLERANCE_SECONDS:
        raise ValueError("webhook-timestamp is more than 5 minutes from this clock; check both clocks")

    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{msg_id}.{timestamp}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()

    for entry in signatures.split():
        version, _, signature = entry.partition(",")
        if version == "v1" and hmac.compare_digest(signature, expected):
            return
    raise ValueError("no v1 signature matches; check EASEL_WEBHOOK_SECRET")


class Receiver(BaseHTTPRequestHandler):
    secret = ""

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        try:
            verify(self.secret, self.headers, body)
        except ValueError as problem:
            print(f"REJECTED {self.headers.get('webhook-id')}: {problem}", flush=True)
            self.send_response(401)
            self.end_headers()
            return

        event = json.loads(body)
        data = event.get("data", {})
        print(f"verified {event.get('type')} task={data.get('task_id')} "
              f"id={self.headers['webhook-id']}", flush=True)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def main():
    secret = os.environ.get("EASEL_WEBHOOK_SECRET", "")
    if not secret.startswith("whsec_"):
        sys.exit("set EASEL_WEBHOOK_SECRET to the secret from GET /v1/webhooks/secret")
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 9000

    Receiver.secret = secret
    print(f"listening on http://127.0.0.1:{port}/hook", flush=True)
    HTTPServer(("127.0.0.1", port), Receiver).serve_forever()


if __name__ == "__main__":
    main()
