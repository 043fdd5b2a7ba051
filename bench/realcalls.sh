#!/usr/bin/env bash
# Reading real recordings (issue #17): wall time and peak RSS of a plain jdk.jfr RecordingFile loop over the file
# (bench/ReadAll.java, the yardstick) and of `flowtrace tree`, `tree --full --format json`, `diff` (the file against
# itself), `tasks`, `tree --timing` and `diff --timing` (the file against itself) through the
# launcher users run, with its default heap cap. Rows:
#   javac   javac compiling this project's flowtrace-events sources with all of javac traced
#           (--include 'com.sun.tools.javac.**'): many distinct calls, values of every kind
#   fib     fib(30) four times (benchmarks.Fib): 10.8 M calls of one method, 31 distinct ones
#   jackson the Jackson round trip of bench/jackson (5,000 orders, 3 rounds) with all of jackson-core and
#           jackson-databind traced: objects, strings and collections as values (jars from Maven Central)
# A command that runs out of memory in the cap shows "OOM" (its one-line error), one that fails otherwise "ERR"
# (exit code 2 or more; diff's 1 for differences is fine); TIMING_HEAP (e.g. 4g) runs the
# --timing commands with FLOWTRACE_HEAP set to it instead, for those that still need every call in memory.
# Rounds are interleaved (each round runs every command once) and the table shows medians of RUNS rounds.
# Needs GNU time. Usage: [TIMING_HEAP=4g] bench/realcalls.sh [-r RUNS] [rows...]  (default: javac fib jackson,
# 3 runs)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
command -v /usr/bin/time >/dev/null || { echo "bench: needs GNU time: apt-get install time" >&2; exit 2; }
runs=3
if [[ "${1:-}" == "-r" ]]; then runs="$2"; shift 2; fi
rows=("$@")
[[ ${#rows[@]} -gt 0 ]] || rows=(javac fib jackson)
mvn -q -B -DskipTests package -pl flowtrace-cli,flowtrace-benchmarks,flowtrace-events -am
out="$root/target/bench"
mkdir -p "$out/classes"
events="$(ls flowtrace-events/target/flowtrace-events-*.jar | grep -v sources | head -1)"
javac -cp "$events" -d "$out/classes" bench/ReadAll.java
source bench/common.sh
cds_ready "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"

record() {
  local row="$1" rec="$2"
  case "$row" in
    javac)
      rm -rf "$out/javac-out"
      ./flowtrace record -o "$rec" --include 'com.sun.tools.javac.**' -- \
        javac -d "$out/javac-out" $(find flowtrace-events/src/main/java -name '*.java') > /dev/null 2> "$rec.log" ;;
    fib)
      ./flowtrace record -o "$rec" --include 'benchmarks.Fib::fib' -- \
        java -cp flowtrace-benchmarks/target/benchmarks.jar benchmarks.Fib 30 4 > /dev/null 2> "$rec.log" ;;
    jackson)
      local lib="$out/jackson-lib" version=2.17.2 cp
      mkdir -p "$lib" "$out/jackson-classes"
      for artifact in jackson-core jackson-databind jackson-annotations; do
        [[ -f "$lib/$artifact-$version.jar" ]] || mvn -q -B dependency:copy \
          -Dartifact="com.fasterxml.jackson.core:$artifact:$version" -DoutputDirectory="$lib"
      done
      cp="$lib/jackson-core-$version.jar:$lib/jackson-databind-$version.jar:$lib/jackson-annotations-$version.jar"
      javac -d "$out/jackson-classes" -cp "$cp" bench/jackson/JacksonRoundTrip.java
      ./flowtrace record -o "$rec" --include 'com.fasterxml.jackson.core.**' \
        --include 'com.fasterxml.jackson.databind.**' -- \
        java -cp "$out/jackson-classes:$cp" JacksonRoundTrip 5000 3 > /dev/null 2> "$rec.log" ;;
    *) echo "bench: unknown row $row" >&2; exit 2 ;;
  esac
}

