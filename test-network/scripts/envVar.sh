#!/usr/bin/env bash
# Node table and per-org environment of the test-network. Host names and
# ports are Fabric test-network's; the extra raft nodes and cluster ports are
# saharanet's (see README.md).

TN_DIR=${TN_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
ORG_DIR="$TN_DIR/organizations"
ORDERER_ORG_DIR="$ORG_DIR/ordererOrganizations/example.com"

# Ordering nodes: name, client port, raft cluster port, operations port.
ORDERER_NODES=(orderer.example.com orderer2.example.com orderer3.example.com)
declare -A ORDERER_PORT=([orderer.example.com]=7050 [orderer2.example.com]=8050 [orderer3.example.com]=9050)
declare -A ORDERER_CLUSTER_PORT=([orderer.example.com]=7060 [orderer2.example.com]=8060 [orderer3.example.com]=9060)
declare -A ORDERER_OPS_PORT=([orderer.example.com]=9443 [orderer2.example.com]=9446 [orderer3.example.com]=9447)

# Peers: name, org number, client port, chaincode port, operations port.
PEER_NODES=(peer0.org1.example.com peer0.org2.example.com)
declare -A PEER_ORG=([peer0.org1.example.com]=1 [peer0.org2.example.com]=2)
declare -A PEER_PORT=([peer0.org1.example.com]=7051 [peer0.org2.example.com]=9051)
declare -A PEER_CC_PORT=([peer0.org1.example.com]=7052 [peer0.org2.example.com]=9052)
declare -A PEER_OPS_PORT=([peer0.org1.example.com]=9444 [peer0.org2.example.com]=9445)

ORDERER_CA="$ORDERER_ORG_DIR/tlsca/tlsca.example.com-cert.pem"

all_ports() {
  local n
  for n in "${ORDERER_NODES[@]}"; do
    echo "${ORDERER_PORT[$n]} ${ORDERER_CLUSTER_PORT[$n]} ${ORDERER_OPS_PORT[$n]}"
  done
  for n in "${PEER_NODES[@]}"; do
    echo "${PEER_PORT[$n]} ${PEER_CC_PORT[$n]} ${PEER_OPS_PORT[$n]}"
  done
}

org_domain() { echo "org$1.example.com"; }
org_dir() { echo "$ORG_DIR/peerOrganizations/org$1.example.com"; }
peer_of_org() { echo "peer0.org$1.example.com"; }

# setGlobals ORG exports the environment of Org<ORG>'s admin talking to its
# peer, with the same variable names as Fabric's scripts/envVar.sh, so that
# Fabric users' habits (and tools that read them) carry over.
setGlobals() {
  local org=$1 dir peer
  dir=$(org_dir "$org")
  peer=$(peer_of_org "$org")
  export CORE_PEER_TLS_ENABLED=true
  export CORE_PEER_LOCALMSPID="Org${org}MSP"
  export CORE_PEER_TLS_ROOTCERT_FILE="$dir/tlsca/tlsca.org${org}.example.com-cert.pem"
  export CORE_PEER_MSPCONFIGPATH="$dir/users/Admin@org${org}.example.com/msp"
  export CORE_PEER_ADDRESS="localhost:${PEER_PORT[$peer]}"
  export ORDERER_CA
}
