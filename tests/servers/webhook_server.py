#!/usr/bin/python3
"""webhook_server.py - a local sink for perfweek-alert's tests that speaks
like Slack, Microsoft Teams (Workflows), a generic JSON webhook or an
Alertmanager receiver, and records every request.  Standard library only.

Usage: webhook_server.py --port-file FILE --log FILE [--persona P]
                         [--mode-file FILE]

  --port-file FILE  write the port on 127.0.0.1 to FILE once listening
  --log FILE        append one JSON line per request: {"n", "method",
                    "path", "content_type", "status", "body"}, where body
                    is the request's body parsed as JSON (or its text)
  --persona P       slack: 200 "ok" as text/plain; teams: 202, empty;
                    webhook (default): 200 '{"ok":true}'
  --mode-file FILE  read before each request; its first word switches the
                    answer: "ok" (or no file) as the persona does, a status
                    number (400, 500, ...) answered with that status,
                    "429 S" a 429 with Retry-After: S, "stall S" waiting S
                    seconds before answering (a timeout for the client;
                    the request is logged at once, with status 0)

The server runs until SIGTERM or SIGINT.
"""
import argparse
import json
import os
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def make_handler(args, lock, counter):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def log_message(self, fmt, *a):
            pass

        def mode(self):
            try:
                with open(args.mode_file) as f:
                    return f.read().split()
            except (OSError, TypeError):
                return ["ok"]

        def answer(self, status, body=b"", ctype="text/plain", extra=None):
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in (extra or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            n = int(self.headers.get("Content-Length", "0"))
            raw = self.rfile.read(n)
            try:
                body = json.loads(raw)
            except ValueError:
                body = raw.decode("utf-8", "replace")
            m = self.mode() or ["ok"]
            status = {"slack": 200, "teams": 202}.get(args.persona, 200)
            if m[0] == "stall":
                status = 0          # recorded as 0: no answer in time
            elif m[0] == "429":
                status = 429
            elif m[0].isdigit():
                status = int(m[0])
            with lock:
                counter[0] += 1
                rec = {"n": counter[0], "method": "POST", "path": self.path,
                       "content_type": self.headers.get("Content-Type"),
                       "status": status, "body": body}
                with open(args.log, "a") as f:
                    f.write(json.dumps(rec) + "\n")
            if m[0] == "stall":     # recorded first, then the wait
                time.sleep(float(m[1]) if len(m) > 1 else 30)
                status = {"slack": 200, "teams": 202}.get(args.persona, 200)
            try:
                if m[0] == "429":
                    self.answer(429, b"rate limited", extra={
                        "Retry-After": m[1] if len(m) > 1 else "30"})
                elif status >= 300:
                    self.answer(status, b"failure mode")
                elif args.persona == "slack":
                    self.answer(200, b"ok")
                elif args.persona == "teams":
                    self.answer(202)
                else:
                    self.answer(200, b'{"ok":true}', "application/json")
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--persona", default="webhook",
                    choices=["slack", "teams", "webhook"])
    ap.add_argument("--mode-file")
    args = ap.parse_args()
    srv = Server(("127.0.0.1", 0), make_handler(args, threading.Lock(), [0]))
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, args.port_file)
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
