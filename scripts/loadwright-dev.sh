#!/usr/bin/env bash
# One entry point for a fresh Debian 12 machine:
#   scripts/loadwright-dev.sh demo   install dependencies, build, start the workbench on a demo workspace
#   scripts/loadwright-dev.sh test   install dependencies, build, run the whole test suite (what CI
#                                    runs); with LOADWRIGHT_SANITIZE=1 then the sanitizer tree: the
#                                    whole suite again under ASan + UBSan and every fuzz target for a
#                                    bounded time
#   scripts/loadwright-dev.sh deps|build|asan|fuzz   the individual steps: asan builds the sanitizer
#                                    tree and runs the suite in it, fuzz runs every libFuzzer target
# LOADWRIGHT_SANITIZE=1 adds the sanitizer tree to `test`; LOADWRIGHT_FUZZ_SECONDS=N fuzzes each
# target N seconds there (default 15; 0 only replays the corpora).
# Installing needs root (apt-get); it uses sudo when run as another user. Every step is idempotent.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${LOADWRIGHT_BUILD_DIR:-$here/build}"
build_type="${LOADWRIGHT_BUILD_TYPE:-RelWithDebInfo}"
san_dir="${LOADWRIGHT_SAN_BUILD_DIR:-$here/build-san}"
fuzz_seconds="${LOADWRIGHT_FUZZ_SECONDS:-15}"
# Suites left out of the sanitizer run (a ctest -E regex), and why: none so far.
asan_exclude="${LOADWRIGHT_ASAN_EXCLUDE:-}"

packages=(
  build-essential cmake ninja-build pkg-config ccache clang-format
  qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite qt6-qpa-plugins libqcustomplot-dev
  libsqlite3-dev libcurl4-openssl-dev nlohmann-json3-dev zlib1g-dev libssl-dev libnghttp2-dev
  fonts-dejavu-core xvfb xauth libsodium-dev
  # tests and benchmarks: reference HdrHistogram (Java, compiled by a test), nginx and wrk on
  # loopback, a real Prometheus exporter for the resource monitor
  nginx-light wrk libhdrhistogram-java default-jdk-headless python3 prometheus-node-exporter
  # tamper tests edit workspace files with the sqlite3 shell
  sqlite3
  # fuzzing: libFuzzer comes with Debian's clang (scripts/fuzz.sh)
  clang
  # reports: HTML opened by headless Chromium, PDF rendered by pdftoppm (tests)
  chromium poppler-utils
  # notification plugins: secrets in the system keychain (QtKeychain; a real gnome-keyring daemon
  # on a private D-Bus session in tests), an SMTP receiver for the e-mail plugin's tests
  qtkeychain-qt6-dev gnome-keyring dbus dbus-x11 libsecret-tools python3-aiosmtpd
  # k6 export: the generated scripts are syntax-checked with node --check
  nodejs
  # the Locust engine adapter (Locust's distributed mode, run by /usr/bin/python3)
  python3-locust
  # Locust workers in their own network namespaces (a test): ip from iproute2
  iproute2
)

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_deps() {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    log "All ${#packages[@]} Debian packages are installed"
    return
  fi
  log "Installing ${#missing[@]} Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

build() {
  log "Configuring ($build_type) in $build_dir"
  cmake -S "$here" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="$build_type" ${LOADWRIGHT_CMAKE_ARGS:-} >/dev/null
  log "Building"
  cmake --build "$build_dir" -j"$(nproc)"
}

run_tests() {
  log "Running the test suite"
  ctest --test-dir "$build_dir" --output-on-failure -j"$(nproc)" "$@"
}

# The sanitizer tree: everything built once more with clang, AddressSanitizer + UndefinedBehavior-
# Sanitizer and libFuzzer's coverage instrumentation (-O1, line tables only, to build fast), so the
# same objects give the whole suite under the sanitizers and the real fuzzers. Any sanitizer report
# fails the test that caused it. Leak checking is off for the suites (Qt and fontconfig keep caches
# until exit); the fuzzers check the parsers for leaks.
san_cmake_args=(-G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only" -DLW_SANITIZE=ON -DLW_FUZZ=ON)

configure_san() {
  log "Configuring the sanitizer tree (clang, ASan + UBSan + libFuzzer) in $san_dir"
  cmake -S "$here" -B "$san_dir" "${san_cmake_args[@]}" >/dev/null
}

run_sanitizer_tests() {
  configure_san
  log "Building the sanitizer tree"
  cmake --build "$san_dir" -j"$(nproc)"
  log "Running the test suite under ASan + UBSan"
  ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:detect_stack_use_after_return=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}" \
    UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
    ctest --test-dir "$san_dir" --output-on-failure -j"$(nproc)" ${asan_exclude:+-E "$asan_exclude"} "$@"
}

# Fuzzing in the sanitizer tree (scripts/fuzz.sh builds only the fuzz targets there).
run_fuzz() {
  [ -f "$san_dir/CMakeCache.txt" ] || configure_san
  LOADWRIGHT_FUZZ_BUILD_DIR="$san_dir" "$here/scripts/fuzz.sh" "$1"
}

run_demo() {
  local ws="${LOADWRIGHT_WORKSPACE:-$build_dir/demo/demo.lwdb}"
  mkdir -p "$(dirname "$ws")"
  local app="$build_dir/bin/loadwright"
  # Whatever the demo starts in the background stops with it (also on Ctrl+C).
  demo_helpers=()
  trap 'for p in "${demo_helpers[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    log "No display found: starting the workbench inside Xvfb (virtual display :99)"
    Xvfb :99 -screen 0 1600x1000x24 >/dev/null 2>&1 &
    demo_helpers+=($!)
    export DISPLAY=:99
    sleep 1
  fi
  # The demo strategies aim at ${TARGET:-http://127.0.0.1:8080}: serve them with loadwright-target
  # (loopback only, exponential latency around 20 ms, 0.5 % errors) while the workbench is open.
  if [ -z "${TARGET:-}" ] && ! (exec 3<>/dev/tcp/127.0.0.1/8080) 2>/dev/null; then
    log "Serving the demo target on http://127.0.0.1:8080 (loadwright-target)"
    "$build_dir/bin/loadwright-target" --port 8080 --threads 2 --latency exp:20ms \
      --error-rate 0.005 >/dev/null 2>&1 &
    demo_helpers+=($!)
  elif [ -z "${TARGET:-}" ]; then
    log "Port 8080 is already in use: the demo strategies will load whatever serves it"
  fi
  log "Starting the workbench on the demo workspace $ws"
  "$app" --workspace "$ws" --demo
}

cmd="${1:-}"
case "$cmd" in
  deps) install_deps ;;
  build) install_deps; build ;;
  test)
    shift
    install_deps
    build
    run_tests "$@"
    if [ "${LOADWRIGHT_SANITIZE:-0}" != 0 ]; then
      run_sanitizer_tests "$@"
      [ "$fuzz_seconds" = 0 ] || run_fuzz "$fuzz_seconds"
    fi
    ;;
  asan) shift; install_deps; run_sanitizer_tests "$@" ;;
  fuzz) install_deps; run_fuzz "${2:-$fuzz_seconds}" ;;
  demo) install_deps; build; run_demo ;;
  *) echo "usage: $0 demo|test|deps|build|asan|fuzz" >&2; exit 2 ;;
esac
