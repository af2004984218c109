// Package chaincode keeps assets in private data collections: the asset
// (ID, colour, size, owner) in assetCollection, shared by Org1 and Org2, and
// its appraised value in the owner org's own collection. Properties arrive as
// transient data, so they never appear in a transaction or a block.
package chaincode

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/hyperledger/fabric-chaincode-go/v2/shim"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// AssetCollection is shared by both orgs.
const AssetCollection = "assetCollection"

// SmartContract manages private assets.
type SmartContract struct {
	contractapi.Contract
}

// Asset is the shared part of an asset.
type Asset struct {
	Color string `json:"color"`
	ID    string `json:"assetID"`
	Owner string `json:"owner"`
	Size  int    `json:"size"`
}

// AssetPrivateDetails is the part only the owner's org keeps.
type AssetPrivateDetails struct {
	ID             string `json:"assetID"`
	AppraisedValue int    `json:"appraisedValue"`
}

// assetInput is the transient "asset_properties" of CreateAsset.
type assetInput struct {
	ID             string `json:"assetID"`
	Color          string `json:"color"`
	Size           int    `json:"size"`
	AppraisedValue int    `json:"appraisedValue"`
}

// OrgCollection names an org's private collection.
func OrgCollection(mspID string) string { return mspID + "PrivateCollection" }

// CreateAsset reads transient "asset_properties" and stores the asset, owned
// by the submitting client's org, with its value in that org's collection.
// Only a peer of the client's own org may endorse it: the value must not
// leave the org.
func (s *SmartContract) CreateAsset(ctx contractapi.TransactionContextInterface) error {
	transient, err := ctx.GetStub().GetTransient()
	if err != nil {
		return fmt.Errorf("error getting transient: %w", err)
	}
	raw, ok := transient["asset_properties"]
	if !ok {
		return errors.New("asset_properties key not found in the transient map")
	}
	var in assetInput
	if err := json.Unmarshal(raw, &in); err != nil {
		return fmt.Errorf("asset_properties is not valid JSON: %w", err)
	}
	switch {
	case in.ID == "":
		return errors.New("assetID must not be empty")
	case in.Color == "":
		return errors.New("color must not be empty")
	case in.Size <= 0:
		return errors.New("size must be a positive integer")
	case in.AppraisedValue <= 0:
		return errors.New("appraisedValue must be a positive integer")
	}
	clientOrg, err := ctx.GetClientIdentity().GetMSPID()
	if err != nil {
		return fmt.Errorf("failed to get the client's MSPID: %w", err)
	}
	peerOrg, err := shim.GetMSPID()
	if err != nil {
		return fmt.Errorf("failed to get the peer's MSPID: %w", err)
	}
	if clientOrg != peerOrg {
		return fmt.Errorf("client from org %s is not authorized to write private data of org %s", clientOrg, peerOrg)
	}
	existing, err := ctx.GetStub().GetPrivateData(AssetCollection, in.ID)
	if err != nil {
		return fmt.Errorf("failed to read asset %s: %w", in.ID, err)
	}
	if existing != nil {
		return fmt.Errorf("the asset %s already exists", in.ID)
	}
	owner, err := ctx.GetClientIdentity().GetID()
	if err != nil {
		return fmt.Errorf("failed to get the client's identity: %w", err)
	}
	asset, _ := json.Marshal(Asset{ID: in.ID, Color: in.Color, Size: in.Size, Owner: owner})
	if err := ctx.GetStub().PutPrivateData(AssetCollection, in.ID, asset); err != nil {
		return fmt.Errorf("failed to put asset %s into %s: %w", in.ID, AssetCollection, err)
	}
	details, _ := json.Marshal(AssetPrivateDetails{ID: in.ID, AppraisedValue: in.AppraisedValue})
	if err := ctx.GetStub().PutPrivateData(OrgCollection(clientOrg), in.ID, details); err != nil {
		return fmt.Errorf("failed to put the details of asset %s into %s: %w", in.ID, OrgCollection(clientOrg), err)
	}
	return nil
}

// ReadAsset returns the shared part of an asset, or nil if it does not exist.
func (s *SmartContract) ReadAsset(ctx contractapi.TransactionContextInterface, assetID string) (*Asset, error) {
	raw, err := ctx.GetStub().GetPrivateData(AssetCollection, assetID)
	if err != nil {
		return nil, fmt.Errorf("failed to read asset %s: %w", assetID, err)
	}
	if raw == nil {
		return nil, nil
	}
	var a Asset
	if err := json.Unmarshal(raw, &a); err != nil {
		return nil, fmt.Errorf("asset %s is not valid JSON: %w", assetID, err)
	}
	return &a, nil
}

// ReadAssetPrivateDetails returns an asset's details from collection, or nil.
func (s *SmartContract) ReadAssetPrivateDetails(ctx contractapi.TransactionContextInterface, collection, assetID string) (*AssetPrivateDetails, error) {
	raw, err := ctx.GetStub().GetPrivateData(collection, assetID)
	if err != nil {
		return nil, fmt.Errorf("failed to read the details of asset %s from %s: %w", assetID, collection, err)
	}
	if raw == nil {
		return nil, nil
	}
	var d AssetPrivateDetails
	if err := json.Unmarshal(raw, &d); err != nil {
		return nil, fmt.Errorf("details of asset %s are not valid JSON: %w", assetID, err)
	}
	return &d, nil
}

// AssetHashExists reports whether the channel holds a hash for assetID in
// collection: what an org that does not keep the data itself can see.
func (s *SmartContract) AssetHashExists(ctx contractapi.TransactionContextInterface, collection, assetID string) (bool, error) {
	h, err := ctx.GetStub().GetPrivateDataHash(collection, assetID)
	if err != nil {
		return false, fmt.Errorf("failed to read the hash of %s in %s: %w", assetID, collection, err)
	}
	return len(h) > 0, nil
}
