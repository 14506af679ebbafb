#!/usr/bin/python3
"""snow_server.py - a local stand-in for the ServiceNow Table API.

Serves GET /api/now/table/incident on 127.0.0.1 the way a ServiceNow
instance does, for perfweek's tests, benchmark and demo.  Standard library
only (http.server, ThreadingHTTPServer, HTTP/1.1 keep-alive).

What it understands
  sysparm_query    conditions joined by ^, alternatives by ^NQ; operators
                   = != >= <= > < IN LIKE STARTSWITH ISEMPTY ISNOTEMPTY;
                   ORDERBYfield and ORDERBYDESCfield; dot-walked fields
                   (assignment_group.name); date values as literals
                   'YYYY-MM-DD hh:mm:ss' or javascript:gs.dateGenerate(
                   'YYYY-MM-DD','hh:mm:ss'), in UTC
  sysparm_fields   comma-separated, dot-walked names allowed
  sysparm_limit / sysparm_offset
                   paging; the limit is capped by --page-max; every
                   response has Link (first, prev, next, last) and
                   X-Total-Count (the matches before access control)
  sysparm_display_value=false|true|all
                   the three value shapes: plain values and reference
                   objects {"link","value"}; display strings; or
                   {"display_value","value"} (display times are UTC+1)
  sysparm_exclude_reference_link=true
                   references as plain values (also --no-reference-links)

Options
  --port-file FILE   write the port (bound on 127.0.0.1 port 0) to FILE
  --count N          incidents generated (default 20000)
  --seed N           generator seed (default 1)
  --now EPOCH        the generator's "now" (default 1794787200, Monday
                     2026-11-16 00:00 UTC; --demo: the real time)
  --demo             a small believable set of 24 incidents, and the
                     header X-Perfweek-Demo: 1 on every response
  --dump FILE        write the generated incidents (UTC values, plus
                     "hidden" for access control) as JSON, then serve
  --page-max N       largest page served (default 10000)
  --acl-mod N        hide the records whose number is a multiple of N
                     after the page is cut, as access control does (short
                     pages that are not the last); 0 = off (default)
  --user U --password P   require Basic auth with these
  --token T          accept this OAuth bearer token (with or without
                     --user/--password); no option: no authentication
  --no-reference-links    references as plain sys_id strings
  --no-total-count   leave X-Total-Count out
  --no-link          leave the Link header out (as a proxy that strips it)
  --fail MODE        answer with a failure: 401 403 404 429 500 503
                     html (a proxy's HTML page, status 200), timeout
                     (no answer for --delay s), truncated (the connection
                     closes mid-body), malformed (JSON cut short, status
                     200), error-body (400 with ServiceNow's error JSON),
                     huge (a 200 response of 4 MiB), redirect (302 to a
                     login page), badlink (a next link to another host),
                     trickle (a 200 whose body comes a byte every 0.2 s
                     for --delay s: never idle)
  --empty-404        answer a page with no record as some instances do:
                     HTTP 404 {"error": {"message": "No Record found"}}
  --fail-after N     serve N requests normally before failing (default 0)
  --fail-times N     fail only N requests, then serve normally (default:
                     every request)
  --retry-after S    Retry-After of the 429 mode (default 1)
  --delay S          how long the timeout mode waits (default 10)
  --log FILE         append "METHOD PATH AUTH-SCHEME STATUS" per request
                     (never a credential)
  --description TEXT every incident's short_description is TEXT, sent as
                     it is: bytes of the argument that are not UTF-8 go
                     out raw (invalid UTF-8 in the body), control
                     characters as JSON escapes (\u001b, \t)
  --group NAME       every incident's assignment group is called NAME
  --records FILE     serve the incidents of FILE (a JSON array of records
                     in the generator's shape, UTC times, as tests/
                     stressweek.py writes them) instead of generating any
"""
import argparse
import base64
import calendar
import hashlib
import json
import os
import random
import re
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

PRIORITIES = {1: "1 - Critical", 2: "2 - High", 3: "3 - Moderate",
              4: "4 - Low", 5: "5 - Planning"}
STATES = {1: "New", 2: "In Progress", 3: "On Hold", 6: "Resolved",
          7: "Closed", 8: "Canceled"}
GROUPS = ["Service Desk", "Network", "Database", "Linux Platform",
          "Storage", "Application Support", "Ομάδα Υποδομών",
          "Служба эксплуатации"]
CIS = ["db-prod-01", "web-fe-03", "mail-relay", "san-ctrl-a", "lb-edge-2",
       "app-billing", "kafka-07", "nfs-home"]
