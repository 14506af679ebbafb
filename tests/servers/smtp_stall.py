#!/usr/bin/python3
"""smtp_stall.py - an SMTP server on 127.0.0.1 that stops reading mid-DATA.

For perfweek's mail deadline test: it speaks just enough SMTP (220,
EHLO/HELO, MAIL, RCPT, DATA's 354), then reads nothing more and answers
nothing, holding the connection open with a small receive buffer, so a
client sending a large message blocks in the middle of DATA.  Writes the
port to --port-file once it listens; runs until killed (SIGTERM).
"""
import argparse
import os
import socket
import threading


def session(conn):
    conn.sendall(b"220 perfweek-test-stall ESMTP\r\n")
    f = conn.makefile("rb")
    for line in f:
        verb = line[:4].upper()
        if verb in (b"EHLO", b"HELO"):
            conn.sendall(b"250 perfweek-test-stall\r\n")
        elif verb == b"DATA":
            conn.sendall(b"354 end data with <CR><LF>.<CR><LF>\r\n")
            break
        elif verb == b"QUIT":
            conn.sendall(b"221 bye\r\n")
            conn.close()
            return
        else:
            conn.sendall(b"250 OK\r\n")
    threading.Event().wait()  # read nothing more, answer nothing


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    a = ap.parse_args()
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.bind(("127.0.0.1", 0))
    s.listen(8)
    with open(a.port_file + ".tmp", "w") as f:
        f.write("%d\n" % s.getsockname()[1])
    os.rename(a.port_file + ".tmp", a.port_file)
    while True:
        conn, _ = s.accept()
        threading.Thread(target=session, args=(conn,), daemon=True).start()


if __name__ == "__main__":
    main()
