#!/usr/bin/env bash
# Start-up cost of the agent, side by side in one run: wall and CPU time of hello world and of javac compiling one
# file (about 2,200 classes loaded, none of them traced by default), without agent, with JFR alone
# (-XX:StartFlightRecording), with the agent (its cache of instrumented JDK classes filled by an untimed first run),
# with cache=none (what a first run pays) and with the agent's async=false, on JDK 17 and on the newest JDK found;
# the median of N runs each, the runs of all variants interleaved so that the machine's load falls on all of them
# alike.
# Usage: bench/startup.sh [runs] [baseline-agent.jar]   (default 7 runs; a baseline jar, e.g. the agent of an
# older commit, adds its two agent columns for a before/after comparison in the same run)
set -euo pipefail
command -v /usr/bin/time > /dev/null || { echo "bench: needs GNU time: apt-get install time" >&2; exit 2; }
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-7}"
baseline="${2:-}"
cd "$root"
mvn -q -B -DskipTests package -pl flowtrace-events,flowtrace-recorder -am
agent="$root/flowtrace-recorder/target/flowtrace-agent.jar"
[[ -z "$baseline" ]] || baseline="$(cd "$(dirname "$baseline")" && pwd)/$(basename "$baseline")"

work="$root/target/bench/startup"
rm -rf "$work"
mkdir -p "$work/hello"
if [[ -n "$baseline" ]]; then
  # under the name it is built with, which the manifest's Boot-Class-Path names: a renamed agent jar is appended to
  # the boot class path at run time instead, which turns off class sharing for the application's classes
  mkdir -p "$work/before"
  cp "$baseline" "$work/before/flowtrace-agent.jar"
  baseline="$work/before/flowtrace-agent.jar"
fi
cat > "$work/Hello.java" <<'EOF'
public class Hello {
    public static void main(String[] args) {
        System.out.println("hello");
    }
}
EOF
javac --release 17 -d "$work/hello" "$work/Hello.java"

source bench/common.sh # $newest, median
jdk17="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"

variants=(none jfr agent nocache sync)
labels=("no agent" "JFR only" "agent" "agent, cache=none" "agent, async=false")
if [[ -n "$baseline" ]]; then
  variants+=(before before-sync)
  labels+=("before: agent" "before: async=false")
fi

# JVM options of a variant; one recording file per variant, rewritten on every run
options() {
  case "$1" in
    none) ;;
    jfr) echo "-XX:StartFlightRecording:filename=$work/jfr.jfr" ;;
    agent) echo "-javaagent:$agent=output=$work/agent.jfr;cache=$work/cache" ;;
    nocache) echo "-javaagent:$agent=output=$work/nocache.jfr;cache=none" ;;
    sync) echo "-javaagent:$agent=output=$work/sync.jfr;async=false" ;;
    before) echo "-javaagent:$baseline=output=$work/before.jfr" ;;
    before-sync) echo "-javaagent:$baseline=output=$work/before-sync.jfr;async=false" ;;
  esac
}

# runs the case once under a variant, prints its wall time and CPU time (user + system, all threads) in ms
run() {
  local home="$1" case="$2" variant="$3" option
  option="$(options "$variant")"
  if [[ "$case" == hello ]]; then
    /usr/bin/time -f '%e %U %S' -o "$work/time" "$home/bin/java" ${option:+"$option"} -cp "$work/hello" Hello \
      > /dev/null 2>&1
  else
    /usr/bin/time -f '%e %U %S' -o "$work/time" "$home/bin/javac" ${option:+"-J$option"} -d "$work/javac" \
      "$work/Hello.java" > /dev/null 2>&1
  fi
  awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' "$work/time"
}

echo "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), median of $runs runs:" \
  "wall ms / CPU ms (user + system)"
header="| JVM | case |"
rule="|---|---|"
for label in "${labels[@]}"; do header+=" $label |"; rule+="---|"; done
echo
echo "$header"
echo "$rule"
for home in "$jdk17" ${newest:+"${newest#*:}"}; do
  version="$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p')"
  for case in hello javac; do
    run "$home" "$case" agent > /dev/null # fills the agent's cache
    declare -A wall=() cpu=()
    for ((i = 0; i < runs; i++)); do
      for variant in "${variants[@]}"; do
        read -r w c < <(run "$home" "$case" "$variant")
        wall[$variant]+="$w "
        cpu[$variant]+="$c "
      done
    done
    row="| $version | $case |"
    for variant in "${variants[@]}"; do
      row+=" $(tr ' ' '\n' <<< "${wall[$variant]}" | grep . | median) / $(tr ' ' '\n' <<< "${cpu[$variant]}" \
        | grep . | median) |"
    done
    echo "$row"
    unset wall cpu
  done
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
