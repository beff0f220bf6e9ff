#!/usr/bin/env bash
# The cost of recording an activity entry before and after the hash chain (ActivityRecordBench in
# the identity bundle's test classes), on the real persistence service, without HTTP.
#
#   bench/activity/run.sh [entries] [h2|postgresql]     (default 5000 h2; PostgreSQL on
#                                                       127.0.0.1:5432, user postgres)
# Maven options (e.g. -o -Dmaven.repo.local=...) can be given in MVN_ARGS.
set -euo pipefail

N="${1:-5000}"
DB="${2:-h2}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$ROOT/bench/target/activity"
mkdir -p "$WORK"
# shellcheck disable=SC2086
mvn -B -ntp -q ${MVN_ARGS:-} -f "$ROOT/bundles/identity/pom.xml" test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/classpath.txt"
CP="$ROOT/bundles/identity/target/test-classes:$ROOT/bundles/identity/target/classes:$(cat "$WORK/classpath.txt")"
java -cp "$CP" io.neuromail.identity.internal.ActivityRecordBench "$N" "$DB" 2>"$WORK/stderr.log"
