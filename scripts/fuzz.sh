#!/usr/bin/env bash
# Builds every libFuzzer target of tests/fuzz with clang (-fsanitize=fuzzer,address,undefined, every
# library instrumented) in its own build directory and runs each for a bounded time on its seed
# corpus. Fails on the first crash, leak, timeout (one input > 10 s) or out-of-memory (> 2 GiB); the
# input that failed is left as $out/<target>/crash-* (add it to tests/fuzz/corpus/<target>/ with the fix).
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     default: 30 s, every target
#
# Environment: LOADWRIGHT_FUZZ_BUILD_DIR (default build-fuzz; a tree already configured with
# LW_FUZZ=ON, such as loadwright-dev.sh's sanitizer tree build-san, is used as it is), LOADWRIGHT_FUZZ_OUT (default
# $build/fuzz-runs: per target the grown corpus, the log and any crash), LOADWRIGHT_FUZZ_JOBS.
# Summary lines "target: N runs, cov C, ft F, corpus K" are what the README's figures come from.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${LOADWRIGHT_FUZZ_BUILD_DIR:-$here/build-fuzz}"
out="${LOADWRIGHT_FUZZ_OUT:-$build_dir/fuzz-runs}"
seconds="${1:-30}"
shift || true

all_targets=(strategy_fuzzer http1_fuzzer chunked_fuzzer http2_fuzzer protocol_fuzzer runspec_fuzzer
  hdr_v2_fuzzer hlog_fuzzer prometheus_fuzzer reportjson_fuzzer savedreport_fuzzer pluginmeta_fuzzer
  har_fuzzer curl_fuzzer datatable_fuzzer)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all_targets[@]}")

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

if grep -q '^LW_FUZZ:BOOL=ON' "$build_dir/CMakeCache.txt" 2>/dev/null; then
  log "Fuzz targets of $build_dir (configured with LW_FUZZ=ON)"
else
  log "Configuring the fuzz build (clang, libFuzzer + ASan + UBSan) in $build_dir"
  cmake -S "$here" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++ -DLW_FUZZ=ON >/dev/null
fi
log "Building ${#targets[@]} fuzz targets"
cmake --build "$build_dir" -j"${LOADWRIGHT_FUZZ_JOBS:-$(nproc)}" --target "${targets[@]}"

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export QT_QPA_PLATFORM=offscreen
failed=()
for t in "${targets[@]}"; do
  dir="$out/$t"
  mkdir -p "$dir/corpus"
  extra=()
  [ "$t" = strategy_fuzzer ] && extra=("$here/resources/strategies")
  [ "$t" = har_fuzzer ] && extra=("$here/tests/import/data")
  log "Fuzzing $t for ${seconds}s"
  # New inputs go to the first directory ($dir/corpus); the seed corpus in the tree is only read.
  if "$build_dir/tests/fuzz/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$dir/" \
      "$dir/corpus" "$here/tests/fuzz/corpus/$t" "${extra[@]}" >"$dir/log" 2>&1; then
    stats=$(grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE)' "$dir/log" | tail -1)
    runs=$(grep -E '^stat::number_of_executed_units' "$dir/log" | awk '{print $2}')
    cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$stats")
    ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$stats")
    corp=$(sed -nE 's/.* corp: ([0-9]+)\/.*/\1/p' <<<"$stats")
    echo "$t: ${runs:-?} runs, cov ${cov:-?}, ft ${ft:-?}, corpus ${corp:-?}"
  else
    echo "$t: FAILED (see $dir/log)" >&2
    grep -E 'ERROR|SUMMARY|runtime error|Test unit written' "$dir/log" | head -5 >&2 || true
    failed+=("$t")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzzing failed: ${failed[*]}" >&2
  exit 1
fi
log "All ${#targets[@]} fuzz targets ran ${seconds}s each without a finding"
