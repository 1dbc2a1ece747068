#!/usr/bin/env bash
# Speed benchmarks: mlpy against CPython on the same programs.
#
# usage: bash bench/run.sh [NAME ...]     (default: all benchmarks)
#
# Environment:
#   RUNS=7          timed runs per command (the median is reported)
#   MLPY_BIN=path   interpreter to test (default: target/release/mlpy)
#   PYTHON=python3  Python to compare against
#   SKIP_BUILD=1    do not run `cargo build --release` first
#   HYPERFINE=0     use bench/timeit.py even if hyperfine is installed
#
# For each benchmark it runs NAME.ml with mlpy and NAME.py with Python once,
# checks that both succeed and print the same output, then times whole-process
# wall time and prints a table. The goal is mlpy >= 2x faster than Python.
# Exit status: 0 when every benchmark ran and matched (goal met or not),
# 1 when a build or command failed or outputs differed.
set -u

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH_DIR")"
RUNS="${RUNS:-7}"
MLPY_BIN="${MLPY_BIN:-$ROOT/target/release/mlpy}"
PYTHON="${PYTHON:-python3}"
GOAL=2
ALL_BENCHES=(fib loop quicksort strings objects)

if (($#)); then BENCHES=("$@"); else BENCHES=("${ALL_BENCHES[@]}"); fi

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    echo "== cargo build --release" >&2
    (cd "$ROOT" && cargo build --release) || {
        echo "run.sh: cargo build --release failed" >&2
        exit 1
    }
fi
if [[ ! -x "$MLPY_BIN" ]]; then
    echo "run.sh: mlpy binary not found or not executable: $MLPY_BIN" >&2
    exit 1
fi

# Resolve the real interpreter (a pyenv shim is a bash script that would add
# its own start-up time to every Python run).
PYTHON="$("$PYTHON" -c 'import sys; print(sys.executable)')" || {
    echo "run.sh: cannot run Python" >&2
    exit 1
}

if [[ "${HYPERFINE:-1}" != 0 ]] && command -v hyperfine >/dev/null 2>&1; then
    TIMER=hyperfine
else
    TIMER=timeit.py
fi

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# Quote one argument for a POSIX shell (also understood by shlex and hyperfine).
q() { printf "'%s'" "${1//\'/\'\\\'\'}"; }

# time_pair CMD1 CMD2 -> prints two lines: median ms of CMD1, of CMD2.
time_pair() {
    if [[ $TIMER == hyperfine ]]; then
        local opts=(--runs "$RUNS" --warmup 1 --style basic --export-json "$TMP/hf.json")
        # -N: run without an intermediate shell (hyperfine >= 1.13).
        if hyperfine --help 2>&1 | grep -q -- '-N, '; then opts+=(-N); fi
        hyperfine "${opts[@]}" "$1" "$2" >&2 || return 1
        "$PYTHON" -c '
import json, statistics, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print("%.1f" % (statistics.median(r["times"]) * 1000))' "$TMP/hf.json"
    else
        "$PYTHON" "$BENCH_DIR/timeit.py" --runs "$RUNS" "$1" "$2"
    fi
}

echo "== timing with $TIMER, $RUNS runs each; mlpy: $MLPY_BIN; python: $("$PYTHON" --version 2>&1)" >&2

failed=0
rows=()
for name in "${BENCHES[@]}"; do
    ml="$BENCH_DIR/$name.ml"
    py="$BENCH_DIR/$name.py"
    if [[ ! -f $ml || ! -f $py ]]; then
        echo "run.sh: no benchmark '$name' ($ml / $py missing)" >&2
        rows+=("$(printf '%-10s %10s %10s %8s  %s' "$name" - - - "MISSING")")
        failed=1
        continue
    fi
    echo "== $name" >&2

    # One checked run of each (also serves as a warm-up).
    ml_out="$("$MLPY_BIN" run "$ml" 2>"$TMP/ml.err")"
    ml_rc=$?
    py_out="$("$PYTHON" "$py" 2>"$TMP/py.err")"
    py_rc=$?
    status=""
    if ((ml_rc != 0)); then
        echo "mlpy run $name.ml exited with status $ml_rc:" >&2
        tail -n 20 "$TMP/ml.err" >&2
        status="MLPY FAILED (exit $ml_rc)"
    elif ((py_rc != 0)); then
        echo "$PYTHON $name.py exited with status $py_rc:" >&2
        tail -n 20 "$TMP/py.err" >&2
        status="PYTHON FAILED (exit $py_rc)"
    elif [[ "$ml_out" != "$py_out" ]]; then
        echo "outputs differ for $name:" >&2
        diff <(printf '%s\n' "$py_out") <(printf '%s\n' "$ml_out") \
            --label "python $name.py" --label "mlpy $name.ml" >&2
        status="OUTPUT DIFFERS"
    fi
    if [[ -n $status ]]; then
        rows+=("$(printf '%-10s %10s %10s %8s  %s' "$name" - - - "$status")")
        failed=1
        continue
    fi
    echo "output: $ml_out" >&2

    if ! medians="$(time_pair "$(q "$MLPY_BIN") run $(q "$ml")" "$(q "$PYTHON") $(q "$py")")"; then
        rows+=("$(printf '%-10s %10s %10s %8s  %s' "$name" - - - "TIMING FAILED")")
        failed=1
        continue
    fi
    { read -r ml_ms; read -r py_ms; } <<<"$medians"
    rows+=("$(awk -v n="$name" -v m="$ml_ms" -v p="$py_ms" -v g="$GOAL" 'BEGIN {
        r = (m > 0) ? p / m : 0
        printf "%-10s %10.1f %10.1f %7.2fx  %s", n, m, p, r, (r >= g) ? "yes" : "no"
    }')")
done

echo
printf '%-10s %10s %10s %8s  %s\n' benchmark "mlpy ms" "python ms" ratio "goal (>= ${GOAL}x faster)"
printf '%s\n' "${rows[@]}"
echo "(median wall time of $RUNS runs each, timed with $TIMER; ratio = python / mlpy)"
exit "$failed"
