#!/usr/bin/env python3
"""Fault-injection trials through the real executables.

Each trial starts a real loadwright-target on loopback and a real `loadwright run` (the workbench's
run controller, engine process and storage code, driven from the command line), injects one fault at
a random moment, and then checks what a user would find afterwards:

  engine-kill     kill -9 of loadwright-engine at a random moment (start, middle, final summary)
  app-kill        kill -9 of the controlling app at a random moment (including its final writes)
  workbench-kill  kill -9 of the workbench (its window, live dashboard and run controller, the run
                  started through its launcher by tests/fault/workbench-run) at a random moment
  rollback-kill   a limit trips and a rollback procedure runs; kill -9 of the app or of the engine
                  at a random moment around it
  controller-stop SIGSTOP of the controlling app for longer than the engine's dead-man switch,
                  then SIGCONT (or kill -9 while stopped)
  target-reset    a target that resets every connection
  target-stall    a target that never answers (every request times out)
  disk-full       the workspace on a small filesystem filled up at a random moment of the run
  read-only       the workspace's filesystem made read-only at a random moment (or before the run)

After every trial: the run is in a final state with the status the fault calls for (a run whose
engine stopped on its own dead-man switch is `interrupted`, never `stopped_by_safety`); its stored
intervals are numbered without a gap and hold every request the target answered except at most the
last unreported interval's; `PRAGMA integrity_check` is ok; the audit chain verifies; no engine (and
no rollback command) outlives the app by more than 5 s; the user got a message that names the
problem.

The disk-full and read-only kinds mount a small tmpfs; the harness re-executes itself in a private
user and mount namespace (`unshare -rm`) for them, so it needs no root.

  tests/fault/fault-trials.py [--trials N] [--kinds a,b,...] [--bin DIR] [--workbench PATH]
                              [--seed S] [--keep]

Exit status: 0 when every trial passed, 1 when one failed (each failure is printed with its
directory, kept for inspection), 2 on bad arguments.
"""

import argparse
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request

KINDS = ["engine-kill", "app-kill", "workbench-kill", "rollback-kill", "controller-stop", "target-reset", "target-stall",
         "disk-full", "read-only"]
MOUNT_KINDS = {"disk-full", "read-only"}
FINAL = {"passed", "failed", "stopped_by_safety", "cancelled", "interrupted"}
RATE = 150          # requests per second
DURATION = 4.0      # seconds of load per run
LIMIT_S = 60        # no trial may take longer than this


class TrialFailure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise TrialFailure(message)


# ---------------------------------------------------------------------------------------------
# processes


def children(pid):
    """Pids of pid's direct children (Linux /proc/PID/task/*/children)."""
    out = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{tid}/children") as f:
                    out += [int(p) for p in f.read().split()]
            except OSError:
                pass
    except OSError:
        pass
    return out


def descendants(pid):
    result, todo = [], [pid]
    while todo:
        for c in children(todo.pop()):
            result.append(c)
            todo.append(c)
    return result


