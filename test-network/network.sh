#!/usr/bin/env bash
#
# saharanet test-network: Hyperledger Fabric test-network's network.sh verbs,
# host names, ports and crypto layout, with every node a local process
# instead of a Docker container.
#
#   ./network.sh up createChannel          # 3 raft orderers, peer0.org1, peer0.org2, channel mychannel
#   ./network.sh deployCC -ccn basic -ccp ../samples/asset-transfer-basic/chaincode-go -ccl go
#   ./network.sh down
#
# Run ./network.sh -h for every verb and flag.

TN_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$TN_DIR" || exit 1

. scripts/utils.sh
. scripts/envVar.sh
. scripts/procs.sh

STATE_DIR="$TN_DIR/.state"
PID_DIR="$STATE_DIR/pids"
LOG_DIR="$TN_DIR/log"
ARTIFACTS_DIR="$TN_DIR/channel-artifacts"
BIN_DIR=${SAHARANET_BIN:-$(cd "$TN_DIR/.." && pwd)/bin}
REPO_DIR=$(cd "$TN_DIR/.." && pwd)
RUN_LOG="$STATE_DIR/commands.log"

# Defaults, as in Fabric's network.config.
CHANNEL_NAME="mychannel"
CC_NAME="basic"
CC_SRC_PATH="../samples/asset-transfer-basic/chaincode-go"
CC_SRC_LANGUAGE="go"
CC_VERSION="1.0"
CC_SEQUENCE="auto"
CC_END_POLICY="NA"
CC_COLL_CONFIG="NA"
CC_INIT_FCN="NA"
MAX_RETRY=5
CLI_DELAY=3
DATABASE="leveldb"
VERBOSE=false
# Readiness timeouts in seconds: polling stops as soon as a node is ready.
NODE_TIMEOUT=${NODE_TIMEOUT:-30}

. scripts/nodes.sh
. scripts/createChannel.sh
. scripts/deployCC.sh

printHelp() {
  local verb=$1
  case "$verb" in
  up)
    println "Usage: ./network.sh up [createChannel] [flags]"
    println "  Generates crypto material under organizations/ and starts 3 raft orderers"
    println "  (orderer.example.com localhost:7050, orderer2 :8050, orderer3 :9050) and"
    println "  peer0.org1.example.com (localhost:7051) and peer0.org2.example.com (localhost:9051)."
    println "    -c <channel name>  channel for 'up createChannel' (default \"mychannel\")"
    println "    -verbose           print every command and its output"
    println "    -ca, -s <db>, -i <tag>, -cai <tag>, -r <n>, -d <s>, -bft  accepted for Fabric compatibility (see the note printed)"
    ;;
  createChannel)
    println "Usage: ./network.sh createChannel [-c <channel name>] [-verbose]"
    println "  Builds the channel's genesis block from configtx/configtx.yaml (profile ChannelUsingRaft),"
    println "  joins the 3 orderers and both peers. Starts the network first if it is not up."
    ;;
  deployCC)
    println "Usage: ./network.sh deployCC -ccn <name> -ccp <path> -ccl go [flags]"
    println "    -c <channel name>     channel (default \"mychannel\")"
    println "    -ccn <name>           chaincode name (default \"basic\")"
    println "    -ccp <path>           path of the Go chaincode's main package (default ../samples/asset-transfer-basic/chaincode-go)"
    println "    -ccl <language>       chaincode language; saharanet builds \"go\""
    println "    -ccv <version>        chaincode version (default \"1.0\")"
    println "    -ccs <sequence>       definition sequence, an integer or \"auto\" (default)"
    println "    -ccep <policy>        endorsement policy, e.g. \"OR('Org1MSP.peer','Org2MSP.peer')\" (default: the channel's majority, /Channel/Application/Endorsement)"
    println "    -cccg <file>          private data collections configuration (JSON)"
    println "    -cci <function>       function to invoke once after the definition is committed"
    println "    -verbose              print every command and its output"
    ;;
  down)
    println "Usage: ./network.sh down"
    println "  Stops every process 'up' and 'deployCC' started (by recorded pid) and removes their state."
    ;;
  *)
    println "Usage: ./network.sh <Mode> [Flags]"
    println "  Modes:"
    println "    up             - start the orderers and peers (add createChannel to also create a channel)"
    println "    createChannel  - create a channel and join every node to it"
    println "    deployCC       - build a Go chaincode by path, run it and commit its definition"
    println "    down           - stop the network and remove its state"
    println "    restart        - down, then up"
    println "    status         - list the network's processes"
    println "    info           - print how to reach the network"
    println ""
    println "  Run ./network.sh <Mode> -h for a mode's flags. Examples:"
    println "    ./network.sh up createChannel -c mychannel"
    println "    ./network.sh deployCC -ccn basic -ccp ../samples/asset-transfer-basic/chaincode-go -ccl go"
    println "    ./network.sh down"
    ;;
  esac
}

# note prints what saharanet does instead of a Fabric option it does not need.
note() { warnln "note: $1"; }

