// Package warm imports every third-party package the project builds on, so that
// `go mod tidy` keeps them and the build cache is filled once. Removed later.
package warm

import (
	_ "github.com/cockroachdb/pebble"
	_ "github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	_ "github.com/ethereum/go-ethereum/crypto"
	_ "github.com/ethereum/go-ethereum/ethclient/simulated"
	_ "github.com/gorilla/mux"
	_ "github.com/hashicorp/raft"
	_ "github.com/hashicorp/raft-boltdb/v2"
	_ "github.com/hyperledger/fabric-chaincode-go/v2/shim"
	_ "github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
	_ "github.com/hyperledger/fabric-gateway/pkg/client"
	_ "github.com/hyperledger/fabric-gateway/pkg/identity"
	_ "github.com/hyperledger/fabric-protos-go-apiv2/common"
	_ "github.com/hyperledger/fabric-protos-go-apiv2/gateway"
	_ "github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset/kvrwset"
	_ "github.com/hyperledger/fabric-protos-go-apiv2/msp"
	_ "github.com/hyperledger/fabric-protos-go-apiv2/orderer"
	_ "github.com/hyperledger/fabric-protos-go-apiv2/orderer/etcdraft"
	_ "github.com/hyperledger/fabric-protos-go-apiv2/peer"
	_ "github.com/hyperledger/fabric-protos-go-apiv2/transientstore"
	_ "github.com/prometheus/client_golang/prometheus"
	_ "google.golang.org/grpc"
	_ "gopkg.in/yaml.v3"
)
