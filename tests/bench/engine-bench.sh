#!/usr/bin/env bash
# engine-bench.sh — loadwright-engine beside wrk, same run, same machine (issue 3, "Performance").
#
# 1. Throughput/cost: nginx on 127.0.0.1 (1 worker, pinned to core 0, serving a 100-byte file);
#    wrk and loadwright-engine pinned to core 1 with the same connections and duration, RUNS times
#    each (interleaved). Prints medians of req/s, CPU time per request (user+sys / requests), p50,
#    p99 and peak RSS, with the ratio engine/wrk and the goal for each. One extra engine run at
#    256 connections reports peak RSS there (goal < 32 MiB).
# 2. Coordinated-omission check (open model): loadwright-target stalling 1 s every 5 s, the engine
#    at a constant --rate for CO_DURATION; the true p99/p99.9 for that exact schedule is computed
#    here (open loop: latency measured from the intended send time) and printed beside the engine's.
# 3. Optional: --soak S samples the engine's RSS for S seconds at 256 connections (goal: flat within
#    2 MiB); --also-peers runs /work/shared/bench/peers.sh with our engine in its table.
#
# Only 127.0.0.1 is contacted; every run is bounded by its duration and by `timeout`; every process
# started here is stopped on exit (trap). Needs: nginx, wrk, taskset, /usr/bin/time, python3.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

RUNS=3; DUR=10; CONNS=64; RSS_CONNS=256; PORT=18090
CO_RATE=200; CO_DURATION=20; CO_STALL=1; CO_EVERY=5
SOAK=0; ALSO_PEERS=0; DO_THROUGHPUT=1; DO_CO=1; PIN=1
ENGINE=${LW_ENGINE:-}; TARGET=${LW_TARGET:-}

usage() {
  cat <<EOF
Usage: $0 [options]
  --engine PATH        loadwright-engine binary (default: newest build*/bin/loadwright-engine)
  --target PATH        loadwright-target binary (default: newest build*/bin/loadwright-target)
  --runs N             repetitions of each throughput run, medians printed (default $RUNS)
  --duration S         seconds per throughput run (default $DUR)
  --connections N      connections for wrk and the engine (default $CONNS)
  --rss-connections N  connections of the extra peak-RSS run (default $RSS_CONNS; 0 skips it)
  --co-rate N          open-model rate of the coordinated-omission check (default $CO_RATE)
  --co-duration S      its duration in seconds (default $CO_DURATION)
  --soak S             also sample RSS over an S-second run at --rss-connections (default off)
  --also-peers         also run /work/shared/bench/peers.sh with the engine as OURS
  --only-throughput | --only-co
  --no-pin             do not pin with taskset
  --port P             nginx port (default $PORT)
EOF
}

while (($#)); do
  case $1 in
    --engine) ENGINE=$2; shift ;;
    --target) TARGET=$2; shift ;;
    --runs) RUNS=$2; shift ;;
    --duration) DUR=$2; shift ;;
    --connections) CONNS=$2; shift ;;
    --rss-connections) RSS_CONNS=$2; shift ;;
    --co-rate) CO_RATE=$2; shift ;;
    --co-duration) CO_DURATION=$2; shift ;;
    --soak) SOAK=$2; shift ;;
    --also-peers) ALSO_PEERS=1 ;;
    --only-throughput) DO_CO=0 ;;
    --only-co) DO_THROUGHPUT=0 ;;
    --no-pin) PIN=0 ;;
    --port) PORT=$2; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "engine-bench: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
for v in RUNS DUR CONNS RSS_CONNS CO_RATE CO_DURATION SOAK PORT; do
  [[ ${!v} =~ ^[0-9]+$ ]] || { echo "engine-bench: $v must be a non-negative integer, got '${!v}'" >&2; exit 2; }
done
((RUNS >= 1 && DUR >= 1 && CONNS >= 1)) || { echo "engine-bench: --runs, --duration and --connections must be >= 1" >&2; exit 2; }

log() { printf '[engine-bench] %s\n' "$*" >&2; }
newest() { ls -t $1 2>/dev/null | head -1; }
[ -n "$ENGINE" ] || ENGINE=$(newest "$ROOT/build*/bin/loadwright-engine")
[ -n "$TARGET" ] || TARGET=$(newest "$ROOT/build*/bin/loadwright-target")
if [ -z "$ENGINE" ] || [ ! -x "$ENGINE" ]; then
  echo "engine-bench: loadwright-engine binary not found${ENGINE:+ at $ENGINE}." >&2
  echo "  Build it first:  cmake --build <build-dir> --target loadwright-engine   (or pass --engine PATH)" >&2
  exit 3
