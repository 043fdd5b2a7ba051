#!/usr/bin/env bash
# Cost of a traced call, side by side in one run: untraced, FlowTrace's agent, and (JDK 25+) JEP 520's
# jdk.MethodTrace — time per call (JMH) and recording bytes per call — on JDK 17 and on the newest JDK found.
# Usage: bench/percall.sh [forks] [benchmarks]   (default 3 forks, all benchmarks, e.g. fibOf,fibCopy,fibIdCopy for
# issue #18's goal 4; results go to stdout, recordings to target/bench)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
forks="${1:-3}"
benchmarks="${2:-fib,fibOf,fibCopy,fibIdCopy}"
cd "$root"
mvn -q -B -DskipTests package -pl flowtrace-events,flowtrace-recorder,flowtrace-benchmarks -am

source bench/common.sh # $newest, median

for java in java ${newest:+"${newest#*:}/bin/java"}; do
  echo "== $("$java" -version 2>&1 | head -1)"
  "$java" -jar flowtrace-benchmarks/target/benchmarks.jar flowtrace-recorder/target/flowtrace-agent.jar "$forks" \
    target/bench "$benchmarks" 2>&1 | sed -n '/^JDK /,$p'
done
