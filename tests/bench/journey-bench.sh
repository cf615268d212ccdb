#!/usr/bin/env bash
# journey-bench.sh — what scenarios cost the engine, measured in one run against one server.
#
# 1. CPU per request: loadwright-target (its demo shop) driven by loadwright-engine, closed model,
#    the same virtual users and duration, RUNS times each, interleaved:
#      static  — one request without variables (GET /api/catalogue), sent from prebuilt bytes;
#      journey — login (templated JSON body from a users CSV, token extracted from the JSON answer,
#                session cookie kept), catalogue (product id extracted with a JSON pointer), add to
#                cart (templated Authorization header and body), three steps per iteration.
#    Prints medians of the engine's own cpu_us_per_request and the ratio journey/static (goal <= 1.5).
# 2. Memory: the engine's peak RSS with a 1,000,000-row CSV data source versus none (same load).
#
# Only 127.0.0.1 is contacted; every run is bounded by its duration and by `timeout`; every process
# started here is stopped on exit. Needs: python3, /usr/bin/time.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
RUNS=3; DUR=5; VUS=16; ROWS=1000000
ENGINE=${LW_ENGINE:-$(ls -t "$ROOT"/build*/bin/loadwright-engine 2>/dev/null | head -1)}
TARGET=${LW_TARGET:-$(ls -t "$ROOT"/build*/bin/loadwright-target 2>/dev/null | head -1)}
while (($#)); do
  case $1 in
    --runs) RUNS=$2; shift ;;
    --duration) DUR=$2; shift ;;
    --vus) VUS=$2; shift ;;
    --rows) ROWS=$2; shift ;;
    --engine) ENGINE=$2; shift ;;
    --target) TARGET=$2; shift ;;
    *) echo "usage: $0 [--runs N] [--duration S] [--vus N] [--rows N] [--engine P] [--target P]"; exit 2 ;;
  esac
  shift
done
[[ -x $ENGINE && -x $TARGET ]] || { echo "build loadwright-engine and loadwright-target first"; exit 3; }

WORK=$(mktemp -d /tmp/journey-bench.XXXXXX)
TPID=
cleanup() { [[ -n $TPID ]] && kill "$TPID" 2>/dev/null; wait 2>/dev/null; [[ -n ${KEEP:-} ]] || rm -rf "$WORK"; }
trap cleanup EXIT

"$TARGET" --port 0 --threads 1 >"$WORK/target.out" 2>&1 &
TPID=$!
for _ in $(seq 50); do grep -q ':[0-9]' "$WORK/target.out" 2>/dev/null && break; sleep 0.1; done
PORT=$(head -1 "$WORK/target.out" | sed 's/.*://')
BASE="http://127.0.0.1:$PORT"

python3 - "$WORK" "$BASE" "$VUS" "$DUR" "$ROWS" <<'PY'
import json, sys
work, base, vus, dur, rows = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
with open(f"{work}/users.csv", "w") as f:
    f.write("username,password\n")
    for i in range(1, 10001):
        f.write(f"user{i:04d},secret-{i:04d}\n")
with open(f"{work}/big.csv", "w") as f:
    f.write("username,password,email\n")
    for i in range(1, rows + 1):
        f.write(f"user{i:07d},secret-{i:07d},user{i:07d}@example.test\n")
load = {"model": "closed", "vus": vus, "duration": f"{dur}s", "threads": 1}
static = dict(load, requests=[{"name": "catalogue", "url": f"{base}/api/catalogue"}])
auth = ["Authorization", "Bearer {{token}}"]
journey = dict(load, data=[{"name": "users", "path": f"{work}/users.csv", "order": "sequential"}],
  scenarios=[{"name": "shop", "steps": [
    {"name": "login", "method": "POST", "url": f"{base}/api/login",
     "headers": [["Content-Type", "application/json"]],
     "body": "{\"user\":\"{{users.username}}\",\"password\":\"{{users.password}}\"}",
     "extract": [{"var": "token", "from": "json", "expression": "$.token"}]},
    {"name": "catalogue", "url": f"{base}/api/catalogue",
     "extract": [{"var": "product", "from": "json", "expression": "/items/0/id"}]},
    {"name": "add-to-cart", "method": "POST", "url": f"{base}/api/cart/items",
     "headers": [["Content-Type", "application/json"], auth],
     "body": "{\"product_id\":{{product}}}"}]}])
big = dict(static, data=[{"name": "big", "path": f"{work}/big.csv", "order": "unique"}],
  scenarios=[{"name": "rows", "cookies": False, "steps": [
    {"name": "row", "url": f"{base}/api/catalogue?u={{{{big.username}}}}"}]}])
for name, spec in (("static", static), ("journey", journey), ("bigdata", big)):
    json.dump(spec, open(f"{work}/{name}.json", "w"))
PY

run() { # name -> prints "cpu_us_per_request requests errors peak_rss_kib"
  /usr/bin/time -f '%M' -o "$WORK/$1.rss" timeout $((DUR + 20)) "$ENGINE" --spec "$WORK/$1.json" --json \
    >"$WORK/$1.out" 2>"$WORK/$1.err"
  python3 - "$WORK/$1.out" "$(tail -1 "$WORK/$1.rss")" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print(s["cpu_us_per_request"], s["requests"], s["errors"], sys.argv[2])
PY
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

echo "engine $ENGINE, target $TARGET (port $PORT), $VUS VUs, ${DUR}s, $RUNS runs each"
: >"$WORK/static.all"; : >"$WORK/journey.all"
for i in $(seq "$RUNS"); do
  s=$(run static); j=$(run journey)
  echo "run $i: static  cpu_us/req requests errors rss_kib: $s"
  echo "run $i: journey cpu_us/req requests errors rss_kib: $j"
  echo "$s" >>"$WORK/static.all"; echo "$j" >>"$WORK/journey.all"
done
S=$(cut -d' ' -f1 "$WORK/static.all" | median); J=$(cut -d' ' -f1 "$WORK/journey.all" | median)
echo "median CPU per request: static ${S} us, journey ${J} us, journey/static $(python3 -c "print(round($J/$S, 2))") (goal <= 1.5)"

# Resident size while running (VmRSS at mid-run; the file's mapping is gone by then) and at peak.
steady() { # name -> VmRSS in KiB at mid-run
  timeout $((DUR + 20)) "$ENGINE" --spec "$WORK/$1.json" --json >"$WORK/$1.steady" 2>&1 &
  local pid=$!
  sleep $((DUR / 2 + 1))
  local epid
  epid=$(pgrep -P "$pid" | head -1) # the engine under timeout
  awk '/^VmRSS/ {print $2}' "/proc/${epid:-$pid}/status" 2>/dev/null
  wait "$pid" 2>/dev/null
}
b=$(run bigdata)
s=$(cut -d' ' -f4 "$WORK/static.all" | median)
echo "peak RSS: without data ${s} KiB, with a ${ROWS}-row CSV ($(du -k "$WORK/big.csv" | cut -f1) KiB on disk) $(echo "$b" | cut -d' ' -f4) KiB"
echo "mid-run RSS: without data $(steady static) KiB, with the ${ROWS}-row CSV $(steady bigdata) KiB"
