// Package pdcc is a private-data contract written with
// fabric-contract-api-go, used unchanged by the private data integration
// tests and benchmark: private values arrive in the transient field (never
// in arguments, which go into the block).
package pdcc

import (
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// Contract is the private data contract.
type Contract struct {
	contractapi.Contract
}

// New returns the chaincode (a shim.Chaincode).
func New() (*contractapi.ContractChaincode, error) {
	return contractapi.NewChaincode(&Contract{})
}

// Put stores transient["value"] under key in collection coll.
func (c *Contract) Put(ctx contractapi.TransactionContextInterface, coll, key string) error {
	tm, err := ctx.GetStub().GetTransient()
	if err != nil {
		return err
	}
	v, ok := tm["value"]
	if !ok || len(v) == 0 {
		return fmt.Errorf("transient field \"value\" is required")
	}
	return ctx.GetStub().PutPrivateData(coll, key, v)
}

// Get returns the private value of key in coll.
func (c *Contract) Get(ctx contractapi.TransactionContextInterface, coll, key string) (string, error) {
	v, err := ctx.GetStub().GetPrivateData(coll, key)
	if err != nil {
		return "", err
	}
	if v == nil {
		return "", fmt.Errorf("private key %s does not exist in %s", key, coll)
	}
	return string(v), nil
}

// Hash returns the hex SHA-256 of the private value of key in coll, which
// any org may read.
func (c *Contract) Hash(ctx contractapi.TransactionContextInterface, coll, key string) (string, error) {
	h, err := ctx.GetStub().GetPrivateDataHash(coll, key)
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(h), nil
}

// Purge removes key from coll and its history for good.
func (c *Contract) Purge(ctx contractapi.TransactionContextInterface, coll, key string) error {
	return ctx.GetStub().PurgePrivateData(coll, key)
}

// SetPublic writes a public value (tests use it as a positive control and
// to advance the chain).
func (c *Contract) SetPublic(ctx contractapi.TransactionContextInterface, key, value string) error {
	return ctx.GetStub().PutState(key, []byte(value))
}

// Asset is the public part of a created asset.
type Asset struct {
	ID    string `json:"id"`
	Owner string `json:"owner"`
	Value int    `json:"value"`
}

// CreateAsset is the peer benchmark's create-asset transaction with a
// private field: the asset is public, transient["private"] goes to coll
// (empty coll: public only).
func (c *Contract) CreateAsset(ctx contractapi.TransactionContextInterface, coll, id, owner string, value int) error {
	stub := ctx.GetStub()
	cur, err := stub.GetState(id)
	if err != nil {
		return err
	}
	if cur != nil {
		return fmt.Errorf("the asset %s already exists", id)
	}
	b, err := json.Marshal(Asset{ID: id, Owner: owner, Value: value})
	if err != nil {
		return err
	}
	if err := stub.PutState(id, b); err != nil {
		return err
	}
	if coll == "" {
		return nil
	}
	tm, err := stub.GetTransient()
	if err != nil {
		return err
	}
	if len(tm["private"]) == 0 {
		return fmt.Errorf("transient field \"private\" is required")
	}
	return stub.PutPrivateData(coll, id, tm["private"])
}