fi
for tool in wrk python3 timeout; do
  command -v "$tool" >/dev/null || { echo "engine-bench: '$tool' is required but not installed" >&2; exit 3; }
done
[ -x /usr/bin/time ] || { echo "engine-bench: /usr/bin/time is required (Debian package 'time')" >&2; exit 3; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

if [ "$PIN" = 1 ] && [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
  SRV_CPU=(taskset -c 0); GEN_CPU=(taskset -c 1)
else
  SRV_CPU=(); GEN_CPU=(); PIN=0
fi

WORK=$(mktemp -d /tmp/engine-bench.XXXXXX); chmod 755 "$WORK"
NGX_PID=""; TARGET_PID=""
stop_pid() {  # $1 pid, $2 signal: polite stop, then KILL after 5 s
  local pid=$1
  [ -n "$pid" ] || return 0
  kill "-$2" "$pid" 2>/dev/null
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null
}
cleanup() {
  stop_pid "$NGX_PID" QUIT; NGX_PID=""
  stop_pid "$TARGET_PID" TERM; TARGET_PID=""
  [ "${KEEP:-0}" = 1 ] && log "raw outputs kept in $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

log "engine: $ENGINE"
log "pinning: $([ "$PIN" = 1 ] && echo 'server core 0, generator core 1' || echo off)"

# --------------------------------------------------------------------------- throughput vs wrk
run_timed() {  # $1 tag, rest: command (pinned, timed, bounded)
  local tag=$1; shift
  printf '%s\n' "$*" > "$WORK/$tag.cmd"
  timeout -k 5 $((DUR + 30)) /usr/bin/time -v -o "$WORK/$tag.time" "${GEN_CPU[@]}" "$@" \
    > "$WORK/$tag.out" 2> "$WORK/$tag.err"
  echo $? > "$WORK/$tag.rc"
  sleep 1  # let TIME_WAIT and the server settle
}

if [ "$DO_THROUGHPUT" = 1 ]; then
  command -v "$NGINX" >/dev/null || [ -x "$NGINX" ] || { echo "engine-bench: nginx not installed" >&2; exit 3; }
  if port_busy "$PORT"; then echo "engine-bench: port $PORT is in use (use --port)" >&2; exit 1; fi
  mkdir -p "$WORK/www" "$WORK/tmp"
  head -c 100 /dev/zero | tr '\0' 'a' > "$WORK/www/small"
  cat > "$WORK/nginx.conf" <<EOF
worker_processes 1;
daemon on;
pid $WORK/nginx.pid;
error_log $WORK/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on; tcp_nopush on; tcp_nodelay on;
  keepalive_requests 10000000; keepalive_timeout 65;
  default_type application/octet-stream;
  client_body_temp_path $WORK/tmp; proxy_temp_path $WORK/tmp; fastcgi_temp_path $WORK/tmp;
  uwsgi_temp_path $WORK/tmp; scgi_temp_path $WORK/tmp;
  server { listen 127.0.0.1:$PORT; root $WORK/www; }
}
EOF
  "${SRV_CPU[@]}" "$NGINX" -c "$WORK/nginx.conf" -p "$WORK/" -e "$WORK/error.log" 2> "$WORK/nginx.err" \
    || { cat "$WORK/nginx.err" >&2; exit 1; }
  for _ in $(seq 50); do [ -s "$WORK/nginx.pid" ] && port_busy "$PORT" && break; sleep 0.1; done
  NGX_PID=$(cat "$WORK/nginx.pid" 2>/dev/null)
  [ -n "$NGX_PID" ] || { echo "engine-bench: nginx did not start" >&2; exit 1; }
  URL="http://127.0.0.1:$PORT/small"
  log "nginx (pid $NGX_PID) serving $URL"

  cat > "$WORK/lat.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("WRKSTAT requests=%d duration_us=%d errors=%d p50_us=%d p99_us=%d p999_us=%d\n",
    summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9)))