def alive(pid):
    """Running and not a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            stat = f.read()
    except OSError:
        return False
    state = stat[stat.rfind(")") + 2:][:1]
    return state not in ("Z", "X", "")


def comm(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return ""


def wait_gone(pids, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(alive(p) for p in pids):
            return True
        time.sleep(0.05)
    return not any(alive(p) for p in pids)


def engine_pid(app_pid, seconds=5.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for c in children(app_pid):
            if comm(c).startswith("loadwright-eng"):
                return c
        time.sleep(0.02)
    return None


class Target:
    def __init__(self, bindir, args, workdir):
        self.log = open(os.path.join(workdir, "target.log"), "w+")
        self.proc = subprocess.Popen([os.path.join(bindir, "loadwright-target"), "--port", "0"] + args,
                                     stdout=subprocess.PIPE, stderr=self.log, text=True)
        line = self.proc.stdout.readline().strip()
        m = re.match(r"listening on 127\.0\.0\.1:(\d+)$", line)
        if not m:
            self.stop()
            raise TrialFailure(f"loadwright-target did not start: {line!r}")
        self.port = int(m.group(1))
        self.url = f"http://127.0.0.1:{self.port}/"

    def stats(self):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/stats", timeout=5) as r:
            return json.load(r)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


# ---------------------------------------------------------------------------------------------
# workspace and strategy


def strategy(url, name, rate=RATE, duration=DURATION, timeout="1s", limits=None, rollback=None,
             criteria=None):
    doc = {
        "schema": 1, "name": name, "owner": "fault-trials", "type": "load", "safety_level": "low",
        "targets": [{"name": "root", "url": url}],
        "load": {"model": "open", "max_connections": 16, "request_timeout": timeout,
                 "stages": [{"duration": f"{duration:g}s", "target": rate, "ramp": "step"}]},
        "safety_limits": limits or [],
        "success_criteria": criteria or [],
    }
    if rollback:
        doc["rollback"] = rollback
    return doc


class Trial:
    def __init__(self, args, kind, index, root):
        self.args = args
        self.kind = kind
        self.dir = os.path.join(root, f"{kind}-{index:03d}")
        os.makedirs(self.dir, exist_ok=True)
        self.ws = os.path.join(self.dir, "ws.lwdb")
        self.env = dict(os.environ, LOADWRIGHT_TRUST_FILE=os.path.join(self.dir, "trust.json"),
                        QT_QPA_PLATFORM="offscreen", HOME=self.dir, XDG_CONFIG_HOME=self.dir,
                        LC_ALL="C.UTF-8")
        self.notes = []

    def cli(self, *argv, timeout=30):
        r = subprocess.run([os.path.join(self.args.bin, "loadwright"), *argv, "--workspace", self.ws],
                           env=self.env, capture_output=True, text=True, timeout=timeout)
        return r

    def write_strategy(self, doc):
        path = os.path.join(self.dir, "strategy.json")
        with open(path, "w") as f:
            json.dump(doc, f)
        return path

    def start(self, argv, env=None):
        """Starts the controlling process, its output in run.out and run.err."""
        self.out = open(os.path.join(self.dir, "run.out"), "w+")
        self.err = open(os.path.join(self.dir, "run.err"), "w+")
        self.started = time.monotonic()
        self.app = subprocess.Popen(argv, env=env or self.env, stdout=self.out, stderr=self.err, text=True)
        return self.app

    def start_run(self, strategy_path):
        return self.start(
            [os.path.join(self.args.bin, "loadwright"), "run", strategy_path, "--workspace", self.ws,
             "--json", "--as", "ci", "--engine", os.path.join(self.args.bin, "loadwright-engine"),
             "--notify-wait", "0"])

    def engine(self):
        pid = engine_pid(self.app.pid)
        check(pid is not None, "no engine process started")
        return pid

    def sleep_until(self, at):
        """Sleeps until `at` seconds after the run was started."""
        time.sleep(max(0.0, at - (time.monotonic() - self.started)))

    def wait_app(self, seconds=LIMIT_S):
        try:
            self.app.wait(seconds)
        except subprocess.TimeoutExpired:
            self.app.kill()
            self.app.wait()
            raise TrialFailure(f"`loadwright run` did not finish within {seconds} s")
        self.out.seek(0)
        self.err.seek(0)
        return self.app.returncode, self.out.read(), self.err.read()

    # -- what the user finds afterwards -----------------------------------------------------

    def recovered_runs(self):
        """`loadwright runs --json`: the next opening, which recovers a run left behind."""
        r = self.cli("runs", "--json")
        check(r.returncode == 0, f"`loadwright runs` failed ({r.returncode}): {r.stderr.strip()}")
        return json.loads(r.stdout or "[]"), r.stderr

    def db_checks(self, run_id):
        con = sqlite3.connect(f"file:{self.ws}?mode=ro", uri=True)
        try:
            ok = con.execute("PRAGMA integrity_check").fetchone()[0]
            check(ok == "ok", f"PRAGMA integrity_check: {ok}")
            rows = con.execute("SELECT idx, completed FROM run_intervals WHERE run_id = ? ORDER BY idx",
                               (run_id,)).fetchall()
        finally:
            con.close()
        idx = [r[0] for r in rows]
        check(idx == list(range(len(idx))), f"stored intervals have gaps: {idx[:20]}")
        return len(rows), sum(r[1] for r in rows)

    def audit_ok(self):
        r = self.cli("audit", "verify")
        check(r.returncode == 0, f"`loadwright audit verify` failed ({r.returncode}): "
                                 f"{(r.stdout + r.stderr).strip()[:300]}")

    def final_run(self):
        runs, recover_err = self.recovered_runs()
        if not runs:
            return None, recover_err
        run = runs[0]
        check(run["status"] in FINAL, f"run {run['id']} is left '{run['status']}' after reopening")
        return run, recover_err


# ---------------------------------------------------------------------------------------------
# the trials


def trial_engine_kill(t, rng):
    target = Target(t.args.bin, [], t.dir)
    try:
        t.start_run(t.write_strategy(strategy(target.url, "engine killed")))
        engine = t.engine()
        at = rng.uniform(0.2, DURATION + 0.8)
        t.sleep_until(at)
        killed = alive(engine)
        if killed:
            os.kill(engine, signal.SIGKILL)
        code, out, err = t.wait_app()
        answered = target.stats()["responses"]
    finally:
        target.stop()
    run, _ = t.final_run()
    check(run is not None, "no run stored")
    n, completed = t.db_checks(run["id"])
    if run["status"] == "interrupted":
        check(killed, "interrupted although the engine was not killed")
        check("engine" in run["reason"], f"the reason does not name the engine: {run['reason']!r}")
        check(code != 0, "`loadwright run` exited 0 for an interrupted run")
        check(err.strip() != "", "nothing said on stderr about the lost engine")
    else:
        check(run["status"] == "passed", f"unexpected status {run['status']}: {run['reason']}")
        check(n == int(DURATION), f"a passed run with {n} intervals")
    lost = answered - completed
    check(0 <= lost <= RATE * 1.2 + 16,
          f"the target answered {answered} requests, {completed} are stored ({lost} not)")
    t.audit_ok()
    return f"{run['status']} at {at:.2f} s"


def after_controller_killed(t, at, answered):
    """What the next opening finds after the process running the run was killed at `at` s."""
    run, recover_err = t.final_run()
    if run is None:
        return f"killed before the run was created at {at:.2f} s"
    n, completed = t.db_checks(run["id"])
    if run["status"] == "interrupted":
        check("interrupted" in recover_err, f"reopening said nothing about the interrupted run: "
                                            f"{recover_err.strip()!r}")
    lost = answered - completed
    check(0 <= lost <= RATE * 2.2 + 16,
          f"the target answered {answered} requests, {completed} are stored ({lost} not)")
    t.audit_ok()
    return f"{run['status']} at {at:.2f} s"


def trial_app_kill(t, rng):
    target = Target(t.args.bin, [], t.dir)
    try:
        t.start_run(t.write_strategy(strategy(target.url, "app killed")))
        engine = engine_pid(t.app.pid)
        at = rng.uniform(0.1, DURATION + 1.0)
        t.sleep_until(at)
        os.kill(t.app.pid, signal.SIGKILL)
        t.app.wait()
        check(engine is None or wait_gone([engine], 5.0), "the engine outlived the app by more than 5 s")
        answered = target.stats()["responses"]
    finally:
        target.stop()
    return after_controller_killed(t, at, answered)


def trial_workbench_kill(t, rng):
    target = Target(t.args.bin, [], t.dir)
    try:
        r = t.cli("import", t.write_strategy(strategy(target.url, "workbench killed")))
        check(r.returncode == 0, f"import failed: {r.stderr}")
        t.start([t.args.workbench, t.ws, "workbench killed", os.path.join(t.args.bin, "loadwright-engine")])
        engine = t.engine()
        at = rng.uniform(0.1, DURATION + 1.0)
        t.sleep_until(at)
        everything = descendants(t.app.pid)
        os.kill(t.app.pid, signal.SIGKILL)
        t.app.wait()
        check(wait_gone(everything + [engine], 5.0), "a process of the run outlived the workbench by more than 5 s")
        answered = target.stats()["responses"]
    finally:
        target.stop()
    return after_controller_killed(t, at, answered)


def trial_rollback_kill(t, rng):
    marker = os.path.join(t.dir, "rolled-back")
    target = Target(t.args.bin, ["--error-rate", "0.5"], t.dir)
    limits = [{"name": "errors above 5%", "metric": "error_rate", "threshold": 5, "for": "1s",
               "action": "rollback"}]
    rollback = {"procedures": [{"name": "slow restore", "command": f"sleep 1.5; echo ok > '{marker}'",
                                "timeout": "10s", "verify_command": f"grep -q ok '{marker}'"}]}
    victim = rng.choice(["app", "engine"])
    try:
        t.start_run(t.write_strategy(strategy(target.url, "rollback killed", duration=8, limits=limits,
                                              rollback=rollback)))
        engine = t.engine()
        at = rng.uniform(1.0, 5.0)
        t.sleep_until(at)
        everything = descendants(t.app.pid)
        if victim == "app":
            os.kill(t.app.pid, signal.SIGKILL)
            t.app.wait()
            check(wait_gone(everything, 5.0),
                  "a process of the run outlived the app by more than 5 s: " +
                  ", ".join(f"{p} {comm(p)}" for p in everything if alive(p)))
        else:
            if alive(engine):
                os.kill(engine, signal.SIGKILL)
            code, out, err = t.wait_app()
    finally:
        target.stop()
    run, _ = t.final_run()
    check(run is not None, "no run stored")
    t.db_checks(run["id"])
    check(run["status"] in ("stopped_by_safety", "interrupted"),
          f"status {run['status']} ({run['reason']}) after a tripped limit and a killed {victim}")
    if victim == "engine" and run["status"] == "stopped_by_safety":
        check(os.path.exists(marker), "stopped by safety but the rollback did not run to its end")
    t.audit_ok()
    return f"{victim} killed at {at:.2f} s: {run['status']}"


def trial_controller_stop(t, rng):
    target = Target(t.args.bin, [], t.dir)
    then_kill = rng.random() < 0.3
    try:
        t.start_run(t.write_strategy(strategy(target.url, "controller stopped", duration=10)))
        engine = t.engine()
        at = rng.uniform(0.5, 5.0)
        pause = rng.uniform(4.5, 7.0)  # the dead-man switch fires after 3 s without a heartbeat
        t.sleep_until(at)
        os.kill(t.app.pid, signal.SIGSTOP)
        try:
            check(wait_gone([engine], pause), "the engine kept running while its controller was stopped")
        finally:
            if then_kill:
                os.kill(t.app.pid, signal.SIGKILL)
            os.kill(t.app.pid, signal.SIGCONT)
        if then_kill:
            t.app.wait()
            code, err = None, ""
        else:
            code, out, err = t.wait_app()
    finally:
        target.stop()
    run, _ = t.final_run()
    check(run is not None, "no run stored")
    t.db_checks(run["id"])
    check(run["status"] == "interrupted",
          f"status {run['status']} ({run['reason']}) after the engine's dead-man switch fired")
    if not then_kill:
        check("dead-man" in run["reason"] or "on its own" in run["reason"],
              f"the reason does not say the engine stopped on its own: {run['reason']!r}")
        check(code != 0, "`loadwright run` exited 0 for an interrupted run")
    t.audit_ok()
    return f"stopped at {at:.2f} s for {pause:.1f} s{', then killed' if then_kill else ''}"


def trial_target_fault(t, rng, args, what, error_classes):
    target = Target(t.args.bin, args, t.dir)
    criteria = [{"metric": "error_rate", "operator": "<", "threshold": 1, "required": True}]
    try:
        t.start_run(t.write_strategy(strategy(target.url, what, duration=3, criteria=criteria)))
        code, out, err = t.wait_app(30)
    finally:
        target.stop()
    elapsed = time.monotonic() - t.started
    check(elapsed < 3 + 1 + 10, f"the run took {elapsed:.1f} s against a {what} target")
    run, _ = t.final_run()
    check(run is not None, "no run stored")
    t.db_checks(run["id"])
    check(run["status"] == "failed", f"status {run['status']} ({run['reason']}) against a {what} target")
    check(code == 1, f"`loadwright run` exited {code} for a failed run")
    summary = json.loads(out)
    check(summary["errors"] > 0 and summary["errors"] == summary["sent"] and summary["requests"] == 0,
          f"{summary['errors']} errors of {summary['sent']} sent against a {what} target")
    by_class = summary.get("errors_by_class", {})
    check(set(by_class) <= set(error_classes) and sum(by_class.values()) == summary["errors"],
          f"errors by class {by_class}, expected only {', '.join(error_classes)}")
    t.audit_ok()
    return "failed with " + ", ".join(f"{n} {c}" for c, n in sorted(by_class.items())) + " errors"


def trial_target_reset(t, rng):
    return trial_target_fault(t, rng, ["--reset-connections"], "resetting",
                              ["connect", "protocol"])


def trial_target_stall(t, rng):
    return trial_target_fault(t, rng, ["--stall", "3599s", "--stall-every", "3600s"], "stalling",
                              ["timeout"])


def mount_tmpfs(path, size):
    os.makedirs(path, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", path], check=True)


def trial_disk_full(t, rng):
    mnt = os.path.join(t.dir, "small")
    mount_tmpfs(mnt, "4m")
    t.ws = os.path.join(mnt, "ws.lwdb")
    target = Target(t.args.bin, [], t.dir)
    filler = os.path.join(mnt, "filler")
    free_space = rng.random() < 0.7  # else the user gives up with Ctrl+C
    try:
        t.start_run(t.write_strategy(strategy(target.url, "disk full", duration=6)))
        at = rng.uniform(0.3, 4.0)
        t.sleep_until(at)
        # Fill the filesystem to the last byte.
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            for chunk in (65536, 4096, 512, 1):
                try:
                    while True:
                        os.write(fd, b"\0" * chunk)
                except OSError:
                    pass
        finally:
            os.close(fd)
        # The run ends (or is stopped after 10 s of failed writes); the app then says it is waiting
        # to write the end of the run. The user frees space, or gives up.
        waiting = False
        deadline = time.monotonic() + 30
        while t.app.poll() is None and time.monotonic() < deadline:
            t.err.flush()
            with open(t.err.name) as f:
                if "cannot be written to the workspace yet" in f.read():
                    waiting = True
                    break
            time.sleep(0.2)
        if waiting and free_space:
            os.remove(filler)
        elif waiting:
            os.kill(t.app.pid, signal.SIGINT)
        code, out, err = t.wait_app()
        if os.path.exists(filler):
            os.remove(filler)  # the user frees space, then opens the workspace again
        said = (out + err).lower()
    finally:
        target.stop()
    summary = json.loads(out)
    run, _ = t.final_run()
    check(run is not None, "no run stored")
    n, completed = t.db_checks(run["id"])
    if waiting and free_space:
        check(summary.get("stored") is True, f"space was freed but the end of the run was not stored: {err[-300:]}")
        check(run["status"] != "interrupted" or "full" in run["reason"],
              f"stored as {run['status']}: {run['reason']}")
        check(n == summary["intervals"], f"{summary['intervals']} intervals received, {n} stored")
        result = f"full at {at:.2f} s, space freed: {run['status']}, every interval stored"
    elif waiting:
        check(code == 5 and summary.get("stored") is False, f"exit {code}, stored {summary.get('stored')}")
        check("not written" in said or "could not be written" in said, f"nothing said about what was lost: {err[-300:]}")
        check(run["status"] == "interrupted", f"status {run['status']} after giving up on the full disk")
        result = f"full at {at:.2f} s, gave up: interrupted, loss reported"
    else:
        check(summary.get("stored") is not False, "not stored, but the app did not wait")
        result = f"full at {at:.2f} s: {run['status']}"
    if run["status"] not in ("passed", "failed"):
        check(code != 0, f"`loadwright run` exited 0 for a {run['status']} run")
        check("full" in said, f"nothing said about the full disk: {said.strip()[-300:]!r}")
    t.audit_ok()
    subprocess.run(["umount", "-l", mnt])
    return result


def trial_read_only(t, rng):
    # A workspace on a read-only filesystem (a share mounted read-only, a laptop's write-protected
    # copy): running from it is refused with a message that says so, and the file does not change.
    mnt = os.path.join(t.dir, "ro")
    mount_tmpfs(mnt, "64m")
    t.ws = os.path.join(mnt, "ws.lwdb")
    target = Target(t.args.bin, [], t.dir)
    try:
        path = t.write_strategy(strategy(target.url, "read-only", duration=2))
        r = t.cli("import", path)
        check(r.returncode == 0, f"import failed: {r.stderr}")
        if rng.random() < 0.5:  # a workspace that has seen a run
            t.start_run(path)
            code, _, _ = t.wait_app()
            check(code == 0, f"the run before the filesystem went read-only exited {code}")
        files = sorted(os.listdir(mnt))
        with open(t.ws, "rb") as f:
            before = f.read()
        subprocess.run(["mount", "-o", "remount,ro", mnt], check=True)
        t.start_run(path)
        code, out, err = t.wait_app()
        said = (out + err).lower()
        check(code != 0, "`loadwright run` exited 0 on a read-only workspace")
        check("read-only" in said or "read only" in said,
              f"the message does not say the workspace is read-only: {said.strip()[-300:]!r}")
        runs = t.cli("runs", "--json")
        with open(t.ws, "rb") as f:
            check(f.read() == before, "the read-only workspace file changed")
        check(sorted(os.listdir(mnt)) == files, "files appeared or went on the read-only filesystem")
    finally:
        target.stop()
        subprocess.run(["umount", "-l", mnt])
    return f"refused ({'listing works' if runs.returncode == 0 else 'listing refused too'})"


TRIALS = {
    "engine-kill": trial_engine_kill,
    "app-kill": trial_app_kill,
    "workbench-kill": trial_workbench_kill,
    "rollback-kill": trial_rollback_kill,
    "controller-stop": trial_controller_stop,
    "target-reset": trial_target_reset,
    "target-stall": trial_target_stall,
    "disk-full": trial_disk_full,
    "read-only": trial_read_only,
}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--trials", type=int, default=10, help="trials per kind (default 10)")
    p.add_argument("--kinds", default=",".join(KINDS), help="comma-separated, default: all")
    p.add_argument("--bin", default=os.path.join(here, "..", "..", "build", "bin"),
                   help="directory of loadwright, loadwright-engine and loadwright-target")
    p.add_argument("--workbench", default=os.path.join(here, "..", "..", "build", "tests", "fault",
                                                       "workbench-run"),
                   help="the workbench-run driver (tests/fault/workbench-run.cpp)")
    p.add_argument("--seed", type=int, default=None, help="seed of the random moments")
    p.add_argument("--keep", action="store_true", help="keep every trial's directory")
    args = p.parse_args()
    kinds = [k for k in args.kinds.split(",") if k]
    unknown = [k for k in kinds if k not in TRIALS]
    if unknown or args.trials < 1:
        p.error(f"unknown kind(s): {', '.join(unknown)}" if unknown else "--trials must be at least 1")
    args.bin = os.path.abspath(args.bin)
    args.workbench = os.path.abspath(args.workbench)
    if "workbench-kill" in kinds and not os.access(args.workbench, os.X_OK):
        p.error(f"{args.workbench} not found (build the workbench-run target, or pass --workbench)")
    for exe in ("loadwright", "loadwright-engine", "loadwright-target"):
        if not os.access(os.path.join(args.bin, exe), os.X_OK):
            p.error(f"{exe} not found in {args.bin} (build first, or pass --bin)")

    if set(kinds) & MOUNT_KINDS and os.environ.get("LW_FAULT_NS") != "1":
        # A private mount namespace (and a user namespace unless root): tmpfs mounts without root,
        # gone when the harness ends. Where neither is allowed, those kinds are left out, and said so.
        for ns in (["--user", "--map-root-user", "--mount"], ["--mount"]):
            if subprocess.run(["unshare", *ns, "true"], capture_output=True).returncode == 0:
                os.environ["LW_FAULT_NS"] = "1"
                os.execvp("unshare", ["unshare", *ns, sys.executable, os.path.abspath(__file__),
                                      *sys.argv[1:]])
        left_out = [k for k in kinds if k in MOUNT_KINDS]
        print(f"fault trials: {', '.join(left_out)} left out: this machine allows no private mount "
              f"namespace (unshare --user/--mount failed)", flush=True)
        kinds = [k for k in kinds if k not in MOUNT_KINDS]

    seed = args.seed if args.seed is not None else random.randrange(1 << 31)
    rng = random.Random(seed)
    root = tempfile.mkdtemp(prefix="lw-fault-")
    print(f"fault trials: {args.trials} per kind, seed {seed}, in {root}", flush=True)
    failures, results = [], {}
    began = time.monotonic()
    for kind in kinds:
        results[kind] = {"passed": 0, "failed": 0, "outcomes": {}}
        for i in range(args.trials):
            t = Trial(args, kind, i, root)
            try:
                what = TRIALS[kind](t, rng)
                results[kind]["passed"] += 1
                key = re.sub(r" at [0-9.]+ s| for [0-9.]+ s|after [0-9.]+ s|with .* errors", "",
                             what).strip()
                results[kind]["outcomes"][key] = results[kind]["outcomes"].get(key, 0) + 1
                print(f"  {kind} #{i + 1}: ok ({what})", flush=True)
                if not args.keep:
                    shutil.rmtree(t.dir, ignore_errors=True)
            except (TrialFailure, subprocess.TimeoutExpired, OSError, json.JSONDecodeError,
                    sqlite3.Error) as e:
                results[kind]["failed"] += 1
                failures.append((kind, i, t.dir, str(e)))
                print(f"  {kind} #{i + 1}: FAILED: {e} (kept in {t.dir})", flush=True)
            finally:
                app = getattr(t, "app", None)
                if app is not None and app.poll() is None:
                    app.kill()
                    app.wait()
    print(f"\n{'kind':<16} {'trials':>6} {'passed':>6}  outcomes")
    for kind, r in results.items():
        outcomes = ", ".join(f"{k} x{v}" for k, v in sorted(r["outcomes"].items()))
        print(f"{kind:<16} {r['passed'] + r['failed']:>6} {r['passed']:>6}  {outcomes}")
    print(f"\n{sum(r['passed'] + r['failed'] for r in results.values())} trials in "
          f"{time.monotonic() - began:.0f} s, seed {seed}: {len(failures)} failed")
    if not failures and not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
