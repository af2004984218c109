// Package assetcc is an asset-transfer style contract written with
// fabric-contract-api-go and nothing saharanet-specific. The gateway's tests
// run it in process (chaincode-as-a-service) or built as cmd/assetcc
// (dial-in); network/e2e builds cmd/assetcc for its process networks and the
// load benchmark, which run it either way, as contract-api decides.
package assetcc

import (
	"encoding/json"
	"fmt"

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

// New returns the chaincode (a shim.Chaincode).
func New() (*contractapi.ContractChaincode, error) {
	return contractapi.NewChaincode(&Contract{})
}

// CreateAsset stores a new asset and emits a CreateAsset event; an existing
// id is an error.
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
	return stub.SetEvent("CreateAsset", b)
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

// UpdateValue reads the asset and writes a new value (a read-modify-write
// whose read version MVCC checks).
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
	if err := ctx.GetStub().PutState(id, b); err != nil {
		return err
	}
	return ctx.GetStub().SetEvent("UpdateValue", b)
}

// Fail always returns an error with msg.
func (c *Contract) Fail(ctx contractapi.TransactionContextInterface, msg string) error {
	return fmt.Errorf("%s", msg)
}

// SetPrivate stores the transient field "value" under key in a private data
// collection, so the value never appears in the proposal's arguments.
func (c *Contract) SetPrivate(ctx contractapi.TransactionContextInterface, collection, key string) error {
	tm, err := ctx.GetStub().GetTransient()
	if err != nil {
		return err
	}
	v, ok := tm["value"]
	if !ok {
		return fmt.Errorf("transient field \"value\" is required")
	}
	return ctx.GetStub().PutPrivateData(collection, key, v)
}

// GetPrivate reads a private value.
func (c *Contract) GetPrivate(ctx contractapi.TransactionContextInterface, collection, key string) (string, error) {
	v, err := ctx.GetStub().GetPrivateData(collection, key)
	if err != nil {
		return "", err
	}
	if v == nil {
		return "", fmt.Errorf("private key %s does not exist in %s", key, collection)
	}
	return string(v), nil
}
