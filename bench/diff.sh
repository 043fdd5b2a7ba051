#!/usr/bin/env bash
# Scale check for 'flowtrace diff' (not a test): records fib(N) (about 1M calls for N=28) twice, and once with a
# change, then times 'diff' against two 'tree' runs of the same recordings. Prints a Markdown table for
# docs/benchmarks.md, each figure the median of RUNS runs (default 3). Usage: [RUNS=3] bench/diff.sh [N]   (default 28)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/.."
n="${1:-28}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

[[ -f "$root/flowtrace-cli/target/flowtrace.jar" ]] || (cd "$root" && mvn -q -B -DskipTests package)
# copies, so that a rebuild while this runs does not pull the jars away
cp "$root/flowtrace-cli/target/flowtrace.jar" "$root/flowtrace-recorder/target/flowtrace-agent.jar" "$work/"
flowtrace=(java -XX:+UseSerialGC -Dflowtrace.agent="$work/flowtrace-agent.jar" -jar "$work/flowtrace.jar") # as ./flowtrace
javac -d "$work/classes" "$here/DiffBench.java"
record() {
  "${flowtrace[@]}" record -q -o "$work/$1.jfr" --include 'benchdiff.**' -- \
    java -cp "$work/classes" benchdiff.DiffBench "$n" "$2" > /dev/null
}
record a a
record a2 a
record b b

runs="${RUNS:-3}"
# median wall seconds and peak RSS (MB) of RUNS runs of a command; its output is discarded, its exit code in $code
measure() {
  code=0
  : > "$work/time"
  for ((i = 0; i < runs; i++)); do
    /usr/bin/time -a -o "$work/time" -f '%e %M' "$@" > /dev/null 2>&1 || code=$?
  done
  read -r secs mb <<< "$(python3 -c "
import statistics
rows=[l.split() for l in open('$work/time') if l.strip() and l[0].isdigit()]
print('{:.2f} {:.0f}'.format(statistics.median(float(r[0]) for r in rows), statistics.median(int(r[1]) for r in rows)/1024))")"
}

calls="$("${flowtrace[@]}" tree --format json "$work/a.jfr" | grep -c '"method"' || true)"
size_a=$(( $(stat -c %s "$work/a.jfr") / 1024 / 1024 ))
echo "fib($n): $calls calls per recording, ${size_a} MB per .jfr; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)," \
  "median of $runs runs"
echo
echo "| command | wall s | peak RSS MB | exit | / tree a.jfr |"
echo "|---|---|---|---|---|"
row() {
  echo "| $1 | $secs | $mb | $code | $(python3 -c "print('{:.2f}'.format($secs / $tree))") |"
}
measure "${flowtrace[@]}" tree "$work/a.jfr"
tree="$secs"
row "tree a.jfr"
measure "${flowtrace[@]}" tree "$work/a2.jfr"
row "tree a2.jfr"
measure "${flowtrace[@]}" diff "$work/a.jfr" "$work/a2.jfr"
row "diff a.jfr a2.jfr (same behaviour)"
measure "${flowtrace[@]}" diff "$work/a.jfr" "$work/b.jfr"
row "diff a.jfr b.jfr (audit added under each fib(10))"
measure "${flowtrace[@]}" diff --format json "$work/a.jfr" "$work/b.jfr"
row "diff --format json a.jfr b.jfr"
