// Package chaincode is the asset-transfer-basic contract: assets with an
// owner, a colour, a size and an appraised value, kept as JSON under their ID.
package chaincode

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// SmartContract manages assets.
type SmartContract struct {
	contractapi.Contract
}

// Asset is stored as JSON. Fields are in alphabetical order so that every
// endorsing peer marshals the same bytes.
type Asset struct {
	AppraisedValue int    `json:"AppraisedValue"`
	Color          string `json:"Color"`
	ID             string `json:"ID"`
	Owner          string `json:"Owner"`
	Size           int    `json:"Size"`
}

// InitLedger adds a base set of assets.
func (s *SmartContract) InitLedger(ctx contractapi.TransactionContextInterface) error {
	seed := []Asset{
		{ID: "asset1", Color: "blue", Size: 5, Owner: "Tomoko", AppraisedValue: 300},
		{ID: "asset2", Color: "red", Size: 5, Owner: "Brad", AppraisedValue: 400},
		{ID: "asset3", Color: "green", Size: 10, Owner: "Jin Soo", AppraisedValue: 500},
		{ID: "asset4", Color: "yellow", Size: 10, Owner: "Max", AppraisedValue: 600},
		{ID: "asset5", Color: "black", Size: 15, Owner: "Adriana", AppraisedValue: 700},
		{ID: "asset6", Color: "white", Size: 15, Owner: "Michel", AppraisedValue: 800},
	}
	for _, a := range seed {
		if err := put(ctx, a); err != nil {
			return err
		}
	}
	return nil
}

// CreateAsset adds a new asset; the ID must not exist yet.
func (s *SmartContract) CreateAsset(ctx contractapi.TransactionContextInterface, id, color string, size int, owner string, appraisedValue int) error {
	if id == "" {
		return errors.New("asset ID must not be empty")
	}
	exists, err := s.AssetExists(ctx, id)
	if err != nil {
		return err
	}
	if exists {
		return fmt.Errorf("the asset %s already exists", id)
	}
	return put(ctx, Asset{ID: id, Color: color, Size: size, Owner: owner, AppraisedValue: appraisedValue})
}

// ReadAsset returns the asset stored under id.
func (s *SmartContract) ReadAsset(ctx contractapi.TransactionContextInterface, id string) (*Asset, error) {
	raw, err := ctx.GetStub().GetState(id)
	if err != nil {
		return nil, fmt.Errorf("failed to read asset %s from world state: %w", id, err)
	}
	if raw == nil {
		return nil, fmt.Errorf("the asset %s does not exist", id)
	}
	var a Asset
	if err := json.Unmarshal(raw, &a); err != nil {
		return nil, fmt.Errorf("asset %s is not valid JSON: %w", id, err)
	}
	return &a, nil
}

// UpdateAsset replaces an existing asset.
func (s *SmartContract) UpdateAsset(ctx contractapi.TransactionContextInterface, id, color string, size int, owner string, appraisedValue int) error {
	exists, err := s.AssetExists(ctx, id)
	if err != nil {
		return err
	}
	if !exists {
		return fmt.Errorf("the asset %s does not exist", id)
	}
	return put(ctx, Asset{ID: id, Color: color, Size: size, Owner: owner, AppraisedValue: appraisedValue})
}

// DeleteAsset removes an existing asset.
func (s *SmartContract) DeleteAsset(ctx contractapi.TransactionContextInterface, id string) error {
	exists, err := s.AssetExists(ctx, id)
	if err != nil {
		return err
	}
	if !exists {
		return fmt.Errorf("the asset %s does not exist", id)
	}
	return ctx.GetStub().DelState(id)
}

// AssetExists reports whether an asset is stored under id.
func (s *SmartContract) AssetExists(ctx contractapi.TransactionContextInterface, id string) (bool, error) {
	raw, err := ctx.GetStub().GetState(id)
	if err != nil {
		return false, fmt.Errorf("failed to read asset %s from world state: %w", id, err)
	}
	return raw != nil, nil
}

// TransferAsset sets a new owner and returns the previous one.
func (s *SmartContract) TransferAsset(ctx contractapi.TransactionContextInterface, id, newOwner string) (string, error) {
	a, err := s.ReadAsset(ctx, id)
	if err != nil {
		return "", err
	}
	old := a.Owner
	a.Owner = newOwner
	if err := put(ctx, *a); err != nil {
		return "", err
	}
	return old, nil
}

// GetAllAssets returns every asset, in key order.
func (s *SmartContract) GetAllAssets(ctx contractapi.TransactionContextInterface) ([]*Asset, error) {
	it, err := ctx.GetStub().GetStateByRange("", "")
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var out []*Asset
	for it.HasNext() {
		kv, err := it.Next()
		if err != nil {
			return nil, err
		}
		var a Asset
		if err := json.Unmarshal(kv.Value, &a); err != nil {
			return nil, fmt.Errorf("asset %s is not valid JSON: %w", kv.Key, err)
		}
		out = append(out, &a)
	}
	return out, nil
}

func put(ctx contractapi.TransactionContextInterface, a Asset) error {
	raw, err := json.Marshal(a)
	if err != nil {
		return err
	}
	if err := ctx.GetStub().PutState(a.ID, raw); err != nil {
		return fmt.Errorf("failed to put asset %s to world state: %w", a.ID, err)
	}
	return nil
}
