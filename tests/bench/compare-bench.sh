#!/usr/bin/env bash
# compare-bench.sh — false-regression and detection rates of `loadwright compare` on real runs.
#
# PAIRS sets of three runs of one strategy (open model, RATE req/s for DURATION s), each run against
# its own loadwright-target on 127.0.0.1: two against targets with `--latency exp:BASE` (an A/A
# pair) and one against `--latency exp:SLOW` (with the first, an A/B pair with a 10 % slower target).
# The three runs of a set go in parallel, so both runs of every pair see the same machine load (the
# sets run one after another). Every pair is compared with `loadwright compare --json` at the default
# threshold and alpha; the script prints the false-regression rate (A/A pairs called a regression,
# goal <= 1/20), the detection rate (A/B pairs called a regression, goal >= 19/20) and which
# metrics were flagged. Host monitoring stays on (the strategy default), as in a demo: the host's
# CPU and memory must not be what decides.
#
# --peer-bin DIR also asks another build's `loadwright compare` (e.g. the previous release) about
# the same pairs, so both gates are measured on the very same runs.
#
# Only 127.0.0.1 is contacted; every run is bounded by its duration; every process started here is
# stopped on exit (trap). A benchmark, not a timed test: not part of ctest.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PAIRS=20; RATE=200; DURATION=12; BASE=4ms; SLOW=4.4ms; THRESHOLD=""
BIN=""; PEER=""
usage() {
  cat <<USAGE
Usage: $0 [options]
  --bin DIR          directory with loadwright, loadwright-engine, loadwright-target
                     (default: newest build*/bin)
  --pairs N          sets of runs: N A/A pairs and N A/B pairs (default $PAIRS)
  --rate R           requests per second of each run (default $RATE)
  --duration S       seconds per run (default $DURATION)
  --base SPEC        mean of the exponential latency of the A targets (default $BASE)
  --slow SPEC        mean of the B target (default $SLOW)
  --threshold P      passed to loadwright compare --threshold (default: its own)
  --peer-bin DIR     also judge every pair with DIR/loadwright compare (same runs)
USAGE
}
while [ $# -gt 0 ]; do
  case "$1" in
    --bin) BIN=$2; shift 2 ;;
    --pairs) PAIRS=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --base) BASE=$2; shift 2 ;;
    --slow) SLOW=$2; shift 2 ;;
    --threshold) THRESHOLD=$2; shift 2 ;;
    --peer-bin) PEER=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
if [ -z "$BIN" ]; then
  BIN=$(ls -dt "$ROOT"/build*/bin 2>/dev/null | head -1)
fi
for b in loadwright loadwright-engine loadwright-target; do
  if [ ! -x "$BIN/$b" ]; then echo "no $b in '$BIN' (build it or pass --bin)" >&2; exit 3; fi
done

