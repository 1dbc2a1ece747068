#!/bin/sh
# Fill seeds/compile and seeds/vm from the test programs (not committed, so
# they never drift from tests/). seeds/config and seeds/repl_command are
# committed: mlpy.json.example and the dot-commands of docs/repl.md.
set -e
cd "$(dirname "$0")"
mkdir -p seeds/compile seeds/vm
for f in ../tests/programs/*.ml ../tests/errors/*.ml; do
    cp "$f" "seeds/compile/$(basename "$(dirname "$f")")_$(basename "$f" .ml)"
done
cp ../tests/programs/*.ml seeds/vm/
