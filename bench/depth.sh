#!/usr/bin/env bash
# Usable stack depth under tracing: the recursion program of the recorder's ITs (src/it-programs/deep, demo.Deep:
# recursions with an int and with a String argument, each run until StackOverflowError ROUNDS times with a pause
# between) untraced, under the agent and under the agent with values=none, on JDK 17 and on the newest JDK found,
# default -Xss. Prints each run's first-round depth (a first deep call) and best depth.
# Usage: bench/depth.sh [runs] [baseline-agent.jar] [rounds] [pause ms] [java option...]   (defaults 3, none, 10, 300)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-3}"
baseline="${2:-}"
rounds="${3:-10}"
pause="${4:-300}"
shift $(( $# < 4 ? $# : 4 ))
cd "$root"
mvn -q -B -DskipTests package -pl flowtrace-events,flowtrace-recorder -am
agent="$root/flowtrace-recorder/target/flowtrace-agent.jar"
[[ -z "$baseline" ]] || baseline="$(cd "$(dirname "$baseline")" && pwd)/$(basename "$baseline")"

source bench/common.sh # $newest
work="$root/target/bench/depth"
rm -rf "$work"
for java in java ${newest:+"${newest#*:}/bin/java"}; do
  home="$(dirname "$(dirname "$(readlink -f "$(command -v "$java")")")")"
  classes="$work/$(basename "$home")"
  "$home/bin/javac" -g -parameters -d "$classes" flowtrace-recorder/src/it-programs/deep/demo/Deep.java
  echo "== $("$java" -version 2>&1 | head -1), $rounds rounds, $pause ms apart ${*:+, $*}"
  for run in $(seq "$runs"); do
    for variant in untraced agent "agent values=none" ${baseline:+before "before values=none"}; do
      case "$variant" in
        untraced) options=() ;;
        agent) options=("-javaagent:$agent") ;;
        "agent values=none") options=("-javaagent:$agent=values=none") ;;
        before) options=("-javaagent:$baseline") ;;
        "before values=none") options=("-javaagent:$baseline=values=none") ;;
      esac
      dir="$work/run"
      rm -rf "$dir" && mkdir -p "$dir"
      depths="$(cd "$dir" && "$java" "$@" "${options[@]}" -cp "$classes" demo.Deep "$rounds" "$pause" \
        | sed -n 's/^depth //p' | paste -sd ' ')"
      echo "run $run | $variant | $depths"
    done
  done
done
