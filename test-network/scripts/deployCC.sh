#!/usr/bin/env bash
# deployCC: build a Go chaincode by path with the local toolchain, run one
# process per peer (dial-in: the chaincode connects to its peer's chaincode
# port, as Fabric's peer-launched chaincode does), supervised so that it is
# restarted if it dies, then approve the definition for both orgs and commit
# it, as Fabric's scripts/deployCC.sh does with the peer CLI.

CC_STATE_DIR="$STATE_DIR/chaincode"

# cc_check_args validates the flags before anything is built or started.
cc_check_args() {
  if [[ "$CC_SRC_LANGUAGE" != "go" && "$CC_SRC_LANGUAGE" != "golang" ]]; then
    fatalln "chaincode language '$CC_SRC_LANGUAGE' is not supported: saharanet's test-network builds Go chaincode (-ccl go). Chaincode in other languages can run as a service against the peers (see README.md)."
  fi
  [[ "$CC_NAME" =~ ^[A-Za-z0-9_-]+$ ]] || fatalln "invalid chaincode name '$CC_NAME': letters, digits, '_' and '-'"
  [[ "$CC_VERSION" =~ ^[A-Za-z0-9_.+-]+$ ]] || fatalln "invalid chaincode version '$CC_VERSION'"
  if [[ "$CC_SEQUENCE" != "auto" ]] && ! [[ "$CC_SEQUENCE" =~ ^[1-9][0-9]*$ ]]; then
    fatalln "invalid -ccs '$CC_SEQUENCE': a positive integer or 'auto'"
  fi
  command -v go >/dev/null 2>&1 || fatalln "deployCC builds chaincode with the Go toolchain, and 'go' is not on PATH"
  [[ -d "$CC_SRC_PATH" ]] || fatalln "chaincode path '$CC_SRC_PATH' does not exist (relative paths are relative to $TN_DIR)"
  CC_SRC_PATH=$(cd "$CC_SRC_PATH" && pwd)
  if [[ "$CC_COLL_CONFIG" != "NA" ]]; then
    [[ -f "$CC_COLL_CONFIG" ]] || fatalln "collections config '$CC_COLL_CONFIG' does not exist"
    # A first look only; saharanet-admin parses it fully when approving.
    [[ "$(tr -d ' \t\r\n' <"$CC_COLL_CONFIG" | head -c1)" == "[" ]] ||
      fatalln "collections config '$CC_COLL_CONFIG' is not a JSON array of collections"
    CC_COLL_CONFIG="$(cd "$(dirname "$CC_COLL_CONFIG")" && pwd)/$(basename "$CC_COLL_CONFIG")"
  fi
}

# cc_build compiles the chaincode into the state dir; on failure the
# compiler's message is shown and nothing else changes.
cc_build() {
  local out=$1
  infoln "Building chaincode '$CC_NAME' from $CC_SRC_PATH with $(go version | cut -d' ' -f3)"
  mkdir -p "$(dirname "$out")"
  local msg
  if ! msg=$(cd "$CC_SRC_PATH" && go build -o "$out" . 2>&1); then
    errorln "Chaincode build failed; the network is still running and unchanged. go build said:"
    println "$msg" >&2
    rm -f "$out"
    rmdir "$(dirname "$out")" 2>/dev/null
    return 1
  fi
  [[ -n "$msg" ]] && verboseln "$msg"
  return 0
}

# cc_start_process PEER PACKAGE_ID BINARY starts the supervised chaincode for one peer.
cc_start_process() {
  local n=$1 pkg=$2 bin=$3 org=${PEER_ORG[$1]}
  local dir
  dir="$(org_dir "$org")/peers/$n"
  local name="cc@${CC_NAME}@${CC_LABEL_SAFE}@$n"
  if proc_alive "$name"; then
    infoln "Chaincode $pkg already running for $n"
    return 0
  fi
  infoln "Starting chaincode $pkg for $n (log $LOG_DIR/${CC_NAME}-$n.log)"
  proc_start "$name" "$LOG_DIR/${CC_NAME}-$n.log" env \
    CORE_CHAINCODE_ID_NAME="$pkg" \
    CORE_PEER_LOCALMSPID="Org${org}MSP" \
    CORE_PEER_TLS_ENABLED=true \
    CORE_TLS_CLIENT_KEY_FILE="$dir/tls/server.key" \
    CORE_TLS_CLIENT_CERT_FILE="$dir/tls/server.crt" \
    CORE_PEER_TLS_ROOTCERT_FILE="$dir/tls/ca.crt" \
    "$TN_DIR/scripts/supervise.sh" "$bin" -peer.address "localhost:${PEER_CC_PORT[$n]}"
}

