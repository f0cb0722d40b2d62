#!/usr/bin/env bash
# Counts CPU instructions per call for every framework with valgrind's
# callgrind: unlike ns/op on a shared machine, the count is the same from
# run to run. Per-op cost = (instructions at N2 ops - instructions at N1
# ops) / (N2 - N1), which cancels the set-up work of the benchmark binary.
# Go's signal-based preemption confuses callgrind, so it is turned off;
# the garbage collector too (GOGC=off), so its work, which depends on the
# heap left by earlier iterations, does not blur the per-call count.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }

# REPEAT runs per count give a median: even under callgrind the count moves
# by a percent or two from run to run (Go seeds its map hashing at random).
REPEAT=${REPEAT:-3}
N1=${N1:-1000}
N2=${N2:-3000}
CALLS=${CALLS:-"GetItem CreateItem UpdateItem"}
FRAMEWORKS=${FRAMEWORKS:-"floor bia bia-protojson grpc-gateway connect"}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go test -c -o "$tmp/bench.test" .

count() { # call framework n -> instructions
  GOGC=off GODEBUG=asyncpreemptoff=1 GOMAXPROCS=1 valgrind --tool=callgrind \
    --callgrind-out-file="$tmp/cg.out" "$tmp/bench.test" \
    -test.run '^$' -test.bench "^Benchmark$1\$/^$2\$" -test.benchtime "${3}x" >/dev/null 2>"$tmp/vg.log"
  sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$tmp/vg.log"
}

per_op() { # call framework -> median over REPEAT runs of the per-call count
  for _ in $(seq "$REPEAT"); do
    a=$(count "$1" "$2" "$N1")
    b=$(count "$1" "$2" "$N2")
    echo $(( (b - a) / (N2 - N1) ))
  done | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'
}

for call in $CALLS; do
  echo "$call"
  printf '  %-14s %14s %10s\n' framework instr/op ×floor
  floor=""
  for fw in $FRAMEWORKS; do
    per=$(per_op "$call" "$fw")
    [ -z "$floor" ] && floor=$per
    printf '  %-14s %14d %10s\n' "$fw" "$per" "$(awk -v p="$per" -v f="$floor" 'BEGIN{printf "%.3f", p/f}')"
  done
  echo
done
