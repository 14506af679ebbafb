#!/usr/bin/python3
"""http_server.py - a local HTTP or HTTPS server for perfweek-probe's tests,
benchmark and demo.  Python standard library only.

Usage: http_server.py --port-file FILE [--port N] [--tls-cert PEM --tls-key PEM]

  --port-file FILE   write the port listened on to FILE (atomically) once
                     the server accepts connections
  --port N           port on 127.0.0.1 (default 0: any free port)
  --tls-cert PEM     serve HTTPS with this certificate ...
  --tls-key PEM      ... and this private key (made by openssl at test time)

One thread per connection (50 and more concurrent requests are served at
once), HTTP/1.0 semantics: each response closes its connection.  Paths:

  /status/CODE            answer CODE (100-599) with body "status CODE"
  /slow/MS                wait MS milliseconds, then 200 "slow"
  /trickle/N              200 with a body of N bytes sent one every 0.2 s:
                          never idle, so only a total deadline stops it
  /page                   200, "perfweek test page: all systems nominal"
  /redirect/N             302 to /redirect/N-1; /redirect/0 is a 200 page
  /method                 200, the request method as the body (also POST)
  /header/NAME            200, the value of request header NAME as the body
  /fail-on?n=1,5-7        503 on these request numbers of this exact URL
                          (counted from 1 per URL, query included), else 200
  /flaky?every=N&fail=K   503 on the first K of every N requests of this URL
                          (request numbers 1..K, N+1..N+K, ...), else 200;
                          the demo uses it for a check that fails sometimes
  /window?period=S&down=D 503 during the first D seconds of every S seconds
                          of the wall clock (time() % S < D), else 200: an
                          outage on a schedule, for long runs (the soak)
  /count                  200, the number of requests served so far

Anything else is a 404.  The server runs until SIGTERM or SIGINT.
"""
import argparse
import os
import signal
import ssl
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PAGE = b"perfweek test page: all systems nominal\n"


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256   # the benchmark opens 50+ connections at once
    allow_reuse_address = True

    def __init__(self, addr, handler):
        super().__init__(addr, handler)
        self.lock = threading.Lock()
        self.counts = {}
        self.total = 0

    def count(self, key):
        with self.lock:
            self.total += 1
            self.counts[key] = self.counts.get(key, 0) + 1
            return self.counts[key]


def parse_numbers(spec):
    out = set()
    for part in spec.split(","):
        if not part:
            continue
        if "-" in part:
            lo, hi = part.split("-", 1)
            out.update(range(int(lo), int(hi) + 1))
        else:
            out.add(int(part))
    return out


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"
    server_version = "perfweek-test"

    def log_message(self, fmt, *args):
        pass

    def reply(self, code, body=b"", headers=()):
        self.send_response(code)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def trickle(self, n):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(n))
        self.end_headers()
        try:
            for _ in range(n):
                self.wfile.write(b".")
                self.wfile.flush()
                time.sleep(0.2)
        except OSError:
            pass  # the client gave up

    def route(self):
        n = self.server.count(self.path)
        url = urllib.parse.urlsplit(self.path)
        parts = url.path.strip("/").split("/")
        query = urllib.parse.parse_qs(url.query)
        head = parts[0] if parts else ""
        arg = parts[1] if len(parts) > 1 else ""
        if head == "status" and arg.isdigit() and 100 <= int(arg) <= 599:
            return self.reply(int(arg), b"status %s\n" % arg.encode())
        if head == "slow" and arg.isdigit():
            time.sleep(int(arg) / 1000.0)
            return self.reply(200, b"slow\n")
        if head == "trickle" and arg.isdigit():
            return self.trickle(int(arg))
        if head == "page":
            return self.reply(200, PAGE)
        if head == "redirect" and arg.isdigit():
            left = int(arg)
            if left == 0:
                return self.reply(200, b"redirected here\n")
            return self.reply(302, b"", [("Location", "/redirect/%d" % (left - 1))])
        if head == "method":
            return self.reply(200, self.command.encode() + b"\n")
        if head == "header" and arg:
            return self.reply(200, (self.headers.get(arg) or "").encode() + b"\n")
        if head == "fail-on":
            if n in parse_numbers(query.get("n", [""])[0]):
                return self.reply(503, b"scheduled failure\n")
            return self.reply(200, b"up\n")
        if head == "flaky":
            every = max(1, int(query.get("every", ["10"])[0]))
            fail = int(query.get("fail", ["1"])[0])
            if (n - 1) % every < fail:
                return self.reply(503, b"flaky failure\n")
            return self.reply(200, b"up\n")
        if head == "window":
            period = max(1, int(query.get("period", ["600"])[0]))
            down = int(query.get("down", ["60"])[0])
            if int(time.time()) % period < down:
                return self.reply(503, b"scheduled window\n")
            return self.reply(200, b"up\n")
        if head == "count":
            return self.reply(200, b"%d\n" % self.server.total)
        return self.reply(404, b"not found\n")

    def do_GET(self):
        self.route()

    def do_HEAD(self):
        self.route()

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(min(length, 1 << 20))
        self.route()


def main():
    ap = argparse.ArgumentParser(description="perfweek test HTTP(S) server")
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--tls-cert")
    ap.add_argument("--tls-key")
    a = ap.parse_args()
    srv = Server(("127.0.0.1", a.port), Handler)
    if a.tls_cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(a.tls_cert, a.tls_key)
        # The handshake happens in each connection's thread, on its first
        # read, so that one slow client does not hold up the others.
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True,
                                     do_handshake_on_connect=False)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    tmp = a.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, a.port_file)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
