# Loadwright's runtime inside Locust: imported by the locustfile that loadwright_locust_bridge.py
# generates from a run spec (core/engine/PROTOCOL.md). It runs in the Locust master and in every
# worker (gevent, monkey-patched by Locust).
#
# Workers: the users run the spec's plain requests and scenarios (steps, {{variables}}, extractions,
# checks, data rows, a cookie jar per user through Locust's HttpSession, think times) and record every
# response time in per-interval buckets of HDR histogram counts (1 us .. 1 h, 3 significant digits,
# the engine's layout), sent to the master with a custom message as soon as an interval is over, and
# the rest when the worker stops.
# Master: forwards those messages as JSON lines to the bridge (fd LW_RECORD_FD), drives the stages
# through a LoadTestShape, stops the test at the end of the plan or on the bridge's command (fd
# LW_CONTROL_FD), and kills its whole process group when the bridge goes away.

import json
import os
import random
import re
import signal
import sys
import time
import uuid

import gevent
import gevent.os
import locust
import locust.runners
from locust import HttpUser, LoadTestShape, events, task
from locust.exception import StopUser
from locust.runners import MasterRunner, WorkerRunner

from loadwright_locust_plan import level_at, parse_duration_s, profile, think_range

# Debian's python3-locust reports an empty __version__, which makes its master take every worker for
# a pre-2.0 one and refuse it; the bridge passes the package's version.
if not locust.runners.__version__ and os.environ.get("LW_LOCUST_VERSION"):
    locust.runners.__version__ = locust.__version__ = os.environ["LW_LOCUST_VERSION"]

# HDR layout of the engine: lowest 1, 3 significant digits: 2048 sub-buckets, unit magnitude 0.
SUB_BUCKET_HALF_COUNT_MAGNITUDE = 10
SUB_BUCKET_HALF_COUNT = 1 << SUB_BUCKET_HALF_COUNT_MAGNITUDE
SUB_BUCKET_MASK = (1 << (SUB_BUCKET_HALF_COUNT_MAGNITUDE + 1)) - 1
HIGHEST_TRACKABLE_US = 3600 * 1000 * 1000


def counts_index(value):
    """Index of value's bucket in an HDR counts array (lowest 1, 3 significant digits)."""
    value = max(0, min(int(value), HIGHEST_TRACKABLE_US))
    bucket = (value | SUB_BUCKET_MASK).bit_length() - (SUB_BUCKET_HALF_COUNT_MAGNITUDE + 1)
    sub = value >> bucket
    return ((bucket + 1) << SUB_BUCKET_HALF_COUNT_MAGNITUDE) + sub - SUB_BUCKET_HALF_COUNT


SPEC = {}
SEGMENTS, DURATION_S = [], 0.0
INTERVAL_S = 1.0
START = {"t": None}  # wall-clock run start (s), set by the master's lw_start
STATE = {"buckets": {}, "sent_upto": 0, "rows": {}, "vu_seq": 0, "data": {}, "scale": 1.0, "rate": None}

# Open model: users per unit of rate; each user paces its iterations at users / rate seconds.
OPEN_PACE_S = 1.0


def open_users(spec):
    peak = max([max(a, b) for _, _, a, b in SEGMENTS] or [0.0])
    cap = int(spec.get("max_connections", 1024))
    return max(1, min(cap, int(peak * OPEN_PACE_S + 0.999)))


# ---- per-interval recording (workers) ----


def bucket_now():
    if START["t"] is None:
        return None
    return max(0, int((time.time() - START["t"]) / INTERVAL_S))


def new_bucket():
    return {"sent": 0, "completed": 0, "errors": 0, "ebc": {}, "statuses": {}, "bytes": 0, "h": {},
            "req": {}, "it": {}, "tx": {}, "checks": {}}


def current_bucket():
    k = bucket_now()
    if k is None:
        k = 0
    b = STATE["buckets"].get(k)
    if b is None:
        b = STATE["buckets"][k] = new_bucket()
    return b


def add_count(hist, us):
    i = str(counts_index(max(1, us)))
    hist[i] = hist.get(i, 0) + 1


