#!/usr/bin/env bash
# Trains the spam classifier's shipped model from the even-numbered messages of the SpamAssassin
# public corpus (fetched by corpora/fetch.sh), or shows how it does. Odd-numbered messages are kept
# for acceptance: nothing here trains or tunes on them.
#
#   bench/filters/train.sh [-o] train [w]      writes bundles/filters/src/main/resources/io/neuromail/filters/rules/classifier-model.txt
#   bench/filters/train.sh [-o] tune [w...]    per weight: trained on messages numbered 2 mod 4, what it flags of those numbered 0 mod 4, and the other way round
#   bench/filters/train.sh [-o] curve [w]      the share flagged of those numbered 0 mod 4 by models trained on a quarter and a half of the other even ones
#   bench/filters/train.sh [-o] accept         the shipped model on the odd-numbered messages, at its default warn probability
#
# w: how many times each hard-ham message (legitimate commercial mail) counts in training; default
# CorpusTraining.HARD_HAM_WEIGHT, the shipped model's. -o: build offline, with a filled local Maven
# repository. Operators retrain from their own mail with the console command
# neuromail:classifier-train [--newsletters <dir>] <spam-dir> <ham-dir>.
set -euo pipefail
cd "$(dirname "$0")/../.."
offline=()
if [[ "${1:-}" == "-o" ]]; then
  offline=(-o)
  shift
fi
mode="${1:-train}"
shift || true
for w in "$@"; do
  [[ "$w" =~ ^[0-9]{1,3}$ ]] || { echo "a weight is a whole number: $w" >&2; exit 2; }
done
model=bundles/filters/src/main/resources/io/neuromail/filters/rules/classifier-model.txt
corpus=bench/filters/corpora/target/spamassassin
bench/filters/corpora/fetch.sh >/dev/null
classpath="$(mktemp)"
trap 'rm -f "$classpath"' EXIT
if ! out=$(mvn -B -ntp -q "${offline[@]}" -pl bundles/filters -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$classpath" 2>&1); then
  echo "$out" | tail -40
  exit 1
fi
cp="bundles/filters/target/test-classes:bundles/filters/target/classes:$(cat "$classpath")"
main=io.neuromail.filters.internal.classifier.CorpusTraining
case "$mode" in
  train)  java -cp "$cp" "$main" train "$corpus" "$model" "$@" ;;
  tune)   java -cp "$cp" "$main" tune "$corpus" "$@" ;;
  curve)  java -cp "$cp" "$main" curve "$corpus" "${1:-4}" ;;
  accept) java -cp "$cp" "$main" accept "$corpus" "$model" \
            "$(sed -n 's/.*double warnProbability() default \([0-9.]*\);.*/\1/p' \
               bundles/filters/src/main/java/io/neuromail/filters/internal/builtin/ClassifierFilter.java)" ;;
  *) echo "usage: $0 [-o] train [weight] | tune [weight...] | curve [weight] | accept" >&2; exit 2 ;;
esac
