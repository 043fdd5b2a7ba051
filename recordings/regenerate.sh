#!/usr/bin/env bash
# Re-records the examples of examples.tsv and the recordings of diff-runs.tsv with the default JDK, and rewrites the
# golden trees and the golden diffs of diffs.tsv; then the recordings of the JDK's own method tracing listed in
# jdktrace.tsv (JEP 520: made without the agent, with the JDK 25+ in $NEWEST_JAVA_HOME) and their golden trees.
# `regenerate.sh trees`, `regenerate.sh diffs` or `regenerate.sh jdktrace` does only one part;
# names after it (`regenerate.sh trees shop lost`) limit the trees to those examples. Examples that need a newer JDK
# (fifth column) are compiled from src/main/java21 and recorded with the JDK in $NEWEST_JAVA_HOME; a fifth column
# like 25-preview means a preview API of exactly that JDK: compiled from src/main/java25 with --enable-preview.
# A seventh column 'test' names a test fixture (src/test/java), run with the libraries in target/example-libs.
# Run after changing an example, the recorder or the tree's output; review the diff before committing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/.."
what=all
if [[ "${1:-}" == trees || "${1:-}" == diffs || "${1:-}" == jdktrace ]]; then
  what="$1"
  shift
fi
(cd "$root" && mvn -q -B -DskipTests package)

if [[ "$what" == all || "$what" == trees ]]; then

while IFS=$'\t' read -r name main exit_code views min_jdk record_options fixture; do
  [[ "${record_options:-}" != - ]] || record_options=""
  [[ -z "$name" || "$name" == \#* ]] && continue
  if [[ $# -gt 0 && " $* " != *" $name "* ]]; then
    continue
  fi
  mkdir -p "$here/$name"
  java=(java)
  classes="$here/target/classes"
  if [[ "${fixture:-}" == test ]]; then # a test fixture: a library's example, with the libraries Maven copied
    classes="$here/target/test-classes:$here/target/example-libs/*"
  fi
  preview=()
  sources="$here/src/main/java21"
  if [[ "${min_jdk:-}" == *-preview ]]; then # a preview API of exactly that JDK, from src/main/java<N>
    min_jdk="${min_jdk%-preview}"
    preview=(--enable-preview)
    sources="$here/src/main/java$min_jdk"
  fi
  if [[ -n "${min_jdk:-}" && "$min_jdk" -gt 17 ]]; then
    if [[ -z "${NEWEST_JAVA_HOME:-}" ]]; then
      echo "regenerate: $name needs JDK $min_jdk: set NEWEST_JAVA_HOME" >&2
      exit 1
    fi
    java=("$NEWEST_JAVA_HOME/bin/java" "${preview[@]}")
    out="$here/target/classes-$(basename "$sources")"
    mkdir -p "$out"
    "$NEWEST_JAVA_HOME/bin/javac" --release "$min_jdk" "${preview[@]}" -d "$out" -cp "$classes" \
      $(find "$sources" -name '*.java')
    classes="$out:$classes"
  fi
  status=0
  # shellcheck disable=SC2086 # the options are words on purpose
  "$root/flowtrace" record -q ${record_options:-} -o "$here/$name/$name.jfr" -- "${java[@]}" -cp "$classes" "$main" \
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
    if [[ "$args" == tasks* || "$args" == methods* ]]; then # tasks exits 1 when it reports problems
      "$root/flowtrace" $args "$here/$name/$name.jfr" > "$here/$name/$file" || [[ $? == 1 ]]
    else
      "$root/flowtrace" tree --color never $args "$here/$name/$name.jfr" > "$here/$name/$file"
    fi
  done
  echo "regenerate: $name"
done < "$here/examples.tsv"
fi

if [[ "$what" == all || "$what" == diffs ]]; then

while IFS=$'\037' read -r file main args exit_code; do
  [[ -z "$file" || "$file" == \#* ]] && continue
  mkdir -p "$(dirname "$here/$file")"
  status=0
  # shellcheck disable=SC2086 # the arguments are words on purpose
  "$root/flowtrace" record -q -o "$here/$file" -- java -cp "$here/target/classes" "$main" $args \
    >/dev/null 2>&1 || status=$?
  if [[ "$status" != "$exit_code" ]]; then
    echo "regenerate: $file exited $status, expected $exit_code" >&2
    exit 1
  fi
  echo "regenerate: $file"
done < <(tr '\t' '\037' < "$here/diff-runs.tsv") # tabs are IFS whitespace: empty fields would vanish

# Paths relative to recordings/, as GoldenDiffTest passes them: they appear in the diff's header.
cd "$here"
while IFS=$'\037' read -r name a b options golden exit_code; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  status=0
  # shellcheck disable=SC2086 # the options are words on purpose
  "$root/flowtrace" diff --color never $options "$a" "$b" > "$golden" || status=$?
  if [[ "$status" != "$exit_code" ]]; then
    echo "regenerate: diff $name exited $status, expected $exit_code" >&2
    exit 1
  fi
  echo "regenerate: diff $name"
done < <(tr '\t' '\037' < "$here/diffs.tsv")
fi

if [[ "$what" == all || "$what" == jdktrace ]]; then
  if [[ -z "${NEWEST_JAVA_HOME:-}" ]]; then
    echo "regenerate: the JDK method-trace recordings need JDK 25 or newer: set NEWEST_JAVA_HOME" >&2
    exit 1
  fi
  cd "$here"
  while IFS=$'\037' read -r name main settings agent; do
    [[ -z "$name" || "$name" == \#* ]] && continue
    mkdir -p jdktrace
    rm -f "jdktrace/$name.jfr"
    java=("$NEWEST_JAVA_HOME/bin/java" -Xlog:jfr+startup=warning -cp "$here/target/classes")
    if [[ "${agent:-}" == with-agent ]]; then # the agent's recording gets the JDK's events too
      "$root/flowtrace" record -q -o "jdktrace/$name.jfr" -- "${java[@]}" "-XX:StartFlightRecording:$settings" \
        "$main" > /dev/null
    else
      "${java[@]}" "-XX:StartFlightRecording:$settings,filename=jdktrace/$name.jfr" "$main" > /dev/null
    fi
    "$root/flowtrace" tree --color never "jdktrace/$name.jfr" > "jdktrace/$name-tree.txt" 2> /dev/null
    echo "regenerate: jdktrace/$name"
  done < <(tr '\t' '\037' < "$here/jdktrace.tsv")
fi