def record_request(name, latency_us, status, error_class, nbytes):
    b = current_bucket()
    r = b["req"].get(name)
    if r is None:
        r = b["req"][name] = {"sent": 0, "completed": 0, "errors": 0, "h": {}}
    b["sent"] += 1
    r["sent"] += 1
    if status:
        b["completed"] += 1
        r["completed"] += 1
        b["statuses"][str(status)] = b["statuses"].get(str(status), 0) + 1
        b["bytes"] += nbytes
        add_count(b["h"], latency_us)
        add_count(r["h"], latency_us)
    if error_class:
        b["errors"] += 1
        r["errors"] += 1
        b["ebc"][error_class] = b["ebc"].get(error_class, 0) + 1


def record_check(name, passed):
    c = current_bucket()["checks"].setdefault(name, [0, 0])
    c[0 if passed else 1] += 1


def record_iteration(scenario, started=False, completed=False, failed=False, duration_us=0):
    it = current_bucket()["it"].setdefault(scenario, {"started": 0, "completed": 0, "failed": 0, "h": {}})
    if started:
        it["started"] += 1
    if completed:
        it["completed"] += 1
        add_count(it["h"], duration_us)
    if failed:
        it["failed"] += 1


def record_transaction(name, duration_us):
    tx = current_bucket()["tx"].setdefault(name, {"count": 0, "h": {}})
    tx["count"] += 1
    add_count(tx["h"], duration_us)


def flush(runner, final=False):
    """Sends every finished interval (all of them when final) to the master."""
    k = bucket_now()
    if k is None and not final:
        return
    if final:
        upto = max(max(STATE["buckets"].keys(), default=-1) + 1, k or 0)
    else:
        upto = k
    out = {str(i): STATE["buckets"].pop(i) for i in sorted(STATE["buckets"]) if i < upto}
    cpu = own_cpu_percent()
    runner.send_message("lw_data", {"worker": runner.client_id, "upto": upto, "final": final, "buckets": out,
                                    "users": runner.user_count, "cpu": cpu})


CPU = {"at": None, "cpu_s": 0.0, "percent": 0.0}


def own_cpu_percent():
    """This worker's CPU (% of one core) since the last call, at least 0.5 s apart (Locust's own
    figure is refreshed only every 5 s)."""
    now = time.time()
    cpu_s = sum(os.times()[:2])
    if CPU["at"] is None:
        CPU["at"], CPU["cpu_s"] = now, cpu_s
    elif now - CPU["at"] >= 0.5:
        CPU["percent"] = 100.0 * (cpu_s - CPU["cpu_s"]) / (now - CPU["at"])
        CPU["at"], CPU["cpu_s"] = now, cpu_s
    return CPU["percent"]


def flusher(runner):
    while True:
        gevent.sleep(min(0.2, INTERVAL_S / 4))
        try:
            flush(runner)
        except Exception as e:  # a lost master: the worker's own reconnect logic applies
            sys.stderr.write("loadwright: could not send interval data: %s\n" % e)


# ---- test data ----


def load_data(spec):
    import csv
    tables = {}
    for d in spec.get("data", []):
        path = d["path"]
        rows = []
        if path.endswith(".csv"):
            with open(path, newline="", encoding="utf-8") as f:
                rows = list(csv.DictReader(f))
        else:
            with open(path, encoding="utf-8") as f:
                rows = [{k: (v if isinstance(v, str) else json.dumps(v)) for k, v in json.loads(line).items()}
                        for line in f if line.strip()]
        tables[d["name"]] = {"rows": rows, "order": d.get("order", "sequential"),
                             "recycle": d.get("on_exhausted", "recycle") == "recycle",
                             "per_vu": bool(d.get("per_vu", False)), "next": 0}
    return tables


def worker_share(table, runner):
    """Unique and sequential rows are split between workers (row i goes to worker i mod N), so no row
    is used twice across workers."""
    n = max(1, int(os.environ.get("LW_WORKERS", "1")))
    index = getattr(runner, "worker_index", 0) or 0
    return [r for i, r in enumerate(table["rows"]) if i % n == index % n]


class DataExhausted(Exception):
    pass


