# Sourced by the bench scripts: sets $newest to "VERSION:JAVA_HOME" of the newest JDK 21+ under /usr/lib/jvm, or "".
newest=""
for release in /usr/lib/jvm/*/release; do
  home="$(dirname "$release")"
  version="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")"
  if [[ -n "$version" && "$version" -ge 21 && ( -z "$newest" || "$version" -gt "${newest%%:*}" ) ]]; then
    newest="$version:$home"
  fi
done
