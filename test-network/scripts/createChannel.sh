#!/usr/bin/env bash
# createChannel: the genesis block from configtx.yaml, the orderers joined
# through their channel participation API (Fabric's osnadmin channel join),
# then each peer joined with the block (Fabric's peer channel join).

# orderer_has_channel NODE: the orderer has joined $CHANNEL_NAME and knows a raft leader.
orderer_has_channel() {
  local out
  out=$(curl -fsS --max-time 2 "http://127.0.0.1:${ORDERER_OPS_PORT[$1]}/participation/v1/channels/$CHANNEL_NAME") || return 1
  [[ "$out" =~ \"status\":\ *\"active\" ]]
}

orderer_join() {
  local n=$1 block=$2 out code
  infoln "Joining $n to channel '$CHANNEL_NAME' (channel participation API on :${ORDERER_OPS_PORT[$n]})"
  out=$(curl -sS --max-time 10 -w '\n%{http_code}' -X POST -H 'Content-Type: application/octet-stream' \
    --data-binary "@$block" "http://127.0.0.1:${ORDERER_OPS_PORT[$n]}/participation/v1/channels") || {
    errorln "could not reach $n: $out"
    return 1
  }
  code=${out##*$'\n'}
  out=${out%$'\n'*}
  verboseln "$n answered $code: $out"
  if [[ "$code" != "201" ]]; then
    errorln "$n refused to join channel '$CHANNEL_NAME' (HTTP $code): $out"
    return 1
  fi
}

# peer_has_channel PEER: the peer's metrics show a ledger for $CHANNEL_NAME
# (its /readyz turns ready only once an orderer has delivered a block, and a
# new channel has none to deliver).
peer_has_channel() {
  curl -fsS --max-time 2 "http://127.0.0.1:${PEER_OPS_PORT[$1]}/metrics" |
    grep -q "^saharanet_ledger_blockchain_height{channel=\"$CHANNEL_NAME\"} [1-9]"
}

# peer_join hands the genesis block to the peer the way saharanet peers take
# it (Fabric: peer channel join -b): through the peer's join folder, which
# it watches. The copy is renamed into place so the peer never reads half a file.
peer_join() {
  local n=$1 block=$2 dir="$STATE_DIR/$1/join"
  infoln "Joining $n to channel '$CHANNEL_NAME'"
  mkdir -p "$dir"
  cp "$block" "$dir/.${CHANNEL_NAME}.block.tmp" && mv "$dir/.${CHANNEL_NAME}.block.tmp" "$dir/${CHANNEL_NAME}.block" || {
    errorln "could not hand the genesis block to $n"
    return 1
  }
}

createChannel() {
  local block="$ARTIFACTS_DIR/${CHANNEL_NAME}.block" n
  if [[ -f "$block" ]] && orderer_has_channel "${ORDERER_NODES[0]}"; then
    successln "Channel '$CHANNEL_NAME' already exists; nothing to do"
    return 0
  fi
  mkdir -p "$ARTIFACTS_DIR"
  infoln "Generating channel genesis block '${CHANNEL_NAME}.block' (configtx/configtx.yaml, profile ChannelUsingRaft)"
  run "$ADMIN" genesis -configPath "$TN_DIR/configtx" -profile ChannelUsingRaft -channelID "$CHANNEL_NAME" \
    -outputBlock "$block" || {
    errorln "failed to generate the channel's genesis block"
    return 1
  }
  for n in "${ORDERER_NODES[@]}"; do
    orderer_join "$n" "$block" || return 1
  done
  for n in "${ORDERER_NODES[@]}"; do
    wait_for "$n to elect a raft leader for '$CHANNEL_NAME'" "$NODE_TIMEOUT" "$n" orderer_has_channel "$n" || return 1
  done
  verboseln "raft leader elected on every orderer"
  for n in "${PEER_NODES[@]}"; do
    peer_join "$n" "$block" || return 1
  done
  for n in "${PEER_NODES[@]}"; do
    wait_for "$n to join '$CHANNEL_NAME'" "$NODE_TIMEOUT" "$n" peer_has_channel "$n" || return 1
  done
  infoln "Anchor peers: not needed (saharanet peers find each other from their configuration, not gossip)"
  successln "Channel '$CHANNEL_NAME' joined by orderer.example.com, orderer2, orderer3, peer0.org1 and peer0.org2"
}