def take_row(name, runner):
    t = STATE["data"][name]
    if "share" not in t:
        t["share"] = worker_share(t, runner) if t["order"] != "random" else t["rows"]
    rows = t["share"]
    if not rows:
        raise DataExhausted(name)
    if t["order"] == "random":
        return random.choice(rows)
    if t["next"] >= len(rows):
        if not t["recycle"] and t["order"] == "unique":
            raise DataExhausted(name)
        t["next"] = 0
    row = rows[t["next"]]
    t["next"] += 1
    return row


# ---- templates, extractions, checks ----

VAR = re.compile(r"\{\{\s*([^}]+?)\s*\}\}")


def fill(text, values, vu, iteration):
    def one(m):
        ref = m.group(1)
        if ref == "vu":
            return str(vu)
        if ref == "iteration":
            return str(iteration)
        if ref == "uuid":
            return str(uuid.uuid4())
        if ref == "now":
            return str(int(time.time() * 1000))
        rm = re.fullmatch(r"randomInt\((-?\d+),(-?\d+)\)", ref)
        if rm:
            return str(random.randint(int(rm.group(1)), int(rm.group(2))))
        return values.get(ref, "")
    return VAR.sub(one, text) if text and "{{" in text else text


def json_pointer(expr):
    """JSON pointer tokens of a pointer or of the engine's JSONPath subset."""
    if expr.startswith("/") or expr == "":
        return [t.replace("~1", "/").replace("~0", "~") for t in expr.split("/")[1:]]
    tokens = []
    for m in re.finditer(r"\.([A-Za-z_][\w-]*)|\['([^']*)'\]|\[(\d+)\]", expr[1:]):
        tokens.append(m.group(1) or m.group(2) or m.group(3))
    return tokens


def json_at(doc, tokens):
    for t in tokens:
        if isinstance(doc, list) and t.isdigit() and int(t) < len(doc):
            doc = doc[int(t)]
        elif isinstance(doc, dict) and t in doc:
            doc = doc[t]
        else:
            raise KeyError(t)
    return doc


def as_text(v):
    return v if isinstance(v, str) else json.dumps(v, separators=(",", ":"))


def body_json(resp, cache):
    if "json" not in cache:
        try:
            cache["json"] = json.loads(resp.text)
        except ValueError:
            cache["json"] = KeyError
    if cache["json"] is KeyError:
        raise KeyError("not json")
    return cache["json"]


def extract(x, resp, cache):
    kind, expr = x.get("from", "json"), x.get("expression", "")
    if kind == "json":
        return as_text(json_at(body_json(resp, cache), json_pointer(expr)))
    if kind == "regex":
        m = re.search(expr, resp.text)
        if not m:
            raise KeyError(expr)
        return m.group(int(x.get("group", 1)))
    if kind == "header":
        v = resp.headers.get(expr)
        if v is None:
            raise KeyError(expr)
        return v
    if kind == "cookie":
        v = resp.cookies.get(expr)
        if v is None:
            raise KeyError(expr)
        return v
    raise KeyError(kind)


def check_passes(c, resp, latency_s, cache):
    t = c.get("type")
    try:
        if t == "status":
            if c.get("status"):
                return resp.status_code in c["status"]
            return int(c.get("min", 0)) <= resp.status_code <= int(c.get("max", 0))
        if t == "body_contains":
            return c.get("value", "") in resp.text
        if t == "body_matches":
            return re.search(c.get("value", ""), resp.text) is not None
        if t == "json_equals":
            return as_text(json_at(body_json(resp, cache), json_pointer(c.get("path", "")))) == c.get("value", "")
        if t == "json_exists":
            json_at(body_json(resp, cache), json_pointer(c.get("path", "")))
            return True
        if t == "header_present":
            return c.get("header", "") in resp.headers
        if t == "response_time":
            return latency_s < parse_duration_s(c.get("under"))
    except KeyError:
        return False
    return False


def transport_class(exc):
    import requests
    if isinstance(exc, requests.exceptions.SSLError):
        return "tls"
    if isinstance(exc, requests.exceptions.Timeout):
        return "timeout"
    if isinstance(exc, requests.exceptions.ConnectionError):
        return "connect"
    return "protocol"


# ---- the users ----