end
LUA
  for i in $(seq "$RUNS"); do
    log "run $i/$RUNS: wrk -c $CONNS -d ${DUR}s"
    run_timed "wrk.$i" wrk -t 1 -c "$CONNS" -d "${DUR}s" -s "$WORK/lat.lua" "$URL"
    log "run $i/$RUNS: loadwright-engine --connections $CONNS --duration ${DUR}s"
    run_timed "eng.$i" "$ENGINE" --url "$URL" --connections "$CONNS" --duration "${DUR}s" --threads 1 --json
  done
  if ((RSS_CONNS > 0)); then
    log "peak RSS run: loadwright-engine --connections $RSS_CONNS"
    run_timed "rss" "$ENGINE" --url "$URL" --connections "$RSS_CONNS" --duration "${DUR}s" --threads 1 --json
  fi
  if ((SOAK > 0)); then
    log "soak: ${SOAK}s at $RSS_CONNS connections, RSS sampled every 5 s"
    "${GEN_CPU[@]}" "$ENGINE" --url "$URL" --connections "$RSS_CONNS" --duration "${SOAK}s" --threads 1 --json \
      > "$WORK/soak.out" 2> "$WORK/soak.err" &
    SOAK_PID=$!
    : > "$WORK/soak.rss"
    while kill -0 "$SOAK_PID" 2>/dev/null; do
      awk '/VmRSS/{print $2}' "/proc/$SOAK_PID/status" 2>/dev/null >> "$WORK/soak.rss"
      sleep 5
    done
    wait "$SOAK_PID" 2>/dev/null
  fi

  python3 - "$WORK" "$RUNS" "$CONNS" "$DUR" "$RSS_CONNS" "$SOAK" <<'PY'
import json, os, re, statistics, sys
W, RUNS, CONNS, DUR, RSS_CONNS, SOAK = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
def rd(name):
    try:
        return open(os.path.join(W, name), errors="replace").read()
    except OSError:
        return ""
def timev(tag):
    t = rd(f"{tag}.time")
    g = lambda k: re.search(k + r": ([\d.]+)", t)
    u, s, rss = g(r"User time \(seconds\)"), g(r"System time \(seconds\)"), g(r"Maximum resident set size \(kbytes\)")
    return (float(u.group(1)) + float(s.group(1)) if u and s else None, int(rss.group(1)) / 1024 if rss else None)
def wrk(tag):
    m = re.search(r"WRKSTAT (.*)", rd(f"{tag}.out"))
    if not m:
        return None
    kv = {k: int(v) for k, v in (x.split("=") for x in m.group(1).split())}
    cpu, rss = timev(tag)
    n = kv["requests"]
    return dict(rps=n / (kv["duration_us"] / 1e6), n=n, errors=kv["errors"], cpu_us=cpu * 1e6 / n if cpu and n else None,
                p50=kv["p50_us"] / 1000, p99=kv["p99_us"] / 1000, rss=rss)
def engine(tag):
    out = rd(f"{tag}.out").strip()
    try:
        d = json.loads(out.splitlines()[-1] if out else "")
    except Exception:
        return None
    cpu, rss = timev(tag)
    n = d.get("requests") or 0
    lat = d.get("latency_us", {})
    return dict(rps=d.get("rps"), n=n, errors=d.get("errors"), cpu_us=cpu * 1e6 / n if cpu and n else None,
                p50=lat.get("p50", 0) / 1000, p99=lat.get("p99", 0) / 1000, rss=rss)
W_ = [r for r in (wrk(f"wrk.{i}") for i in range(1, RUNS + 1)) if r]
E_ = [r for r in (engine(f"eng.{i}") for i in range(1, RUNS + 1)) if r]
for i in range(1, RUNS + 1):
    if not engine(f"eng.{i}"):
        print(f"engine run {i} produced no JSON summary (rc {rd(f'eng.{i}.rc').strip()}): {rd(f'eng.{i}.err').strip()[-300:]}")
def med(rows, k):
    v = [r[k] for r in rows if r.get(k) is not None]
    return statistics.median(v) if v else None
def errs(rows):
    return "/".join(str(r["errors"]) for r in rows)
print()
print(f"Throughput and cost against nginx (1 worker, 100-byte file), {CONNS} connections, {DUR} s, "
      f"median of {RUNS} run(s) each")
hdr = f"{'metric':<26} {'wrk':>10} {'engine':>10} {'engine/wrk':>11}  goal"
print(hdr); print("-" * (len(hdr) + 22))
goals = {"rps": ("req/s", "%.0f", ">= 0.95"), "cpu_us": ("CPU us per request", "%.2f", "<= 1.00"),
         "p50": ("p50 latency (ms)", "%.3f", "<= 1.10"), "p99": ("p99 latency (ms)", "%.3f", ""),
         "rss": ("peak RSS (MiB)", "%.1f", "")}
