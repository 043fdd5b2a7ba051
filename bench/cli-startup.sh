#!/usr/bin/env bash
# Start-up of the CLI: wall time of `./flowtrace tree` on a tiny committed recording (recordings/fib/fib.jfr, 125 KB)
# and of `./flowtrace --help`, next to a plain jdk.jfr RecordingFile loop over the same file (bench/ReadAll.java,
# compiled as bench/analyzer.sh does), on JDK 17 and on the newest JDK found; the median of N runs each, the cases
# interleaved so that the machine's load falls on all of them alike.
#   tree, first run   the run that finds no class-data archive and writes one (JDK 21+) or the list of classes it is
#                     built from (JDK 17); archives and lists removed before each such run and put back after it
#   tree, no archive  FLOWTRACE_CDS=off: the launcher neither uses nor writes an archive
# Usage: bench/cli-startup.sh [runs] [baseline-launcher]   (default 11 runs; a baseline launcher, e.g. ./flowtrace of
# an older commit's checkout with its jars built, adds its tree and --help columns for a before/after comparison)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-11}"
baseline="${2:-}"
cd "$root"
mvn -q -B -DskipTests package -pl flowtrace-cli,flowtrace-recorder -am
out="$root/target/bench"
mkdir -p "$out/classes"
events="$(ls flowtrace-events/target/flowtrace-events-*.jar | grep -v sources | head -1)"
javac -cp "$events" -d "$out/classes" bench/ReadAll.java
recording="recordings/fib/fib.jfr"

source bench/common.sh # $newest, median
jdk17="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"

cases=(loop tree first plain help)
labels=("RecordingFile loop" "flowtrace tree" "tree, first run" "tree, no archive" "flowtrace --help")
if [[ -n "$baseline" ]]; then
  baseline="$(cd "$(dirname "$baseline")" && pwd)/$(basename "$baseline")"
  cases+=(before-tree before-help)
  labels+=("before: tree" "before: --help")
fi

# runs a case once with JAVA_HOME=$1, prints its wall time in ms
run() {
  local home="$1" case="$2" start end
  if [[ "$case" == first ]]; then
    rm -f flowtrace-cli/target/flowtrace-cds-*
  fi
  start=$(date +%s%N)
  case "$case" in
    loop) "$home/bin/java" -cp "$events:$out/classes" ReadAll "$recording" ;;
    tree | first) JAVA_HOME="$home" ./flowtrace tree --color never "$recording" ;;
    plain) FLOWTRACE_CDS=off JAVA_HOME="$home" ./flowtrace tree --color never "$recording" ;;
    help) JAVA_HOME="$home" ./flowtrace --help ;;
    before-tree) JAVA_HOME="$home" "$baseline" tree --color never "$recording" ;;
    before-help) JAVA_HOME="$home" "$baseline" --help ;;
  esac > /dev/null 2>&1
  end=$(date +%s%N)
  if [[ "$case" == first ]]; then
    cds_ready "$home" > /dev/null # the archive back in place for the other cases
  fi
  echo $(((end - start) / 1000000))
}

echo "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), median of $runs runs, wall ms"
header="| JVM |"
rule="|---|"
for label in "${labels[@]}"; do header+=" $label |"; rule+="---|"; done
echo
echo "$header"
echo "$rule"
for home in "$jdk17" ${newest:+"${newest#*:}"}; do
  version="$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p')"
  cds_ready "$home" # an archive for the "tree" case
  declare -A wall=()
  for ((i = 0; i < runs; i++)); do
    for case in "${cases[@]}"; do
      wall[$case]+="$(run "$home" "$case") "
    done
  done
  row="| $version |"
  for case in "${cases[@]}"; do
    row+=" $(tr ' ' '\n' <<< "${wall[$case]}" | grep . | median) |"
  done
  echo "$row"
  unset wall
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
