#!/usr/bin/env bash
# Process management for the test-network: every node and chaincode runs as a
# local process in its own session, recorded in $PID_DIR/<name>.pid as
# "<pid> <start-time>". The start time (field 22 of /proc/<pid>/stat) makes
# the record exact: `down` never signals a process that merely reused a pid.

# proc_starttime PID prints the kernel start time of PID, or nothing.
proc_starttime() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  # Strip "pid (comm) " first: comm may contain spaces.
  stat=${stat##*) }
  # Field 22 overall is field 20 after pid and comm.
  awk '{print $20}' <<<"$stat"
}

# proc_alive NAME: true if the process recorded as NAME is still running
# (a zombie waiting to be reaped is not).
proc_alive() {
  local f="$PID_DIR/$1.pid" pid start stat
  [[ -f "$f" ]] || return 1
  read -r pid start <"$f" || return 1
  stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  local -a fields
  read -r -a fields <<<"$stat"
  # fields[0] is the state, fields[19] the start time (fields 3 and 22 of stat).
  [[ "${fields[0]}" != "Z" && "${fields[0]}" != "X" && "${fields[19]}" == "$start" ]]
}

# proc_start NAME LOGFILE CMD... starts CMD in a new session (so Ctrl-C on
# network.sh does not reach it and `down` can signal its whole group) with
# output appended to LOGFILE, and records it.
proc_start() {
  local name=$1 logfile=$2
  shift 2
  mkdir -p "$PID_DIR" "$(dirname "$logfile")"
  verboseln "+ $* >>$logfile"
  setsid "$@" >>"$logfile" 2>&1 </dev/null &
  local pid=$!
  local start
  start=$(proc_starttime "$pid") || {
    errorln "$name exited immediately; last lines of $logfile:"
    tail -n 20 "$logfile" >&2
    return 1
  }
  echo "$pid $start" >"$PID_DIR/$name.pid"
  verboseln "$name: pid $pid, log $logfile"
}

# proc_stop NAME stops the recorded process group: SIGTERM, then SIGKILL
# after 5 s. A missing or stale record is not an error.
proc_stop() {
  local name=$1 f="$PID_DIR/$1.pid" pid start i
  [[ -f "$f" ]] || return 0
  read -r pid start <"$f"
  if proc_alive "$name"; then
    infoln "Stopping $name (pid $pid)"
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
    for ((i = 0; i < 50; i++)); do
      proc_alive "$name" || break
      sleep 0.1
    done
    if proc_alive "$name"; then
      warnln "$name did not stop within 5s; sending SIGKILL"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
    fi
  else
    verboseln "$name (pid $pid) is not running"
  fi
  rm -f "$f"
}

# proc_names lists recorded process names (optionally matching a glob).
proc_names() {
  local pattern=${1:-*} f
  for f in "$PID_DIR"/$pattern.pid; do
    [[ -f "$f" ]] || continue
    f=${f##*/}
    echo "${f%.pid}"
  done
}

# proc_running_names lists recorded processes that are alive.
proc_running_names() {
  local n
  for n in $(proc_names "${1:-*}"); do
    proc_alive "$n" && echo "$n"
  done
}

# port_in_use PORT: true if something accepts connections on 127.0.0.1:PORT
# or has it bound (ss sees listeners on any address).
port_in_use() {
  if command -v ss >/dev/null 2>&1; then
    ss -Hltn "sport = :$1" 2>/dev/null | grep -q . && return 0
  fi
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# wait_for DESCRIPTION TIMEOUT_SECONDS NAME CHECK... polls CHECK every 50 ms
# until it succeeds; fails early if process NAME dies, showing its log.
wait_for() {
  local what=$1 timeout=$2 name=$3
  shift 3
  local deadline=$(($(now_ms) + timeout * 1000))
  while ! "$@" >/dev/null 2>&1; do
    if [[ -n "$name" ]] && ! proc_alive "$name"; then
      errorln "$name exited while waiting for $what; last lines of its log:"
      tail -n 30 "$LOG_DIR/$name.log" >&2 2>/dev/null
      return 1
    fi
    if (($(now_ms) > deadline)); then
      errorln "timed out after ${timeout}s waiting for $what"
      [[ -n "$name" ]] && tail -n 30 "$LOG_DIR/$name.log" >&2 2>/dev/null
      return 1
    fi
    sleep 0.05
  done
}

# http_ok URL: the URL answers 2xx.
http_ok() { curl -fsS --max-time 2 "$1" >/dev/null; }

# tcp_open PORT: something accepts TCP connections on 127.0.0.1:PORT.
tcp_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
