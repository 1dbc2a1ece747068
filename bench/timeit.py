#!/usr/bin/env python3
"""Time whole-process runs of several commands, alternating between them.

usage: timeit.py [--runs N] CMD [CMD ...]

Each CMD is one string, split like a POSIX shell would (shlex); no shell is
started. The commands run in turn (A B A B ...) N times each, so that slow
drifts of the machine hit all of them alike. Standard output is discarded.
Prints one line per command, in order: the median wall time in milliseconds.
Exits 1, showing the command's stderr, as soon as a run fails.
"""
import argparse
import shlex
import statistics
import subprocess
import sys
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("commands", nargs="+", metavar="CMD")
    args = ap.parse_args()

    argvs = [shlex.split(c) for c in args.commands]
    times = [[] for _ in argvs]
    for _ in range(args.runs):
        for argv, samples in zip(argvs, times):
            start = time.perf_counter()
            proc = subprocess.run(argv, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE)
            samples.append(time.perf_counter() - start)
            if proc.returncode != 0:
                sys.stderr.write(proc.stderr.decode(errors="replace"))
                sys.exit(f"timeit.py: {shlex.join(argv)} exited with "
                         f"status {proc.returncode}")
    for samples in times:
        print(f"{statistics.median(samples) * 1000:.1f}")


if __name__ == "__main__":
    main()
