// Command assetcc is a small asset contract written with
// fabric-contract-api-go and nothing saharanet-specific: the end-to-end tests
// build it unchanged and run it either as a service (CHAINCODE_SERVER_ADDRESS)
// or dialing a peer (-peer.address), exactly as contract-api decides.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// Asset is the stored value.
type Asset struct {
	ID    string `json:"id"`
	Owner string `json:"owner"`
	Value int    `json:"value"`
}

// Contract is the asset contract.
type Contract struct {
	contractapi.Contract
}

// CreateAsset stores a new asset and emits a "created" event with it; an
// existing id is an error.
func (c *Contract) CreateAsset(ctx contractapi.TransactionContextInterface, id, owner string, value int) error {
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
	return stub.SetEvent("created", b)
}

// ReadAsset returns the asset with id.
func (c *Contract) ReadAsset(ctx contractapi.TransactionContextInterface, id string) (*Asset, error) {
	b, err := ctx.GetStub().GetState(id)
	if err != nil {
		return nil, err
	}
	if b == nil {
		return nil, fmt.Errorf("the asset %s does not exist", id)
	}
	var a Asset
	if err := json.Unmarshal(b, &a); err != nil {
		return nil, err
	}
	return &a, nil
}

// UpdateValue is a read-modify-write: two concurrent updates of one asset
// read the same version and the second to commit fails MVCC validation.
func (c *Contract) UpdateValue(ctx contractapi.TransactionContextInterface, id string, value int) error {
	a, err := c.ReadAsset(ctx, id)
	if err != nil {
		return err
	}
	a.Value = value
	b, err := json.Marshal(a)
	if err != nil {
		return err
	}
	return ctx.GetStub().PutState(id, b)
}

// Fail always returns an error carrying msg.
func (c *Contract) Fail(ctx contractapi.TransactionContextInterface, msg string) error {
	return fmt.Errorf("%s", msg)
}

func main() {
	cc, err := contractapi.NewChaincode(&Contract{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "assetcc:", err)
		os.Exit(1)
	}
	if err := cc.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "assetcc:", err)
		os.Exit(1)
	}
}
