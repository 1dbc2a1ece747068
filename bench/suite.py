#!/usr/bin/python3
"""The mlpy benchmark suite: mlpy against CPython and Lua 5.4.

usage: suite.py [options] [NAME ...]        (default: every program)

Every program exists three times, NAME.ml, NAME.py and NAME.lua, with the
same algorithm and byte-identical output. For each program the suite runs
the three once and compares their outputs (this also warms the file cache),
then times whole-process runs, alternating the interpreters run by run
(mlpy, python, lua, mlpy, python, lua, ...) so that drifts of a shared
machine hit all three alike. It reports median wall times, the ratios
mlpy/python and mlpy/lua of the wall times and of the user+system CPU times
(below 1 means mlpy is faster; on a loaded machine the CPU ratios are the
steadier), the median peak memory (maximum resident set size, through GNU
time) of each, and the geometric means of the ratios.

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
    "fib": (33, 27),
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
    "strslice": (1500000, 5000),
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
    after doing work of its own, which would be timed along with it, and
    which interpreter it picks depends on the environment; so Python must
    be given as a path, never looked up in PATH."""
    if os.sep in name:
        path = name
    elif what == "python":
        fail(f"give Python as a path to a real interpreter binary, e.g. "
             f"/usr/bin/python3, not {name!r} from PATH (it may be a shim)")
    else:
        path = shutil.which(name)
    if not path or not os.access(path, os.X_OK):
        fail(f"{what} not found: {name}" + (f" (install it: {hint})" if hint else ""))
    if not is_elf(os.path.realpath(path)):
        fail(f"{what} {path} is not an executable binary (a shim or wrapper "
             f"script?); point to the real interpreter, e.g. /usr/bin/python3")
    return os.path.abspath(path)


# GNU time, if installed, measures peak memory (see run_once).
GNU_TIME = "/usr/bin/time"


def have_gnu_time():
    try:
        p = subprocess.run([GNU_TIME, "--version"], capture_output=True, text=True, timeout=10)
        return "GNU" in p.stdout + p.stderr
    except (OSError, subprocess.TimeoutExpired):
        return False


