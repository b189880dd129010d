#!/usr/bin/env python3
"""Tributary's command line client: SQL, pushing files, browsing the catalog, lineage, tokens.

Standard library only, so it runs wherever python3 does. The launcher (`./tributary sql ...`) calls it with
TRIBUTARY_HOME and the gateway's and Keycloak's URLs in the environment; see docs/cli.md.
"""

import argparse
import hashlib
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_SOME_REFUSED = 3

DEFAULT_USER = "ada"
DEFAULT_PRODUCER = "example-producer"
PUBLIC_CLIENT = "tributary-cli"


class CliError(Exception):
    """A failure to report as one clear message; `code` is the process's exit status."""

    def __init__(self, message, code=EXIT_ERROR):
        super().__init__(message)
        self.code = code


class Problem(CliError):
    """An HTTP error answer, RFC 9457 problem+json when the server sent one."""

    def __init__(self, status, body, method, url):
        self.status = status
        self.body = body if isinstance(body, dict) else {}
        self.raw = body if isinstance(body, str) else ""
        self.method = method
        self.url = url
        super().__init__(self.describe())

    def describe(self):
        b = self.body
        path = urllib.parse.urlsplit(self.url).path
        head = "%s %s -> HTTP %d" % (self.method, path, self.status)
        if b.get("title"):
            head += " %s" % b["title"]
        lines = [head]
        if b.get("detail"):
            lines.append("  " + b["detail"])
        elif self.raw.strip():
            lines.append("  " + self.raw.strip()[:500])
        for e in b.get("errors") or []:
            if isinstance(e, dict) and "index" not in e:
                lines.append("  %s: %s" % (e.get("pointer", "-"), e.get("message", "")))
        if b.get("instance"):
            lines.append("  request id: %s" % b["instance"])
        return "\n".join(lines)

    @property
    def type_name(self):
        t = self.body.get("type") or "about:blank"
        return t.rsplit("/", 1)[-1] if t.startswith("http") else t


# ---------------------------------------------------------------------------------------------
# settings and tokens
# ---------------------------------------------------------------------------------------------


def home():
    here = os.path.dirname(os.path.abspath(__file__))
    return os.environ.get("TRIBUTARY_HOME") or os.path.dirname(os.path.dirname(here))


def state_dir():
    return os.environ.get("TRIBUTARY_STATE") or os.path.join(home(), ".tributary")


def read_secrets():
    path = os.environ.get("TRIBUTARY_SECRETS") or os.path.join(state_dir(), "secrets.env")
    values = {}
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line or line.startswith("#") or "=" not in line:
                    continue
                name, value = line.split("=", 1)
                value = value.strip()
                if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                    value = value[1:-1]
                values[name.strip()] = value
    except OSError:
        pass
    return values


def setting(name, secrets=None):
    value = os.environ.get(name)
    if value:
        return value
    return (secrets or {}).get(name)


def secret_name(kind, name):
    return "TRIBUTARY_SECRET_%s_%s" % (kind, "".join(c if c.isalnum() else "_" for c in name).upper())


class Identity:
    """Who the CLI acts as: a user (password grant through tributary-cli) or a client (client credentials)."""

    def __init__(self, kind, name, secret):
        self.kind = kind
        self.name = name
        self.secret = secret

    def __str__(self):
        return "%s %s" % (self.kind, self.name)


def resolve_identity(args, default_kind):
    secrets = read_secrets()
    user = getattr(args, "user", None)
    client = getattr(args, "client", None)
    if user and client:
        raise CliError("give --user or --client, not both", EXIT_USAGE)
    if not user and not client:
        user = os.environ.get("TRIBUTARY_USER")
        client = None if user else os.environ.get("TRIBUTARY_CLIENT_ID")
    if not user and not client:
        if default_kind == "client":
            client = DEFAULT_PRODUCER
        else:
            user = DEFAULT_USER
    if user:
        password = os.environ.get("TRIBUTARY_PASSWORD") or setting(secret_name("USER", user), secrets)
        if not password:
            raise CliError("no password for user %s: set TRIBUTARY_PASSWORD (or %s in .tributary/secrets.env)"
                           % (user, secret_name("USER", user)), EXIT_USAGE)
        return Identity("user", user, password)
    secret = os.environ.get("TRIBUTARY_CLIENT_SECRET") or setting(secret_name("CLIENT", client), secrets)
    if not secret:
        raise CliError("no secret for client %s: set TRIBUTARY_CLIENT_SECRET (or %s in .tributary/secrets.env)"
                       % (client, secret_name("CLIENT", client)), EXIT_USAGE)
    return Identity("client", client, secret)


