# Sourced by the bench scripts (from the repository root).

# $newest: "VERSION:JAVA_HOME" of the newest JDK 21+ under /usr/lib/jvm, or "".
newest=""
for release in /usr/lib/jvm/*/release; do
  home="$(dirname "$release")"
  version="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")"
  if [[ -n "$version" && "$version" -ge 21 && ( -z "$newest" || "$version" -gt "${newest%%:*}" ) ]]; then
    newest="$version:$home"
  fi
done

# The median of the integers on stdin, one per line.
median() {
  sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

# Runs ./flowtrace with JAVA_HOME=$1 until its class-data archive for that JDK and this jar is in place and nothing
# is being written (docs/cli-startup.md: JDK 21+ writes it in one run, JDK 17 lists the classes in one run and builds
# it in the background of the next), so that measured runs neither write nor wait for one.
cds_ready() {
  local home="$1" i tmp pid busy
  for i in 1 2 3 4; do
    JAVA_HOME="$home" ./flowtrace tree recordings/fib/fib.jfr > /dev/null 2>&1 || true
    busy=yes
    while [[ -n "$busy" ]]; do
      busy=""
      for tmp in flowtrace-cli/target/flowtrace-cds-*.tmp; do
        [[ -e "$tmp" ]] || continue
        pid="${tmp%.tmp}"
        pid="${pid##*.}"
        if kill -0 "$pid" 2> /dev/null; then busy=yes; fi
      done
      [[ -z "$busy" ]] || sleep 0.5
    done
  done
}
