#!/usr/bin/env bash
# The mlpy benchmark suite: mlpy against CPython and Lua 5.4 on the same
# programs (bench/NAME.ml, NAME.py, NAME.lua). See bench/README.md.
#
# usage: bash bench/run.sh [NAME ...]     (default: every program)
#
# Environment:
#   RUNS=5               timed runs per interpreter (medians are reported)
#   MLPY_BIN=path        mlpy binary (default: target/release/mlpy)
#   PYTHON=path          CPython binary (default: /usr/bin/python3; must be a
#                        real executable, never a version-manager shim)
#   LUA=lua5.4           Lua binary (apt-get install -y lua5.4); LUA=none skips Lua
#   SKIP_BUILD=1         do not run `cargo build --release` first
#   MARKDOWN=1           print the table as Markdown
#   HYPERFINE=1          time with hyperfine (apt-get install -y hyperfine)
#   CALLGRIND=1          count mlpy's instructions per program at small sizes
#                        (valgrind --tool=callgrind) instead of timing
#
# Checks that the three versions of each program print byte-identical output,
# then times whole-process runs alternating mlpy, python, lua run by run and
# prints per program: median ms of each, mlpy/python, mlpy/lua, median peak
# memory of each, and the geometric means of the ratios.
# Exit status: 0 when every program ran and matched (whatever the speed),
# 1 when a build, a run or an output comparison failed.
set -u

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH_DIR")"
MLPY_BIN="${MLPY_BIN:-$ROOT/target/release/mlpy}"
PYTHON="${PYTHON:-/usr/bin/python3}"
LUA="${LUA:-lua5.4}"

# Python must be a real interpreter binary given by path: a version-manager
# shim in PATH adds its own start-up to every run and may pick another build.
if [[ "$PYTHON" != */* ]]; then
    echo "run.sh: PYTHON must be a path to a real interpreter, e.g. /usr/bin/python3," >&2
    echo "        not '$PYTHON' looked up in PATH (it may be a shim)" >&2
    exit 1
fi
if [[ "$(head -c 4 "$(readlink -f "$PYTHON")" 2>/dev/null | tail -c 3)" != ELF ]]; then
    echo "run.sh: $PYTHON is not an executable binary (a shim or wrapper script?)" >&2
    exit 1
fi
if [[ "$LUA" != none ]] && ! command -v "$LUA" >/dev/null 2>&1; then
    echo "run.sh: $LUA not found; install it with: apt-get install -y lua5.4" >&2
    echo "        (or run with LUA=none to compare against CPython only)" >&2
    exit 1
fi

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    echo "== cargo build --release" >&2
    (cd "$ROOT" && cargo build --release) || {
        echo "run.sh: cargo build --release failed" >&2
        exit 1
    }
fi

opts=(--mlpy "$MLPY_BIN" --python "$PYTHON" --lua "$LUA" --runs "${RUNS:-5}")
[[ "${MARKDOWN:-0}" == 1 ]] && opts+=(--markdown)
[[ "${HYPERFINE:-0}" == 1 ]] && opts+=(--hyperfine)
[[ "${CALLGRIND:-0}" == 1 ]] && opts+=(--callgrind)

# The harness itself runs on the same CPython it compares against.
exec "$PYTHON" "$BENCH_DIR/suite.py" "${opts[@]}" "$@"