def scenario_list(spec):
    """Plain requests become one-step scenarios without a cookie jar."""
    out = []
    for r in spec.get("requests", []):
        headers = r.get("headers", [])
        if isinstance(headers, dict):
            headers = list(headers.items())
        headers = [[h["name"], h["value"]] if isinstance(h, dict) else list(h) for h in headers]
        name = r.get("name") or "%s %s" % (r.get("method", "GET"), re.sub(r"^\w+://[^/]+", "", r["url"]) or "/")
        out.append({"name": None, "weight": float(r.get("weight", 1)), "cookies": False, "steps": [
            {"name": name, "method": r.get("method", "GET"), "url": r["url"], "headers": headers,
             "body": r.get("body", ""), "expect_status": int(r.get("expect_status", 0))}]})
    for s in spec.get("scenarios", []):
        out.append({"name": s["name"], "weight": float(s.get("weight", 1)), "cookies": s.get("cookies", True),
                    "steps": s.get("steps", [])})
    return out


class LoadwrightUser(HttpUser):
    """One virtual user: runs an iteration of a scenario chosen by weight, again and again."""

    abstract = True
    host = "http://127.0.0.1"

    def on_start(self):
        STATE["vu_seq"] += 1
        n = max(1, int(os.environ.get("LW_WORKERS", "1")))
        self.vu = (STATE["vu_seq"] - 1) * n + (getattr(self.environment.runner, "worker_index", 0) or 0) + 1
        self.iteration = 0
        self.vu_rows = {}
        self.last_start = None
        self.scenarios = scenario_list(SPEC)
        self.weights = [s["weight"] for s in self.scenarios]
        self.timeout_s = parse_duration_s(SPEC.get("timeout"), 10.0)
        self.follow = int(SPEC.get("follow_redirects", 0)) > 0
        self.client.trust_env = False  # never a proxy from the environment

    def wait_time(self):
        if SPEC.get("model", "open") == "closed":
            lo, hi = think_range(SPEC.get("think_time", 0))
            return random.uniform(lo, hi)
        # Open model approximated with pacing: iterations of each user start users / rate apart.
        elapsed = time.time() - (START["t"] or time.time())
        rate = STATE["rate"] if STATE["rate"] is not None else level_at(SEGMENTS, elapsed) * STATE["scale"]
        if rate <= 0:
            return 0.2
        pace = open_users(SPEC) / rate  # every user of every worker paces alike: the sum is the rate
        now = time.time()
        due = (self.last_start or now) + pace
        return max(0.0, due - now)

    @task
    def iterate(self):
        self.last_start = time.time()
        scenario = random.choices(self.scenarios, weights=self.weights)[0] if sum(self.weights) > 0 else None
        if scenario is None:
            gevent.sleep(1)
            return
        self.iteration += 1
        values = {}
        try:
            for source, t in STATE["data"].items():
                if t["per_vu"]:
                    if source not in self.vu_rows:
                        self.vu_rows[source] = take_row(source, self.environment.runner)
                    row = self.vu_rows[source]
                else:
                    row = take_row(source, self.environment.runner)
                for col, v in row.items():
                    values["%s.%s" % (source, col)] = v
        except DataExhausted as e:
            if not STATE.get("warned_exhausted"):
                STATE["warned_exhausted"] = True
                events_warning("data source %s has no rows left on this worker: its users stop" % e)
            raise StopUser()
        if scenario["name"] is not None:
            record_iteration(scenario["name"], started=True)
            self.client.cookies.clear()  # a jar per user, emptied at each iteration (as the engine)
        began = time.perf_counter()
        tx_start = {}
        failed = False
        for step in scenario["steps"]:
            ok = self.run_step(scenario, step, values, tx_start)
            if not ok:
                failed = True
                if step.get("on_failure", "end_iteration") == "end_iteration":
                    break
            think = parse_duration_s(step.get("think_time"), 0.0)
            if think > 0:
                gevent.sleep(think)
        for name, t0 in tx_start.items():
            record_transaction(name, int((time.perf_counter() - t0) * 1e6))
        if scenario["name"] is not None:
            record_iteration(scenario["name"], completed=not failed, failed=failed,
                             duration_us=int((time.perf_counter() - began) * 1e6))
        if not scenario["cookies"]:
            self.client.cookies.clear()

    def run_step(self, scenario, step, values, tx_start):
        if step.get("transaction") and step["transaction"] not in tx_start:
            tx_start[step["transaction"]] = time.perf_counter()
        url = fill(step["url"], values, self.vu, self.iteration)
        headers = {k: fill(v, values, self.vu, self.iteration) for k, v in step.get("headers", [])}
        body = fill(step.get("body", ""), values, self.vu, self.iteration)
        t0 = time.perf_counter()
        error_class, resp = None, None
        try:
            with self.client.request(step.get("method", "GET"), url, headers=headers,
                                     data=body.encode() if body else None, name=step["name"],
                                     timeout=self.timeout_s, allow_redirects=self.follow,
                                     catch_response=True) as resp:
                latency_s = time.perf_counter() - t0
                transport_error = getattr(resp, "error", None)
                if not resp.status_code:
                    error_class = transport_class(transport_error)
                    resp.failure(str(transport_error))
                    resp = None
                else:
                    expect = int(step.get("expect_status", 0))
                    bad = resp.status_code != expect if expect else resp.status_code >= 400
                    if bad:
                        error_class = "http_%d" % resp.status_code
                    cache = {}
                    for x in step.get("extract", []):
                        try:
                            values[x["var"]] = extract(x, resp, cache)
                        except (KeyError, IndexError, re.error):
                            error_class = error_class or "extract"
                    for c in step.get("checks", []):
                        passed = check_passes(c, resp, latency_s, cache)
                        record_check("%s/%s" % (step["name"], c["name"]), passed)
                        if not passed:
                            error_class = error_class or "check"
                    if error_class:
                        resp.failure(error_class)
                    else:
                        resp.success()
        except Exception as e:  # transport failures surface here with catch_response
            latency_s = time.perf_counter() - t0
            error_class = transport_class(e)
            if error_class == "protocol" and not STATE.get("warned_protocol"):
                STATE["warned_protocol"] = True
                events_warning("step %s failed: %s: %s" % (step["name"], type(e).__name__, e))
            resp = None
        if not scenario["cookies"]:
            self.client.cookies.clear()  # cookies off: nothing a response sets is sent again
        status = resp.status_code if resp is not None else 0
        nbytes = len(resp.content or b"") if resp is not None else 0
        record_request(step["name"], int(latency_s * 1e6), status, error_class, nbytes)
        return error_class is None


