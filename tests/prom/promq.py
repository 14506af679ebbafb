#!/usr/bin/python3
"""promq.py - ask a Prometheus-compatible HTTP API, print its answer as lines.

Usage:
  promq.py URL range QUERY START END STEP   /api/v1/query_range
  promq.py URL query QUERY TIME             /api/v1/query
  promq.py URL export SELECTOR START END    raw samples: /api/v1/query_range
                                            is not used; the query
                                            "SELECTOR[END-START+1s]" at END
                                            gives every stored sample

URL is the API root (…/api/v1/… is appended).  Each sample is printed as
one line "LABELS TS VALUE", LABELS the series' labels sorted, as
name="value" joined by ",", TS in seconds (as the API gives it), VALUE the
string the API gave.  Series are in label order, samples in time order.
Basic auth from PROMQ_USER and PROMQ_PASSWORD in the environment.  Exit 0,
or 1 with the API's error (status, errorType, error) on standard error.
"""

import base64
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request

TIMEOUT_S = 30


def get(url, path, params):
    req = urllib.request.Request(url.rstrip("/") + path + "?" +
                                 urllib.parse.urlencode(params))
    user = os.environ.get("PROMQ_USER")
    if user is not None:
        tok = base64.b64encode(("%s:%s" % (
            user, os.environ.get("PROMQ_PASSWORD", ""))).encode()).decode()
        req.add_header("Authorization", "Basic " + tok)
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT_S) as r:
            return json.load(r)
    except urllib.error.HTTPError as e:
        body = e.read().decode(errors="replace")
        try:
            j = json.loads(body)
            msg = "%s: %s" % (j.get("errorType"), j.get("error"))
        except ValueError:
            msg = body.strip()[:200]
        sys.exit("promq: HTTP %d: %s" % (e.code, msg))
    except (urllib.error.URLError, OSError) as e:
        sys.exit("promq: %s: %s" % (url, e))


def labels(metric):
    return ",".join('%s="%s"' % (k, metric[k]) for k in sorted(metric))


def show(j):
    if j.get("status") != "success":
        sys.exit("promq: %s: %s" % (j.get("errorType"), j.get("error")))
    data = j["data"]
    out = []
    if data["resultType"] == "matrix":
        for s in data["result"]:
            lab = labels(s["metric"])
            out += [(lab, float(ts), "%s %s %s" % (lab, fmt(ts), v))
                    for ts, v in s["values"]]
    elif data["resultType"] == "vector":
        for s in data["result"]:
            ts, v = s["value"]
            lab = labels(s["metric"])
            out.append((lab, float(ts), "%s %s %s" % (lab, fmt(ts), v)))
    else:
        ts, v = data["result"]
        out.append(("", float(ts), "%s %s" % (fmt(ts), v)))
    for _, _, line in sorted(out):
        print(line)


def fmt(ts):
    f = float(ts)
    return "%d" % f if f == int(f) else repr(f)


def main(a):
    if len(a) < 3:
        sys.exit(__doc__.strip().split("\n\n")[1])
    url, kind = a[0], a[1]
    if kind == "range" and len(a) == 6:
        show(get(url, "/api/v1/query_range", {
            "query": a[2], "start": a[3], "end": a[4], "step": a[5]}))
    elif kind == "query" and len(a) == 4:
        show(get(url, "/api/v1/query", {"query": a[2], "time": a[3]}))
    elif kind == "export" and len(a) == 5:
        span = int(float(a[4]) - float(a[3])) + 1
        show(get(url, "/api/v1/query", {"query": "%s[%ds]" % (a[2], span),
                                        "time": a[4]}))
    else:
        sys.exit("promq: usage: see the top of %s" % sys.argv[0])


if __name__ == "__main__":
    main(sys.argv[1:])
