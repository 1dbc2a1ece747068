#!/usr/bin/python3
"""How often each VM instruction runs, per program of the suite and over
the whole suite: the data for deciding which instructions to fuse (an
instruction that only one program runs is not worth a new one).

usage: python3 bench/op_frequency.py [--mlpy PATH] [--top N] [PROGRAM ...]

Runs each program at its small size under valgrind --tool=callgrind with
per-instruction counts. The dispatch of `Vm::run` jumps through a table
indexed by the instruction's tag (its place in `enum Op`,
src/lang/op/mod.rs); the count of the first machine instruction of each
arm the table points to is how often that VM instruction ran. Instructions
that share one arm (`Return` and `ReturnLocal`) show the same count: the
sum of both. Fast paths that skip the instructions after a head (see
`Op::RmwMemberL`) skip their arms too, so those are not counted.

Prints, for each program, its instructions that make up at least 5% of
its dispatches, then the suite table: each instruction's share averaged
over the programs (each program weighs the same), and the programs where
it is at least 5%.
"""
import argparse
import collections
import os
import re
import struct
import subprocess
import sys
import tempfile

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH_DIR)
sys.path.insert(0, BENCH_DIR)
import suite  # noqa: E402  (the program list and small sizes)

OP_SOURCE = os.path.join(ROOT, "src", "lang", "op", "mod.rs")


def variant_names(path):
    """The variants of `enum Op` in declaration order (their tags)."""
    text = open(path).read()
    body = text[text.index("pub enum Op {"):]
    body = body[: body.index("\n}\n")]
    names, depth = [], 0
    for line in body.splitlines()[1:]:
        s = line.strip()
        if depth == 0 and not s.startswith("//"):
            m = re.match(r"([A-Z]\w*)", s)
            if m:
                names.append(m.group(1))
        depth += s.count("{") - s.count("}")
    return names


def run_symbol(binary):
    lines = subprocess.run(["nm", "--defined-only", binary], capture_output=True,
                           text=True, check=True).stdout.splitlines()
    found = [l.split()[2] for l in lines if re.search(r"Vm\$GT\$3run17h", l)]
    if not found:
        sys.exit(f"{binary}: no Vm::run symbol (is it a release build with symbols?)")
    return found[0]


def jump_table(binary, symbol):
    """The dispatch's jump table at `Vm::run`'s first indirect jump, as
    (address, absolute): a position-dependent build jumps through a table
    of 8-byte addresses (`jmp *TABLE(,%rax,8)`); a position-independent one
    adds a 4-byte offset from the table to the table's address (`lea` of it
    just before the jump)."""
    dis = subprocess.run(["objdump", "-d", "--no-show-raw-insn", binary,
                          "--disassemble=" + symbol], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    for i, line in enumerate(dis):
        m = re.search(r"jmp\s+\*0x([0-9a-f]+)\(,%r\w+,8\)", line)
        if m:
            return int(m.group(1), 16), True
        if re.search(r"jmp\s+\*%r", line):
            for k in range(i - 1, max(i - 8, 0), -1):
                m = re.search(r"lea\s+-?0x[0-9a-f]+\(%rip\),%r\w+\s+#\s+([0-9a-f]+)", dis[k])
                if m:
                    return int(m.group(1), 16), False
            break
    sys.exit("no jump table found at Vm::run's first indirect jump")


def reader(binary):
    """A function reading `n` bytes at a virtual address of the binary."""
    sections = []
    for line in subprocess.run(["objdump", "-h", binary], capture_output=True, text=True,
                               check=True).stdout.splitlines():
        p = line.split()
        if len(p) >= 6 and p[0].isdigit():
            sections.append((int(p[3], 16), int(p[2], 16), int(p[5], 16)))
    data = open(binary, "rb").read()

    def read(vaddr, n):
        for vma, size, off in sections:
            if vma <= vaddr < vma + size:
                return data[off + vaddr - vma: off + vaddr - vma + n]
        sys.exit(f"address {vaddr:#x} is in no section")
    return read


def arm_addresses(binary):
    names = variant_names(OP_SOURCE)
    table, absolute = jump_table(binary, run_symbol(binary))
    read = reader(binary)
    if absolute:
        return {name: struct.unpack("<Q", read(table + 8 * i, 8))[0]
                for i, name in enumerate(names)}
    return {name: table + struct.unpack("<i", read(table + 4 * i, 4))[0]
            for i, name in enumerate(names)}


def instruction_counts(out_file):
    """Self counts per machine instruction address in a callgrind output
    written with --dump-instr=yes --compress-pos=no."""
    counts = collections.Counter()
    after_call = False
    with open(out_file) as f:
        for line in f:
            if line.startswith("calls="):
                after_call = True
                continue
            if line.startswith("0x"):
                if after_call:  # the inclusive cost of a call, not this address's
                    after_call = False
                    continue
                p = line.split()
                if len(p) >= 3:
                    counts[int(p[0], 16)] += int(p[2])
    return counts


def profile(binary, arms, name, size):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "callgrind.out")
        subprocess.run(["valgrind", "--tool=callgrind", "--dump-instr=yes",
                        "--compress-pos=no", "--compress-strings=no",
                        "--callgrind-out-file=" + out, binary, "run",
                        os.path.join(BENCH_DIR, name + ".ml"), str(size)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        counts = instruction_counts(out)
    return {op: counts.get(addr, 0) for op, addr in arms.items()}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mlpy", default=os.path.join(ROOT, "target", "release", "mlpy"))
    ap.add_argument("--top", type=int, default=30, help="rows of the suite table")
    ap.add_argument("programs", nargs="*", help="default: the whole suite")
    args = ap.parse_args()
    names = args.programs or list(suite.PROGRAMS)
    arms = arm_addresses(args.mlpy)
    shares = {}
    for name in names:
        ran = profile(args.mlpy, arms, name, suite.PROGRAMS[name][1])
        total = sum(ran.values()) or 1
        shares[name] = {op: n / total for op, n in ran.items() if n}
        top = sorted(shares[name].items(), key=lambda kv: -kv[1])
        print(f"{name:<12} {total:>12,} dispatches: "
              + ", ".join(f"{op} {100 * s:.0f}%" for op, s in top if s >= 0.05))
    suite_share = collections.Counter()
    where = collections.defaultdict(list)
    for name, ops in shares.items():
        for op, s in ops.items():
            suite_share[op] += s / len(shares)
            if s >= 0.05:
                where[op].append(f"{name} {100 * s:.0f}%")
    print(f"\n{'share':>6}  {'instruction':<20} programs where it is >= 5%")
    for op, s in suite_share.most_common(args.top):
        print(f"{100 * s:5.1f}%  {op:<20} {', '.join(where[op])}")


if __name__ == "__main__":
    main()
