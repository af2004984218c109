// Command assetcc runs the asset contract as a standalone chaincode process:
// dial-in with -peer.address and CORE_CHAINCODE_ID_NAME, or as a service
// with CHAINCODE_SERVER_ADDRESS and CHAINCODE_ID (contract-api chooses).
package main

import (
	"fmt"
	"os"

	"github.com/saharanet/saharanet/network/config"
	"github.com/saharanet/saharanet/network/internal/assetcc"
)

func main() {
	config.TuneGC() // as the node programs: contract-api allocates heavily per call
	cc, err := assetcc.New()
	if err != nil {
		fmt.Fprintln(os.Stderr, "assetcc:", err)
		os.Exit(1)
	}
	if err := cc.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "assetcc:", err)
		os.Exit(1)
	}
}
