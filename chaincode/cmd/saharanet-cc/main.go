// Command saharanet-cc is the consortium chaincode binary. The same binary
// runs as chaincode-as-a-service (env CHAINCODE_SERVER_ADDRESS and
// CORE_CHAINCODE_ID_NAME; TLS from CORE_PEER_TLS_ENABLED,
// CORE_TLS_CLIENT_KEY_FILE, CORE_TLS_CLIENT_CERT_FILE,
// CORE_PEER_TLS_ROOTCERT_FILE) or dials a peer (-peer.address and
// CORE_CHAINCODE_ID_NAME), exactly as fabric-contract-api-go decides.
// CORE_PEER_LOCALMSPID must name the org of the peer it serves: private
// terms are read from that org's implicit collection.
package main

import (
	"log/slog"
	"os"

	"github.com/saharanet/saharanet/chaincode/consortium"
	"github.com/saharanet/saharanet/network/config"
)

func main() {
	config.TuneGC() // as the node programs: contract-api allocates heavily per call
	cc, err := consortium.NewChaincode()
	if err != nil {
		slog.Error("building chaincode", "err", err)
		os.Exit(1)
	}
	if os.Getenv("CORE_PEER_LOCALMSPID") == "" {
		slog.Warn("CORE_PEER_LOCALMSPID is not set: transactions that read private terms will fail")
	}
	if err := cc.Start(); err != nil {
		slog.Error("chaincode stopped", "err", err)
		os.Exit(1)
	}
}
