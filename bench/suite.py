#!/usr/bin/python3
"""The mlpy benchmark suite: mlpy against CPython and Lua 5.4.

usage: suite.py [options] [NAME ...]        (default: every program)

Every program exists three times, NAME.ml, NAME.py and NAME.lua, with the
same algorithm and byte-identical output. For each program the suite runs
the three once and compares their outputs (this also warms the file cache),
then times whole-process runs, alternating the interpreters run by run
(mlpy, python, lua, mlpy, python, lua, ...) so that drifts of a shared
machine hit all three alike. It reports median wall times, the ratios
mlpy/python and mlpy/lua (below 1 means mlpy is faster), the median peak
memory (maximum resident set size, from wait4's rusage) of each, and the
geometric means of the ratios.

With --callgrind it instead counts the instructions mlpy executes on each
program at a smaller size (valgrind --tool=callgrind), which does not drift
with the machine's load.

Exit status: 0 when every program ran and the outputs matched, 1 otherwise
(a report, not a pass/fail on the speed goals).
"""
import argparse
import json
import math
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))

# name -> (default size, small size for callgrind). The default size is the
# one each program uses without an argument (about 0.3-1 s of CPython).
PROGRAMS = {
    "fib": (33, 25),
    "loop": (10000000, 1000000),
    "quicksort": (200000, 20000),
    "strings": (5000000, 500000),
    "objects": (5000000, 500000),
    "nbody": (200000, 20000),
    "spectral": (350, 100),
    "binarytrees": (15, 12),
    "fannkuch": (9, 8),
    "mandelbrot": (480, 150),
    "wordfreq": (600000, 60000),
    "closures": (16000, 1600),
    "methods": (3000000, 300000),
    "strslice": (1500000, 150000),
}

INSTALL_LUA = "apt-get install -y lua5.4"


def fail(msg):
    sys.exit(f"suite.py: {msg}")