## Parse mode
if [[ $# -lt 1 ]]; then
  printHelp
  exit 0
fi
MODE=$1
shift
if [[ "$MODE" == "-h" || "$MODE" == "--help" || "$MODE" == "help" ]]; then
  printHelp
  exit 0
fi
ALSO_CREATE_CHANNEL=false
if [[ "${1:-}" == "createChannel" ]]; then
  if [[ "$MODE" == "up" ]]; then
    ALSO_CREATE_CHANNEL=true
  fi
  shift
fi

# needs_value FLAG VALUE: a flag's argument is present and is not another flag.
needs_value() {
  if [[ -z "${2:-}" || "${2:0:1}" == "-" ]]; then
    errorln "flag $1 needs a value"
    printHelp "$MODE"
    exit 1
  fi
}

while [[ $# -ge 1 ]]; do
  key="$1"
  case $key in
  -h | --help)
    printHelp "$MODE"
    exit 0
    ;;
  -c)
    needs_value "$1" "${2:-}"
    CHANNEL_NAME="$2"
    shift
    ;;
  -ca)
    note "-ca: saharanet has no Fabric CA server; crypto material comes from 'saharanet-admin cryptogen' with the same layout."
    ;;
  -cfssl)
    note "-cfssl: crypto material comes from 'saharanet-admin cryptogen' with the same layout."
    ;;
  -bft)
    note "-bft: saharanet orders with raft (3 nodes); there is no BFT orderer."
    ;;
  -s)
    needs_value "$1" "${2:-}"
    DATABASE="$2"
    if [[ "$DATABASE" != "leveldb" ]]; then
      note "-s $DATABASE: peers keep state in their embedded Pebble store; there is no CouchDB (JSON rich queries are not offered)."
    fi
    shift
    ;;
  -i | -cai)
    needs_value "$1" "${2:-}"
    note "$1 $2: no container images; nodes run the binaries in ${BIN_DIR}."
    shift
    ;;
  -r)
    needs_value "$1" "${2:-}"
    MAX_RETRY="$2"
    note "-r: readiness is polled until ready (up to ${NODE_TIMEOUT}s), not retried on a fixed count."
    shift
    ;;
  -d)
    needs_value "$1" "${2:-}"
    CLI_DELAY="$2"
    note "-d: there are no fixed delays; every step waits for readiness."
    shift
    ;;
  -ccl)
    needs_value "$1" "${2:-}"
    CC_SRC_LANGUAGE="$2"
    shift
    ;;
  -ccn)
    needs_value "$1" "${2:-}"
    CC_NAME="$2"
    shift
    ;;
  -ccv)
    needs_value "$1" "${2:-}"
    CC_VERSION="$2"
    shift
    ;;
  -ccs)
    needs_value "$1" "${2:-}"
    CC_SEQUENCE="$2"
    shift
    ;;
  -ccp)
    needs_value "$1" "${2:-}"
    CC_SRC_PATH="$2"
    shift
    ;;
  -ccep)
    needs_value "$1" "${2:-}"
    CC_END_POLICY="$2"
    shift
    ;;
  -cccg)
    needs_value "$1" "${2:-}"
    CC_COLL_CONFIG="$2"
    shift
    ;;
  -cci)
    needs_value "$1" "${2:-}"
    CC_INIT_FCN="$2"
    shift
    ;;
  -ccaasdocker)
    needs_value "$1" "${2:-}"
    note "-ccaasdocker: chaincode runs as a local process, never in Docker."
    shift
    ;;
  -org)
    needs_value "$1" "${2:-}"
    shift
    ;;
  -verbose)
    VERBOSE=true
    ;;
  *)
    errorln "Unknown flag: $key"
    printHelp "$MODE"
    exit 1
    ;;
  esac
  shift
done

if ! [[ "$CHANNEL_NAME" =~ ^[a-z][a-z0-9.-]*$ ]] || ((${#CHANNEL_NAME} > 249)); then
  fatalln "invalid channel name \"$CHANNEL_NAME\": lower-case letters, digits, '.' and '-', starting with a letter"
fi

case "$MODE" in
up)
  started=$(now_ms)
  networkUp || fatalln "./network.sh up failed (see above and $LOG_DIR); ./network.sh down stops what was started"
  if [[ "$ALSO_CREATE_CHANNEL" == "true" ]]; then
    createChannel || fatalln "createChannel failed (see above and $LOG_DIR); the network is still up"
  fi
  successln "Done in $(elapsed "$started")s: ./network.sh up$([[ $ALSO_CREATE_CHANNEL == true ]] && echo " createChannel")"
  ;;
createChannel)
  started=$(now_ms)
  infoln "Creating channel '${CHANNEL_NAME}'."
  if ! network_is_up; then
    infoln "The network is not up; starting it first."
    networkUp || fatalln "./network.sh up failed (see above and $LOG_DIR); ./network.sh down stops what was started"
  fi
  createChannel || fatalln "createChannel failed (see above and $LOG_DIR); the network is still up"
  successln "Done in $(elapsed "$started")s: ./network.sh createChannel -c $CHANNEL_NAME"
  ;;
deployCC)
  started=$(now_ms)
  deployCC || exit 1
  successln "Done in $(elapsed "$started")s: ./network.sh deployCC -ccn $CC_NAME"
  ;;
down)
  networkDown
  ;;
restart)
  networkDown
  networkUp || exit 1
  ;;
status)
  networkStatus
  ;;
info)
  networkInfo
  ;;
deployCCAAS | cc | prereq)
  fatalln "'$MODE' is not offered by saharanet's test-network: deployCC already runs the chaincode as a local process (see ./network.sh deployCC -h)."
  ;;
*)
  errorln "Unknown mode: $MODE"
  printHelp
  exit 1
  ;;
esac
