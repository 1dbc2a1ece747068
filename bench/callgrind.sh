#!/usr/bin/env bash
# Instruction counts of mlpy per benchmark program at small sizes
# (valgrind --tool=callgrind; no drift with the machine's load).
# usage: bash bench/callgrind.sh [NAME ...]  -- same environment as run.sh
CALLGRIND=1 exec bash "$(dirname "${BASH_SOURCE[0]}")/run.sh" "$@"
