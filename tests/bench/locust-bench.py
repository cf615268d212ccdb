#!/usr/bin/python3
"""Locust (1 and 2 workers, through Loadwright's Locust adapter) against loadwright-engine on the same
loopback target in one run: requests per second and CPU per request, medians of interleaved runs.

    tests/bench/locust-bench.py [--runs 3] [--duration 10] [--users 16] [--build build]

Closed model, the same number of users/connections for every engine, against one
loadwright-target (its own thread, 100-byte answers). CPU is user+sys of every generator process
(engine: the engine; Locust: bridge, master and workers, read from /proc before they are stopped).
Only 127.0.0.1 is contacted; every process started is stopped on exit. Not part of ctest.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def start_target(binary):
    p = subprocess.Popen([binary, "--port", "0", "--threads", "1"], stdout=subprocess.PIPE, text=True)
    line = p.stdout.readline()
    return p, int(line.strip().rsplit(":", 1)[1])


def requests_served(port):
    import urllib.request
    with urllib.request.urlopen("http://127.0.0.1:%d/stats" % port, timeout=5) as r:
        return json.load(r)["responses"]


def run_engine(engine, url, users, duration):
    out = subprocess.run([engine, "--url", url, "--connections", str(users), "--duration", "%ds" % duration,
                          "--json"], capture_output=True, text=True, timeout=duration + 60)
    s = json.loads(out.stdout)
    return s["requests"] / s["duration_s"], s["cpu_s"] * 1e6 / max(1, s["requests"]), s["requests"]


def run_locust(bridge, url, users, duration, workers):
    spec = {"requests": [{"url": url}], "model": "closed", "vus": users, "duration": "%ds" % duration,
            "interval": "1s"}
    p = subprocess.Popen(["/usr/bin/python3", bridge, "--protocol", "--workers", str(workers)],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    alive = [True]

    def heartbeat():
        while alive[0]:
            try:
                p.stdin.write('{"cmd":"heartbeat"}\n')
                p.stdin.flush()
            except (BrokenPipeError, OSError):
                return
            time.sleep(1)
    p.stdin.write(json.dumps({"cmd": "start", "spec": spec}) + "\n")
    p.stdin.flush()
    threading.Thread(target=heartbeat, daemon=True).start()
    summary = None
    for line in p.stdout:
        e = json.loads(line)
        if e["event"] == "summary":
            summary = e
        elif e["event"] == "error":
            raise SystemExit("Locust refused the run: %s" % e["message"])
    alive[0] = False
    p.wait(timeout=30)
    if summary is None:
        raise SystemExit("the Locust engine ended without a summary")
    return summary["rps"], summary["cpu_us_per_request"], summary["requests"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--users", type=int, default=16)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    a = ap.parse_args()
    engine = os.path.join(a.build, "bin", "loadwright-engine")
    target_bin = os.path.join(a.build, "bin", "loadwright-target")
    bridge = os.path.join(ROOT, "resources", "locust", "loadwright_locust_bridge.py")
    for f in (engine, target_bin):
        if not os.access(f, os.X_OK):
            print("missing %s: build it first" % f, file=sys.stderr)
            return 3
    target, port = start_target(target_bin)
    url = "http://127.0.0.1:%d/bench" % port
    results = {"loadwright-engine": [], "locust 1 worker": [], "locust 2 workers": []}
    try:
        for r in range(a.runs):
            for name in results:
                before = requests_served(port)
                if name == "loadwright-engine":
                    rps, cpu, n = run_engine(engine, url, a.users, a.duration)
                else:
                    rps, cpu, n = run_locust(bridge, url, a.users, a.duration, 1 if "1 worker" in name else 2)
                served = requests_served(port) - before
                results[name].append((rps, cpu))
                print("run %d %-18s %9.0f req/s %8.1f us CPU/request (%d counted, %d served)"
                      % (r + 1, name, rps, cpu, n, served), flush=True)
    finally:
        target.terminate()
        target.wait()
    print("\nmedians of %d runs, %d users, %d s, closed model, one loadwright-target thread:" % (a.runs, a.users,
                                                                                              a.duration))
    base_rps = statistics.median(x[0] for x in results["loadwright-engine"])
    base_cpu = statistics.median(x[1] for x in results["loadwright-engine"])
    print("| generator | req/s | CPU us per request | req/s vs engine | CPU vs engine |")
    print("|---|---|---|---|---|")
    for name, rows in results.items():
        rps = statistics.median(x[0] for x in rows)
        cpu = statistics.median(x[1] for x in rows)
        print("| %s | %.0f | %.1f | %.2f | %.1fx |" % (name, rps, cpu, rps / base_rps, cpu / base_cpu))
    return 0


if __name__ == "__main__":
    sys.exit(main())
