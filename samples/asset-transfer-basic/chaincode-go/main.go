// Command chaincode-go is the asset-transfer-basic chaincode of the
// saharanet samples: a fabric-contract-api-go contract that Fabric users know
// from fabric-samples, deployable unchanged on saharanet and on Fabric.
//
//	cd test-network && ./network.sh deployCC -ccn basic -ccp ../samples/asset-transfer-basic/chaincode-go -ccl go
package main

import (
	"log"

	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"

	"github.com/saharanet/saharanet/samples/asset-transfer-basic/chaincode-go/chaincode"
)

func main() {
	cc, err := contractapi.NewChaincode(&chaincode.SmartContract{})
	if err != nil {
		log.Fatalf("creating asset-transfer-basic chaincode: %v", err)
	}
	// Start runs as chaincode-as-a-service when CHAINCODE_SERVER_ADDRESS is
	// set, and otherwise dials the peer given by -peer.address.
	if err := cc.Start(); err != nil {
		log.Fatalf("running asset-transfer-basic chaincode: %v", err)
	}
}