def run_once(argv, gnu_time=True):
    """Run argv; return (wall s, user+system CPU s, max RSS KiB, exit status, stdout, stderr).

    Linux carries the forking process's resident anonymous memory over into
    a child's ru_maxrss (the child starts as a copy of it), so a child forked
    from this harness never reports less than the harness's ~10 MB. GNU time
    is a small C program: forked from it, a child's peak is its own. Without
    it the numbers are the harness's floor or above (the caller says so)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile(mode="r") as mem:
        full = [GNU_TIME, "-f", "%M", "-o", mem.name] + argv if gnu_time else argv
        start = time.perf_counter()
        proc = subprocess.Popen(full, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        maxrss = usage.ru_maxrss
        if gnu_time:
            lines = mem.read().split()
            maxrss = int(lines[-1]) if lines and lines[-1].isdigit() else 0
        out.seek(0)
        err.seek(0)
        cpu = usage.ru_utime + usage.ru_stime
        return wall, cpu, maxrss, proc.returncode, out.read(), err.read()


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
        _, _, _, rc, out, err = run_once(argv, cfg.gnu_time)
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
    """Per interpreter: median wall ms, median CPU ms (user + system), median max RSS KiB."""
    cmds = commands(cfg, name)
    samples = {label: {"wall": [], "cpu": [], "rss": []} for label, _ in cmds}
    # With hyperfine timing the wall times, one pass here gives the memory.
    for _ in range(1 if cfg.hyperfine else cfg.runs):
        for label, argv in cmds:
            wall, cpu, maxrss, rc, _, err = run_once(argv, cfg.gnu_time)
            if rc != 0:
                raise RuntimeError(f"{label} exited with status {rc}: "
                                   + err.decode(errors="replace")[-500:])
            samples[label]["wall"].append(wall * 1000)
            samples[label]["cpu"].append(cpu * 1000)
            samples[label]["rss"].append(maxrss)
    if cfg.hyperfine:
        for label, times in time_hyperfine(cfg, cmds).items():
            samples[label].update(times)
    return {label: {k: statistics.median(v) for k, v in kinds.items()}
            for label, kinds in samples.items()}


def time_hyperfine(cfg, cmds):
    """Wall and CPU times measured by hyperfine (memory still comes from our runs)."""
    with tempfile.NamedTemporaryFile(suffix=".json") as js:
        argv = ["hyperfine", "-N", "--runs", str(cfg.runs), "--warmup", "1",
                "--style", "basic", "--export-json", js.name]
        argv += [shlex.join(cmd) for _, cmd in cmds]
        subprocess.run(argv, check=True, stdout=sys.stderr)
        with open(js.name) as f:
            data = json.load(f)
    return {label: {"wall": [t * 1000 for t in r["times"]],
                    "cpu": [(r["user"] + r["system"]) * 1000]}
            for (label, _), r in zip(cmds, data["results"])}


def geomean(values):
    values = [v for v in values if v and v > 0]
    if not values:
        return float("nan")
    return math.exp(sum(math.log(v) for v in values) / len(values))


def table_columns(has_lua):
    """(heading, function of a row's stats giving a number, format, is a ratio)."""
    others = ["python", "lua"] if has_lua else ["python"]
    cols = [(f"{k} ms", lambda st, k=k: st[k]["wall"], "{:.0f}", False)
            for k in ["mlpy"] + others]
    cols += [(f"mlpy/{k}", lambda st, k=k: st["mlpy"]["wall"] / st[k]["wall"], "{:.2f}", True)
             for k in others]
    cols += [(f"cpu mlpy/{k}", lambda st, k=k: st["mlpy"]["cpu"] / st[k]["cpu"], "{:.2f}", True)
             for k in others]
    cols += [(f"{k} MB", lambda st, k=k: st[k]["rss"] / 1024, "{:.1f}", False)
             for k in ["mlpy"] + others]
    return cols


def print_table(cfg, rows):
    cols = table_columns(bool(cfg.lua))
    heads = ["program"] + [c[0] for c in cols]
    widths = [12] + [max(len(h), 7) for h in heads[1:]]

    def line(cells):
        if cfg.markdown:
            return "| " + " | ".join(cells) + " |"
        return " ".join(c.ljust(w) if i == 0 else c.rjust(w)
                        for i, (c, w) in enumerate(zip(cells, widths)))

    print(line(heads))
    if cfg.markdown:
        print("|" + "---|" * len(heads))
    for name, stats, status in rows:
        if status:
            print(line([name, status]) if cfg.markdown else f"{name:<12} {status}")
        else:
            print(line([name] + [fmt.format(f(stats)) for _, f, fmt, _ in cols]))
    ok = [stats for _, stats, status in rows if not status]
    if not ok:
        return
    means = [fmt.format(geomean([f(st) for st in ok])) if ratio else ""
             for _, f, fmt, ratio in cols]
    if cfg.markdown:
        means = [f"**{m}**" if m else "" for m in means]
    print(line(["geomean"] + means))
    # The goals of issue 12, counted (a report, not a pass/fail).
    n = len(ok)
    summary = [f"mlpy <= 0.5x python on {sum(st['mlpy']['wall'] <= 0.5 * st['python']['wall'] for st in ok)}/{n}",
               f"peak memory <= python's on {sum(st['mlpy']['rss'] <= st['python']['rss'] for st in ok)}/{n}"]
    if cfg.lua:
        summary.append(f"mlpy <= 1.5x lua on {sum(st['mlpy']['wall'] <= 1.5 * st['lua']['wall'] for st in ok)}/{n}")
    print(("\n" if cfg.markdown else "") + "goals (wall time): " + "; ".join(summary))
    print(f"(ms: median whole-process wall time of {cfg.runs} alternating runs; "
          f"cpu: ratio of median user+system CPU time; MB: median peak RSS in MiB"
          f"{'' if cfg.gnu_time else ', floored at the harness RSS'}; "
          f"a ratio below 1 means mlpy is faster)")


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
            rows.append((name, None, "FAILED: " + problem.splitlines()[0]))
            failed = True
            continue
        try:
            stats = time_alternating(cfg, name)
        except (RuntimeError, subprocess.CalledProcessError) as e:
            sys.stderr.write(f"  {e}\n")
            rows.append((name, None, "TIMING FAILED"))
            failed = True
            continue
        rows.append((name, stats, None))
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


def callgrind_count(cfg, argv):
    """Instructions argv executes under callgrind, or None (reason on stderr)."""
    full = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + argv
    p = subprocess.run(full, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    m = re.search(r"Collected\s*:\s*(\d+)", p.stderr)
    if p.returncode != 0 or not m:
        sys.stderr.write(f"  callgrind failed (status {p.returncode}):\n{p.stderr[-800:]}\n")
        return None
    return int(m.group(1))


def run_callgrind(cfg):
    """Instructions executed by mlpy per program at the small sizes."""
    if not shutil.which("valgrind"):
        fail("valgrind not found (install it: apt-get install -y valgrind)")
    failed = False
    if cfg.markdown:
        print("| program | size | mlpy instructions |\n|---|---|---|")
    else:
        print(f"{'program':<12} {'size':>9} {'instructions':>16}")
    # Start-up and an empty program, for scale.
    with tempfile.NamedTemporaryFile("w", suffix=".ml") as empty:
        count = callgrind_count(cfg, [cfg.mlpy, "run", empty.name])
        cell = f"{count:,}" if count else "FAILED"
        print(f"| (empty program) | - | {cell} |" if cfg.markdown
              else f"{'(empty)':<12} {'-':>9} {cell:>16}")
    for name in cfg.names:
        size = PROGRAMS[name][1]
        sys.stderr.write(f"== {name} (size {size})\n")
        problem = check_outputs(cfg, name, size)
        count = None
        if not problem:
            count = callgrind_count(cfg, [cfg.mlpy, "run",
                                          os.path.join(BENCH_DIR, name + ".ml"), str(size)])
            if count is None:
                problem = "callgrind failed"
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
    cfg.gnu_time = have_gnu_time()
    if not cfg.gnu_time and not cfg.callgrind:
        sys.stderr.write("suite.py: GNU time not found (apt-get install -y time); peak memory "
                         "below this harness's own ~10 MB cannot be measured without it\n")
    if cfg.runs < 1:
        fail("--runs must be at least 1")
    if cfg.hyperfine and not shutil.which("hyperfine"):
        fail("hyperfine not found (install it: apt-get install -y hyperfine)")
    return run_callgrind(cfg) if cfg.callgrind else run_timing(cfg)


if __name__ == "__main__":
    sys.exit(main())
