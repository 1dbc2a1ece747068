#!/usr/bin/python3
"""Write link/hot-functions.txt: the functions of mlpy that typical runs
execute, hottest first. build.rs hands the list to the linker, which places
those functions side by side, so a run keeps little more of the binary
resident than the code it runs (see build.rs).

usage: python3 bench/hot_functions.py [--mlpy PATH] [--out PATH]

Runs under valgrind --tool=callgrind (symbols not demangled): every program
of the suite at its small size, the examples, `mlpy check`, a piped REPL
session with the dot-commands, and programs that fail to parse or raise.
Each function's instructions are summed over all runs; functions of the
binary (per `nm`) are written one per line, most instructions first.

Regenerate after large changes (a new module, a reworked VM): names that no
longer exist are skipped by the linker, new functions simply get no place.
Symbol names are stable across edits of the code, but not across a compiler
upgrade (`rustc -V` is written in the list's first line, as a comment).
"""
import argparse
import collections
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH_DIR)
sys.path.insert(0, BENCH_DIR)
import suite  # noqa: E402  (the program list and small sizes)

REPL_SESSION = """import user_utils;
.modules
.modinfo user_utils
x = [3, 1, 2];
print(sorted(x), len(x), x.map(fn(v) => v * 2));
s = "a-b-c".split("-");
print(s, {a: 1, b: [1, 2]});
undefined_name + 1;
.perfmon
.memreport
.help
"""


def workloads(mlpy, scratch):
    """(name, argv, stdin text) of every run to profile."""
    runs = []
    for name, (_, small) in suite.PROGRAMS.items():
        runs.append((name, [mlpy, "run", os.path.join(BENCH_DIR, name + ".ml"), str(small)], None))
    examples = os.path.join(ROOT, "examples")
    libs = os.path.join(examples, "ml_libs")
    for entry in sorted(os.listdir(examples)):
        if entry.endswith(".ml"):
            path = os.path.join(examples, entry)
            runs.append(("example-" + entry, [mlpy, "run", "-M", libs, path], None))
            runs.append(("check-" + entry, [mlpy, "check", "-M", libs, path], None))
    bad_syntax = os.path.join(scratch, "bad_syntax.ml")
    with open(bad_syntax, "w") as f:
        f.write("x = ;\n")
    raises = os.path.join(scratch, "raises.ml")
    with open(raises, "w") as f:
        f.write("function f(a) { return a.missing; }\nf({b: 1});\n")
    runs.append(("bad-syntax", [mlpy, "run", bad_syntax], None))
    runs.append(("raises", [mlpy, "run", raises], None))
    runs.append(("repl", [mlpy, "repl", "-M", libs, "-E", os.path.join(examples, "extensions")],
                 REPL_SESSION))
    return runs


def profile(run, scratch):
    name, argv, stdin = run
    out = os.path.join(scratch, name + ".cg")
    subprocess.run(["valgrind", "--tool=callgrind", "--demangle=no",
                    "--callgrind-out-file=" + out] + argv,
                   input=stdin, text=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    report = subprocess.run(["callgrind_annotate", "--threshold=100", out],
                            capture_output=True, text=True).stdout
    counts = collections.Counter()
    # "  1,234 (12.3%)  FILE:SYMBOL [OBJECT]"; mangled names hold no ':',
    # and callgrind marks recursion cycles with a trailing "'N".
    for m in re.finditer(r"^\s*([\d,]+) \(\s*[\d.]+%\)\s+(\S+)", report, re.M):
        symbol = re.sub(r"'\d+$", "", m.group(2).rsplit(":", 1)[-1])
        if symbol != "TOTALS":
            counts[symbol] += int(m.group(1).replace(",", ""))
    return counts


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mlpy", default=os.path.join(ROOT, "target", "release", "mlpy"))
    ap.add_argument("--out", default=os.path.join(ROOT, "link", "hot-functions.txt"))
    args = ap.parse_args()
    mlpy = os.path.abspath(args.mlpy)
    functions = set()
    for line in subprocess.run(["nm", mlpy], capture_output=True, text=True, check=True).stdout.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "tTwW":
            functions.add(parts[2])
    total = collections.Counter()
    with tempfile.TemporaryDirectory() as scratch:
        runs = workloads(mlpy, scratch)
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            for counts in pool.map(lambda r: profile(r, scratch), runs):
                total.update(counts)
    hot = sorted((f for f in total if f in functions), key=lambda f: (-total[f], f))
    rustc = subprocess.run(["rustc", "-V"], capture_output=True, text=True).stdout.strip()
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        f.write(f"# {rustc}; made by bench/hot_functions.py\n")
        f.writelines(name + "\n" for name in hot)
    print(f"{len(hot)} functions of {len(runs)} runs written to {args.out}")


if __name__ == "__main__":
    main()
