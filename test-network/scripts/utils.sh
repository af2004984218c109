#!/usr/bin/env bash
# Printing helpers shared by network.sh and its scripts, with Fabric
# test-network's look (infoln, successln, warnln, errorln, fatalln).

C_RESET='\033[0m'
C_RED='\033[0;31m'
C_GREEN='\033[0;32m'
C_BLUE='\033[0;34m'
C_YELLOW='\033[1;33m'

# Colour only on a terminal, so logs captured by CI stay readable.
if [[ ! -t 1 || -n "${NO_COLOR:-}" ]]; then
  C_RESET='' C_RED='' C_GREEN='' C_BLUE='' C_YELLOW=''
fi

println() { echo -e "$1"; }
infoln() { println "${C_RESET}$1${C_RESET}"; }
successln() { println "${C_GREEN}$1${C_RESET}"; }
warnln() { println "${C_YELLOW}$1${C_RESET}"; }
errorln() { println "${C_RED}$1${C_RESET}" >&2; }
fatalln() {
  errorln "$1"
  exit 1
}
# verboseln prints only with -verbose.
verboseln() {
  if [[ "${VERBOSE:-false}" == "true" ]]; then
    println "${C_BLUE}  $1${C_RESET}"
  fi
}

# run prints a command (with -verbose) and runs it; its output goes to the
# terminal only with -verbose, otherwise into $RUN_LOG, which is shown if the
# command fails so that an error is never hidden.
run() {
  verboseln "+ $*"
  if [[ "${VERBOSE:-false}" == "true" ]]; then
    "$@"
    return
  fi
  local out rc
  out=$("$@" 2>&1)
  rc=$?
  if [[ -n "${RUN_LOG:-}" && -d "$(dirname "$RUN_LOG")" ]]; then
    printf '+ %s\n%s\n' "$*" "$out" >>"$RUN_LOG"
  fi
  if [[ $rc -ne 0 ]]; then
    errorln "command failed (exit $rc): $*"
    [[ -n "$out" ]] && println "$out" >&2
  fi
  return $rc
}

# now_ms is a monotonic-enough wall clock in milliseconds for step timings.
now_ms() { date +%s%3N; }

# elapsed prints seconds since a now_ms value, e.g. "2.41".
elapsed() {
  local ms=$(($(now_ms) - $1))
  printf '%d.%02d' $((ms / 1000)) $(((ms % 1000) / 10))
}