SUBJECTS = [
    "Disk latency high on {ci}",
    "Users cannot log in to {ci}",
    "Backup job failed on {ci}",
    "CPU saturation on {ci} during batch window",
    "Certificate expiring on {ci}",
    "Memory pressure and swapping on {ci}",
    "Δίσκος σχεδόν γεμάτος στο {ci}",
    "Сбой репликации базы данных на {ci}",
    "Échec de la sauvegarde nocturne sur {ci}",
    "Zeitüberschreitung bei Anmeldung an {ci}",
    "Packet loss between {ci} and core switch",
]
DEMO = [
    (1, 2, "Checkout API returns 502 for 4 % of requests", 0, 30),
    (2, 2, "Database replica lag above 5 minutes", 1, 52),
    (2, 3, "Nightly backup of /srv failed twice", 4, 75),
    (3, 1, "Disk latency high on san-ctrl-a", 3, 8),
    (3, 2, "TLS certificate for mail-relay expires in 12 days", 5, 100),
    (3, 2, "Swap usage growing on app-billing", 5, 20),
    (4, 1, "Log rotation leaves files open on web-fe-03", 3, 140),
    (4, 3, "Request: raise open file limit for kafka-07", 6, 200),
    (5, 1, "Plan OS upgrade of the Debian 11 hosts", 2, 300),
    (1, 6, "Core switch port flapping, packet loss", 1, 170),
    (2, 6, "Σφάλμα συγχρονισμού NTP σε db-prod-01", 0, 160),
    (2, 7, "Сбой репликации базы данных на db-prod-01", 0, 150),
    (3, 6, "Échec de la sauvegarde nocturne sur nfs-home", 6, 120),
    (3, 7, "Cron job runs twice after DST change", 2, 110),
    (4, 6, "Disk /var at 91 % on web-fe-03", 1, 100),
    (4, 7, "Stale NFS handle on build hosts", 7, 90),
    (3, 8, "Duplicate of INC0010003", 3, 95),
    (2, 6, "Load balancer health check misconfigured", 4, 130),
    (3, 6, "Slow queries after index rebuild", 0, 125),
    (5, 7, "Document the failover runbook", 2, 400),
    (3, 1, "High retransmit rate on lb-edge-2", 4, 2),
    (2, 1, "Memory pressure stalls on app-billing", 5, 4),
    (4, 2, "Zeitüberschreitung bei Anmeldung an web-fe-03", 1, 60),
    (3, 3, "Waiting for vendor: SAN firmware update", 3, 230),
]

DATE_FIELDS = ("opened_at", "resolved_at", "sys_updated_on")
REF_FIELDS = ("assignment_group", "cmdb_ci")
CHOICE_FIELDS = {"priority": PRIORITIES, "state": STATES}


def sys_id(*parts):
    return hashlib.md5("/".join(map(str, parts)).encode()).hexdigest()


def ts_text(t):
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(t))


def make_refs(names, kind):
    return {n: sys_id(kind, n) for n in names}


GROUP_IDS = make_refs(GROUPS, "group")
CI_IDS = make_refs(CIS, "ci")


def record(i, pri, state, desc, group, ci, opened, resolved):
    r = {"sys_id": sys_id("inc", i), "number": "INC%07d" % (10000 + i),
         "short_description": desc, "priority": str(pri),
         "state": str(state), "active": "true" if state in (1, 2, 3)
         else "false", "opened_at": ts_text(opened),
         "resolved_at": ts_text(resolved) if resolved else "",
         "sys_updated_on": ts_text(resolved or opened),
         "assignment_group": group, "cmdb_ci": ci,
         "category": "software" if i % 3 else "hardware"}
    return r


def generate(count, seed, now):
    rnd = random.Random(seed)
    out = []
    for i in range(count):
        pri = rnd.choices([1, 2, 3, 4, 5], [2, 10, 40, 35, 13])[0]
        state = rnd.choices([1, 2, 3, 6, 7, 8], [8, 15, 5, 12, 55, 5])[0]
        ci = rnd.choice(CIS)
        desc = rnd.choice(SUBJECTS).format(ci=ci)
        opened = now - rnd.randint(3600, 60 * 86400)
        resolved = 0
        if state in (6, 7):
            resolved = min(opened + rnd.randint(600, 14 * 86400), now - 60)
            if resolved <= opened:
                resolved = opened + 60
        out.append(record(i + 1, pri, state, desc, rnd.choice(GROUPS), ci,
                          opened, resolved))
    return out


