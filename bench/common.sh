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
