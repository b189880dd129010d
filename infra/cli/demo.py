#!/usr/bin/env python3
"""`./tributary demo`: the main job on a running stack, step by step, each step as a command a user can rerun.

A dataset with a PII-tagged column and a producer list, records pushed as the example producer (NDJSON and CSV),
the lake writer's snapshot, the same rows read by an analyst (masked) and a steward (clear), lineage and the audit
trail. The dataset is reused by later runs; each run's rows carry their own `run` value, so every step reads only
what this run wrote.
"""

import datetime
import json
import os
import shlex
import subprocess
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tributary_cli as cli  # noqa: E402

COLUMNS = [
    {"name": "id", "type": "long", "required": True},
    {"name": "name", "type": "string"},
    {"name": "email", "type": "string"},
    {"name": "country", "type": "string"},
    {"name": "run", "type": "string", "required": True},
]
PRODUCER = "example-producer"
NDJSON_ROWS = 200
CSV_ROWS = 100


class StepFailed(Exception):
    pass


def shell_word(text):
    """Double quotes where nothing in them is special to the shell: SQL with 'literals' stays readable."""
    if not any(c in text for c in '"$`\\!'):
        return '"%s"' % text
    return shlex.quote(text)


class Demo:
    def __init__(self, table):
        self.ns, self.name = cli.split_table(table)
        self.table = table
        self.home = cli.home()
        self.run_id = datetime.datetime.now(datetime.timezone.utc).strftime("run-%Y%m%dT%H%M%S%fZ")[:-4]
        self.t0 = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=2)
        self.dir = os.path.join(cli.state_dir(), "demo", self.run_id)
        self.step_no = 0
        self.step_name = "start"
        self.admin = cli.Client(cli.resolve_identity(Args(user="ada"), "user"))
        self.steward = cli.Client(cli.resolve_identity(Args(user="sam"), "user"))

    # -- output -----------------------------------------------------------------------------

    def step(self, title):
        self.step_no += 1
        self.step_name = title
        print()
        print("== %d. %s" % (self.step_no, title), flush=True)

    def note(self, text):
        print("   " + text, flush=True)

    def rel(self, path):
        return os.path.relpath(path, self.home)

    def run(self, command, allow_failure=False):
        """Prints the command, runs it from the repository's root as a user would, indents its output."""
        print("   $ " + command, flush=True)
        p = subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=self.home, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
        for line in p.stdout.rstrip("\n").splitlines():
            print("     " + (line if len(line) <= 240 else line[:239] + "…"))
        sys.stdout.flush()
        if p.returncode != 0 and not allow_failure:
            raise StepFailed("the command exited with %d" % p.returncode)
        return p.returncode, p.stdout

    # -- steps ------------------------------------------------------------------------------

    def dataset(self):
        self.step("a dataset with a contract: %s (email tagged pii.email, producers [%s])" % (self.table, PRODUCER))
        path = "/api/catalog/v1/namespaces/%s/tables/%s" % (cli.quote(self.ns), cli.quote(self.name))
        try:
            existing = self.admin.json("GET", path)
        except cli.Problem as p:
            if p.status != 404:
                raise
            existing = None
        if existing is None:
            body = {
                "namespace": self.ns, "name": self.name, "columns": COLUMNS, "key": "id",
                "owner": "demo", "description": "Customers pushed by ./tributary demo", "tags": ["demo"],
                "column-tags": {"email": ["pii.email"]}, "compatibility": "BACKWARD", "producers": [PRODUCER],
            }
            os.makedirs(self.dir, exist_ok=True)
            spec = os.path.join(self.dir, "dataset.json")
            with open(spec, "w", encoding="utf-8") as f:
                json.dump(body, f, indent=2)
            self.run("curl -sS --fail-with-body -X POST %s/api/catalog/v1/datasets"
                     " -H \"Authorization: Bearer $(./tributary token --user ada)\""
                     " -H 'Content-Type: application/json' -d @%s" % (cli.gateway(), self.rel(spec)))
            print()
        else:
            self.check_reusable(existing)
            self.note("%s exists (made by an earlier run): reusing it" % self.table)
        self.run("./tributary describe %s --snapshots 1" % self.table)

    def check_reusable(self, d):
        contract = d.get("contract") or {}
        fields = {f["name"] for f in (contract.get("schema") or {}).get("fields") or []}
        wanted = {c["name"] for c in COLUMNS}
        tags = (d.get("column-tags") or {}).get("email") or []
        if fields != wanted or PRODUCER not in (contract.get("producers") or []) \
                or not any(t == "pii" or t.startswith("pii.") for t in tags):
            raise StepFailed("%s exists but is not the demo's dataset (columns %s, producers %s, email tags %s); "
                             "run ./tributary demo --table <namespace>.<table> with another name"
                             % (self.table, sorted(fields), contract.get("producers"), tags))

    def push(self):
        self.step("push %d records as the example producer (client %s): NDJSON and CSV"
                  % (NDJSON_ROWS + CSV_ROWS, PRODUCER))
        self.before = self.total_rows()
        os.makedirs(self.dir, exist_ok=True)
        countries = ["DE", "FR", "NL", "PL", "ES"]
        ndjson = os.path.join(self.dir, "customers.ndjson")
        with open(ndjson, "w", encoding="utf-8") as f:
            for i in range(1, NDJSON_ROWS + 1):
                f.write(json.dumps({"id": i, "name": "Customer %d" % i, "email": "customer%d@example.com" % i,
                                    "country": countries[i % 5], "run": self.run_id}) + "\n")
        csv = os.path.join(self.dir, "customers.csv")
        with open(csv, "w", encoding="utf-8") as f:
            f.write("id,name,email,country,run\n")
            for i in range(NDJSON_ROWS + 1, NDJSON_ROWS + CSV_ROWS + 1):
                f.write("%d,Customer %d,customer%d@example.com,%s,%s\n" % (i, i, i, countries[i % 5], self.run_id))
        _, out = self.run("./tributary push --client %s %s %s %s"
                          % (PRODUCER, self.table, self.rel(ndjson), self.rel(csv)))
        if "%d accepted, 0 refused" % (NDJSON_ROWS + CSV_ROWS) not in out:
            raise StepFailed("the receipts do not account for %d accepted records" % (NDJSON_ROWS + CSV_ROWS))

    def total_rows(self):
        base = "/api/catalog/v1/namespaces/%s/tables/%s/snapshots?limit=1" % (cli.quote(self.ns),
                                                                              cli.quote(self.name))
        snaps = self.admin.json("GET", base).get("snapshots") or []
        if not snaps:
            return None, 0
        return snaps[0].get("snapshot-id"), int((snaps[0].get("summary") or {}).get("total-records", 0))

    def landed(self):
        self.step("wait until the lake writer has committed them to the Iceberg table")
        want = self.before[1] + NDJSON_ROWS + CSV_ROWS
        deadline = time.time() + 90
        snapshot, total = self.before
        while time.time() < deadline:
            snapshot, total = self.total_rows()
            if total >= want:
                break
            time.sleep(0.5)
        if total < want:
            raise StepFailed("after 90 s the table holds %d rows, expected at least %d (see ./tributary logs writer)"
                             % (total, want))
        self.note("committed: snapshot %s holds %d rows (%d before this run)" % (snapshot, total, self.before[1]))
        self.run("./tributary describe %s --snapshots 3" % self.table)

    def query(self):
        sql = "SELECT id, name, email, country FROM %s WHERE run = '%s' ORDER BY id LIMIT 5" % (self.table,
                                                                                                self.run_id)
        self.step("query as the analyst ana: e-mails masked by governance's default pii policy")
        _, out = self.run("./tributary sql --user ana %s" % shell_word(sql))
        if "@example.com" in out or "(5 rows" not in out:
            raise StepFailed("ana should see 5 rows with masked e-mails")
        self.step("query as the steward sam: e-mails in clear")
        _, out = self.run("./tributary sql --user sam %s" % shell_word(sql))
        if "customer1@example.com" not in out:
            raise StepFailed("sam should see the e-mails in clear")
        count = "SELECT count(*) AS rows FROM %s WHERE run = '%s'" % (self.table, self.run_id)
        _, out = self.run("./tributary sql --user ana --format csv %s" % shell_word(count))
        if out.strip().splitlines()[-1:] != [str(NDJSON_ROWS + CSV_ROWS)]:
            raise StepFailed("expected %d rows of this run" % (NDJSON_ROWS + CSV_ROWS))

    def lineage(self):
        self.step("lineage of %s" % self.table)
        # The lake writer's OpenLineage event reaches the catalog through Kafka, shortly after the commit.
        ns, name = self.table.split(".", 1)
        path = "/api/catalog/v1/namespaces/%s/tables/%s/lineage?depth=2" % (ns, name)
        job = "job:tributary:tributary.ingest/%s" % self.table
        deadline = time.monotonic() + 60
        while True:
            upstream = (self.admin.json("GET", path).get("upstream") or {}).get("jobs") or []
            if any(j.get("node") == job for j in upstream) or time.monotonic() > deadline:
                break
            time.sleep(1)
        self.run("./tributary lineage %s" % self.table)

    def audit(self):
        self.step("the audit trail of this run (as the steward sam)")
        since = self.t0.strftime("%Y-%m-%dT%H:%M:%SZ")
        query = urllib.parse.urlencode({"resource": "table:" + self.table, "from": since})
        path = "/api/governance/v1/audit?" + query
        # Audit events reach governance through Kafka: wait until this run's writes and reads are in the log.
        deadline = time.time() + 60
        entries = []
        while time.time() < deadline:
            entries = self.steward.json("GET", path).get("entries") or []
            actions = [e.get("action") for e in entries]
            if actions.count("ingest.records.write") >= 2 and actions.count("query.statement.run") >= 3:
                break
            time.sleep(1)
        else:
            raise StepFailed("after 60 s the audit log holds %s for %s" % ([e.get("action") for e in entries],
                                                                           self.table))
        saved = os.path.join(self.dir, "audit.json")
        self.run("curl -sS --fail-with-body '%s%s' -H \"Authorization: Bearer $(./tributary token --user sam)\""
                 " | python3 -m json.tool > %s" % (cli.gateway(), path, self.rel(saved)))
        with open(saved, encoding="utf-8") as f:
            entries = json.load(f).get("entries") or []
        self.note("%d entries in %s:" % (len(entries), self.rel(saved)))
        rows = []
        for e in entries:
            d = e.get("detail") or {}
            what = ("accepted %s of %s" % (d.get("accepted"), d.get("received"))) if "accepted" in d else \
                (d.get("sql") or "")
            rows.append([e.get("seq"), e.get("occurred-at"), e.get("actor"), e.get("action"), e.get("outcome"),
                         what])
        buf = _Indented()
        cli.print_table(["seq", "at", "actor", "action", "outcome", "what"], rows, out=buf, max_width=70)

    def walk(self):
        print("demo: the main job on %s, table %s, this run's rows tagged run = '%s'" % (cli.gateway(), self.table,
                                                                                     self.run_id))
        print("      every command below runs from %s; run them yourself the same way" % self.home)
        self.dataset()
        self.push()
        self.landed()
        self.query()
        self.lineage()
        self.audit()
        print()
        print("demo done: ./tributary tables, ./tributary describe %s, ./tributary sql \"...\" go on from here"
              % self.table)


class _Indented:
    def write(self, s):
        sys.stdout.write("".join("     " + line if line.strip() else line for line in s.splitlines(True)))


class Args:
    def __init__(self, user=None, client=None):
        self.user = user
        self.client = client


def main(argv):
    table = "demo.customers"
    i = 0
    while i < len(argv):
        if argv[i] == "--table" and i + 1 < len(argv):
            table = argv[i + 1]
            i += 2
        else:
            sys.stderr.write("usage: ./tributary demo [--no-up] [--rebuild] [--table namespace.table]\n")
            return cli.EXIT_USAGE
    demo = None
    try:
        demo = Demo(table)
        demo.walk()
        return 0
    except (StepFailed, cli.CliError) as e:
        where = "step %d (%s)" % (demo.step_no, demo.step_name) if demo else "setup"
        sys.stdout.flush()
        sys.stderr.write("demo: FAILED at %s: %s\n" % (where, e))
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