def events_warning(message):
    runner = None
    try:
        from locust import runners as r
        runner = r.__dict__.get("_lw_runner")
    except Exception:
        pass
    if runner is not None:
        try:
            runner.send_message("lw_warning", {"message": message})
            return
        except Exception:
            pass
    sys.stderr.write("loadwright: %s\n" % message)


# ---- the load shape (master) ----


class LoadwrightShape(LoadTestShape):
    """The run spec's stages. Closed model: the interpolated virtual-user count; open model: a fixed
    number of pacing users (the rate follows the stages inside the users). The master ends the test
    itself at the end of the plan, so the shape never returns None (which would make Locust quit
    before the workers' last intervals arrive)."""

    def tick(self):
        if SPEC.get("model", "open") == "closed":
            elapsed = self.get_run_time()
            users = level_at(SEGMENTS, elapsed) * STATE["scale"] if STATE["rate"] is None else STATE["rate"]
            users = int(round(users))
            return (users, max(1, users) * 10)
        users = open_users(SPEC)
        return (users, max(1, users) * 10)


# ---- master and worker wiring ----


def write_record(obj):
    fd = int(os.environ["LW_RECORD_FD"])
    line = (json.dumps(obj, separators=(",", ":")) + "\n").encode()
    view = memoryview(line)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def master_control(environment):
    """Reads the bridge's commands; the end of the plan stops the test; a lost bridge kills all."""
    fd = int(os.environ["LW_CONTROL_FD"])
    gevent.os.make_nonblocking(fd)
    buf = b""
    stopping = [False]

    def stop():
        if not stopping[0]:
            stopping[0] = True
            gevent.spawn(environment.runner.stop)

    def end_of_plan():
        while START["t"] is None:
            gevent.sleep(0.05)
        gevent.sleep(max(0.0, START["t"] + DURATION_S - time.time()))
        stop()

    def report_workers():
        # How many workers are connected, until the test starts: the bridge's message when some never come.
        last = -1
        while START["t"] is None:
            ready = len(environment.runner.clients.ready)
            if ready != last:
                last = ready
                write_record({"type": "workers_ready", "ready": ready})
            gevent.sleep(0.5)

    gevent.spawn(end_of_plan)
    gevent.spawn(report_workers)
    while True:
        try:
            chunk = gevent.os.nb_read(fd, 4096)
        except OSError:
            chunk = b""
        if not chunk:
            os.killpg(0, signal.SIGKILL)  # the bridge is gone: nothing of this run may survive
        buf += chunk
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            try:
                cmd = json.loads(line)
            except ValueError:
                continue
            if cmd.get("cmd") == "stop":
                stop()
            elif cmd.get("cmd") == "quit":
                # The run is over: tell every worker to exit (a remote worker has no other way to know).
                try:
                    environment.runner.send_message("quit")
                except Exception:
                    pass
            elif cmd.get("cmd") == "set_rate":
                if "rate" in cmd:
                    STATE["rate"] = float(cmd["rate"])
                if "scale" in cmd:
                    # Like the built-in engine: a factor on the load as it is now (cumulative), and on
                    # an absolute rate set earlier.
                    if STATE["rate"] is not None:
                        STATE["rate"] = STATE["rate"] * float(cmd["scale"])
                    else:
                        STATE["scale"] = STATE["scale"] * float(cmd["scale"])
                environment.runner.send_message("lw_rate", {"rate": STATE["rate"], "scale": STATE["scale"]})


