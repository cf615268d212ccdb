#!/usr/bin/python3
# Loadwright's Locust engine: speaks loadwright-engine's control protocol (core/engine/PROTOCOL.md) on
# stdin/stdout and runs the spec on Locust's distributed mode: it checks every host against the
# allow-list, generates a locustfile from the spec, starts a Locust master and N workers on loopback
# in one process group, merges the workers' per-interval HDR histograms exactly (bucket for bucket)
# and writes interval, summary and bye events as the built-in engine does.
#
# Nothing of a run outlives it: every Locust process gets PR_SET_PDEATHSIG (SIGKILL) towards this
# bridge, the master kills the group when the bridge's control pipe closes, and the bridge kills the
# group on stop, emergency stop, a lost controller (stdin closed, parent gone, heartbeats missing) and
# at exit.
#
# Usage: loadwright_locust_bridge.py --protocol --workers N [--external-workers N]
#        [--remote-workers JSON] [--master-host ADDR] [--master-port P] [--worker-timeout S]
# Workers elsewhere: --remote-workers is a JSON array of {"host", "command"}; each command is a
# /bin/sh template in which {host}, {worker} (the exact worker command) and {dir} (the directory of the
# generated files) are substituted as shell-quoted words. --external-workers are started by hand: the
# bridge writes their exact command as a warning. The master waits --worker-timeout seconds for all.
# Plain Python (no gevent): Locust itself runs in the child processes.

import argparse
import ctypes
import ipaddress
import json
import os
import queue
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

PROTOCOL = 1
sys.dont_write_bytecode = True  # never a __pycache__ beside the installed adapter
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from loadwright_locust_merge import Totals, encode_hdr, latency_summary  # noqa: E402

PYTHON = "/usr/bin/python3"  # Debian's python3-locust is installed for the system interpreter
PR_SET_PDEATHSIG = 1
DEFAULT_ALLOW = ["127.0.0.0/8", "::1"]

# ---- processes ----


def set_pdeathsig(sig):
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, sig, 0, 0, 0)
    except OSError:
        pass


def free_port(host="127.0.0.1"):
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def locust_version():
    try:
        import importlib.util
        if importlib.util.find_spec("locust") is None:
            return None
    except (ImportError, ValueError):
        return None
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "python3-locust"], capture_output=True,
                             text=True, timeout=5)
        if out.returncode == 0 and out.stdout.strip():
            return out.stdout.strip().split("-")[0]
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        import importlib.metadata
        return importlib.metadata.version("locust")
    except Exception:
        return "unknown"


