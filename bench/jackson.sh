#!/usr/bin/env bash
# Cost of tracing real code, side by side in one run on JDK 25 (JEP 520 needs it): a Jackson round trip (5,000
# orders serialized and parsed back, 3 rounds after a warm-up round) with all of jackson-core and jackson-databind traced, untraced,
# under FlowTrace with values, with values=none, and under JEP 520's jdk.MethodTrace (stackTrace=false, a filter
# naming the same classes); and javac compiling the analyzer's sources with all of javac traced, untraced and under
# FlowTrace. The runs of all variants are interleaved so that the machine's load falls on all of them alike; the
# median of N runs each, wall time and the round trips' own time (after the warm-up round), bytes per call from the
# recording's size and its call count (FlowTrace's sidecar, the jdk.MethodTrace events).
# Usage: bench/jackson.sh [runs] [baseline-agent.jar]   (default 5 runs; a baseline jar, e.g. the agent of an older
# commit, adds its rows for a before/after comparison in the same run)
set -euo pipefail
command -v /usr/bin/time > /dev/null || { echo "bench: needs GNU time: apt-get install time" >&2; exit 2; }
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-5}"
baseline="${2:-}"
cd "$root"
source bench/common.sh # $newest, median
[[ -n "$newest" && "${newest%%:*}" -ge 25 ]] || { echo "bench: needs a JDK 25+ under /usr/lib/jvm" >&2; exit 2; }
home="${newest#*:}"
mvn -q -B -DskipTests package -pl flowtrace-events,flowtrace-recorder,flowtrace-analyzer -am
agent="$root/flowtrace-recorder/target/flowtrace-agent.jar"
[[ -z "$baseline" ]] || baseline="$(cd "$(dirname "$baseline")" && pwd)/$(basename "$baseline")"

work="$root/target/bench/jackson"
rm -rf "$work"
mkdir -p "$work/lib" "$work/classes" "$work/javac-out"
if [[ -n "$baseline" ]]; then
  # under the name it is built with, which the manifest's Boot-Class-Path names: a renamed agent jar is appended to
  # the boot class path at run time instead, which turns off class sharing for the application's classes
  mkdir -p "$work/before"
  cp "$baseline" "$work/before/flowtrace-agent.jar"
  baseline="$work/before/flowtrace-agent.jar"
fi
version=2.17.2
for artifact in jackson-core jackson-databind jackson-annotations; do
  mvn -q -B dependency:copy -Dartifact="com.fasterxml.jackson.core:$artifact:$version" -DoutputDirectory="$work/lib"
done
cp="$work/lib/jackson-core-$version.jar:$work/lib/jackson-databind-$version.jar:$work/lib/jackson-annotations-$version.jar"
"$home/bin/javac" -d "$work/classes" -cp "$cp" bench/jackson/JacksonRoundTrip.java
include='com.fasterxml.jackson.core.**|com.fasterxml.jackson.databind.**'

# JEP 520: a filter naming every class of the two jars (it has no package patterns), nested classes included
classes="$(for jar in jackson-core jackson-databind; do
  "$home/bin/jar" tf "$work/lib/$jar-$version.jar" | grep '\.class$' | grep -v -e module-info -e '^META-INF/' \
    | sed 's/\.class$//; s#/#.#g'
done | paste -sd ';')"
cat > "$work/jep520.jfc" <<JFC
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0" label="jep520">
  <event name="jdk.MethodTrace">
    <setting name="enabled">true</setting>
    <setting name="filter">$classes</setting>
    <setting name="threshold">0 ms</setting>
    <setting name="stackTrace">false</setting>
  </event>
</configuration>
JFC

# the javac case: the analyzer's sources against its dependencies
javac_cp="$(mvn -q -B -o dependency:build-classpath -pl flowtrace-analyzer -Dmdep.outputFile=/dev/stdout)"
javac_cp="$javac_cp:$root/flowtrace-events/target/classes"
find flowtrace-analyzer/src/main/java -name '*.java' > "$work/javac-sources"

variants=(none flowtrace flowtrace-none jep520)
labels=("untraced" "flowtrace" "flowtrace values=none" "JEP 520")
if [[ -n "$baseline" ]]; then
  variants+=(before before-none)
  labels+=("before: flowtrace" "before: values=none")
fi
javac_variants=(none flowtrace flowtrace-none)

# JVM options of a variant for a case; the recording of each variant is rewritten on every run
options() {
  local variant="$1" case="$2" traced
  [[ "$case" == jackson ]] && traced="$include" || traced='com.sun.tools.javac.**'
  case "$variant" in
    none) ;;
    flowtrace) echo "-javaagent:$agent=include=$traced;session=$work/$case-$variant" ;;
    flowtrace-none) echo "-javaagent:$agent=include=$traced;values=none;session=$work/$case-$variant" ;;
    before) echo "-javaagent:$baseline=include=$traced;session=$work/$case-$variant" ;;
    before-none) echo "-javaagent:$baseline=include=$traced;values=none;session=$work/$case-$variant" ;;
    jep520) echo "-XX:StartFlightRecording:filename=$work/$case-$variant.jfr,settings=$work/jep520.jfc" ;;
  esac
}

