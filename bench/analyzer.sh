#!/usr/bin/env bash
# How `flowtrace tree` scales with the recording: wall time and peak RSS at about 1 M, 4 M, 10 M and 16 M calls,
# next to plain jdk.jfr RecordingFile loops over the same file. Needs GNU time (Debian package "time").
#
# Each size is recorded with the recorder of this checkout (fib(28) once, 4 and 16 times; fib(30) 4 times for 10 M).
# A recording of single MethodEnter/MethodExit events is also rewritten as flowtrace.CallBatch events
# (bench/ToBatches.java, 4096 records per batch) so that both formats are measured. Baselines:
#   loop    a RecordingFile loop touching every JFR event (bench/ReadAll.java)
#   decode  the same loop also decoding every call record of every CallBatch with CallRecordReader (every call;
#           values checked, not rendered)
#   JMC     JMC's parser, which the analyzer must use, into a sink that keeps nothing (bench/ReadJmc.java, JMC's
#           own loader, chunks in parallel), and with decode also decoding every call record: the floor of any
#           JMC-based reader that visits every call
# Each command runs RUNS times (default 3); the table shows medians. FORMATS=batches measures only the batched files.
# Usage: [FORMATS=batches] bench/analyzer.sh [-r RUNS] [sizes...]  with sizes among 1m 4m 10m 16m (default: all)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
command -v /usr/bin/time >/dev/null || { echo "bench: needs GNU time: apt-get install time" >&2; exit 2; }
runs=3
if [[ "${1:-}" == "-r" ]]; then runs="$2"; shift 2; fi
mvn -q -B -DskipTests package -pl flowtrace-cli,flowtrace-benchmarks,flowtrace-events -am
out="$root/target/bench"
mkdir -p "$out/classes"
events="$(ls flowtrace-events/target/flowtrace-events-*.jar | grep -v sources | head -1)"
javac -cp "$events" -d "$out/classes" bench/ReadAll.java bench/ToBatches.java
javac -cp flowtrace-cli/target/flowtrace.jar -d "$out/classes" bench/ReadJmc.java
cp="$events:$out/classes"
jmc="flowtrace-cli/target/flowtrace.jar:$out/classes"
classes="flowtrace-benchmarks/target/benchmarks.jar"
cli=(./flowtrace)  # the launcher users run (it picks the GC and the class-data archive)
source bench/common.sh
cds_ready "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"

# median wall seconds and median peak RSS (MB) of RUNS runs of a command
measure() {
  local f="$out/measure.times"
  : > "$f"
  for ((i = 0; i < runs; i++)); do
    /usr/bin/time -a -o "$f" -f "%e %M" "$@" > /dev/null 2>&1
  done
  python3 -c "
import statistics,sys
rows=[l.split() for l in open('$f') if l.strip() and l[0].isdigit()]
print('{:.2f} {:.0f}'.format(statistics.median(float(r[0]) for r in rows), statistics.median(int(r[1]) for r in rows)/1024))"
}

sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(1m 4m 10m 16m)
echo "$(nproc) cores, $(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg), median of $runs runs"
echo "| calls | format | file MB | loop s | RSS MB | decode loop s | RSS MB | JMC loop s | JMC decode s | flowtrace tree s | RSS MB | tree / loop | tree / decode | JMC decode / loop |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for size in "${sizes[@]}"; do
  case "$size" in
    1m) n=28; reps=1 ;;
    4m) n=28; reps=4 ;;
    10m) n=30; reps=4 ;;   # the issue's workload: fib(30) four times
    16m) n=28; reps=16 ;;
    *) echo "bench: unknown size $size" >&2; exit 2 ;;
  esac
  rec="$out/fib-$size.jfr"
  [[ -f "$rec" ]] || ./flowtrace record -q -o "$rec" --include 'benchmarks.Fib::fib' -- \
    java -cp "$classes" benchmarks.Fib "$n" "$reps" > /dev/null
  calls=$(python3 -c "a,b=1,1
for i in range(2,$n+1): a,b=b,a+b+1
print(b*$reps)")
  files=()
  if [[ "$(java -cp "$cp" ReadAll --decode "$rec")" == *" 0 call records"* ]]; then # single events
    [[ "${FORMATS:-}" == batches ]] || files+=("$rec")
    batched="$out/fib-$size-batched.jfr"
    [[ -f "$batched" ]] || java -cp "$cp" ToBatches "$rec" "$batched" > /dev/null
    files+=("$batched")
  else
    files+=("$rec")
  fi
  for file in "${files[@]}"; do
    if [[ "$(java -cp "$cp" ReadAll --decode "$file")" == *" 0 call records"* ]]; then
      format="enter/exit events"
    else
      format="call batches"
    fi
    read -r ls lk <<< "$(measure java -cp "$cp" ReadAll "$file")"
    read -r ds dk <<< "$(measure java -cp "$cp" ReadAll --decode "$file")"
    read -r js _ <<< "$(measure java -XX:+UseSerialGC -cp "$jmc" ReadJmc "$file")"
    read -r jd _ <<< "$(measure java -XX:+UseSerialGC -cp "$jmc" ReadJmc --decode "$file")"
    read -r ts tk <<< "$(measure "${cli[@]}" tree --color never "$file")"
    python3 -c "print('| {:,} | $format | {:.0f} | $ls | $lk | $ds | $dk | $js | $jd | $ts | $tk | {:.2f} | {:.2f} | {:.2f} |'.format(
        $calls, $(stat -c %s "$file")/1e6, $ts/$ls, $ts/$ds, $jd/$ls))"
  done
done