def proc_cpu_s(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


# ---- allow-list ----


def allowed(host, addresses, rules):
    for rule in rules:
        rule = rule.strip()
        if not rule:
            continue
        if rule.startswith("*."):
            if host.lower().endswith(rule[1:].lower()):
                return True
            continue
        try:
            net = ipaddress.ip_network(rule, strict=False)
            if addresses and all(ipaddress.ip_address(a) in net for a in addresses):
                return True
            continue
        except ValueError:
            pass
        if host.lower() == rule.lower():
            return True
    return False


def check_hosts(spec):
    """None when every host resolves and is allowed, else (code, message)."""
    rules = DEFAULT_ALLOW + list(spec.get("allow", []))
    urls = [r.get("url", "") for r in spec.get("requests", [])]
    urls += [s.get("url", "") for sc in spec.get("scenarios", []) for s in sc.get("steps", [])]
    for url in urls:
        parsed = urllib.parse.urlsplit(url.replace("{{", "x").replace("}}", "x"))
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            return "invalid_spec", "not an absolute http(s) URL: %s" % url
        host = parsed.hostname
        try:
            addresses = sorted({ai[4][0] for ai in socket.getaddrinfo(host, parsed.port or 80)})
        except socket.gaierror as e:
            return "unresolvable_host", "%s does not resolve: %s" % (host, e)
        if not allowed(host, addresses, rules):
            return "host_refused", "%s (%s) is not in the allow-list" % (host, ", ".join(addresses))
    if not urls:
        return "invalid_spec", "the spec has neither requests nor scenario steps"
    return None


def check_worker_hosts(spec, remote):
    """None when every remote worker host resolves and is allowed, else (code, message): the bridge
    starts nothing on a host outside the allow-list."""
    rules = DEFAULT_ALLOW + list(spec.get("allow", []))
    for i, w in enumerate(remote):
        host = w["host"].rsplit("@", 1)[-1]
        try:
            addresses = sorted({ai[4][0] for ai in socket.getaddrinfo(host, 22)})
        except socket.gaierror as e:
            return "unresolvable_host", "worker host %s (engine.remote_workers[%d]) does not resolve: %s" % (host, i, e)
        if not allowed(host, addresses, rules):
            return "host_refused", "worker host %s (%s, engine.remote_workers[%d]) is not in the allow-list" % (
                host, ", ".join(addresses), i)
    return None


# ---- the bridge ----


class Bridge:
    def __init__(self, workers, external=0, remote=(), master_host="127.0.0.1", master_port=0, worker_timeout=60.0):
        self.local_workers = workers
        self.external = external
        self.remote = list(remote)
        self.workers = workers + external + len(self.remote)  # every worker the master waits for
        self.master_host = master_host
        self.master_port = master_port
        self.worker_timeout = worker_timeout
        self.launched_at = None
        self.ready_workers = 0
        self.worker_labels = {}  # Locust client id -> "N (host)", in the order they first report
        self.pending_workers = {}  # interval index -> worker -> [sent, completed]
        self.cpu_warning_at = None  # wall clock of Locust's last CPU warning
        self.cpu_warned = False
        self.events = queue.Queue()
        self.out_lock = threading.Lock()
        self.procs = []
        self.pgid = None
        self.tmp = None
        self.spec = None
        self.version = locust_version()
        self.start_s = None
        self.interval_s = 1.0
        self.pending = {}  # interval index -> Totals
        self.upto = {}  # worker -> every interval below this one is complete
        self.final = set()
        self.next_index = 0
        self.run = Totals()
        self.warnings = []
        self.stopped_early = False
        self.emergency = False
        self.cpu_intervals = 0
        self.worker_cpu = {}
        self.worker_users = {}
        self.last_line = time.time()
        self.heartbeat_timeout = 3.0
        self.finished = False
        self.finished_at = None  # wall clock of the end, once finishing

    def emit(self, obj):
        line = json.dumps(obj, separators=(",", ":")) + "\n"
        with self.out_lock:
            try:
                sys.stdout.write(line)
                sys.stdout.flush()
            except (BrokenPipeError, OSError):
                pass

    def warn(self, message):
        self.warnings.append(message)
        self.emit({"event": "warning", "message": message})

    # threads feeding self.events

    def read_stdin(self):
        for line in sys.stdin:
            self.last_line = time.time()
            self.events.put(("cmd", line))
        self.events.put(("lost", "the controller closed the engine's input"))

    def read_records(self, fd):
        with os.fdopen(fd, "rb") as f:
            for line in f:
                self.events.put(("record", line))
        self.events.put(("records_closed", None))

    def watch(self):
        parent = os.getppid()
        while not self.finished:
            time.sleep(0.05)
            if os.getppid() != parent:
                self.events.put(("lost", "the controller process died"))
                return
            if time.time() - self.last_line > self.heartbeat_timeout:
                self.events.put(("lost", "no heartbeat from the controller for %.0f s" % self.heartbeat_timeout))
                return

    # life cycle

    def hello(self):
        caps = ["http1", "https", "open_model", "closed_model", "stages", "set_rate", "think_time", "allow_list",
                "heartbeat", "emergency_stop", "per_request_histograms", "scenarios", "distributed"]
        self.emit({"event": "hello", "engine": "locust", "version": self.version or "not installed",
                   "protocol": PROTOCOL, "pid": os.getpid(), "capabilities": caps, "workers": self.workers,
                   "precision": "HDR, 3 significant digits, 1 us resolution; latency from the actual send "
                                "(Locust has no intended send time)"})

    def start(self, spec, cmd_id):
        def refuse(code, message):
            e = {"event": "error", "code": code, "message": message}
            if cmd_id is not None:
                e["id"] = cmd_id
            self.emit(e)

        if self.spec is not None:
            return refuse("already_started", "this engine already runs a test")
        if not isinstance(spec, dict):
            return refuse("invalid_spec", "spec must be an object")
        if spec.get("debug"):
            return refuse("invalid_spec", "debug runs use the built-in engine; the Locust engine runs load tests")
        if self.version is None:
            return refuse("engine_unavailable", "Locust is not installed for %s: install the Debian package "
                                                "python3-locust (sudo apt-get install python3-locust)" % PYTHON)
        problem = check_hosts(spec) or check_worker_hosts(spec, self.remote)  # before anything starts
        if problem:
            return refuse(*problem)
        try:
            self.heartbeat_timeout = float(spec.get("heartbeat_timeout", 3))
            import loadwright_locust_plan as rt  # never the runtime: importing Locust patches threading
            self.interval_s = max(0.01, rt.parse_duration_s(spec.get("interval"), 1.0))
            self.graceful_s = rt.parse_duration_s(spec.get("graceful_stop", spec.get("timeout")), 10.0)
            rt.profile(spec)
        except (ValueError, TypeError, KeyError) as e:
            return refuse("invalid_spec", str(e))
        self.spec = spec
        try:
            self.launch(spec)
        except OSError as e:
            self.kill_all()
            self.spec = None
            return refuse("engine_unavailable", "cannot start Locust: %s" % e)

    def launch(self, spec):
        self.tmp = tempfile.mkdtemp(prefix="loadwright-locust-")
        for name in ("loadwright_locust_runtime.py", "loadwright_locust_plan.py"):
            shutil.copy(os.path.join(HERE, name), self.tmp)
        locustfile = os.path.join(self.tmp, "locustfile.py")
        with open(locustfile, "w", encoding="utf-8") as f:
            f.write("# Generated by Loadwright from a run spec: a Locust load test of the strategy's\n"
                    "# requests and scenarios. Run with loadwright_locust_runtime.py beside it.\n"
                    "import json\n\nimport loadwright_locust_runtime\n\n"
                    "SPEC = json.loads(%r)\n\n"
                    "loadwright_locust_runtime.install(SPEC, globals())\n" % json.dumps(spec))
        rec_r, rec_w = os.pipe()
        ctl_r, ctl_w = os.pipe()
        self.control = ctl_w
        port = self.master_port or free_port(self.master_host)
        env = dict(os.environ, LW_WORKERS=str(self.workers), PYTHONDONTWRITEBYTECODE="1", LW_LOCUST_VERSION=self.version,
                   PYTHONPATH=self.tmp)
        common = [PYTHON, "-m", "locust", "-f", locustfile, "--loglevel", "WARNING"]
        master = common + ["--master", "--headless", "--expect-workers", str(self.workers),
                           "--master-bind-host", self.master_host, "--master-bind-port", str(port),
                           "--stop-timeout", str(max(1, int(self.graceful_s + 0.999))), "--only-summary",
                           "--web-host", "127.0.0.1"]
        self.master_cmd = master
        # Workers connect to the address the master listens on (this host's name when it listens on all).
        reach = self.master_host
        if reach in ("0.0.0.0", "::"):
            reach = socket.getfqdn()
        self.master_address = "%s:%d" % (reach, port)
        self.worker_cmd = common + ["--worker", "--master-host", reach, "--master-port", str(port)]
        # The same worker as one self-contained shell command, for workers on other hosts.
        self.worker_shell = "cd %s && env PYTHONPATH=%s PYTHONDONTWRITEBYTECODE=1 LW_WORKERS=%d LW_LOCUST_VERSION=%s %s" % (
            shlex.quote(self.tmp), shlex.quote(self.tmp), self.workers, shlex.quote(self.version),
            " ".join(shlex.quote(a) for a in self.worker_cmd))

        def first():
            set_pdeathsig(signal.SIGKILL)
        m = subprocess.Popen(master, env=dict(env, LW_RECORD_FD=str(rec_w), LW_CONTROL_FD=str(ctl_r)),
                             pass_fds=(rec_w, ctl_r), stdin=subprocess.DEVNULL, stdout=sys.stderr,
                             stderr=sys.stderr, cwd=self.tmp, preexec_fn=first, process_group=0)
        self.pgid = m.pid
        self.procs.append(m)
        os.close(rec_w)
        os.close(ctl_r)
        for _ in range(self.local_workers):
            w = subprocess.Popen(self.worker_cmd, env=env, stdin=subprocess.DEVNULL, stdout=sys.stderr,
                                 stderr=sys.stderr, cwd=self.tmp, preexec_fn=first, process_group=self.pgid)
            self.procs.append(w)
        self.remote_procs = []
        for r in self.remote:
            command = r["command"].replace("{host}", shlex.quote(r["host"])).replace(
                "{dir}", shlex.quote(self.tmp)).replace("{worker}", shlex.quote(self.worker_shell))
            w = subprocess.Popen(["/bin/sh", "-c", command], env=env, stdin=subprocess.DEVNULL, stdout=sys.stderr,
                                 stderr=sys.stderr, cwd=self.tmp, preexec_fn=first, process_group=self.pgid)
            self.procs.append(w)
            self.remote_procs.append((w, r["host"], command))
        self.launched_at = time.time()
        threading.Thread(target=self.read_records, args=(rec_r,), daemon=True).start()
        self.emit({"event": "status", "state": "launching", "master_pid": m.pid,
                   "worker_pids": [p.pid for p in self.procs[1:]], "master_address": self.master_address,
                   "worker_command": self.worker_shell})
        if self.remote:
            self.warn("starting %d Locust worker(s) on other hosts (%s) for the master at %s" % (
                len(self.remote), ", ".join(r["host"] for r in self.remote), self.master_address))
        if self.external:
            self.warn("waiting up to %.0f s for %d Locust worker(s) started by hand: on each worker host, copy the "
                      "files of %s to the same path, then run: %s" % (
                          self.worker_timeout, self.external, self.tmp, self.worker_shell))

    def check_workers(self):
        """Before the test starts: every worker must connect within the timeout, and a remote worker's
        command must not fail. Refuses the run (killing everything) when not."""
        if self.start_s is not None or self.launched_at is None or self.finished:
            return
        for p, host, command in getattr(self, "remote_procs", []):
            if p.poll() is not None and p.returncode != 0:
                return self.abort("the command starting the Locust worker on %s exited with status %d before the run "
                                  "started (%s); its output is in the engine's log" % (host, p.returncode, command))
        if time.time() - self.launched_at > self.worker_timeout:
            self.abort("only %d of %d Locust workers connected to the master at %s within %.0f s (%d local, %d on "
                       "other hosts, %d started by hand); a worker elsewhere is started with: %s" % (
                           self.ready_workers, self.workers, self.master_address, self.worker_timeout,
                           self.local_workers, len(self.remote), self.external, self.worker_shell))

    def abort(self, message):
        self.finished = True
        self.kill_all()
        self.emit({"event": "error", "code": "engine_unavailable", "message": message})
        self.emit({"event": "bye", "exit_code": 1})
        sys.stdout.flush()
        os._exit(1)

    def kill_all(self):
        if self.pgid is not None:
            try:
                os.killpg(self.pgid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            for p in self.procs:
                try:
                    p.wait(timeout=2)
                except subprocess.TimeoutExpired:
                    pass
        if self.tmp:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None

    def control_send(self, obj):
        try:
            os.write(self.control, (json.dumps(obj) + "\n").encode())
        except OSError:
            pass

    # records from the master

    def on_record(self, line):
        try:
            rec = json.loads(line)
        except ValueError:
            return
        kind = rec.get("type")
        if kind == "started":
            self.start_s = rec["start"]
            self.emit({"event": "started", "threads": self.workers, "start_ms": int(self.start_s * 1000),
                       "workers": self.workers})
        elif kind == "workers_ready":
            self.ready_workers = rec.get("ready", 0)
        elif kind == "lw_warning":
            d = rec["data"]
            if d.get("cpu_warning"):
                # Locust's own CPU warning: the interval it falls in is marked as generator-saturated.
                self.cpu_warning_at = time.time()
                if self.cpu_warned:
                    return
                self.cpu_warned = True
            self.warn(d["message"])
        elif kind == "lw_data":
            d = rec["data"]
            w = d["worker"]
            if w not in self.worker_labels:
                host = w.rsplit("_", 1)[0] if "_" in w else w
                self.worker_labels[w] = "%d (%s)" % (len(self.worker_labels) + 1, host)
            for k, b in d["buckets"].items():
                k = int(k)
                if k < self.next_index:
                    self.late(k, b)
                    continue
                self.pending.setdefault(k, Totals()).add(b)
                per = self.pending_workers.setdefault(k, {}).setdefault(w, [0, 0])
                per[0] += b.get("sent", 0)
                per[1] += b.get("completed", 0)
            self.upto[w] = max(self.upto.get(w, 0), d["upto"])
            self.worker_cpu[w] = d.get("cpu", 0.0)
            self.worker_users[w] = d.get("users", 0)
            if d.get("final"):
                self.final.add(w)
            self.emit_ready()

    def late(self, k, b):
        # An interval already written cannot change; its late counts still go into the run's totals.
        self.run.add(b)
        if not getattr(self, "warned_late", False):
            self.warned_late = True
            self.warn("a worker's data for interval %d arrived after it was written; it counts in the run's "
                      "totals only" % k)

    def emit_ready(self, force_all=False):
        if self.start_s is None:
            return
        while True:
            k = self.next_index
            complete = len(self.upto) >= self.workers and all(u > k for u in self.upto.values())
            overdue = time.time() > self.start_s + (k + 1) * self.interval_s + 3.0
            if force_all:
                if not self.pending or k > max(self.pending):
                    return
            elif not complete and not (overdue and k < self.wall_index()):
                return
            self.write_interval(k)

    def wall_index(self):
        return int((time.time() - self.start_s) / self.interval_s)

    def write_interval(self, k):
        t = self.pending.pop(k, Totals())
        self.run.merge(t)
        start = self.start_s + k * self.interval_s
        end = start + self.interval_s
        if self.finished_at is not None and self.finished_at < end:
            end = max(start, self.finished_at)  # the run's tail: a shorter last interval
        cpu = sum(self.worker_cpu.values()) / 100.0
        busiest = max(self.worker_cpu.values(), default=0.0) / 100.0
        warned = self.cpu_warning_at is not None and self.cpu_warning_at >= start - self.interval_s
        saturated = busiest >= 0.9 or warned
        if saturated:
            self.cpu_intervals += 1
        per_worker = self.pending_workers.pop(k, {})
        e = {"event": "interval", "index": k, "start_ms": int(start * 1000), "end_ms": int(end * 1000),
             "start_s": k * self.interval_s, "end_s": end - self.start_s, "sent": t.sent,
             "completed": t.completed, "errors": t.errors, "errors_by_class": t.errors_by_class(),
             "statuses": t.statuses, "dropped": 0, "scheduled": t.sent, "connections": sum(self.worker_users.values()),
             "connections_opened": 0, "vus": sum(self.worker_users.values()), "bytes_read": t.bytes,
             "bottleneck": {"cpu": saturated, "locust_cpu_warning": warned, "schedule_lag": False, "engine_cpu": cpu, "busiest_thread": busiest,
                            "late_sends": 0, "max_lag_us": 0},
             "latency_us": latency_summary(t.h), "histogram": encode_hdr(t.h),
             "requests": [{"name": n, "sent": r["sent"], "completed": r["completed"], "errors": r["errors"],
                           "histogram": encode_hdr(r["h"])} for n, r in sorted(t.req.items())],
             "workers": [{"worker": self.worker_labels.get(w, w), "id": w, "cpu_percent": self.worker_cpu[w],
                          "users": self.worker_users.get(w, 0), "sent": per_worker.get(w, [0, 0])[0],
                          "completed": per_worker.get(w, [0, 0])[1]}
                         for w in sorted(self.worker_cpu, key=lambda x: self.worker_labels.get(x, x))]}
        if self.spec.get("scenarios"):
            e["scenarios"] = t.scenarios()
        self.emit(e)
        self.next_index = k + 1

    def summary(self, end_s):
        r = self.run
        start = self.start_s or end_s
        duration = max(1e-6, end_s - start)
        cpu_s = sum(proc_cpu_s(p.pid) for p in self.procs)
        if self.cpu_intervals:
            self.warnings.append("the load generator was the bottleneck: a Locust process used more than 90%% "
                                 "of a core in %d interval(s)" % self.cpu_intervals)
        s = {"event": "summary", "requests": r.completed, "sent": r.sent, "errors": r.errors,
             "errors_by_class": r.errors_by_class(), "statuses": r.statuses, "dropped": 0, "scheduled": r.sent,
             "duration_s": duration, "start_ms": int(start * 1000), "end_ms": int(end_s * 1000),
             "rps": r.completed / duration, "bytes_read": r.bytes, "connections_opened": 0,
             "latency_us": latency_summary(r.h), "histogram": encode_hdr(r.h),
             "per_request": [{"name": n, "sent": q["sent"], "completed": q["completed"], "errors": q["errors"],
                              "latency_us": latency_summary(q["h"]), "histogram": encode_hdr(q["h"])}
                             for n, q in sorted(r.req.items())],
             "intervals": self.next_index,
             "bottleneck": {"cpu_intervals": self.cpu_intervals, "schedule_lag_intervals": 0, "max_lag_us": 0,
                            "late_sends": 0},
             "cpu_s": cpu_s, "cpu_us_per_request": (cpu_s * 1e6 / r.completed) if r.completed else 0,
             "stopped_early": self.stopped_early, "emergency": self.emergency, "warnings": self.warnings,
             "engine": {"kind": "locust", "version": self.version, "workers": self.workers,
                        "local_workers": self.local_workers, "remote_workers": len(self.remote),
                        "external_workers": self.external, "master": getattr(self, "master_address", ""),
                        "model_note": self.model_note()}}
        if self.spec and self.spec.get("scenarios"):
            s["scenarios"] = r.scenarios(with_durations=True)
        return s

    def model_note(self):
        if not self.spec or self.spec.get("model", "open") == "closed":
            return "closed model: Locust users"
        return ("open model approximated with pacing: each Locust user starts its iterations users/rate apart; "
                "a response slower than that delays the next start (no dropped-send count)")

    def finish(self, exit_code=0):
        end_s = self.finished_at = time.time()
        if self.start_s is not None:
            self.emit_ready(force_all=True)
        self.finished = True
        summary = self.summary(end_s)
        if self.remote or self.external:
            # Workers elsewhere are outside the process group: the master tells them to quit first.
            self.control_send({"cmd": "quit"})
            time.sleep(0.3)
        self.kill_all()
        self.emit(summary)
        self.emit({"event": "bye", "exit_code": exit_code})
        sys.stdout.flush()
        os._exit(exit_code)

    def loop(self):
        self.hello()
        threading.Thread(target=self.read_stdin, daemon=True).start()
        threading.Thread(target=self.watch, daemon=True).start()
        stop_deadline = None
        while True:
            try:
                kind, payload = self.events.get(timeout=0.1)
            except queue.Empty:
                kind, payload = None, None
            if kind == "cmd":
                self.on_command(payload)
            elif kind == "record":
                self.on_record(payload)
            elif kind == "records_closed":
                if self.spec is not None and not self.finished:
                    if len(self.final) < self.workers and not self.emergency:
                        self.warn("the Locust master ended before every worker's last interval arrived")
                    self.finish(0)
            elif kind == "lost":
                self.warn("dead-man switch: %s; every Locust process is killed" % payload)
                self.emergency = True
                self.stopped_early = True
                if self.spec is None:
                    self.finished = True
                    self.emit({"event": "bye", "exit_code": 3})
                    os._exit(3)
                self.finish(3)
            if self.spec is not None and self.start_s is None:
                self.check_workers()
            if self.spec is not None and self.start_s is not None:
                self.emit_ready()
                if len(self.final) >= self.workers:
                    self.finish(0)
            if getattr(self, "stop_requested", None) and stop_deadline is None:
                stop_deadline = time.time() + self.graceful_s + 10.0
            if stop_deadline is not None and time.time() > stop_deadline:
                self.warn("Locust did not stop within its graceful-stop time; every process is killed")
                self.finish(0)
            if self.spec is not None and self.start_s is not None:
                for p in self.procs:
                    if p.poll() is not None and not self.finished and len(self.final) < self.workers:
                        if p is self.procs[0] or p.returncode not in (0, None):
                            self.warn("a Locust process (pid %d) exited with status %s during the run"
                                      % (p.pid, p.returncode))
                            self.stopped_early = True
                            self.finish(0)

    def on_command(self, line):
        line = line.strip()
        if not line:
            return
        try:
            cmd = json.loads(line)
            if not isinstance(cmd, dict) or "cmd" not in cmd:
                raise ValueError("not a command object")
        except ValueError as e:
            return self.emit({"event": "error", "code": "bad_command", "message": str(e)})
        name, cmd_id = cmd["cmd"], cmd.get("id")
        if name == "heartbeat":
            return
        if name == "start":
            return self.start(cmd.get("spec"), cmd_id)
        if self.spec is None:
            if name in ("stop", "emergency_stop"):
                self.emit({"event": "bye", "exit_code": 0})
                os._exit(0)
            return self.emit({"event": "error", "code": "not_running", "message": "no test is running"})
        if name == "stop" and self.start_s is None:
            self.stopped_early = True
            return self.finish(0)  # Locust has not started the test yet: nothing to wind down
        if name == "stop":
            self.stopped_early = True
            self.stop_requested = True
            self.emit({"event": "status", "state": "stopping"})
            self.control_send({"cmd": "stop"})
        elif name == "emergency_stop":
            self.emit({"event": "status", "state": "emergency_stopping"})
            self.emergency = True
            self.stopped_early = True
            self.finish(0)
        elif name == "set_rate":
            self.control_send({k: v for k, v in cmd.items() if k in ("cmd", "rate", "scale")})
            self.emit({"event": "status", "state": "rate_changed"})
        else:
            e = {"event": "error", "code": "unknown_command", "message": "unknown command %s" % name}
            if cmd_id is not None:
                e["id"] = cmd_id
            self.emit(e)


def main():
    parser = argparse.ArgumentParser(description="Loadwright's Locust engine (loadwright-engine's protocol)")
    parser.add_argument("--protocol", action="store_true", required=True)
    parser.add_argument("--workers", type=int, default=1, help="workers on this machine")
    parser.add_argument("--external-workers", type=int, default=0, help="workers started by hand elsewhere")
    parser.add_argument("--remote-workers", default="[]", help='JSON array of {"host", "command"}')
    parser.add_argument("--master-host", default="127.0.0.1", help="the address the master listens on")
    parser.add_argument("--master-port", type=int, default=0, help="0: any free port")
    parser.add_argument("--worker-timeout", type=float, default=60.0, help="seconds to wait for every worker")
    args = parser.parse_args()
    try:
        remote = json.loads(args.remote_workers)
        if not isinstance(remote, list) or not all(isinstance(r, dict) and isinstance(r.get("host"), str)
                                                   and "{worker}" in r.get("command", "") for r in remote):
            raise ValueError("each remote worker needs a host and a command with {worker}")
    except ValueError as e:
        parser.error("--remote-workers: %s" % e)
    total = args.workers + args.external_workers + len(remote)
    if not 0 <= args.workers <= 64 or args.external_workers < 0 or not 1 <= total <= 64:
        parser.error("--workers must be 0..64, with 1..64 workers in all")
    set_pdeathsig(signal.SIGTERM)
    bridge = Bridge(args.workers, args.external_workers, remote, args.master_host, args.master_port,
                    args.worker_timeout)

    def on_term(_sig, _frame):
        bridge.events.put(("lost", "the engine received SIGTERM"))
    signal.signal(signal.SIGTERM, on_term)
    try:
        bridge.loop()
    finally:
        bridge.kill_all()


if __name__ == "__main__":
    main()