# runs a case once under a variant; appends its wall ms (and the round trip's own ms) to $work/<case>-<variant>.*
run() {
  local case="$1" variant="$2" counted="${3:-yes}" option
  option="$(options "$variant" "$case")"
  rm -rf "$work/$case-$variant"
  local status=0
  if [[ "$case" == jackson ]]; then
    /usr/bin/time -f '%e' -o "$work/time" "$home/bin/java" ${option:+"$option"} -cp "$work/classes:$cp" \
      JacksonRoundTrip 5000 3 > "$work/out" 2> "$work/err" || status=$?
  else
    /usr/bin/time -f '%e' -o "$work/time" "$home/bin/javac" ${option:+"-J$option"} -cp "$javac_cp" \
      -d "$work/javac-out" -proc:none @"$work/javac-sources" > "$work/out" 2> "$work/err" || status=$?
  fi
  if [[ "$status" != 0 ]]; then # counted nowhere, told, and kept for a look; the other runs go on
    cp "$work/err" "$work/$case-$variant.failed-$(date +%s).err"
    echo "bench: $case under $variant failed (exit $status): $(head -1 "$work/err")" >&2
    return
  fi
  [[ "$case" == jackson ]] && sed -n 's/^orders=/orders=/p' "$work/out" > "$work/$case-$variant.checksum"
  [[ "$counted" == yes ]] || return 0
  [[ "$case" == jackson ]] && sed -n 's/^roundTripMillis=//p' "$work/out" >> "$work/$case-$variant.own"
  [[ "$case" == jackson ]] && sed -n 's/^roundTripCpuMillis=//p' "$work/out" >> "$work/$case-$variant.cpu"
  awk '{ printf "%d\n", $1 * 1000 }' "$work/time" >> "$work/$case-$variant.wall"
}

# bytes per call: recording size over calls (FlowTrace's sidecar; JEP 520's events, counted by jfr summary)
per_call() {
  local case="$1" variant="$2" file calls
  if [[ "$variant" == jep520 ]]; then
    file="$work/$case-$variant.jfr"
    calls="$("$home/bin/jfr" summary "$file" | awk '$1 == "jdk.MethodTrace" { print $2 }')"
  else
    file="$(ls "$work/$case-$variant"/*.jfr)"
    calls="$(sed -n 's/^tracedCalls=//p' "$work/$case-$variant"/*.properties)"
  fi
  [[ -z "$calls" || "$calls" == 0 ]] && { echo "- -"; return; }
  echo "$calls $(awk -v s="$(stat -c %s "$file")" -v c="$calls" 'BEGIN { printf "%.1f", s / c }')"
}

echo "== $("$home/bin/java" -version 2>&1 | head -1); load: $(uptime | sed 's/.*load average: //')"
for variant in "${variants[@]}"; do run jackson "$variant" no; done # warm-up, not counted: file caches, CDS
for ((i = 1; i <= runs; i++)); do
  for variant in "${variants[@]}"; do run jackson "$variant"; done
  for variant in "${javac_variants[@]}"; do run javac "$variant"; done
done
echo "load after: $(uptime | sed 's/.*load average: //')"

report() {
  local case="$1"; shift
  local names=("$@") base_wall base_own base_cpu jep_wall="" jep_own="" jep_cpu=""
  base_wall="$(median < "$work/$case-none.wall")"
  [[ "$case" == jackson ]] && base_own="$(median < "$work/$case-none.own")" \
    && base_cpu="$(median < "$work/$case-none.cpu")"
  if [[ -e "$work/$case-jep520.wall" ]]; then
    jep_wall=$(($(median < "$work/$case-jep520.wall") - base_wall))
    jep_own=$(($(median < "$work/$case-jep520.own") - base_own))
    jep_cpu=$(($(median < "$work/$case-jep520.cpu") - base_cpu))
  fi
  printf '%-24s %9s %9s %9s %9s %7s %9s %7s %9s %8s %12s\n' "$case ($runs runs)" "wall ms" "added" "x untr." \
    "own ms" "added" "/JEP 520" "cpu ms" "/JEP 520" "B/call" "calls"
  local i variant wall own added own_added ratio cpu cpu_ratio calls bytes
  for variant in "${names[@]}"; do
    wall="$(median < "$work/$case-$variant.wall")"
    added=$((wall - base_wall))
    own="-"; own_added="-"; ratio="-"; cpu="-"; cpu_ratio="-"
    if [[ "$case" == jackson ]]; then
      own="$(median < "$work/$case-$variant.own")"
      own_added=$((own - base_own))
      [[ -n "$jep_own" && "$jep_own" -gt 0 && "$variant" != none ]] \
        && ratio="$(awk -v a="$own_added" -v b="$jep_own" 'BEGIN { printf "%.2f", a / b }')"
      cpu="$(median < "$work/$case-$variant.cpu")"
      [[ -n "$jep_cpu" && "$jep_cpu" -gt 0 && "$variant" != none ]] \
        && cpu_ratio="$(awk -v a="$((cpu - base_cpu))" -v b="$jep_cpu" 'BEGIN { printf "%.2f", a / b }')"
    fi
    read -r calls bytes <<< "$( [[ "$variant" == none ]] && echo "- -" || per_call "$case" "$variant")"
    printf '%-24s %9s %9s %9s %9s %7s %9s %7s %9s %8s %12s\n' "${variant}" "$wall" "$added" \
      "$(awk -v a="$wall" -v b="$base_wall" 'BEGIN { printf "%.2f", a / b }')" "$own" "$own_added" "$ratio" \
      "$cpu" "$cpu_ratio" "$bytes" "$calls"
  done
}
report jackson "${variants[@]}"
report javac "${javac_variants[@]}"
for variant in "${variants[@]}"; do # a tracer must not change what the program does
  cmp -s "$work/jackson-none.checksum" "$work/jackson-$variant.checksum" \
    || echo "bench: $variant changed the program's output: $(cat "$work/jackson-$variant.checksum")" >&2
done
echo "(own: the 3 timed rounds; /JEP 520: their added time over JEP 520's; cpu: the main thread's CPU time of"
echo " the timed rounds, and its added time over JEP 520's; wall: the whole JVM, with start-up,"
echo " class loading and instrumentation, the warm-up round and the recording's end; calls include the warm-up round)"
