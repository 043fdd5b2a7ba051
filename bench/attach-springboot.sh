#!/usr/bin/env bash
# flowtrace attach on a Spring-Boot-sized JVM (fixtures/spring-shop, started without FlowTrace): the time to attach
# (until instrumented and recording), to detach (from the end of --duration until attach exits), and the server's
# throughput before, during and after the attach: N keep-alive requests to /orders/{i}/total by one curl, sequential.
# Usage: bench/attach-springboot.sh [requests]   (default 2000)
set -euo pipefail
command -v curl > /dev/null || { echo "bench: needs curl: apt-get install curl" >&2; exit 2; }
root="$(cd "$(dirname "$0")/.." && pwd)"
requests="${1:-2000}"
cd "$root"
mvn -q -B -DskipTests package -pl flowtrace-cli,flowtrace-recorder,fixtures/spring-shop -am
work="$root/target/bench/attach"
rm -rf "$work"
mkdir -p "$work"
port=18500
java -jar fixtures/spring-shop/target/spring-shop.jar --server.port=$port --spring.main.banner-mode=off \
  > "$work/server.txt" 2>&1 &
server=$!
trap 'kill $server 2> /dev/null || true' EXIT
until curl -fs -o /dev/null "http://localhost:$port/orders/1/total"; do sleep 0.2; done

# prints requests per second for $requests requests
throughput() {
  local start end
  start=$(date +%s%N)
  curl -fs -o /dev/null "http://localhost:$port/orders/[1-$requests]/total"
  end=$(date +%s%N)
  awk -v n="$requests" -v ns=$((end - start)) 'BEGIN { printf "%.0f", n / (ns / 1e9) }'
}

throughput > /dev/null # warm-up: the JIT compiles the request path
before=$(throughput)
duration=20
start=$(date +%s%N)
./flowtrace attach --duration ${duration}s -o "$work/attached.jfr" $server > "$work/attach.txt" 2>&1 &
attach=$!
until grep -q "recording for" "$work/attach.txt"; do sleep 0.05; done
attached=$(date +%s%N)
during=$(throughput)
wait $attach
ended=$(date +%s%N)
after=$(throughput)
echo "Spring Boot shop, pid $server; load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "attach (until recording): $(( (attached - start) / 1000000 )) ms"
echo "detach (after the ${duration}s): $(( (ended - attached) / 1000000 - duration * 1000 )) ms (approx.: measured from the first recording line)"
echo "throughput, $requests requests: before $before/s, during $during/s, after $after/s"
grep "flowtrace: recorded" "$work/attach.txt"