# admin_chaincode ORG VERB ARGS... runs `saharanet-admin chaincode VERB` as
# Org<ORG>'s admin (Fabric: peer lifecycle chaincode VERB), trusting every
# org's TLS CA so that one call may reach peers of both orgs and the orderers.
admin_chaincode() {
  local org=$1 verb=$2
  shift 2
  setGlobals "$org"
  run "$ADMIN" chaincode "$verb" --channel "$CHANNEL_NAME" \
    --mspid "$CORE_PEER_LOCALMSPID" --msp-dir "$CORE_PEER_MSPCONFIGPATH" \
    --tls-ca "$(org_dir 1)/tlsca/tlsca.org1.example.com-cert.pem" \
    --tls-ca "$(org_dir 2)/tlsca/tlsca.org2.example.com-cert.pem" \
    --tls-ca "$ORDERER_CA" "$@"
}

# orderer_flags lists every orderer, for fail-over.
orderer_flags() {
  local n
  for n in "${ORDERER_NODES[@]}"; do
    printf -- '--orderer\nlocalhost:%s\n' "${ORDERER_PORT[$n]}"
  done
}

# cc_committed_sequence prints the sequence committed on the channel for
# CC_NAME, or 0 if it has no definition yet.
cc_committed_sequence() {
  local out
  setGlobals 1
  if out=$("$ADMIN" chaincode querycommitted --channel "$CHANNEL_NAME" --name "$CC_NAME" \
    --mspid "$CORE_PEER_LOCALMSPID" --msp-dir "$CORE_PEER_MSPCONFIGPATH" --tls-ca "$CORE_PEER_TLS_ROOTCERT_FILE" \
    --peer "$CORE_PEER_ADDRESS" 2>&1); then
    if [[ "$out" =~ \"sequence\":\ *\"?([0-9]+) ]]; then
      echo "${BASH_REMATCH[1]}"
    else
      echo 0
    fi
  else
    verboseln "no committed definition of $CC_NAME: $out" >&2
    echo 0
  fi
}

deployCC() {
  require_network_up deployCC
  if [[ ! -f "$ARTIFACTS_DIR/${CHANNEL_NAME}.block" ]]; then
    fatalln "Channel '$CHANNEL_NAME' does not exist: run './network.sh createChannel -c $CHANNEL_NAME' first."
  fi
  cc_check_args
  infoln "deploying chaincode '$CC_NAME' (version $CC_VERSION, sequence $CC_SEQUENCE) on channel '$CHANNEL_NAME'"

  local seq
  seq=$CC_SEQUENCE
  if [[ "$seq" == "auto" ]]; then
    seq=$(($(cc_committed_sequence) + 1))
    infoln "Sequence auto: $seq"
  fi
  CC_LABEL="${CC_NAME}_${CC_VERSION}"

  local build="$CC_STATE_DIR/$CC_NAME/build-$$"
  local t0
  t0=$(now_ms)
  cc_build "$build" || return 1
  local hash
  hash=$(sha256sum "$build" | cut -d' ' -f1)
  local pkg="${CC_LABEL}:${hash}"
  local bin="$CC_STATE_DIR/$CC_NAME/${CC_LABEL}-${hash:0:12}"
  # Processes are recorded as cc@<name>@<version>-<build>@<peer>: '@' is in
  # no chaincode name or version, and a rebuilt chaincode under the same
  # version is a new process, never the old one reused.
  CC_LABEL_SAFE="${CC_VERSION//[^A-Za-z0-9_.-]/_}-${hash:0:12}"
  mv -f "$build" "$bin"
  infoln "Built in $(elapsed "$t0")s; package ID $pkg"

  local n
  for n in "${PEER_NODES[@]}"; do
    cc_start_process "$n" "$pkg" "$bin" || return 1
  done

  local policy_args=() coll_args=()
  if [[ "$CC_END_POLICY" != "NA" ]]; then
    policy_args=(--policy "$CC_END_POLICY")
  fi
  if [[ "$CC_COLL_CONFIG" != "NA" ]]; then
    coll_args=(--collections-config "$CC_COLL_CONFIG")
  fi
  local org orderers=()
  mapfile -t orderers < <(orderer_flags)
  for org in 1 2; do
    infoln "Approving the definition of '$CC_NAME' (sequence $seq) for Org${org}MSP"
    admin_chaincode "$org" approve --peer "localhost:${PEER_PORT[$(peer_of_org "$org")]}" "${orderers[@]}" \
      --name "$CC_NAME" --version "$CC_VERSION" --sequence "$seq" --package-id "$pkg" \
      "${policy_args[@]}" "${coll_args[@]}" || {
      errorln "approval for Org${org}MSP failed; the channel keeps its previous definition of '$CC_NAME'"
      cc_stop_unused
      return 1
    }
  done
  infoln "Checking commit readiness of '$CC_NAME' (sequence $seq)"
  admin_chaincode 1 checkcommitreadiness --peer localhost:7051 \
    --name "$CC_NAME" --version "$CC_VERSION" --sequence "$seq" --package-id "$pkg" \
    "${policy_args[@]}" "${coll_args[@]}" || {
    cc_stop_unused
    return 1
  }
  infoln "Committing the definition of '$CC_NAME' (sequence $seq) on channel '$CHANNEL_NAME'"
  admin_chaincode 1 commit --peer localhost:7051 --peer localhost:9051 "${orderers[@]}" \
    --name "$CC_NAME" --version "$CC_VERSION" --sequence "$seq" --package-id "$pkg" \
    "${policy_args[@]}" "${coll_args[@]}" || {
    errorln "commit failed; the channel keeps its previous definition of '$CC_NAME'"
    cc_stop_unused
    return 1
  }
  for org in 1 2; do
    infoln "Querying the committed definition on peer0.org${org}"
    admin_chaincode "$org" querycommitted --peer "localhost:${PEER_PORT[$(peer_of_org "$org")]}" --name "$CC_NAME" || return 1
  done

  # The new definition is live: stop earlier versions' processes.
  CC_LIVE_LABEL=$CC_LABEL_SAFE
  cc_stop_unused

  if [[ "$CC_INIT_FCN" != "NA" ]]; then
    infoln "Invoking $CC_INIT_FCN on '$CC_NAME'"
    cc_invoke "$CC_INIT_FCN" || return 1
  fi
  successln "Chaincode '$CC_NAME' version $CC_VERSION (sequence $seq) is committed on channel '$CHANNEL_NAME' and running (logs: $LOG_DIR/${CC_NAME}-peer0.org*.example.com.log)"
}

# cc_stop_unused stops the processes of CC_NAME whose build no channel's
# committed definition uses: after an upgrade the old version's, after a
# failed approval or commit the new ones. The build each channel runs is
# recorded in $CC_STATE_DIR/$CC_NAME/live.<channel> (one package ID serves
# every channel that names it, as in Fabric).
cc_stop_unused() {
  local dir="$CC_STATE_DIR/$CC_NAME" p keep f label
  mkdir -p "$dir"
  if [[ -n "${CC_LIVE_LABEL:-}" ]]; then
    echo "$CC_LIVE_LABEL" >"$dir/live.$CHANNEL_NAME"
  fi
  for p in $(proc_names "cc@${CC_NAME}@*"); do
    keep=false
    for f in "$dir"/live.*; do
      [[ -f "$f" ]] || continue
      label=$(cat "$f")
      [[ "$p" == "cc@${CC_NAME}@${label}@"* ]] && keep=true
    done
    [[ $keep == true ]] || proc_stop "$p"
  done
  return 0
}

# cc_invoke FUNCTION submits FUNCTION (no arguments) as Org1's admin through
# peer0.org1's gateway, endorsed by both orgs.
cc_invoke() {
  setGlobals 1
  (cd "$REPO_DIR" && run go run ./test-network/internal/ccinvoke -channel "$CHANNEL_NAME" -chaincode "$CC_NAME" -function "$1" \
    -org-dir "$(org_dir 1)" -peer "localhost:7051")
}