def token_url():
    oidc = os.environ.get("TRIBUTARY_OIDC_URL") or "http://localhost:18180/realms/tributary"
    return oidc.rstrip("/") + "/protocol/openid-connect/token"


def cache_file(identity):
    # The secret is part of the key: a changed password or client secret never reuses a token of the old one.
    key = hashlib.sha256(("%s|%s|%s|%s" % (token_url(), identity.kind, identity.name, identity.secret)).encode())
    key = key.hexdigest()[:24]
    return os.path.join(state_dir(), "tokens", "%s-%s-%s.json" % (identity.kind, safe(identity.name), key))


def safe(name):
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name)[:40]


def write_private(path, data):
    # The directory and file are created private before anything is written, so no token is ever readable by others.
    os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
    os.chmod(os.path.dirname(path), 0o700)
    tmp = "%s.%d.tmp" % (path, os.getpid())
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump(data, f)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def token_request(form):
    data = urllib.parse.urlencode(form).encode()
    req = urllib.request.Request(token_url(), data=data, method="POST",
                                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            return json.loads(r.read().decode())
    except urllib.error.HTTPError as e:
        body = e.read().decode(errors="replace")
        try:
            parsed = json.loads(body)
            why = parsed.get("error_description") or parsed.get("error") or body
        except ValueError:
            why = body.strip()[:300]
        return {"error": "HTTP %d: %s" % (e.code, why)}
    except (urllib.error.URLError, OSError) as e:
        raise CliError("cannot reach Keycloak at %s: %s" % (token_url(), getattr(e, "reason", e)))


def fetch_token(identity, refresh_token=None):
    if refresh_token:
        form = {"grant_type": "refresh_token", "refresh_token": refresh_token}
    elif identity.kind == "user":
        form = {"grant_type": "password", "username": identity.name, "password": identity.secret}
    else:
        form = {"grant_type": "client_credentials"}
    if identity.kind == "user":
        form["client_id"] = PUBLIC_CLIENT
    else:
        form["client_id"] = identity.name
        form["client_secret"] = identity.secret
    return token_request(form)


def access_token(identity, force_new=False):
    """A valid access token, from the cache while it lives, refreshed or fetched anew otherwise."""
    path = cache_file(identity)
    now = time.time()
    cached = {}
    if not force_new:
        try:
            with open(path, encoding="utf-8") as f:
                cached = json.load(f)
        except (OSError, ValueError):
            cached = {}
        if cached.get("access_token") and cached.get("expires_at", 0) - 30 > now:
            return cached["access_token"]
    answer = {}
    if cached.get("refresh_token") and cached.get("refresh_expires_at", 0) - 30 > now:
        answer = fetch_token(identity, cached["refresh_token"])
    if "access_token" not in answer:
        answer = fetch_token(identity)
    if "access_token" not in answer:
        raise CliError("no token for %s from %s: %s" % (identity, token_url(), answer.get("error", "no answer")))
    entry = {"access_token": answer["access_token"], "expires_at": now + int(answer.get("expires_in", 60))}
    if answer.get("refresh_token"):
        entry["refresh_token"] = answer["refresh_token"]
        entry["refresh_expires_at"] = now + int(answer.get("refresh_expires_in", 0))
    write_private(path, entry)
    forget_others(path)
    return entry["access_token"]


def forget_others(path):
    """Drops this identity's tokens cached under an older secret or another token endpoint."""
    folder, name = os.path.split(path)
    prefix = name.rsplit("-", 1)[0] + "-"
    for other in os.listdir(folder):
        if other.startswith(prefix) and other.endswith(".json") and other != name \
                and len(other) == len(prefix) + 29:
            try:
                os.remove(os.path.join(folder, other))
            except OSError:
                pass


# ---------------------------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------------------------


def gateway():
    url = os.environ.get("TRIBUTARY_URL") or os.environ.get("TRIBUTARY_GATEWAY_URL") or "http://localhost:8080"
    return url.rstrip("/")


def on_gateway(uri):
    """A service may name its own address in a link; the client only ever talks to the gateway."""
    parts = urllib.parse.urlsplit(uri)
    return gateway() + parts.path + ("?" + parts.query if parts.query else "")


class Client:
    def __init__(self, identity):
        self.identity = identity

    def call(self, method, path, body=None, content_type=None, accept="application/json", headers=None,
             stream=False, timeout=120):
        """One request with a token; a 401 gets one retry with a fresh token. Returns (status, headers, body)."""
        url = path if path.startswith("http") else gateway() + path
        for attempt in (0, 1):
            token = access_token(self.identity, force_new=attempt == 1)
            h = {"Authorization": "Bearer " + token, "Accept": accept}
            if content_type:
                h["Content-Type"] = content_type
            h.update(headers or {})
            data = body.encode() if isinstance(body, str) else body
            req = urllib.request.Request(url, data=data, method=method, headers=h)
            try:
                r = urllib.request.urlopen(req, timeout=timeout)
            except urllib.error.HTTPError as e:
                if e.code == 401 and attempt == 0:
                    continue
                raise problem_of(e, method, url)
            except (urllib.error.URLError, OSError) as e:
                raise CliError("%s %s: cannot reach the gateway at %s: %s"
                               % (method, urllib.parse.urlsplit(url).path, gateway(), getattr(e, "reason", e)))
            if stream:
                return r.status, r.headers, r
            with r:
                raw = r.read()
            return r.status, r.headers, raw
        raise AssertionError("unreachable")

    def json(self, method, path, body=None, headers=None):
        payload = json.dumps(body) if body is not None else None
        _, _, raw = self.call(method, path, payload, "application/json" if payload else None, headers=headers)
        return json.loads(raw.decode()) if raw.strip() else {}


def problem_of(e, method, url):
    raw = e.read().decode(errors="replace")
    try:
        body = json.loads(raw)
    except ValueError:
        body = raw
    p = Problem(e.code, body, method, url)
    p.retry_after = e.headers.get("Retry-After")
    return p


# ---------------------------------------------------------------------------------------------
# output
# ---------------------------------------------------------------------------------------------


def text(value):
    if value is None:
        return "NULL"
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"))
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def print_table(headers, rows, out=sys.stdout, max_width=80):
    cells = [[text(v) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, c in enumerate(row):
            widths[i] = min(max(widths[i], len(c)), max_width)

    def fit(c, w):
        c = c.replace("\n", " ")
        return c if len(c) <= w else c[: w - 1] + "…"

    out.write(" | ".join(h.ljust(widths[i]) for i, h in enumerate(headers)).rstrip() + "\n")
    out.write("-+-".join("-" * w for w in widths) + "\n")
    for row in cells:
        out.write(" | ".join(fit(c, widths[i]).ljust(widths[i]) for i, c in enumerate(row)).rstrip() + "\n")


def split_table(name):
    if name.count(".") != 1 or name.startswith(".") or name.endswith("."):
        raise CliError("name the table as namespace.table, e.g. sales.orders (got %r)" % name, EXIT_USAGE)
    return name.split(".")


def quote(segment):
    return urllib.parse.quote(segment, safe="")


# ---------------------------------------------------------------------------------------------
# sql
# ---------------------------------------------------------------------------------------------

ACCEPT = {"csv": "text/csv", "json": "application/x-ndjson", "arrow": "application/vnd.apache.arrow.stream"}


def cmd_sql(args):
    client = Client(resolve_identity(args, "user"))
    body = {"sql": args.statement, "engine": args.engine}
    if args.max_rows is not None:
        body["max-rows"] = args.max_rows
    payload = json.dumps(body)
    if args.format != "table":
        if args.format == "arrow" and sys.stdout.isatty():
            raise CliError("Arrow is binary: redirect it to a file (./tributary sql --format arrow ... > out.arrow)",
                           EXIT_USAGE)
        _, _, r = client.call("POST", "/api/query/v1/statements", payload, "application/json",
                              accept=ACCEPT[args.format], stream=True, timeout=None)
        return stream_result(r, args.format)
    result = client.json("POST", "/api/query/v1/statements", body)
    columns, rows = result.get("columns"), list(result.get("data") or [])
    while result.get("next-uri"):
        if result.get("state") in ("QUEUED", "RUNNING") and not result.get("data"):
            time.sleep(0.2)
        result = client.json("GET", on_gateway(result["next-uri"]))
        columns = columns or result.get("columns")
        rows.extend(result.get("data") or [])
    names = [c["name"] for c in columns or []]
    print_table(names, rows)
    stats = result.get("stats") or {}
    line = "(%d row%s" % (len(rows), "" if len(rows) == 1 else "s")
    if stats.get("engine"):
        line += ", %s" % stats["engine"]
    if stats.get("elapsed-ms") is not None:
        line += ", %s ms" % stats["elapsed-ms"]
    if stats.get("truncated"):
        line += ", truncated"
    print(line + ")")
    for m in stats.get("masks") or []:
        print("masked:   " + m)
    for f in stats.get("filters") or []:
        print("filtered: " + f)
    return 0


def stream_result(r, fmt):
    out = sys.stdout.buffer
    last = b""
    with r:
        if fmt == "arrow":
            while True:
                chunk = r.read(65536)
                if not chunk:
                    break
                out.write(chunk)
            out.flush()
            return 0
        for line in r:
            if line.startswith(b'{"error":'):
                last = line
                break
            out.write(line)
    out.flush()
    if last:
        problem = json.loads(last.decode()).get("error") or {}
        raise Problem(problem.get("status") or 500, problem, "POST", gateway() + "/api/query/v1/statements")
    return 0


# ---------------------------------------------------------------------------------------------
# push
# ---------------------------------------------------------------------------------------------


class Chunk:
    def __init__(self, body, records, lines, first_index):
        self.body = body            # bytes to send
        self.records = records      # how many records it holds
        self.lines = lines          # the file line of each line of the body (1-based)
        self.first_index = first_index


def detect_format(path, given):
    if given:
        return given
    lower = path.lower()
    if lower.endswith((".ndjson", ".jsonl")):
        return "ndjson"
    if lower.endswith(".csv"):
        return "csv"
    if lower.endswith(".json"):
        return "json"
    raise CliError("cannot tell the format of %s from its name: use --format ndjson|csv|json" % path, EXIT_USAGE)


def line_chunks(lines, header, max_bytes, max_records, records_of):
    """Groups (file line number, text) pairs into chunks; `records_of` yields each record's lines together."""
    head = [header] if header else []
    head_bytes = sum(len(t.encode()) for _, t in head)
    parts, size, count, index = list(head), head_bytes, 0, 0
    first = 0
    for record in records_of(lines):
        rbytes = sum(len(t.encode()) for _, t in record)
        if count and (count + 1 > max_records or size + rbytes > max_bytes):
            yield Chunk("".join(t for _, t in parts).encode(), count, [n for n, _ in parts], first)
            parts, size, count, first = list(head), head_bytes, 0, index
        parts.extend(record)
        size += rbytes
        count += 1
        index += 1
    if count:
        yield Chunk("".join(t for _, t in parts).encode(), count, [n for n, _ in parts], first)


def ndjson_records(lines):
    for n, t in lines:
        if t.strip():
            yield [(n, t if t.endswith("\n") else t + "\n")]


def csv_records(lines):
    # A quoted field may span lines: a record ends where the count of quotes seen so far is even.
    record, quotes = [], 0
    for n, t in lines:
        record.append((n, t if t.endswith("\n") else t + "\n"))
        quotes += t.count('"')
        if quotes % 2 == 0:
            if "".join(x for _, x in record).strip():
                yield record
            record, quotes = [], 0
    if record:
        yield record


def chunks_of(path, fmt, max_bytes, max_records):
    if fmt == "json":
        with open(path, encoding="utf-8") as f:
            try:
                doc = json.load(f)
            except ValueError as e:
                raise CliError("%s is not JSON: %s" % (path, e))
        items = doc if isinstance(doc, list) else [doc]
        encoded = [json.dumps(i, ensure_ascii=False, separators=(",", ":")) for i in items]
        start, size, batch = 0, 2, []
        for i, e in enumerate(encoded):
            b = len(e.encode()) + 1
            if batch and (len(batch) + 1 > max_records or size + b > max_bytes):
                yield Chunk(("[" + ",".join(batch) + "]").encode(), len(batch), [], start)
                start, size, batch = i, 2, []
            batch.append(e)
            size += b
        if batch:
            yield Chunk(("[" + ",".join(batch) + "]").encode(), len(batch), [], start)
        return
    with open(path, encoding="utf-8", newline="") as f:
        numbered = enumerate(f, start=1)
        if fmt == "csv":
            header = next(numbered, None)
            if header is None:
                return
            yield from line_chunks(numbered, header, max_bytes, max_records, csv_records)
        else:
            yield from line_chunks(numbered, None, max_bytes, max_records, ndjson_records)


MEDIA = {"ndjson": "application/x-ndjson", "csv": "text/csv", "json": "application/json"}


def describe_error(e, chunk):
    where = "record %d" % (chunk.first_index + int(e.get("index", 0)) + 1)
    line = e.get("line")
    if line and chunk.lines and 0 < line <= len(chunk.lines):
        where = "line %d (%s)" % (chunk.lines[line - 1], where)
    detail = e.get("message", "")
    if e.get("pointer") is not None:
        detail = "%s: expected %s, got %s. %s" % (e["pointer"] or "/", e.get("expected", "?"), e.get("actual", "?"),
                                                  detail)
    return "  refused %s: %s" % (where, detail)


def send_chunk(client, path, chunk, media):
    # One key per chunk: a retry after 429/503 is answered from the first attempt, never written twice.
    key = str(uuid.uuid4())
    for attempt in range(6):
        try:
            _, _, raw = client.call("POST", path, chunk.body, media,
                                          headers={"Idempotency-Key": key})
            return json.loads(raw.decode())
        except Problem as p:
            if p.status in (429, 503) and attempt < 5:
                wait = p.retry_after if p.retry_after and p.retry_after.isdigit() else "1"
                progress("  HTTP %d %s; retrying in %s s" % (p.status, p.body.get("title", ""), wait))
                time.sleep(min(int(wait), 30))
                continue
            raise


def progress(message):
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def cmd_push(args):
    ns, table = split_table(args.table)
    client = Client(resolve_identity(args, "client"))
    path = "/api/ingest/v1/tables/%s/%s/records" % (quote(ns), quote(table))
    if args.mode != "strict":
        path += "?mode=" + args.mode
    totals = {"received": 0, "accepted": 0, "rejected": 0, "requests": 0}
    for file in args.files:
        fmt = detect_format(file, args.format)
        if not os.path.isfile(file):
            raise CliError("no such file: %s" % file, EXIT_USAGE)
        chunks = list(chunks_of(file, fmt, args.max_bytes, args.max_records))
        progress("push %s (%s, %d bytes) to %s as %s: %d request%s"
                 % (file, fmt, os.path.getsize(file), args.table, client.identity, len(chunks),
                    "" if len(chunks) == 1 else "s"))
        for i, chunk in enumerate(chunks, start=1):
            label = "%s [%d/%d] records %d-%d" % (os.path.basename(file), i, len(chunks), chunk.first_index + 1,
                                                  chunk.first_index + chunk.records)
            try:
                receipt = send_chunk(client, path, chunk, MEDIA[fmt])
            except Problem as p:
                if p.status == 422 and p.type_name == "records-rejected":
                    print("%s: refused, nothing of it was published (HTTP 422)" % label)
                    print("  " + (p.body.get("detail") or ""))
                    for e in p.body.get("errors") or []:
                        print(describe_error(e, chunk))
                    if p.body.get("errorsTruncated"):
                        print("  (more refused records not listed)")
                    if totals["requests"]:
                        print("earlier requests were published: %d records accepted" % totals["accepted"])
                    raise CliError("push stopped: records break the contract of %s (send with --mode partial to "
                                   "publish the valid ones)" % args.table)
                if totals["requests"]:
                    progress("earlier requests were published: %d records accepted" % totals["accepted"])
                raise
            totals["requests"] += 1
            for k in ("received", "accepted", "rejected"):
                totals[k] += int(receipt.get(k, 0))
            offsets = ", ".join("p%s:%s-%s" % (p["partition"], p["firstOffset"], p["lastOffset"])
                                for p in receipt.get("partitions") or [])
            print("%s: receipt %s, accepted %s, rejected %s (topic %s %s)"
                  % (label, receipt.get("receiptId"), receipt.get("accepted"), receipt.get("rejected"),
                     receipt.get("topic"), offsets or "-"))
            for e in receipt.get("errors") or []:
                print(describe_error(e, chunk))
            if receipt.get("errorsTruncated"):
                print("  (more refused records not listed; all are on %s)" % receipt.get("deadLetterTopic"))
    print("%s: %d record%s sent in %d request%s, %d accepted, %d refused"
          % (args.table, totals["received"], "" if totals["received"] == 1 else "s", totals["requests"],
             "" if totals["requests"] == 1 else "s", totals["accepted"], totals["rejected"]))
    if totals["rejected"]:
        print("refused records went to the dead-letter topic tributary.ingest.dlq")
        return EXIT_SOME_REFUSED
    return 0


# ---------------------------------------------------------------------------------------------
# catalog
# ---------------------------------------------------------------------------------------------


def cmd_tables(args):
    client = Client(resolve_identity(args, "user"))
    rows, cursor = [], None
    while True:
        q = {"limit": "200"}
        if args.namespace:
            q["namespace"] = args.namespace
        if cursor:
            q["cursor"] = cursor
        page = client.json("GET", "/api/catalog/v1/datasets?" + urllib.parse.urlencode(q))
        for d in page.get("datasets") or []:
            rows.append([d.get("id"), d.get("owner") or "", ",".join(d.get("tags") or []), d.get("updated-at"),
                         d.get("description") or ""])
        cursor = page.get("next-cursor")
        if not cursor:
            break
    if not rows:
        print("no tables%s" % (" in namespace %s" % args.namespace if args.namespace else ""))
        return 0
    print_table(["table", "owner", "tags", "updated", "description"], rows, max_width=60)
    return 0


def cmd_describe(args):
    ns, table = split_table(args.table)
    client = Client(resolve_identity(args, "user"))
    base = "/api/catalog/v1/namespaces/%s/tables/%s" % (quote(ns), quote(table))
    d = client.json("GET", base)
    print("table        %s" % d.get("id"))
    print("owner        %s" % (d.get("owner") or "-"))
    print("description  %s" % (d.get("description") or "-"))
    print("tags         %s" % (", ".join(d.get("tags") or []) or "-"))
    print("location     %s" % d.get("location"))
    print("ingest topic %s" % (d.get("ingest-topic") or "-"))
    print()
    column_tags = d.get("column-tags") or {}
    fields = (d.get("schema") or {}).get("fields") or []
    print("schema (id %s)" % (d.get("schema") or {}).get("schema-id"))
    print_table(["column", "type", "required", "tags"],
                [[f["name"], f["type"] if isinstance(f["type"], str) else json.dumps(f["type"]),
                  "yes" if f.get("required") else "no", ", ".join(column_tags.get(f["name"]) or [])]
                 for f in fields])
    print()
    c = d.get("contract")
    if c:
        print("contract     version %s, key %s, compatibility %s, producers %s"
              % (c.get("version"), text(c.get("key")), c.get("compatibility"),
                 ", ".join(c.get("producers") or []) or "(nobody)"))
    else:
        print("contract     none (nobody can push to this table)")
    print()
    snaps = client.json("GET", base + "/snapshots?limit=%d" % args.snapshots)
    items = snaps.get("snapshots") or []
    if not items:
        print("snapshots    none yet")
        return 0
    print("snapshots (newest first)")
    print_table(["snapshot", "time", "operation", "added rows", "total rows"],
                [[s.get("snapshot-id"), s.get("timestamp"), s.get("operation"),
                  (s.get("summary") or {}).get("added-records"), (s.get("summary") or {}).get("total-records")]
                 for s in items])
    return 0


def cmd_lineage(args):
    ns, table = split_table(args.table)
    client = Client(resolve_identity(args, "user"))
    base = "/api/catalog/v1/namespaces/%s/tables/%s" % (
        urllib.parse.quote(ns, safe=""), urllib.parse.quote(table, safe=""))
    depth = urllib.parse.urlencode({"depth": str(args.depth)})
    if args.column:
        impact = client.json("GET", "%s/columns/%s/impact?%s" % (
            base, urllib.parse.quote(args.column, safe=""), depth))
        print("impact of %s.%s (%s, depth %d)" % (args.table, args.column, impact.get("columnNode"), args.depth))
        columns = impact.get("impacted") or []
        if not columns:
            print("  no downstream column is made from it")
        for c in columns:
            def how(i):
                t = i.get("transformation") or {}
                kind = "/".join(x for x in (t.get("type"), t.get("subtype")) if x)
                return " (%s)" % kind if kind else ""
            inputs = ", ".join("%s%s" % (i.get("node"), how(i)) for i in c.get("inputs") or [])
            print("  [%d] %s  <- %s" % (c.get("distance", 0), c.get("node"), inputs))
        return 0
    answer = client.json("GET", "%s/lineage?%s" % (base, depth))
    print("lineage of %s (depth %d)" % (answer.get("node"), args.depth))
    for side in ("upstream", "downstream"):
        part = answer.get(side) or {}
        reached = [("job", j) for j in part.get("jobs") or []] + [("dataset", d) for d in part.get("datasets") or []]
        reached.sort(key=lambda r: (r[1].get("distance", 0), r[1].get("node", "")))
        print(side)
        if not reached:
            print("  nothing recorded")
        for kind, item in reached:
            run = item.get("latestRun") or {}
            state = ("  latest run %s %s" % (run.get("state"), run.get("endedAt") or run.get("startedAt") or "")
                     if run else "")
            print("  [%d] %-7s %s%s" % (item.get("distance", 0), kind, item.get("node"), state.rstrip()))
    return 0


def cmd_token(args):
    print(access_token(resolve_identity(args, "user")))
    return 0


# ---------------------------------------------------------------------------------------------


def parser():
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--user", help="act as this user (password grant; TRIBUTARY_USER, TRIBUTARY_PASSWORD)")
    common.add_argument("--client", help="act as this client (client credentials; TRIBUTARY_CLIENT_ID/_SECRET)")
    common.add_argument("--url", help="the gateway (TRIBUTARY_URL; default http://localhost:8080)")
    p = argparse.ArgumentParser(prog="./tributary", description="Tributary's command line client")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("sql", parents=[common], help="run a SQL statement")
    s.add_argument("statement")
    s.add_argument("--format", choices=["table", "csv", "json", "arrow"], default="table")
    s.add_argument("--engine", choices=["auto", "duckdb", "trino"], default="auto")
    s.add_argument("--max-rows", type=int)
    s.set_defaults(run=cmd_sql)

    s = sub.add_parser("push", parents=[common], help="send records from files")
    s.add_argument("table")
    s.add_argument("files", nargs="+")
    s.add_argument("--format", choices=["ndjson", "csv", "json"])
    s.add_argument("--mode", choices=["strict", "partial"], default="strict")
    s.add_argument("--max-bytes", type=int, default=int(os.environ.get("TRIBUTARY_PUSH_MAX_BYTES", 8 * 1024 * 1024)))
    s.add_argument("--max-records", type=int, default=int(os.environ.get("TRIBUTARY_PUSH_MAX_RECORDS", 5000)))
    s.set_defaults(run=cmd_push)

    s = sub.add_parser("tables", parents=[common], help="list tables")
    s.add_argument("namespace", nargs="?")
    s.set_defaults(run=cmd_tables)

    s = sub.add_parser("describe", parents=[common], help="schema, contract, tags and snapshots of a table")
    s.add_argument("table")
    s.add_argument("--snapshots", type=int, default=5)
    s.set_defaults(run=cmd_describe)

    s = sub.add_parser("lineage", parents=[common],
                       help="what a table is made from and what is made from it; --column: a column's impact")
    s.add_argument("table")
    s.add_argument("--depth", type=int, default=4)
    s.add_argument("--column", help="the downstream columns this column feeds (impact analysis)")
    s.set_defaults(run=cmd_lineage)

    s = sub.add_parser("token", parents=[common], help="print an access token (cached until it expires)")
    s.set_defaults(run=cmd_token)
    return p


def main(argv):
    args = parser().parse_args(argv)
    if args.url:
        os.environ["TRIBUTARY_URL"] = args.url
    try:
        return args.run(args)
    except CliError as e:
        sys.stdout.flush()
        sys.stderr.write("error: %s\n" % e)
        return e.code
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
