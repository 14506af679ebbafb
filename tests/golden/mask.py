#!/usr/bin/python3
"""mask.py - replace what legitimately differs between two golden runs.

Usage: mask.py [--port NAME=NUMBER]... [--pdf FILE] IN OUT

tests/golden/run.sh passes every output through this filter before it is
compared or committed.  It masks only what a run cannot fix in advance,
and says so in the output, so that a reviewer sees what is not compared:

  --port NAME=NUMBER
      The test servers listen on ports the kernel picks (a fixed port
      could be taken by another program or a second test run), and the
      reports show the health URLs and the ServiceNow instance with them.
      Every "127.0.0.1:NUMBER" becomes "127.0.0.1:NAME".  In a
      quoted-printable body a soft line break ("=" CRLF) may fall inside
      it; the break is kept, after NAME.  The ports have five digits (the
      kernel's ephemeral range), so where the text wraps does not depend
      on them.  A URL that the PDF's table wraps inside "127.0.0.1:NUMBER"
      would not be masked (none is): the diff would then show the digits.
  --pdf FILE
      IN is the message perfweek-report --mail sent.  Its Message-ID holds
      16 random hex digits (perfweek.RANDOM.TIME@domain), and the MIME
      boundary, which libcurl picks, is dashes and random hex digits
      (------------------------RANDOM): every occurrence of either random
      part becomes as many "X", so header folding and line lengths are
      those of the real message.  The PDF attachment's base64 must
      decode to the bytes of FILE (else this fails): the PDF holds the
      ports too, and the embedded font subset, which changes with the
      fonts-dejavu package; report.pdf.txt stands for its content.  Its
      lines become one line saying so.

Anything else is copied byte for byte.  Exit status 1, with a message,
when the message has no such Message-ID, no boundary of that form or not
exactly one PDF attachment, or the attachment differs from FILE.
"""
import argparse
import base64
import re
import sys

SOFT = b"(?:=\r\n)?"     # a quoted-printable soft line break, maybe


def fail(msg):
    print("mask.py: %s" % msg, file=sys.stderr)
    sys.exit(1)


def mask_ports(data, ports):
    for name, number in ports:
        text = b"127.0.0.1:" + number.encode()
        pattern = re.compile(SOFT.join(re.escape(text[i:i + 1])
                                       for i in range(len(text))))

        def repl(m):
            return b"127.0.0.1:" + name.encode() + \
                b"=\r\n" * m.group(0).count(b"=\r\n")
        data = pattern.sub(repl, data)
    return data


def boundary(data):
    m = re.search(rb'(?i)boundary=(?:"([^"]+)"|([^\s;"]+))', data)
    if not m:
        fail("no MIME boundary in the message")
    return m.group(1) or m.group(2)


def mask_pdf_part(data, pdf_path):
    sep = b"\r\n--" + boundary(data)
    parts = data.split(sep)
    found = 0
    for i, part in enumerate(parts):
        head, blank, body = part.partition(b"\r\n\r\n")
        if not blank or not re.search(rb"(?im)^Content-Type: application/pdf",
                                      head):
            continue
        pdf = open(pdf_path, "rb").read()
        try:
            got = base64.b64decode(b"".join(body.split()), validate=True)
        except ValueError as e:
            fail("the PDF attachment is not base64: %s" % e)
        if got != pdf:
            fail("the PDF attachment (%d bytes) is not '%s' (%d bytes)" %
                 (len(got), pdf_path, len(pdf)))
        parts[i] = (head + blank + b"[base64 of the PDF file, checked equal "
                    b"to it by tests/golden/mask.py; its text is "
                    b"report.pdf.txt]")
        found += 1
    if found != 1:
        fail("%d PDF attachments in the message, not 1" % found)
    return sep.join(parts)


def mask_message_id(data):
    m = re.search(rb"(?im)^Message-ID:\s*<perfweek\.([0-9a-f]{16})\.", data)
    if not m:
        fail("no Message-ID of the form <perfweek.RANDOM.TIME@...>")
    return data.replace(m.group(1), b"X" * 16)


def mask_boundary(data):
    m = re.fullmatch(rb"(-+)([0-9a-f]{16,})", boundary(data))
    if not m:
        fail("the MIME boundary '%s' is not dashes and random hex digits" %
             boundary(data).decode("ascii", "replace"))
    return data.replace(m.group(0), m.group(1) + b"X" * len(m.group(2)))


def main():
    ap = argparse.ArgumentParser(prog="mask.py")
    ap.add_argument("--port", action="append", default=[],
                    metavar="NAME=NUMBER")
    ap.add_argument("--pdf", metavar="FILE")
    ap.add_argument("input")
    ap.add_argument("output")
    a = ap.parse_args()
    ports = []
    for p in a.port:
        name, eq, number = p.partition("=")
        if not eq or not name or not number.isdigit():
            ap.error("--port '%s' is not NAME=NUMBER" % p)
        ports.append((name, number))
    data = open(a.input, "rb").read()
    if a.pdf:
        data = mask_boundary(mask_message_id(mask_pdf_part(data, a.pdf)))
    data = mask_ports(data, ports)
    with open(a.output, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