def is_elf(path):
    try:
        with open(path, "rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False


def resolve_interpreter(name, what, hint):
    """Absolute path of a real (ELF) interpreter binary, or exit.

    A version-manager shim is a script that starts the real interpreter
    after doing work of its own, which would be timed along with it."""
    path = shutil.which(name) if os.sep not in name else name
    if not path or not os.access(path, os.X_OK):
        fail(f"{what} not found: {name}" + (f" (install it: {hint})" if hint else ""))
    if not is_elf(os.path.realpath(path)):
        fail(f"{what} {path} is not an executable binary (a shim or wrapper "
             f"script?); point to the real interpreter, e.g. /usr/bin/python3")
    return os.path.abspath(path)


def run_once(argv):
    """Run argv; return (wall seconds, max RSS in KiB, exit status, stdout, stderr)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return wall, usage.ru_maxrss, proc.returncode, out.read(), err.read()


def commands(cfg, name, size=None):
    extra = [str(size)] if size is not None else []
    cmds = [("mlpy", [cfg.mlpy, "run", os.path.join(BENCH_DIR, name + ".ml")] + extra),
            ("python", [cfg.python, os.path.join(BENCH_DIR, name + ".py")] + extra)]
    if cfg.lua:
        cmds.append(("lua", [cfg.lua, os.path.join(BENCH_DIR, name + ".lua")] + extra))
    return cmds


def check_outputs(cfg, name, size=None):
    """Run each version once; return an error text, or None if all agree."""
    results = {}
    for label, argv in commands(cfg, name, size):
        _, _, rc, out, err = run_once(argv)
        if rc != 0:
            tail = err.decode(errors="replace").splitlines()[-15:]
            return f"{label} exited with status {rc}:\n  " + "\n  ".join(tail)
        results[label] = out
    ref = results["python"]
    for label, out in results.items():
        if out != ref:
            return (f"output of {label} differs from python's:\n"
                    f"  python: {ref.decode(errors='replace')!r}\n"
                    f"  {label}: {out.decode(errors='replace')!r}")
    sys.stderr.write("  output: " + ref.decode(errors="replace").strip().replace("\n", " | ") + "\n")
    return None


def time_alternating(cfg, name):
    """Median wall ms and median max RSS KiB per interpreter."""
    cmds = commands(cfg, name)
    walls = {label: [] for label, _ in cmds}
    rss = {label: [] for label, _ in cmds}
    # With hyperfine timing the wall times, one pass here gives the memory.
    for _ in range(1 if cfg.hyperfine else cfg.runs):
        for label, argv in cmds:
            wall, maxrss, rc, _, err = run_once(argv)
            if rc != 0:
                raise RuntimeError(f"{label} exited with status {rc}: "
                                   + err.decode(errors="replace")[-500:])
            walls[label].append(wall * 1000)
            rss[label].append(maxrss)
    if cfg.hyperfine:
        walls = time_hyperfine(cfg, cmds)
    return ({k: statistics.median(v) for k, v in walls.items()},
            {k: statistics.median(v) for k, v in rss.items()})


def time_hyperfine(cfg, cmds):
    """Wall times measured by hyperfine instead (memory still comes from our runs)."""
    with tempfile.NamedTemporaryFile(suffix=".json") as js:
        argv = ["hyperfine", "-N", "--runs", str(cfg.runs), "--warmup", "1",
                "--style", "basic", "--export-json", js.name]
        argv += [shlex.join(cmd) for _, cmd in cmds]
        subprocess.run(argv, check=True, stdout=sys.stderr)
        data = json.load(open(js.name))
    return {label: [t * 1000 for t in r["times"]]
            for (label, _), r in zip(cmds, data["results"])}


def geomean(values):
    values = [v for v in values if v and v > 0]
    if not values:
        return float("nan")
    return math.exp(sum(math.log(v) for v in values) / len(values))


def mb(kib):
    return kib / 1024


def print_table(cfg, rows):
    has_lua = bool(cfg.lua)
    if cfg.markdown:
        head = ["program", "mlpy ms", "python ms"] + (["lua ms"] if has_lua else [])
        head += ["mlpy/python"] + (["mlpy/lua"] if has_lua else [])
        head += ["mlpy MB", "python MB"] + (["lua MB"] if has_lua else [])
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
    else:
        fmt = "{:<12} {:>9} {:>9}" + (" {:>9}" if has_lua else "") + " {:>8}" \
              + (" {:>8}" if has_lua else "") + " {:>8} {:>8}" + (" {:>8}" if has_lua else "")
        head = ["program", "mlpy ms", "py ms"] + (["lua ms"] if has_lua else []) \
            + ["mlpy/py"] + (["mlpy/lua"] if has_lua else []) \
            + ["mlpy MB", "py MB"] + (["lua MB"] if has_lua else [])
        print(fmt.format(*head))
    for name, walls, rss, status in rows:
        if status:
            cells = [name, status]
            print(("| " + " | ".join(cells) + " |") if cfg.markdown else f"{name:<12} {status}")
            continue
        cells = [name, f"{walls['mlpy']:.0f}", f"{walls['python']:.0f}"]
        if has_lua:
            cells.append(f"{walls['lua']:.0f}")
        cells.append(f"{walls['mlpy'] / walls['python']:.2f}")
        if has_lua:
            cells.append(f"{walls['mlpy'] / walls['lua']:.2f}")
        cells += [f"{mb(rss['mlpy']):.1f}", f"{mb(rss['python']):.1f}"]
        if has_lua:
            cells.append(f"{mb(rss['lua']):.1f}")
        print(("| " + " | ".join(cells) + " |") if cfg.markdown else fmt.format(*cells))
    ok = [(w, r) for _, w, r, s in rows if not s]
    if not ok:
        return
    gm_py = geomean([w["mlpy"] / w["python"] for w, _ in ok])
    gm_lua = geomean([w["mlpy"] / w["lua"] for w, _ in ok]) if has_lua else None
    if cfg.markdown:
        cells = ["**geometric mean**", "", ""] + ([""] if has_lua else []) + [f"**{gm_py:.2f}**"]
        if has_lua:
            cells.append(f"**{gm_lua:.2f}**")
        cells += ["", ""] + ([""] if has_lua else [])
        print("| " + " | ".join(cells) + " |")
    else:
        line = f"geometric mean: mlpy/python {gm_py:.2f}"
        if has_lua:
            line += f", mlpy/lua {gm_lua:.2f}"
        print(line)
    # The goals of issue 12, counted (a report, not a pass/fail).
    n = len(ok)
    py_ok = sum(1 for w, _ in ok if w["mlpy"] <= 0.5 * w["python"])
    mem_ok = sum(1 for _, r in ok if r["mlpy"] <= r["python"])
    summary = [f"mlpy <= 0.5x python on {py_ok}/{n}",
               f"mlpy peak memory <= python's on {mem_ok}/{n}"]
    if has_lua:
        lua_ok = sum(1 for w, _ in ok if w["mlpy"] <= 1.5 * w["lua"])
        summary.append(f"mlpy <= 1.5x lua on {lua_ok}/{n}")
    print(("\n" if cfg.markdown else "") + "goals: " + "; ".join(summary))
    print(f"(whole-process wall time, median of {cfg.runs} alternating runs; "
          f"MB = median peak RSS in MiB; ratio < 1 means mlpy is faster)")


def run_timing(cfg):
    sys.stderr.write(f"== mlpy {cfg.mlpy}\n== python {cfg.python} ({version(cfg.python)})\n")
    sys.stderr.write(f"== lua {cfg.lua} ({version(cfg.lua)})\n" if cfg.lua else "== lua: skipped\n")
    rows = []
    failed = False
    for name in cfg.names:
        sys.stderr.write(f"== {name}\n")
        problem = check_outputs(cfg, name)
        if problem:
            sys.stderr.write("  " + problem + "\n")
            rows.append((name, None, None, "FAILED: " + problem.splitlines()[0]))
            failed = True
            continue
        try:
            walls, rss = time_alternating(cfg, name)
        except (RuntimeError, subprocess.CalledProcessError) as e:
            sys.stderr.write(f"  {e}\n")
            rows.append((name, None, None, "TIMING FAILED"))
            failed = True
            continue
        rows.append((name, walls, rss, None))
    print_table(cfg, rows)
    return 1 if failed else 0


def version(binary):
    if not binary:
        return "-"
    try:
        p = subprocess.run([binary, "-v" if "lua" in os.path.basename(binary) else "--version"],
                           capture_output=True, text=True, timeout=10)
        return (p.stdout or p.stderr).strip().splitlines()[0]
    except (OSError, subprocess.TimeoutExpired, IndexError):
        return "?"


def run_callgrind(cfg):
    """Instructions executed by mlpy per program at the small sizes."""
    if not shutil.which("valgrind"):
        fail("valgrind not found (install it: apt-get install -y valgrind)")
    failed = False
    if cfg.markdown:
        print("| program | size | mlpy instructions |\n|---|---|---|")
    else:
        print(f"{'program':<12} {'size':>9} {'instructions':>16}")
    for name in cfg.names:
        size = PROGRAMS[name][1]
        sys.stderr.write(f"== {name} (size {size})\n")
        problem = check_outputs(cfg, name, size)
        count = None
        if not problem:
            argv = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                    cfg.mlpy, "run", os.path.join(BENCH_DIR, name + ".ml"), str(size)]
            p = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            m = re.search(r"Collected\s*:\s*(\d+)", p.stderr)
            if p.returncode != 0 or not m:
                problem = f"callgrind failed (status {p.returncode}):\n{p.stderr[-800:]}"
            else:
                count = int(m.group(1))
        if problem:
            sys.stderr.write("  " + problem + "\n")
            failed = True
            cell = "FAILED"
        else:
            cell = f"{count:,}"
        print(f"| {name} | {size} | {cell} |" if cfg.markdown else f"{name:<12} {size:>9} {cell:>16}")
    return 1 if failed else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", metavar="NAME", help="programs (default: all)")
    ap.add_argument("--mlpy", required=True, help="mlpy binary")
    ap.add_argument("--python", default="/usr/bin/python3")
    ap.add_argument("--lua", default="lua5.4", help="Lua 5.4 binary, or 'none' to skip Lua")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--markdown", action="store_true", help="print a Markdown table")
    ap.add_argument("--hyperfine", action="store_true", help="time with hyperfine")
    ap.add_argument("--callgrind", action="store_true",
                    help="count mlpy's instructions at small sizes instead of timing")
    cfg = ap.parse_args()
    cfg.names = cfg.names or list(PROGRAMS)
    for name in cfg.names:
        if name not in PROGRAMS:
            fail(f"no program {name!r}; known: {' '.join(PROGRAMS)}")
        for ext in ("ml", "py", "lua"):
            if not os.path.isfile(os.path.join(BENCH_DIR, f"{name}.{ext}")):
                fail(f"missing {name}.{ext} in {BENCH_DIR}")
    if not (os.path.isfile(cfg.mlpy) and os.access(cfg.mlpy, os.X_OK)):
        fail(f"mlpy binary not found or not executable: {cfg.mlpy}")
    cfg.mlpy = os.path.abspath(cfg.mlpy)
    cfg.python = resolve_interpreter(cfg.python, "python", None)
    cfg.lua = None if cfg.lua == "none" else resolve_interpreter(cfg.lua, "lua", INSTALL_LUA)
    if cfg.runs < 1:
        fail("--runs must be at least 1")
    if cfg.hyperfine and not shutil.which("hyperfine"):
        fail("hyperfine not found (install it: apt-get install -y hyperfine)")
    return run_callgrind(cfg) if cfg.callgrind else run_timing(cfg)


if __name__ == "__main__":
    sys.exit(main())