verdicts = []
for k, (name, fmt, goal) in goals.items():
    w, e = med(W_, k), med(E_, k)
    ratio = e / w if (w and e is not None) else None
    ok = ""
    if ratio is not None and goal:
        lim = float(goal.split()[1])
        ok = "ok" if (ratio >= lim if goal.startswith(">=") else ratio <= lim) else "MISSED"
        verdicts.append((name, ok))
    f = lambda x: (fmt % x) if x is not None else "-"
    print(f"{name:<26} {f(w):>10} {f(e):>10} {('%.2f' % ratio) if ratio is not None else '-':>11}  {goal} {ok}")
print(f"{'errors per run':<26} {errs(W_):>10} {errs(E_):>10}")
# Runs are interleaved (wrk, engine, wrk, ...), so per-pair ratios cancel slow drifts in machine load.
pairs = [(w, e) for w, e in zip(W_, E_) if w.get("cpu_us") and e.get("cpu_us") and w.get("rps") and e.get("rps")]
if pairs:
    print(f"median of paired ratios: CPU per request {statistics.median(e['cpu_us'] / w['cpu_us'] for w, e in pairs):.2f}, "
          f"req/s {statistics.median(e['rps'] / w['rps'] for w, e in pairs):.2f}, "
          f"p50 {statistics.median(e['p50'] / w['p50'] for w, e in pairs if w['p50']):.2f}")
print("per run (wrk | engine): " + "; ".join(
    f"#{i+1} {W_[i]['rps']:.0f} req/s {W_[i]['cpu_us']:.1f} us | {E_[i]['rps']:.0f} req/s {E_[i]['cpu_us']:.1f} us"
    for i in range(min(len(W_), len(E_))) if W_[i]['cpu_us'] and E_[i]['cpu_us'] and E_[i]['rps']))
r = engine("rss")
if r:
    ok = "ok" if r["rss"] is not None and r["rss"] < 32 else "MISSED"
    print(f"engine peak RSS at {RSS_CONNS} connections: {r['rss']:.1f} MiB (goal < 32 MiB: {ok}); "
          f"{r['rps']:.0f} req/s, {r['cpu_us']:.1f} us CPU per request")
if SOAK:
    v = [int(x) / 1024 for x in rd("soak.rss").split()]
    if len(v) >= 3:
        warm = v[1:]  # the first sample is taken during start-up
        spread = max(warm) - min(warm)
        print(f"soak {SOAK} s at {RSS_CONNS} connections: RSS {min(warm):.1f}..{max(warm):.1f} MiB over {len(v)} samples, "
              f"spread {spread:.2f} MiB (goal <= 2 MiB: {'ok' if spread <= 2 else 'MISSED'})")
if not W_ or not E_:
    print("(incomplete: see the raw outputs with KEEP=1)")
PY
  stop_pid "$NGX_PID" QUIT; NGX_PID=""
fi