def install(spec, namespace):
    """Sets the run up from spec and puts the user classes and the shape into the locustfile."""
    global SPEC, SEGMENTS, DURATION_S, INTERVAL_S
    SPEC = spec
    SEGMENTS, DURATION_S = profile(spec)
    INTERVAL_S = max(0.01, parse_duration_s(spec.get("interval"), 1.0))
    namespace["LoadwrightShape"] = LoadwrightShape
    namespace["LoadwrightVirtualUser"] = type("LoadwrightVirtualUser", (LoadwrightUser,), {"abstract": False})

    @events.init.add_listener
    def on_init(environment, **_kw):
        runner = environment.runner
        import locust.runners as lr
        lr._lw_runner = runner
        if isinstance(runner, MasterRunner):
            def forward(environment, msg, **_kw):
                write_record({"type": msg.type, "data": msg.data})
            runner.register_message("lw_data", forward)
            runner.register_message("lw_warning", forward)
            gevent.spawn(master_control, environment)
        elif isinstance(runner, WorkerRunner):
            STATE["data"] = load_data(spec)

            def on_start(environment, msg, **_kw):
                START["t"] = msg.data["start"]

            def on_rate(environment, msg, **_kw):
                STATE["rate"], STATE["scale"] = msg.data["rate"], msg.data["scale"]
            runner.register_message("lw_start", on_start)
            runner.register_message("lw_rate", on_rate)
            gevent.spawn(flusher, runner)

    @events.test_start.add_listener
    def on_test_start(environment, **_kw):
        runner = environment.runner
        if isinstance(runner, MasterRunner) and START["t"] is None:
            START["t"] = time.time()
            runner.send_message("lw_start", {"start": START["t"]})  # before the first spawn message
            write_record({"type": "started", "start": START["t"], "workers": len(runner.clients)})

    @events.test_stop.add_listener
    def on_test_stop(environment, **_kw):
        runner = environment.runner
        if isinstance(runner, WorkerRunner):
            flush(runner, final=True)
        elif isinstance(runner, MasterRunner):
            write_record({"type": "master_stopped"})

    @events.cpu_warning.add_listener
    def on_cpu_warning(environment, cpu_usage, **_kw):
        message = "Locust: CPU usage of a %s above 90%% (%.0f%%): the load generator is the bottleneck" % (
            "worker" if isinstance(environment.runner, WorkerRunner) else "master", cpu_usage)
        data = {"message": message, "cpu_warning": True, "cpu": cpu_usage}
        if isinstance(environment.runner, WorkerRunner):
            environment.runner.send_message("lw_warning", data)
        else:
            write_record({"type": "lw_warning", "data": data})
