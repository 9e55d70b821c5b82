#!/bin/bash
# Instructions (valgrind callgrind "Ir") that `Checker.check` executes over the
# benchmark corpus of bench_check.py: a count that does not move with the load
# of a shared machine, unlike words per second. Needs valgrind; takes ~2 minutes.
#
#   bash bench/instructions.sh [WORDS] [CHECKOUT]
#
# CHECKOUT (default: this one) may be a `git worktree` of another commit, to
# compare two versions on the same corpus (the corpus always comes from here).
set -euo pipefail
words=${1:-10000}
here=$(cd "$(dirname "$0")/.." && pwd)
checkout=$(cd "${2:-$here}" && pwd)
out=$(mktemp)
trap 'rm -f "$out"' EXIT
cd "$checkout"
PYTHONHASHSEED=0 PYTHONPATH="$checkout" valgrind --tool=callgrind --collect-atstart=no \
  --toggle-collect=methodcaller_call --callgrind-out-file="$out" \
  python "$here/bench/instructions_run.py" "$words" 2>&1 | sed -n 's/.*Collected : //p'
