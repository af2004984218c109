// Command testcc runs the test contract as a standalone chaincode process:
// dial-in with -peer.address and CORE_CHAINCODE_ID_NAME, or as a service
// with CHAINCODE_SERVER_ADDRESS (contract-api chooses).
package main

import (
	"fmt"
	"os"

	"github.com/saharanet/saharanet/network/chaincode/internal/testcc"
)

func main() {
	cc, err := testcc.New()
	if err != nil {
		fmt.Fprintln(os.Stderr, "testcc:", err)
		os.Exit(1)
	}
	if err := cc.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "testcc:", err)
		os.Exit(1)
	}
}
