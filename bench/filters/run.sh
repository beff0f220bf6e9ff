#!/usr/bin/env bash
# Precision and recall of the built-in content filters on the labelled corpus in corpus/, and the
# time they take per message (the corpus, and a 50 KB HTML newsletter). Runs CorpusBenchTest from
# the filters bundle; builds what it needs first. Usage: bench/filters/run.sh [-o for offline]
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! out=$(mvn -B -ntp -q "$@" -pl bundles/filters -am test \
    -Dtest=CorpusBenchTest -Dbench.excludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false \
    -Dstyle.color=never -Dsurefire.useFile=false 2>&1); then
  echo "$out" | tail -60
  exit 1
fi
echo "$out" | grep -E '^(==|label|ham|spam|phishing|adult|BLOCK|WARN|time|50 KB|goal)'
