#!/usr/bin/env bash
# Builds the NeuroMail image and checks it as an operator would meet it: the container answers 200 on
# /api/v1/health, runs as the unprivileged user neuromail (uid 10001), keeps etc/ and data/ in
# volumes with etc/ readable by that user only, and took the settings given as environment variables.
# Needs the distribution archive (mvn -B -ntp verify -DskipTests) and docker or podman.
#
#   karaf-distribution/src/test/docker/check-image.sh
#
# Environment (all optional):
#   NEUROMAIL_CONTAINER_ENGINE  docker or podman (default: the first found)
#   NEUROMAIL_BASE_IMAGE        the image to build on (default: the Dockerfile's, eclipse-temurin)
#   NEUROMAIL_BUILD_ARGS        more arguments for the build (e.g. --isolation chroot)
#   NEUROMAIL_RUN_ARGS          more arguments for the run (e.g. ulimits a sandbox allows)
#   NEUROMAIL_CHECK_PORT        the host port published for the check (default 18481)
#   NEUROMAIL_HOST_NETWORK=1    share the host's network instead of publishing a port (the check then
#                               asks port 8181)
set -euo pipefail
cd "$(dirname "$0")/../../.."
engine="${NEUROMAIL_CONTAINER_ENGINE:-$(command -v docker >/dev/null && echo docker || echo podman)}"
port="${NEUROMAIL_CHECK_PORT:-18481}"
name="neuromail-check-$$"
build=("$engine" build -t neuromail:check)
[[ -n "${NEUROMAIL_BASE_IMAGE:-}" ]] && build+=(--build-arg "BASE_IMAGE=$NEUROMAIL_BASE_IMAGE")
# shellcheck disable=SC2206
build+=(${NEUROMAIL_BUILD_ARGS:-} .)
ls target/neuromail-distribution-*.tar.gz >/dev/null
"${build[@]}"

cleanup() { "$engine" rm -f "$name" >/dev/null 2>&1 || true; }
trap cleanup EXIT
network=(-p "127.0.0.1:$port:8181")
if [[ "${NEUROMAIL_HOST_NETWORK:-}" == 1 ]]; then
  network=(--network host)
  port=8181
fi
# shellcheck disable=SC2086
"$engine" run -d --name "$name" "${network[@]}" ${NEUROMAIL_RUN_ARGS:-} \
  -e NEUROMAIL_BASE_URL=https://mail.example.test neuromail:check >/dev/null

status=000
for _ in $(seq 1 90); do
  status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/v1/health" || true)
  [[ "$status" == 200 ]] && break
  if [[ "$("$engine" inspect -f '{{.State.Running}}' "$name")" != true ]]; then
    "$engine" logs "$name" | tail -40
    echo "FAIL: the container stopped" >&2
    exit 1
  fi
  sleep 2
done
fail() { echo "FAIL: $*" >&2; "$engine" logs "$name" | tail -40; exit 1; }
[[ "$status" == 200 ]] || fail "health answered $status"
echo "ok: /api/v1/health answers 200"
[[ "$("$engine" exec "$name" id -u)" == 10001 ]] || fail "not running as uid 10001"
echo "ok: runs as $("$engine" exec "$name" id -un) (uid 10001)"
perms=$("$engine" exec "$name" stat -c '%a %U' /opt/neuromail/etc)
[[ "$perms" == "700 neuromail" ]] || fail "etc/ is $perms"
echo "ok: etc/ is 700, owned by neuromail"
volumes=$("$engine" inspect -f '{{range .Mounts}}{{.Destination}} {{end}}' "$name")
[[ "$volumes" == *"/opt/neuromail/etc"* && "$volumes" == *"/opt/neuromail/data"* ]] || fail "volumes: $volumes"
echo "ok: etc/ and data/ are volumes"
"$engine" exec "$name" grep -q '^baseUrl = https://mail.example.test$' etc/io.neuromail.public.cfg \
  || fail "NEUROMAIL_BASE_URL did not reach etc/io.neuromail.public.cfg"
echo "ok: NEUROMAIL_BASE_URL is in etc/io.neuromail.public.cfg"
