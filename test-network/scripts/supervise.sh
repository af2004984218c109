#!/usr/bin/env bash
# supervise.sh CMD ARGS... runs CMD and restarts it whenever it exits, with a
# back-off from 1 s doubling to 10 s (reset after a run of 30 s or more), so
# a crashed chaincode comes back on its own. SIGTERM stops CMD and the loop.
# network.sh starts it in its own session and records its pid.

child=
stop() {
  [[ -n "$child" ]] && kill -TERM "$child" 2>/dev/null && wait "$child" 2>/dev/null
  echo "$(date -u +%FT%TZ) supervise: stopped"
  exit 0
}
trap stop TERM INT

delay=1
while :; do
  started=$(date +%s)
  echo "$(date -u +%FT%TZ) supervise: starting $*"
  "$@" &
  child=$!
  wait "$child"
  rc=$?
  child=
  if (($(date +%s) - started >= 30)); then
    delay=1
  fi
  echo "$(date -u +%FT%TZ) supervise: process exited with status $rc; restarting in ${delay}s"
  sleep "$delay" &
  wait $!
  delay=$((delay * 2 > 10 ? 10 : delay * 2))
done
