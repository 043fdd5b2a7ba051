#!/usr/bin/env bash
# A Spring Boot application's start-up under FlowTrace: the time from launch to the first answered request of
# fixtures/spring-shop (Spring Boot 3.5, embedded Tomcat, java -jar), without agent, with JFR alone
# (-XX:StartFlightRecording), under `flowtrace record` with the default selection, and under
# `flowtrace record --include 'com.acme.shop.**'`; the median of N runs each, the variants interleaved.
# Usage: bench/springboot.sh [runs] [baseline-agent.jar]   (default 5 runs; a baseline jar, e.g. the agent of an
# older commit, adds `record --include` with that agent, swapped in place for its runs, for a before/after)
set -euo pipefail
command -v curl > /dev/null || { echo "bench: needs curl: apt-get install curl" >&2; exit 2; }
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-5}"
baseline="${2:-}"
[[ -z "$baseline" ]] || baseline="$(cd "$(dirname "$baseline")" && pwd)/$(basename "$baseline")"
cd "$root"
mvn -q -B -DskipTests package -pl flowtrace-cli,flowtrace-recorder,fixtures/spring-shop -am
jar="$root/fixtures/spring-shop/target/spring-shop.jar"
work="$root/target/bench/springboot"
rm -rf "$work"
mkdir -p "$work"
source bench/common.sh # median

variants=(none jfr record include)
labels=("no agent" "JFR only" "record (default selection)" "record --include 'com.acme.shop.**'")
agent="$root/flowtrace-recorder/target/flowtrace-agent.jar"
if [[ -n "$baseline" ]]; then
  cp "$agent" "$work/agent-current.jar"
  cp "$baseline" "$work/agent-before.jar"
  trap 'cp "$work/agent-current.jar" "$agent"' EXIT # the built agent back in place, however the run ends
  variants+=(before)
  labels+=("before: record --include")
fi
port=18400

# CPU time (user + system, ms) used so far by a process and all its descendants, from /proc
cpu_tree() {
  echo $(( $(cpu_ticks "$1") * 1000 / $(getconf CLK_TCK) ))
}

cpu_ticks() {
  local child ticks
  ticks=$(awk '{ print $14 + $15 }' "/proc/$1/stat" 2> /dev/null || echo 0)
  for child in $(ps -o pid= --ppid "$1"); do
    ticks=$((ticks + $(cpu_ticks "$child")))
  done
  echo "$ticks"
}

# runs the shop once under a variant and prints the milliseconds until /orders/3/total answered, and the CPU
# milliseconds the JVMs (and the CLI under record) had used by then
run() {
  local variant="$1" start pid ms cpu
  port=$((port + 1))
  local app=(java -jar "$jar" --server.port="$port" --spring.main.banner-mode=off)
  start=$(date +%s%N)
  case "$variant" in
    none) "${app[@]}" > "$work/out.txt" 2>&1 & ;;
    jfr) java -XX:StartFlightRecording:filename="$work/jfr.jfr" -jar "$jar" --server.port="$port" \
           --spring.main.banner-mode=off > "$work/out.txt" 2>&1 & ;;
    record) ./flowtrace record -o "$work/record.jfr" -- "${app[@]}" > "$work/out.txt" 2>&1 & ;;
    include) ./flowtrace record -o "$work/include.jfr" --include 'com.acme.shop.**' -- "${app[@]}" \
               > "$work/out.txt" 2>&1 & ;;
    before) cp "$work/agent-before.jar" "$agent"
            ./flowtrace record -o "$work/before.jfr" --include 'com.acme.shop.**' -- "${app[@]}" \
              > "$work/out.txt" 2>&1 & ;;
  esac
  pid=$!
  until curl -fs -o /dev/null "http://localhost:$port/orders/3/total"; do
    sleep 0.05
  done
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  cpu=$(cpu_tree "$pid")
  kill -TERM "$pid"
  wait "$pid" 2> /dev/null || true
  [[ "$variant" != before ]] || cp "$work/agent-current.jar" "$agent"
  echo "$ms $cpu"
}

run none > /dev/null # warm the page cache
declare -A times cpus
for ((i = 0; i < runs; i++)); do
  for variant in "${variants[@]}"; do
    read -r ms cpu < <(run "$variant")
    times[$variant]+="$ms "
    cpus[$variant]+="$cpu "
  done
done

echo "Spring Boot 3.5 shop (java -jar), time to the first answered request and CPU time used by then (all the"
echo "processes' threads), median of $runs runs (ms); load: $(cut -d' ' -f1-3 /proc/loadavg)"
declare -A medians cpu_medians
for variant in "${variants[@]}"; do
  medians[$variant]=$(tr ' ' '\n' <<< "${times[$variant]}" | grep . | median)
  cpu_medians[$variant]=$(tr ' ' '\n' <<< "${cpus[$variant]}" | grep . | median)
done
for i in "${!variants[@]}"; do
  v="${variants[$i]}"
  printf '%-40s %6d ms  %5.2fx untraced  %5.2fx JFR only  (runs: %s)\n' "${labels[$i]}" "${medians[$v]}" \
    "$(awk -v a="${medians[$v]}" -v b="${medians[none]}" 'BEGIN { print a / b }')" \
    "$(awk -v a="${medians[$v]}" -v b="${medians[jfr]}" 'BEGIN { print a / b }')" "${times[$v]% }"
  printf '%-40s %6d ms  %5.2fx untraced  %5.2fx JFR only  (runs: %s)\n' "  CPU" "${cpu_medians[$v]}" \
    "$(awk -v a="${cpu_medians[$v]}" -v b="${cpu_medians[none]}" 'BEGIN { print a / b }')" \
    "$(awk -v a="${cpu_medians[$v]}" -v b="${cpu_medians[jfr]}" 'BEGIN { print a / b }')" "${cpus[$v]% }"
done
ls -l "$work"/record.jfr "$work"/include.jfr | awk '{ print "recording: " $5 " bytes  " $NF }'
