#!/usr/bin/env bash
# How `flowtrace tree` scales with the recording: wall time and peak RSS at about 1 M, 4 M, 10 M and 16 M calls,
# next to a plain jdk.jfr RecordingFile loop over the same file. Needs GNU time (Debian package "time").
# Usage: bench/analyzer.sh [sizes...]  with sizes among 1m 4m 10m 16m (default: all)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
command -v /usr/bin/time >/dev/null || { echo "bench: needs GNU time: apt-get install time" >&2; exit 2; }
mvn -q -B -DskipTests package -pl flowtrace-cli,flowtrace-benchmarks -am
out="$root/target/bench"
mkdir -p "$out"
classes="flowtrace-benchmarks/target/benchmarks.jar"

sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(1m 4m 10m 16m)
echo "| calls | file MB | RecordingFile loop s | RSS MB | flowtrace tree s | RSS MB | time ratio |"
echo "|---|---|---|---|---|---|---|"
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
  /usr/bin/time -f "%e %M" -o "$out/read.time" java bench/ReadAll.java "$rec" > /dev/null
  /usr/bin/time -f "%e %M" -o "$out/tree.time" ./flowtrace tree --color never "$rec" > /dev/null
  read -r rs rk < "$out/read.time"
  read -r ts tk < "$out/tree.time"
  python3 -c "print('| {:,} | {:.0f} | {} | {:.0f} | {} | {:.0f} | {:.2f} |'.format($calls, $(stat -c %s "$rec")/1e6, $rs, $rk/1024, $ts, $tk/1024, $ts/$rs))"
done
