#!/usr/bin/env bash
# Re-records every example of examples.tsv with the default JDK and rewrites its golden files.
# Run after changing an example, the recorder or the tree's output; review the diff before committing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/.."
(cd "$root" && mvn -q -B -DskipTests package)

while IFS=$'\t' read -r name main exit_code views; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  mkdir -p "$here/$name"
  status=0
  "$root/flowtrace" record -q -o "$here/$name/$name.jfr" -- java -cp "$here/target/classes" "$main" \
    >/dev/null 2>&1 || status=$?
  if [[ "$status" != "$exit_code" ]]; then
    echo "regenerate: $name exited $status, expected $exit_code" >&2
    exit 1
  fi
  IFS=';' read -ra pairs <<< "$views"
  for pair in "${pairs[@]}"; do
    file="${pair%%=*}"
    args="${pair#*=}"
    # shellcheck disable=SC2086 # the options are words on purpose
    if [[ "$args" == tasks* ]]; then # tasks exits 1 when it reports problems
      "$root/flowtrace" $args "$here/$name/$name.jfr" > "$here/$name/$file" || [[ $? == 1 ]]
    else
      "$root/flowtrace" tree --color never $args "$here/$name/$name.jfr" > "$here/$name/$file"
    fi
  done
  echo "regenerate: $name"
done < "$here/examples.tsv"
