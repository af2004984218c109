// Command chaincode-go is the asset-transfer-private-data chaincode of the
// saharanet samples: assets whose properties travel as transient data and
// live in private data collections (collections_config.json beside this
// folder). Deploy it with
//
//	./network.sh deployCC -ccn private -ccp ../samples/asset-transfer-private-data/chaincode-go -ccl go \
//	    -ccep "OR('Org1MSP.peer','Org2MSP.peer')" -cccg ../samples/asset-transfer-private-data/collections_config.json
package main

import (
	"log"

	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"

	"github.com/saharanet/saharanet/samples/asset-transfer-private-data/chaincode-go/chaincode"
)

func main() {
	cc, err := contractapi.NewChaincode(&chaincode.SmartContract{})
	if err != nil {
		log.Fatalf("creating asset-transfer-private-data chaincode: %v", err)
	}
	if err := cc.Start(); err != nil {
		log.Fatalf("running asset-transfer-private-data chaincode: %v", err)
	}
}