# --------------------------------------------------------------------------- coordinated omission
if [ "$DO_CO" = 1 ]; then
  if [ -z "$TARGET" ] || [ ! -x "$TARGET" ]; then
    echo "engine-bench: loadwright-target not found; build it (target loadwright-target) or pass --target" >&2
    exit 3
  fi
  log "CO check: loadwright-target --stall ${CO_STALL}s --stall-every ${CO_EVERY}s; engine --rate $CO_RATE for ${CO_DURATION}s"
  coproc TGT { exec "${SRV_CPU[@]}" "$TARGET" --port 0 --stall "${CO_STALL}s" --stall-every "${CO_EVERY}s" \
                 --duration "$((CO_DURATION + 40))s" 2> "$WORK/target.err"; }
  TARGET_PID=${TGT_PID:-}
  read -r -t 5 FIRST <&"${TGT[0]}" || FIRST=""
  TPORT=${FIRST##*:}
  [[ $TPORT =~ ^[0-9]+$ ]] || { echo "engine-bench: loadwright-target did not report its port ('$FIRST')" >&2; exit 1; }
  TURL="http://127.0.0.1:$TPORT/"
  # The stall schedule is aligned to the target's start: its uptime and our clock place t0 on the
  # wall clock; the engine's JSON gives the start of its schedule (start_ms) on the same clock.
  stats_json() {
    if command -v curl >/dev/null; then curl -s --max-time 5 "http://127.0.0.1:$TPORT/stats"
    else python3 -c "import urllib.request;print(urllib.request.urlopen('http://127.0.0.1:$TPORT/stats',timeout=5).read().decode())"; fi
  }
  T_Q0=$(date +%s.%N); STATS0=$(stats_json); T_Q1=$(date +%s.%N)
  echo "$STATS0" > "$WORK/co.stats0"
  echo "$T_Q0 $T_Q1" > "$WORK/co.clock"
  timeout -k 5 $((CO_DURATION + 30)) /usr/bin/time -v -o "$WORK/co.time" "${GEN_CPU[@]}" \
    "$ENGINE" --url "$TURL" --rate "$CO_RATE" --duration "${CO_DURATION}s" --json > "$WORK/co.out" 2> "$WORK/co.err"
  echo $? > "$WORK/co.rc"
  stats_json > "$WORK/co.stats" 2>/dev/null
  stop_pid "$TARGET_PID" TERM; TARGET_PID=""
  python3 - "$WORK" "$CO_RATE" "$CO_DURATION" "$CO_STALL" "$CO_EVERY" <<'PY'
import json, math, os, sys
W = sys.argv[1]; RATE, DUR, STALL, EVERY = (float(x) for x in sys.argv[2:6])
def rd(name):
    try:
        return open(os.path.join(W, name), errors="replace").read()
    except OSError:
        return ""
def stall_left(t):
    ph = t % EVERY
    return STALL - ph if ph < STALL else 0.0
n = int(RATE * DUR)
def pct(v, q):
    return v[max(0, math.ceil(q / 100 * len(v) - 1e-9) - 1)]
f = STALL / EVERY
def closed_form(q):
    tail = 1 - q / 100
    return STALL * (1 - tail / f) if tail < f else 0.0
try:
    out = rd("co.out").strip()
    d = json.loads(out.splitlines()[-1])
except Exception:
    print(f"\nCO check: the engine produced no JSON summary (rc {rd('co.rc').strip()}): {rd('co.err').strip()[-400:]}")
    sys.exit(0)
lat = d.get("latency_us", {})
# Target t0 on the wall clock (the stall phase origin): query time minus its uptime then.
q0, q1 = (float(x) for x in rd("co.clock").split())
t0 = (q0 + q1) / 2 - json.loads(rd("co.stats0"))["uptime_s"]
start = d.get("start_ms")
ts = start / 1000 - t0 if start else None
if ts is None:
    print("engine JSON has no start_ms; assuming it started 50 ms after the uptime query")
    ts = q1 + 0.05 - t0
sim = sorted(stall_left(ts + i / RATE) for i in range(n))
try:
    stats = json.loads(rd("co.stats"))
except Exception:
    stats = {}
print()
print(f"Coordinated-omission check: loadwright-target freezes every response for {STALL:g} s every {EVERY:g} s; "
      f"engine open model at {RATE:g} req/s for {DUR:g} s (start {ts:.3f} s into the stall schedule)")
print(f"engine: {d.get('requests')} requests, {d.get('errors')} errors, dropped {d.get('dropped', '-')}; "
      f"target answered {stats.get('responses', '?')}, held {stats.get('stalled', '?')} in stalls")
hdr = f"{'percentile':<11} {'truth (ms)':>11} {'engine (ms)':>12} {'error':>8}   closed form (ms)"
print(hdr); print("-" * (len(hdr) + 4))
for q, key in ((50, "p50"), (90, "p90"), (99, "p99"), (99.9, "p999")):
    truth = pct(sim, q) * 1000
    rep = lat.get(key)
    rep_ms = rep / 1000 if rep is not None else None
    err = (rep_ms - truth) / truth * 100 if (rep_ms is not None and truth > 1) else None
    verdict = ""
    if q >= 99 and err is not None:
        verdict = "ok" if abs(err) <= 5 else "MISSED"
    print(f"p{q:<10g} {truth:>11.1f} {('%.1f' % rep_ms) if rep_ms is not None else '-':>12} "
          f"{('%+.1f%%' % err) if err is not None else '-':>8}   {closed_form(q) * 1000:>8.1f}  {verdict}")
print("truth: every request sent on its intended schedule waits until the stall it arrives in ends "
      "(service time ~0); goal: p99 and p99.9 within 5%.")
PY
fi

# --------------------------------------------------------------------------- peers table
if [ "$ALSO_PEERS" = 1 ]; then
  if [ -x /work/shared/bench/peers.sh ] || [ -f /work/shared/bench/peers.sh ]; then
    log "peers.sh with OURS=loadwright-engine"
    ENGINE_BIN="$ENGINE" DUR="$DUR" CONNS="$CONNS" PATHS="small" \
      OURS="\"$ENGINE\" --url \"\$URL\" --connections \"\$CONNS\" --duration \"\${DUR}s\" --threads 1 --peers" \
      bash /work/shared/bench/peers.sh
  else
    log "/work/shared/bench/peers.sh not found; --also-peers skipped"
  fi
fi
exit 0