WORK=$(mktemp -d /tmp/compare-bench.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

start_target() { # name latency -> prints url
  local out="$WORK/target-$1.out"
  "$BIN/loadwright-target" --latency "$2" >"$out" 2>"$WORK/target-$1.err" &
  PIDS+=($!)
  for _ in $(seq 50); do
    if grep -q "listening on" "$out" 2>/dev/null; then break; fi
    sleep 0.1
  done
  echo "http://$(sed -n 's/^listening on //p' "$out")/"
}
A1=$(start_target a1 "$BASE"); A2=$(start_target a2 "$BASE"); B1=$(start_target b1 "$SLOW")

cat >"$WORK/plan.json" <<PLAN
{ "schema": 1, "name": "compare bench", "owner": "bench", "type": "load", "safety_level": "low",
  "targets": [ { "name": "root", "url": "\${TARGET_URL}" } ],
  "load": { "model": "open", "max_connections": 64, "request_timeout": "2s",
            "stages": [ { "duration": "${DURATION}s", "target": $RATE, "ramp": "step" } ] } }
PLAN

run() { # workspace url -> run id
  "$BIN/loadwright" run "$WORK/plan.json" --workspace "$1" --set "TARGET_URL=$2" --json \
    --engine "$BIN/loadwright-engine" --as bench 2>>"$WORK/runs.err" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["run_id"])' 2>/dev/null
}
compare() { # [binary dir] workspace base candidate -> "regression flagged-metrics"
  local bin=$BIN
  if [ $# -eq 4 ]; then bin=$1; shift; fi
  local extra=()
  [ -n "$THRESHOLD" ] && extra=(--threshold "$THRESHOLD")
  "$bin/loadwright" compare "$2" "$3" --workspace "$1" --json "${extra[@]}" 2>>"$WORK/runs.err" |
    python3 -c '
import json, sys
d = json.load(sys.stdin)
flagged = [m["key"] for m in d["metrics"] if m["verdict"] == "regression"]
print(("1" if d["regression"] else "0") + " " + (",".join(flagged) or "-"))'
}

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "compare-bench: $PAIRS sets, ${DURATION}s at $RATE req/s, exp:$BASE (A) vs exp:$SLOW (B)"
FALSE=0; DETECTED=0; DONE_AA=0; DONE_AB=0; PEER_FALSE=0; PEER_DETECTED=0
declare -A FLAG_AA FLAG_AB
for i in $(seq "$PAIRS"); do
  ws="$WORK/ws$i.lwdb"
  # The workspace exists before the parallel runs open it.
  "$BIN/loadwright" runs --workspace "$ws" >/dev/null 2>&1
  run "$ws" "$A1" >"$WORK/a1" & r1=$!
  run "$ws" "$A2" >"$WORK/a2" & r2=$!
  run "$ws" "$B1" >"$WORK/b1" & r3=$!
  wait $r1 $r2 $r3
  a1=$(cat "$WORK/a1"); a2=$(cat "$WORK/a2"); b1=$(cat "$WORK/b1")
  if [ -z "$a1" ] || [ -z "$a2" ] || [ -z "$b1" ]; then
    echo "set $i: a run failed (see $WORK/runs.err; KEEP=1 keeps it)"; tail -5 "$WORK/runs.err"; continue
  fi
  read -r aa aaf < <(compare "$ws" "$a1" "$a2")
  read -r ab abf < <(compare "$ws" "$a1" "$b1")
  DONE_AA=$((DONE_AA + 1)); DONE_AB=$((DONE_AB + 1))
  FALSE=$((FALSE + aa)); DETECTED=$((DETECTED + ab))
  for k in ${aaf//,/ }; do [ "$k" != "-" ] && FLAG_AA[$k]=$(( ${FLAG_AA[$k]:-0} + 1 )); done
  for k in ${abf//,/ }; do [ "$k" != "-" ] && FLAG_AB[$k]=$(( ${FLAG_AB[$k]:-0} + 1 )); done
  line="set $i: A/A regression=$aa ($aaf)  A/B regression=$ab ($abf)"
  if [ -n "$PEER" ]; then
    read -r paa paaf < <(compare "$PEER" "$ws" "$a1" "$a2")
    read -r pab pabf < <(compare "$PEER" "$ws" "$a1" "$b1")
    PEER_FALSE=$((PEER_FALSE + paa)); PEER_DETECTED=$((PEER_DETECTED + pab))
    line="$line  | peer: A/A=$paa ($paaf) A/B=$pab ($pabf)"
  fi
  echo "$line"
done
echo
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "false regressions (A/A): $FALSE / $DONE_AA   (goal <= 1 in 20)"
echo "detected (A/B, 10 % slower): $DETECTED / $DONE_AB   (goal >= 19 in 20)"
if [ -n "$PEER" ]; then
  echo "peer ($PEER): false regressions $PEER_FALSE / $DONE_AA, detected $PEER_DETECTED / $DONE_AB"
fi
printf 'A/A flagged metrics:'; for k in "${!FLAG_AA[@]}"; do printf ' %s=%s' "$k" "${FLAG_AA[$k]}"; done; echo
printf 'A/B flagged metrics:'; for k in "${!FLAG_AB[@]}"; do printf ' %s=%s' "$k" "${FLAG_AB[$k]}"; done; echo