# one run: appends "seconds peakKB exit" to $1, the rest is the command
run() {
  local f="$1" code=0
  shift
  /usr/bin/time -o "$out/run.time" -f "%e %M" "$@" > /dev/null 2> "$out/run.err" || code=$?
  if grep -q "out of memory" "$out/run.err"; then code=oom; fi
  echo "$(tail -1 "$out/run.time") $code" >> "$f"
}

# median seconds and median peak RSS (MB) of the runs in $1, or OOM
summary() {
  python3 -c "
import statistics
rows=[l.split() for l in open('$1') if l.strip()]
if any(r[2] == 'oom' for r in rows): print('OOM -')
elif any(r[2] not in ('0', '1') for r in rows): print('ERR -')
else: print('{:.1f} {:.0f}'.format(statistics.median(float(r[0]) for r in rows), statistics.median(int(r[1]) for r in rows)/1024))"
}

timing_env=()
[[ -z "${TIMING_HEAP:-}" ]] || timing_env=(env "FLOWTRACE_HEAP=$TIMING_HEAP")
echo "$(nproc) cores, $(java -version 2>&1 | head -1), launcher heap cap ${FLOWTRACE_HEAP:-512m}$(
  [[ -z "${TIMING_HEAP:-}" ]] || echo ", --timing with FLOWTRACE_HEAP=$TIMING_HEAP"), load before $(
  cut -d' ' -f1-3 /proc/loadavg), median of $runs interleaved runs"
echo "| recording | calls | file MB | loop s | RSS MB | tree s | RSS MB | --full --format json s | RSS MB | diff s | RSS MB | tasks s | RSS MB | tree --timing s | RSS MB | diff --timing s | RSS MB | tree / loop | tasks / tree | --timing / tree | diff --timing / tree |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for row in "${rows[@]}"; do
  rec="$out/real-$row.jfr"
  [[ -f "$rec" ]] || record "$row" "$rec"
  calls="$(sed -n 's/.*recorded \([0-9,]*\) calls.*/\1/p' "$rec.log" 2>/dev/null | head -1)"
  for m in loop tree json pdiff tasks timing diff; do : > "$out/$row.$m"; done
  for ((i = 0; i < runs; i++)); do
    run "$out/$row.loop" java -cp "$events:$out/classes" ReadAll "$rec"
    run "$out/$row.tree" ./flowtrace tree --color never "$rec"
    run "$out/$row.json" ./flowtrace tree --full --format json "$rec"
    run "$out/$row.pdiff" ./flowtrace diff --color never "$rec" "$rec"
    run "$out/$row.tasks" ./flowtrace tasks "$rec"
    run "$out/$row.timing" ${timing_env[@]+"${timing_env[@]}"} ./flowtrace tree --timing --color never "$rec"
    run "$out/$row.diff" ${timing_env[@]+"${timing_env[@]}"} ./flowtrace diff --timing 1ms --color never "$rec" "$rec"
  done
  read -r ls lk <<< "$(summary "$out/$row.loop")"
  read -r ts tk <<< "$(summary "$out/$row.tree")"
  read -r js jk <<< "$(summary "$out/$row.json")"
  read -r ps pk <<< "$(summary "$out/$row.pdiff")"
  read -r ks kk <<< "$(summary "$out/$row.tasks")"
  read -r ms mk <<< "$(summary "$out/$row.timing")"
  read -r ds dk <<< "$(summary "$out/$row.diff")"
  python3 -c "
def r(a, b):
    try: return '{:.2f}'.format(float(a) / float(b))
    except ValueError: return '-'
print('| $row | ${calls:-?} | {:.0f} | $ls | $lk | $ts | $tk | $js | $jk | $ps | $pk | $ks | $kk | $ms | $mk | $ds | $dk | {} | {} | {} | {} |'.format(
    $(stat -L -c %s "$rec")/1e6, r('$ts', '$ls'), r('$ks', '$ts'), r('$ms', '$ts'), r('$ds', '$ts')))"
done
echo "load after $(cut -d' ' -f1-3 /proc/loadavg)"