def generate_demo(now):
    out = []
    for i, (pri, state, desc, g, age_h) in enumerate(DEMO):
        opened = now - age_h * 3600 - 600 * i
        resolved = 0
        if state in (6, 7):
            resolved = opened + (3 + 5 * (i % 7)) * 3600
            if resolved >= now:
                resolved = now - 300
        ci = next((c for c in CIS if c in desc), CIS[(i * 5) % len(CIS)])
        out.append(record(i + 1, pri, state, desc, GROUPS[g], ci, opened,
                          resolved))
    return out


def field_value(rec, name):
    """The stored (UTC, code) value of a field, dot-walks included."""
    if name == "assignment_group":
        return GROUP_IDS[rec["assignment_group"]]
    if name == "cmdb_ci":
        return CI_IDS[rec["cmdb_ci"]]
    if name in ("assignment_group.name", "cmdb_ci.name"):
        return rec[name.split(".")[0]]
    return rec.get(name, "")


DATE_GEN = re.compile(r"javascript:gs\.dateGenerate\('(\d{4}-\d\d-\d\d)',"
                      r"'(\d\d:\d\d:\d\d)'\)")
COND = re.compile(r"^([A-Za-z_.]+?)(ISNOTEMPTY|ISEMPTY|STARTSWITH|LIKE|"
                  r"NOT IN|IN|!=|>=|<=|=|>|<)(.*)$")


def parse_value(v):
    m = DATE_GEN.fullmatch(v)
    return "%s %s" % m.groups() if m else v


def compile_query(q):
    """(alternatives, order): alternatives is a list of condition lists."""
    alts, order = [], []
    for part in q.split("^NQ") if q else [""]:
        conds = []
        for c in part.split("^") if part else []:
            if c.startswith("ORDERBYDESC"):
                order.append((c[11:], True))
                continue
            if c.startswith("ORDERBY"):
                order.append((c[7:], False))
                continue
            m = COND.match(c)
            if not m:
                raise ValueError("unsupported condition '%s'" % c)
            conds.append((m.group(1), m.group(2), parse_value(m.group(3))))
        alts.append(conds)
    return alts, order


def cond_ok(rec, field, op, val):
    v = field_value(rec, field)
    if op == "ISEMPTY":
        return v == ""
    if op == "ISNOTEMPTY":
        return v != ""
    if op == "=":
        return v == val
    if op == "!=":
        return v != val
    if op == "IN":
        return v in val.split(",")
    if op == "NOT IN":
        return v not in val.split(",")
    if op == "LIKE":
        return val.lower() in v.lower()
    if op == "STARTSWITH":
        return v.startswith(val)
    if v == "":
        return False
    if field in ("priority", "state"):
        v, val = int(v), int(val)
    return {">=": v >= val, "<=": v <= val, ">": v > val, "<": v < val}[op]


def local_text(utc_text):
    t = calendar.timegm(time.strptime(utc_text, "%Y-%m-%d %H:%M:%S"))
    return ts_text(t + 3600)


def render(rec, fields, mode, base, ref_links):
    out = {}
    for f in fields:
        v = field_value(rec, f)
        if f in REF_FIELDS:
            link = "%s/api/now/table/%s/%s" % (
                base, "sys_user_group" if f == "assignment_group"
                else "cmdb_ci", v)
            name = rec[f]
            if mode == "false":
                out[f] = {"link": link, "value": v} if ref_links else v
            elif mode == "true":
                out[f] = {"link": link, "display_value": name} \
                    if ref_links else name
            else:
                out[f] = {"display_value": name, "value": v}
                if ref_links:
                    out[f]["link"] = link
            continue
        if f in CHOICE_FIELDS:
            d = CHOICE_FIELDS[f][int(v)]
        elif f in DATE_FIELDS and v:
            d = local_text(v)
        else:
            d = v
        if mode == "false":
            out[f] = v
        elif mode == "true":
            out[f] = d
        else:
            out[f] = {"display_value": d, "value": v}
    return out


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass	# a client that hangs up early (size cap, timeout) is normal


