#!/usr/bin/env bash
# Scale check for 'flowtrace diff' (not a test): records fib(N) (about 1M calls for N=28) twice, and once with a
# change, then times 'diff' against two 'tree' runs of the same recordings. Prints a Markdown table for
# docs/benchmarks.md. Usage: bench/diff.sh [N]   (default 28)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/.."
n="${1:-28}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

[[ -f "$root/flowtrace-cli/target/flowtrace.jar" ]] || (cd "$root" && mvn -q -B -DskipTests package)
# copies, so that a rebuild while this runs does not pull the jars away
cp "$root/flowtrace-cli/target/flowtrace.jar" "$root/flowtrace-recorder/target/flowtrace-agent.jar" "$work/"
flowtrace=(java -Dflowtrace.agent="$work/flowtrace-agent.jar" -jar "$work/flowtrace.jar")
javac -d "$work/classes" "$here/DiffBench.java"
record() {
  "${flowtrace[@]}" record -q -o "$work/$1.jfr" --include 'benchdiff.**' -- \
    java -cp "$work/classes" benchdiff.DiffBench "$n" "$2" > /dev/null
}
record a a
record a2 a
record b b

# wall seconds and peak RSS (MB) of one command; its output is discarded, its exit code kept in $code
measure() {
  code=0
  /usr/bin/time -o "$work/time" -f '%e %M' "$@" > /dev/null 2>&1 || code=$?
  local out
  out="$(tail -1 "$work/time")"
  secs="${out%% *}"
  mb=$(( ${out##* } / 1024 ))
}

calls="$("${flowtrace[@]}" tree --format json "$work/a.jfr" | grep -c '"method"' || true)"
size_a=$(( $(stat -c %s "$work/a.jfr") / 1024 / 1024 ))
echo "fib($n): $calls calls per recording, ${size_a} MB per .jfr; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| command | wall s | peak RSS MB | exit |"
echo "|---|---|---|---|"
for rec in a a2; do
  measure "${flowtrace[@]}" tree "$work/$rec.jfr"
  echo "| tree $rec.jfr | $secs | $mb | $code |"
done
measure "${flowtrace[@]}" diff "$work/a.jfr" "$work/a2.jfr"
echo "| diff a.jfr a2.jfr (same behaviour) | $secs | $mb | $code |"
measure "${flowtrace[@]}" diff "$work/a.jfr" "$work/b.jfr"
echo "| diff a.jfr b.jfr (audit added under each fib(10)) | $secs | $mb | $code |"
measure "${flowtrace[@]}" diff --format json "$work/a.jfr" "$work/b.jfr"
echo "| diff --format json a.jfr b.jfr | $secs | $mb | $code |"
