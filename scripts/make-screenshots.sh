#!/usr/bin/env bash
# Regenerates the README screenshots in resources/screenshots from the real application (headless).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${LOADWRIGHT_BUILD_DIR:-$here/build}"
cmake --build "$build_dir" --target loadwright-screenshots >/dev/null
QT_QPA_PLATFORM=offscreen "$build_dir/bin/loadwright-screenshots" "$here/resources/screenshots"