class State:
    def __init__(self, args, data):
        self.args = args
        self.data = data
        self.lock = threading.Lock()
        self.requests = 0
        self.cache = {}		# sysparm_query -> matching rows, sorted


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "snow_server/1"

    def log_message(self, fmt, *a):
        pass

    def send(self, status, body, ctype="application/json", headers=()):
        if isinstance(body, (dict, list)):
            body = json.dumps(body, ensure_ascii=False)
        if isinstance(body, str):
            # undecodable bytes of --description go out as they came
            body = body.encode("utf-8", "surrogateescape")
        self.send_response(status)
        self.send_header("Content-Type", ctype + ";charset=UTF-8")
        self.send_header("Content-Length", str(len(body)))
        if self.server.st.args.demo:
            self.send_header("X-Perfweek-Demo", "1")
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)
        self.log(status)

    def log(self, status):
        a = self.server.st.args
        if a.log:
            auth = self.headers.get("Authorization", "-").split(" ")[0]
            with self.server.st.lock, open(a.log, "a") as f:
                f.write("%s %s %s %d\n" % (self.command, self.path, auth,
                                           status))

    def error(self, status, message, detail=""):
        self.send(status, {"error": {"message": message, "detail": detail},
                           "status": "failure"})

    def authorized(self):
        a = self.server.st.args
        if not (a.user or a.token):
            return True
        h = self.headers.get("Authorization", "")
        if a.token and h == "Bearer " + a.token:
            return True
        if a.user and h.startswith("Basic "):
            try:
                u, _, p = base64.b64decode(h[6:]).decode().partition(":")
            except ValueError:
                return False
            return u == a.user and p == a.password
        return False

    def failure(self, n):
        """Answer with the configured failure; True if one was sent."""
        a = self.server.st.args
        if not a.fail or n <= a.fail_after or \
                (a.fail_times is not None and n > a.fail_after + a.fail_times):
            return False
        m = a.fail
        if m in ("401", "403", "404", "500", "503"):
            msgs = {"401": "User Not Authenticated", "403": "User Not "
                    "Authorized", "404": "Invalid table incident",
                    "500": "Internal server error", "503": "Service "
                    "unavailable"}
            self.error(int(m), msgs[m], "failure mode " + m)
        elif m == "429":
            self.send(429, {"error": {"message": "Too many requests"},
                            "status": "failure"},
                      headers=[("Retry-After", str(a.retry_after))])
        elif m == "html":
            self.send(200, "<!DOCTYPE html><html><body><h1>Proxy "
                      "Authentication Required</h1></body></html>",
                      "text/html")
        elif m == "timeout":
            time.sleep(a.delay)
            self.error(504, "late")
        elif m == "trickle":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(int(a.delay * 5) + 13))
            self.end_headers()
            try:
                self.wfile.write(b'{"result":[')
                for _ in range(int(a.delay * 5)):
                    self.wfile.flush()
                    time.sleep(0.2)
                    self.wfile.write(b" ")
                self.wfile.write(b"]}")
            except OSError:
                pass  # the client gave up
            self.log(200)
        elif m == "truncated":
            body = b'{"result":[{"sys_id":"0123"'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body) + 1000))
            self.end_headers()
            self.wfile.write(body)
            self.wfile.flush()
            self.log(200)
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        elif m == "malformed":
            self.send(200, '{"result":[{"sys_id":"0123","number":"INC')
        elif m == "error-body":
            self.error(400, "Invalid query", "sysparm_query could not be "
                       "parsed")
        elif m == "huge":
            pad = "x" * 4096
            body = '{"result":[' + ",".join(
                '{"sys_id":"%032x","short_description":"%s"}' % (i, pad)
                for i in range(1024)) + "]}"
            self.send(200, body)
        elif m == "redirect":
            self.send(302, "", "text/html",
                      [("Location", "/login.do")])
        elif m == "badlink":
            return False	# handled in the page
        return True

    def do_GET(self):
        st = self.server.st
        with st.lock:
            st.requests += 1
            n = st.requests
        url = urlsplit(self.path)
        if url.path != "/api/now/table/incident":
            return self.error(400, "Invalid URL", url.path)
        if not self.authorized():
            return self.error(401, "User Not Authenticated",
                              "Required to provide Auth information")
        if self.failure(n):
            return
        self.page(url, n)

    def page(self, url, n):
        st = self.server.st
        a = st.args
        qs = {k: v[-1] for k, v in parse_qs(url.query,
                                            keep_blank_values=True).items()}
        try:
            alts, order = compile_query(qs.get("sysparm_query", ""))
            limit = int(qs.get("sysparm_limit", "10000"))
            offset = int(qs.get("sysparm_offset", "0"))
        except ValueError as e:
            return self.error(400, "Invalid query", str(e))
        limit = max(1, min(limit, a.page_max))
        mode = qs.get("sysparm_display_value", "false")
        ref_links = not a.no_reference_links and \
            qs.get("sysparm_exclude_reference_link", "false") != "true"
        fields = [f for f in qs.get("sysparm_fields", "").split(",") if f] \
            or ["sys_id", "number", "short_description", "priority",
                "state", "active", "opened_at", "resolved_at",
                "assignment_group", "cmdb_ci", "category"]
        with st.lock:
            rows = st.cache.get(qs.get("sysparm_query", ""))
        if rows is None:
            rows = [r for r in st.data if any(all(cond_ok(r, *c)
                                                  for c in conds)
                                              for conds in alts)]
            for f, desc in reversed(order):
                key = (lambda r, f=f: int(field_value(r, f))) \
                    if f in ("priority", "state") else \
                    (lambda r, f=f: field_value(r, f))
                rows.sort(key=key, reverse=desc)
            with st.lock:
                if len(st.cache) > 16:
                    st.cache.clear()
                st.cache[qs.get("sysparm_query", "")] = rows
        total = len(rows)
        page = rows[offset:offset + limit]
        if a.acl_mod:
            page = [r for r in page
                    if int(r["number"][3:]) % a.acl_mod != 0]
        if not page and a.empty_404:
            return self.error(404, "No Record found", "Records matching "
                              "query not found. Check query parameter or "
                              "offset parameter")
        host = self.headers.get("Host", "127.0.0.1")
        base = "http://" + host
        if a.fail == "badlink":
            base = "http://evil.example"

        def link(off):
            q = dict(qs)
            q["sysparm_offset"] = str(off)
            q["sysparm_limit"] = str(limit)
            return "<%s%s?%s>" % (base, url.path, urlencode(q))
        links = ['%s;rel="first"' % link(0)]
        if offset > 0:
            links.append('%s;rel="prev"' % link(max(0, offset - limit)))
        if offset + limit < total:
            links.append('%s;rel="next"' % link(offset + limit))
        links.append('%s;rel="last"' % link(
            max(0, (total - 1) // limit * limit)))
        headers = [] if a.no_link else [("Link", ",".join(links))]
        if not a.no_total_count:
            headers.append(("X-Total-Count", str(total)))
        body = {"result": [render(r, fields, mode, "http://" + host,
                                  ref_links) for r in page]}
        self.send(200, body, headers=headers)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--port-file", required=True)
    p.add_argument("--count", type=int, default=20000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--now", type=int)
    p.add_argument("--demo", action="store_true")
    p.add_argument("--dump")
    p.add_argument("--page-max", type=int, default=10000)
    p.add_argument("--acl-mod", type=int, default=0)
    p.add_argument("--user")
    p.add_argument("--password")
    p.add_argument("--token")
    p.add_argument("--no-reference-links", action="store_true")
    p.add_argument("--no-total-count", action="store_true")
    p.add_argument("--empty-404", action="store_true")
    p.add_argument("--no-link", action="store_true")
    p.add_argument("--fail")
    p.add_argument("--fail-after", type=int, default=0)
    p.add_argument("--fail-times", type=int)
    p.add_argument("--retry-after", type=int, default=1)
    p.add_argument("--delay", type=float, default=10)
    p.add_argument("--log")
    p.add_argument("--description")
    p.add_argument("--group")
    p.add_argument("--records")
    a = p.parse_args()
    now = a.now if a.now is not None else \
        (int(time.time()) // 60 * 60 if a.demo else 1794787200)
    data = generate_demo(now) if a.demo else generate(a.count, a.seed, now)
    if a.records:
        with open(a.records, encoding="utf-8") as f:
            data = json.load(f)
        for r in data:
            GROUP_IDS.setdefault(r["assignment_group"],
                                 sys_id("group", r["assignment_group"]))
            CI_IDS.setdefault(r["cmdb_ci"], sys_id("ci", r["cmdb_ci"]))
    for r in data:
        if a.description is not None:
            r["short_description"] = a.description
        if a.group is not None:
            r["assignment_group"] = a.group
    if a.group is not None:
        GROUP_IDS[a.group] = sys_id("group", a.group)
    if a.dump:
        with open(a.dump, "w") as f:
            json.dump([dict(r, hidden=bool(a.acl_mod and
                                           int(r["number"][3:]) % a.acl_mod
                                           == 0)) for r in data], f,
                      ensure_ascii=False)
    srv = Server(("127.0.0.1", 0), Handler)
    srv.st = State(a, data)
    with open(a.port_file + ".tmp", "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(a.port_file + ".tmp", a.port_file)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
