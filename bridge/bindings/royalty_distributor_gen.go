// Code generated via abigen V2 - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package bindings

import (
	"bytes"
	"errors"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Reference imports to suppress errors if they are not otherwise used.
var (
	_ = bytes.Equal
	_ = errors.New
	_ = big.NewInt
	_ = common.Big1
	_ = types.BloomLookup
	_ = abi.ConvertType
)

// RoyaltyDistributorClaimItem is an auto generated low-level Go binding around an user-defined struct.
type RoyaltyDistributorClaimItem struct {
	Epoch  uint64
	Index  *big.Int
	Amount *big.Int
	Proof  [][32]byte
}

// RoyaltyDistributorEpochInfo is an auto generated low-level Go binding around an user-defined struct.
type RoyaltyDistributorEpochInfo struct {
	Total       *big.Int
	LeafCount   uint64
	ClaimableAt uint32
	Status      uint8
	Vetoed      bool
}

// RoyaltyDistributorLimits is an auto generated low-level Go binding around an user-defined struct.
type RoyaltyDistributorLimits struct {
	BucketCapacity     *big.Int
	RefillPerSecond    *big.Int
	LargeRootThreshold *big.Int
	LargeRootDelay     uint32
	ClaimWindow        uint32
}

// RoyaltyDistributorSignature is an auto generated low-level Go binding around an user-defined struct.
type RoyaltyDistributorSignature struct {
	R [32]byte
	S [32]byte
	V uint8
}

// RoyaltyDistributorMetaData contains all meta data concerning the RoyaltyDistributor contract.
var RoyaltyDistributorMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractIERC20\",\"name\":\"token_\",\"type\":\"address\"},{\"internalType\":\"address[]\",\"name\":\"signers_\",\"type\":\"address[]\"},{\"internalType\":\"uint8\",\"name\":\"threshold_\",\"type\":\"uint8\"},{\"internalType\":\"address\",\"name\":\"guardian_\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"treasury_\",\"type\":\"address\"},{\"components\":[{\"internalType\":\"uint96\",\"name\":\"bucketCapacity\",\"type\":\"uint96\"},{\"internalType\":\"uint96\",\"name\":\"refillPerSecond\",\"type\":\"uint96\"},{\"internalType\":\"uint96\",\"name\":\"largeRootThreshold\",\"type\":\"uint96\"},{\"internalType\":\"uint32\",\"name\":\"largeRootDelay\",\"type\":\"uint32\"},{\"internalType\":\"uint32\",\"name\":\"claimWindow\",\"type\":\"uint32\"}],\"internalType\":\"structRoyaltyDistributor.Limits\",\"name\":\"limits\",\"type\":\"tuple\"},{\"internalType\":\"uint64\",\"name\":\"firstEpoch\",\"type\":\"uint64\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"AlreadyClaimed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"AmountTooLarge\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ContractPaused\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"claimableAt\",\"type\":\"uint256\"}],\"name\":\"DelayNotElapsed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"signer\",\"type\":\"address\"}],\"name\":\"DuplicateSigner\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"EmptySignerSet\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"EmptyTree\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"}],\"name\":\"EpochNotClaimable\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"expected\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"got\",\"type\":\"uint64\"}],\"name\":\"EpochOutOfOrder\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"}],\"name\":\"EpochPending\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"IndexOutOfRange\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"total\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"available\",\"type\":\"uint256\"}],\"name\":\"Insolvent\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"InvalidProof\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"InvalidShortString\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"position\",\"type\":\"uint256\"}],\"name\":\"InvalidSignature\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"got\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"required\",\"type\":\"uint256\"}],\"name\":\"NotEnoughSignatures\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"expiresAt\",\"type\":\"uint256\"}],\"name\":\"NotExpired\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"caller\",\"type\":\"address\"}],\"name\":\"NotGuardian\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NotPaused\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"}],\"name\":\"NotPending\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"}],\"name\":\"NotSweepable\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NothingToClaim\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"total\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"allowance\",\"type\":\"uint256\"}],\"name\":\"RateLimited\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"root\",\"type\":\"bytes32\"}],\"name\":\"RootWasVetoed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"}],\"name\":\"SafeERC20FailedOperation\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"position\",\"type\":\"uint256\"}],\"name\":\"SignatureMalleable\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"position\",\"type\":\"uint256\"}],\"name\":\"SignaturesNotSorted\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"position\",\"type\":\"uint256\"}],\"name\":\"SignerSetNotSorted\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"SignerStoreFailed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"str\",\"type\":\"string\"}],\"name\":\"StringTooLong\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"SweepDisabled\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"}],\"name\":\"SweepInProgress\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"threshold\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"signers\",\"type\":\"uint256\"}],\"name\":\"ThresholdTooHigh\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"threshold\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"signers\",\"type\":\"uint256\"}],\"name\":\"ThresholdTooLow\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"count\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"max\",\"type\":\"uint256\"}],\"name\":\"TooManySigners\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"signer\",\"type\":\"address\"}],\"name\":\"UnknownSigner\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroAddress\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroAmount\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroCapacity\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroPageSize\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroRoot\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[],\"name\":\"EIP712DomainChanged\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"Funded\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"guardian\",\"type\":\"address\"}],\"name\":\"Paused\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"root\",\"type\":\"bytes32\"}],\"name\":\"RootPosted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"root\",\"type\":\"bytes32\"}],\"name\":\"RootReleased\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"root\",\"type\":\"bytes32\"}],\"name\":\"RootVetoed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"address[]\",\"name\":\"signers\",\"type\":\"address[]\"},{\"indexed\":false,\"internalType\":\"uint8\",\"name\":\"threshold\",\"type\":\"uint8\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"guardian\",\"type\":\"address\"}],\"name\":\"SignersRotated\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"unclaimed\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"claimed\",\"type\":\"uint256\"}],\"name\":\"Swept\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"}],\"name\":\"Unpaused\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"available\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"bucketLevel\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"internalType\":\"bytes32[]\",\"name\":\"proof\",\"type\":\"bytes32[]\"}],\"name\":\"claim\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"components\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"internalType\":\"bytes32[]\",\"name\":\"proof\",\"type\":\"bytes32[]\"}],\"internalType\":\"structRoyaltyDistributor.ClaimItem[]\",\"name\":\"items\",\"type\":\"tuple[]\"}],\"name\":\"claimMany\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"domainSeparator\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"eip712Domain\",\"outputs\":[{\"internalType\":\"bytes1\",\"name\":\"fields\",\"type\":\"bytes1\"},{\"internalType\":\"string\",\"name\":\"name\",\"type\":\"string\"},{\"internalType\":\"string\",\"name\":\"version\",\"type\":\"string\"},{\"internalType\":\"uint256\",\"name\":\"chainId\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"verifyingContract\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"salt\",\"type\":\"bytes32\"},{\"internalType\":\"uint256[]\",\"name\":\"extensions\",\"type\":\"uint256[]\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"}],\"name\":\"epochInfo\",\"outputs\":[{\"components\":[{\"internalType\":\"uint96\",\"name\":\"total\",\"type\":\"uint96\"},{\"internalType\":\"uint64\",\"name\":\"leafCount\",\"type\":\"uint64\"},{\"internalType\":\"uint32\",\"name\":\"claimableAt\",\"type\":\"uint32\"},{\"internalType\":\"enumRoyaltyDistributor.EpochStatus\",\"name\":\"status\",\"type\":\"uint8\"},{\"internalType\":\"bool\",\"name\":\"vetoed\",\"type\":\"bool\"}],\"internalType\":\"structRoyaltyDistributor.EpochInfo\",\"name\":\"\",\"type\":\"tuple\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"fund\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"guardian\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"root\",\"type\":\"bytes32\"},{\"internalType\":\"uint256\",\"name\":\"total\",\"type\":\"uint256\"},{\"internalType\":\"uint64\",\"name\":\"leafCount\",\"type\":\"uint64\"}],\"name\":\"hashEpochRoot\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address[]\",\"name\":\"newSigners\",\"type\":\"address[]\"},{\"internalType\":\"uint8\",\"name\":\"newThreshold\",\"type\":\"uint8\"},{\"internalType\":\"address\",\"name\":\"newGuardian\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"nonce_\",\"type\":\"uint64\"}],\"name\":\"hashRotation\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"nonce_\",\"type\":\"uint64\"}],\"name\":\"hashUnpause\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"root\",\"type\":\"bytes32\"},{\"internalType\":\"uint256\",\"name\":\"total\",\"type\":\"uint256\"},{\"internalType\":\"uint64\",\"name\":\"leafCount\",\"type\":\"uint64\"}],\"name\":\"hashVeto\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"isClaimed\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"limits\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"token_\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"treasury_\",\"type\":\"address\"},{\"components\":[{\"internalType\":\"uint96\",\"name\":\"bucketCapacity\",\"type\":\"uint96\"},{\"internalType\":\"uint96\",\"name\":\"refillPerSecond\",\"type\":\"uint96\"},{\"internalType\":\"uint96\",\"name\":\"largeRootThreshold\",\"type\":\"uint96\"},{\"internalType\":\"uint32\",\"name\":\"largeRootDelay\",\"type\":\"uint32\"},{\"internalType\":\"uint32\",\"name\":\"claimWindow\",\"type\":\"uint32\"}],\"internalType\":\"structRoyaltyDistributor.Limits\",\"name\":\"limits_\",\"type\":\"tuple\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"nextEpoch\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"nonce\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"pause\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"paused\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"}],\"name\":\"pendingRootOf\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"root\",\"type\":\"bytes32\"},{\"internalType\":\"uint256\",\"name\":\"total\",\"type\":\"uint256\"},{\"internalType\":\"uint64\",\"name\":\"leafCount\",\"type\":\"uint64\"},{\"components\":[{\"internalType\":\"bytes32\",\"name\":\"r\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"s\",\"type\":\"bytes32\"},{\"internalType\":\"uint8\",\"name\":\"v\",\"type\":\"uint8\"}],\"internalType\":\"structRoyaltyDistributor.Signature[]\",\"name\":\"sigs\",\"type\":\"tuple[]\"}],\"name\":\"postRoot\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"}],\"name\":\"release\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"}],\"name\":\"rootOf\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address[]\",\"name\":\"newSigners\",\"type\":\"address[]\"},{\"internalType\":\"uint8\",\"name\":\"newThreshold\",\"type\":\"uint8\"},{\"internalType\":\"address\",\"name\":\"newGuardian\",\"type\":\"address\"},{\"components\":[{\"internalType\":\"bytes32\",\"name\":\"r\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"s\",\"type\":\"bytes32\"},{\"internalType\":\"uint8\",\"name\":\"v\",\"type\":\"uint8\"}],\"internalType\":\"structRoyaltyDistributor.Signature[]\",\"name\":\"sigs\",\"type\":\"tuple[]\"}],\"name\":\"rotateSigners\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"signers\",\"outputs\":[{\"internalType\":\"address[]\",\"name\":\"\",\"type\":\"address[]\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"maxWords\",\"type\":\"uint256\"}],\"name\":\"sweep\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"done\",\"type\":\"bool\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"threshold\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"components\":[{\"internalType\":\"bytes32\",\"name\":\"r\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"s\",\"type\":\"bytes32\"},{\"internalType\":\"uint8\",\"name\":\"v\",\"type\":\"uint8\"}],\"internalType\":\"structRoyaltyDistributor.Signature[]\",\"name\":\"sigs\",\"type\":\"tuple[]\"}],\"name\":\"unpause\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"components\":[{\"internalType\":\"bytes32\",\"name\":\"r\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"s\",\"type\":\"bytes32\"},{\"internalType\":\"uint8\",\"name\":\"v\",\"type\":\"uint8\"}],\"internalType\":\"structRoyaltyDistributor.Signature[]\",\"name\":\"sigs\",\"type\":\"tuple[]\"}],\"name\":\"veto\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "RoyaltyDistributor",
	Bin: "0x61026080604052346107aa57614689803803809161001d82856107c6565b833981018181039061016082126107aa578251926001600160a01b038416928385036107aa5760208201516001600160401b0381116107aa57820183601f820112156107aa578051936001600160401b0385116105e2578460051b916040519561008a60208501886107c6565b86526020860190602082948201019283116107aa57602001905b8282106107ae5750505060408301519360ff8516938486036107aa576100cc606082016107e9565b9060a06100db608083016107e9565b95609f1901126107aa576040519460a086016001600160401b038111878210176105e25760405261010e60a083016107fd565b865261011c60c083016107fd565b956020810196875261013060e084016107fd565b90604081019182526101456101008501610811565b926060820193845261014061015d6101208701610811565b608084019081529501516001600160401b0381169d909c8d8f036107aa576040516101896040826107c6565b6018815260208101907f536168617261526f79616c74794469737472696275746f7200000000000000008252604051916101c46040846107c6565b600183526020830191603160f81b83526101dd81610836565b610120526101ea846109cc565b61014052519020918260e05251902080610100524660a0526040519060208201927f8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f8452604083015260608201524660808201523060a082015260a0815261025360c0826107c6565b5190206080523060c052158015610799575b610706578251633b9aca006001600160601b03909116049d8e1561078a576001600160401b038f116107695763ffffffff811161074f5750875180156107405760208111610729578851156107155789516001600160a01b0316156107065760015b8181106106b25750808c1161069c578b600302600381048d03610688576001600160ff1b0382168203610688578160011b1161067257506101605261018052516001600160601b039081166101a0526001600160401b038c81166101c0819052985182166101e05291511661020052905163ffffffff90811661022052915190911661024052604080519291908301908111838210176105e2575f9160209160409695965260018060a01b031692838152015263ffffffff60e01b6003541617600355815191604051809260208201945f865260218301526041820192519290925f5b8181106106505750506103c6925003601f1981018352826107c6565b61041d602a8251926040519485916020830195606160f81b875261ffff60f01b9060f01b1660218401526680600a3d393df360c81b60238401525180918484015e81015f838201520301601f1981018452836107c6565b90516001600160a01b03915ff0168015908115610605575b506105f65760405160e08101916001600160401b038311828410176105e2575f9360c09360405284835260208301526001604083015263ffffffff8616606083015263ffffffff4216608083015260a08201520152600254906201000067ffffffff0000000060018060a01b039460201b169261ff00640100000000600160a01b03199360081b169063ffffffff191617171617166bffffffff00000000000000004260401b1617906c01000000000000000000000000600160a01b039060601b1617600255604051613b849081610b0582396080518161356d015260a0518161362a015260c0518161353e015260e051816135bc015261010051816135e201526101205181611bec01526101405181611c150152610160518181816103d701528181610b4c01528181611b51015281816121700152612ad6015261018051818181611b8a015261279101526101a05181611a4101526101c051816134f901526101e051818181611a7b01526134ac0152610200518181816114970152611ab10152610220518181816114ca0152611ae8015261024051818181611b13015281816128e30152612d860152f35b634e487b7160e01b5f52604160045260245ffd5b636ad8a42d60e11b5f5260045ffd5b6040516135a560f21b602082019081523060601b6022830152600160f81b6036830152601782529192509061063b6037836107c6565b905190206001600160a01b031614155f610435565b84516001600160a01b03168352602094850194869450909201916001016103aa565b8b635c822da360e01b5f5260045260245260445ffd5b634e487b7160e01b5f52601160045260245ffd5b8b6313c3d1b160e01b5f5260045260245260445ffd5b6001600160a01b036106c4828c610822565b51165f198201828111610688576001600160a01b03906106e4908d610822565b511610156106f4576001016102c7565b632ab87a2f60e21b5f5260045260245ffd5b63d92e233d60e01b5f5260045ffd5b634e487b7160e01b5f52603260045260245ffd5b63118587f960e21b5f52600452602060245260445ffd5b6365607ec160e11b5f5260045ffd5b632abeb08d60e21b5f5263ffffffff60045260245260445ffd5b83516304041d9560e11b5f9081526001600160601b03909116600452602490fd5b6302f2d9e160e21b5f5260045ffd5b506001600160a01b03871615610265565b5f80fd5b602080916107bb846107e9565b8152019101906100a4565b601f909101601f19168101906001600160401b038211908210176105e257604052565b51906001600160a01b03821682036107aa57565b51906001600160601b03821682036107aa57565b519063ffffffff821682036107aa57565b80518210156107155760209160051b010190565b908151602081105f146108b0575090601f815111610870576020815191015160208210610861571790565b5f198260200360031b1b161790565b604460209160405192839163305a27a960e01b83528160048401528051918291826024860152018484015e5f828201840152601f01601f19168101030190fd5b6001600160401b0381116105e2575f54600181811c911680156109c2575b60208210146109ae57601f811161097c575b50602092601f821160011461091d57928192935f92610912575b50508160011b915f199060031b1c1916175f5560ff90565b015190505f806108fa565b601f198216935f8052805f20915f5b868110610964575083600195961061094c575b505050811b015f5560ff90565b01515f1960f88460031b161c191690555f808061093f565b9192602060018192868501518155019401920161092c565b5f8052601f60205f20910160051c810190601f830160051c015b8181106109a357506108e0565b5f8155600101610996565b634e487b7160e01b5f52602260045260245ffd5b90607f16906108ce565b908151602081105f146109f7575090601f815111610870576020815191015160208210610861571790565b6001600160401b0381116105e257600154600181811c91168015610afa575b60208210146109ae57601f8111610ac7575b50602092601f8211600114610a6657928192935f92610a5b575b50508160011b915f199060031b1c19161760015560ff90565b015190505f80610a42565b601f1982169360015f52805f20915f5b868110610aaf5750836001959610610a97575b505050811b0160015560ff90565b01515f1960f88460031b161c191690555f8080610a89565b91926020600181928685015181550194019201610a76565b60015f52601f60205f20910160051c810190601f830160051c015b818110610aef5750610a28565b5f8155600101610ae2565b90607f1690610a1656fe60806040526004361015610011575f80fd5b5f3560e01c806315233e8d146122fa57806319d75748146121bb5780632039326f14612194578063237119971461210957806328ccbbb5146120d0578063380a8c041461208c57806341fbbc3114611efd57806342cde4e814611eda578063452a932014611ea757806346f0975a14611e2b57806348a0d75414611e0b5780635c975abb14611de957806375ecbb8914611db85780637b0a342b14611d955780638456cb5914611ce857806384b0196e14611bd4578063860aefcf14611a0b5780639d7384d9146119d2578063a1c4192a14611958578063aea0e78b14611933578063affed0e014611909578063beba40ea14611254578063c9fad2b314610dc6578063ca1d209d14610b30578063cf4a5f2b14610469578063d4abecd71461044d578063f2387cdb14610294578063f698da25146102725763f9f3de7e14610158575f80fd5b3461026e57602060031936011261026e5767ffffffffffffffff61017a6123eb565b610182612e3b565b50165f52600760205260405f206040519061019c826124b6565b54906bffffffffffffffffffffffff821681526020810167ffffffffffffffff8360601c16815263ffffffff60408301818560a01c16815267ffffffffffffffff60608501936101f260ff8860c01c1686612715565b60ff608087019760c81c16151587526bffffffffffffffffffffffff60405196511686525116602085015251166040830152519160058310156102415760a09260608301525115156080820152f35b7f4e487b71000000000000000000000000000000000000000000000000000000005f52602160045260245ffd5b5f80fd5b3461026e575f60031936011261026e57602061028c613527565b604051908152f35b3461026e57604060031936011261026e5760043573ffffffffffffffffffffffffffffffffffffffff8116810361026e5760243567ffffffffffffffff811161026e576102e590369060040161234f565b9160ff600254166104255782156103fd5782905f5f937fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff8181360301915b848610156103d0578560051b8201358381121561026e5782019081359067ffffffffffffffff8216820361026e5760408301359060608401357fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe18536030181121561026e5784019384359467ffffffffffffffff861161026e57602001948060051b3603861361026e57600195848a6103c89760206103c396013590613289565b612721565b950194610322565b6103fb90847f000000000000000000000000000000000000000000000000000000000000000061322a565b005b7f969bf728000000000000000000000000000000000000000000000000000000005f5260045ffd5b7fab35696f000000000000000000000000000000000000000000000000000000005f5260045ffd5b3461026e57602061028c61046036612476565b92919091612ec4565b3461026e57608060031936011261026e5760043567ffffffffffffffff811161026e5761049a90369060040161234f565b6104a2612380565b906104ab612390565b9160643567ffffffffffffffff811161026e576104cc903690600401612402565b919073ffffffffffffffffffffffffffffffffffffffff8516928315610a82576104f7368689612e65565b805160ff851697918115610b085760208211610ad757805115610aaa5773ffffffffffffffffffffffffffffffffffffffff60208201511615610a825760015b8281106109dd5750508088116109ae5787600302600381048903610952577f7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff82168203610952578160011b1161097f5750879261060560019361ffff936105e561059f612677565b91604051906105ad826124ff565b8a8d602067ffffffffffffffff60035473ffffffffffffffffffffffffffffffffffffffff8116875260a01c1694019b848d52612578565b91604082019460ff60206105fb89895116612f66565b9401511693612fbb565b51160161ffff81116109525761061c368689612e65565b80516040519160208301915f835260218401526041830160208251919201905f5b818110610926575050509061068f8373ffffffffffffffffffffffffffffffffffffffff9493037fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe08101845283612537565b610750602a8351936040519384917fffff00000000000000000000000000000000000000000000000000000000000060208401977f6100000000000000000000000000000000000000000000000000000000000000895260f01b1660218401527f80600a3d393df30000000000000000000000000000000000000000000000000060238401525180918484015e81015f8382015203017fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe08101835282612537565b51905ff01680159081156108f9575b506108d15767ffffffffffffffff927fffffffffffffffffffffffffffffffffffffffffffffffffffffffff000000ff63ffff000061ff006002549360081b169360101b16911617176002556107b7828251166126f5565b6040516107c3816124ff565b8481526020848316910152837fffffffffffffffffffffffff000000000000000000000000000000000000000060035416176003557fffffffff0000000000000000ffffffffffffffffffffffffffffffffffffffff7bffffffffffffffff0000000000000000000000000000000000000000806003549360a01b161691161760035551169260405192806060850160608652526080840195905f5b81811061089c57867f8dd0679eaa3cc426e60d50fb7cba06f0af6a3c28a52384fb26a8a69a00c78d6987808b8989602084015260408301520390a2005b90919660208060019273ffffffffffffffffffffffffffffffffffffffff6108c38c6123b3565b16815201980192910161085f565b7fd5b1485a000000000000000000000000000000000000000000000000000000005f5260045ffd5b905073ffffffffffffffffffffffffffffffffffffffff61091d61ffff8416613650565b1614158861075f565b825173ffffffffffffffffffffffffffffffffffffffff1684526020938401939092019160010161063d565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52601160045260245ffd5b877f5c822da3000000000000000000000000000000000000000000000000000000005f5260045260245260445ffd5b877f13c3d1b1000000000000000000000000000000000000000000000000000000005f5260045260245260445ffd5b73ffffffffffffffffffffffffffffffffffffffff6109fc8284612fa7565b51167fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff820182811161095257610a4773ffffffffffffffffffffffffffffffffffffffff9185612fa7565b51161015610a5757600101610537565b7faae1e8bc000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b7fd92e233d000000000000000000000000000000000000000000000000000000005f5260045ffd5b7f4e487b71000000000000000000000000000000000000000000000000000000005f52603260045260245ffd5b507f46161fe4000000000000000000000000000000000000000000000000000000005f52600452602060245260445ffd5b7fcac0fd82000000000000000000000000000000000000000000000000000000005f5260045ffd5b3461026e57602060031936011261026e576004358015610d9e577f00000000000000000000000000000000000000000000000000000000000000009073ffffffffffffffffffffffffffffffffffffffff821690604051927f70a08231000000000000000000000000000000000000000000000000000000008452306004850152602084602481865afa938415610d5b575f94610d66575b5091610c2160209260249594604051917f23b872dd00000000000000000000000000000000000000000000000000000000868401523388840152306044840152606483015260648252610c1c608483612537565b6138ad565b604051938480927f70a082310000000000000000000000000000000000000000000000000000000082523060048301525afa8015610d5b575f90610d27575b610c6a9250612781565b600254610c7a828260a01c612721565b6bffffffffffffffffffffffff8111610cfc577fffffffffffffffffffffffff000000000000000000000000000000000000000073ffffffffffffffffffffffffffffffffffffffff9160a01b169116176002556040519081527f5af8184bef8e4b45eb9f6ed7734d04da38ced226495548f46e0c8ff8d7d9a52460203392a2005b7f08083b2a000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b506020823d602011610d53575b81610d4160209383612537565b8101031261026e57610c6a9151610c60565b3d9150610d34565b6040513d5f823e3d90fd5b9350916020843d602011610d96575b81610d8260209383612537565b8101031261026e5792519291610c21610bc8565b3d9150610d75565b7f1f2a2005000000000000000000000000000000000000000000000000000000005f5260045ffd5b3461026e57604060031936011261026e57610ddf6123eb565b60243567ffffffffffffffff811161026e57610dff903690600401612402565b909167ffffffffffffffff811692835f52600760205260405f209160405192610e27846124b6565b546bffffffffffffffffffffffff81168452602084019067ffffffffffffffff8160601c16825263ffffffff8160a01c16604086015260ff6060860191610e73828260c01c1684612715565b60c81c1615156080860152516005811015610241577fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff0161122857855f52600660205260405f205494610f736bffffffffffffffffffffffff865116610f3f610f6b67ffffffffffffffff86511660405192839160208301958d8b88929367ffffffffffffffff9195946080938360a08701987f74413274efe04fe5e542697865ef0d46c2eb84cbc727c8f4a2614e32cad6531788521660208701526040860152606085015216910152565b037fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe08101835282612537565b519020612f25565b90610f7c612677565b610fa1610f9061ffff604084015116612f66565b9160ff602084519201511690612781565b916001830180931161095257610fdd96610fba94612fbb565b8467ffffffffffffffff6bffffffffffffffffffffffff86511692511692612ec4565b5f52600960205260405f2060017fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff00825416179055825f5260066020525f60408120556040519061102c826124b6565b5f825260208201915f8352604081015f815260608201905f82526110e667ffffffffffffffff608085019660018852895f5260076020526bffffffffffffffffffffffff60405f209651167fffffffffffffffffffffffffffffffffffffffff000000000000000000000000875416178655511684907fffffffffffffffffffffffff0000000000000000ffffffffffffffffffffffff73ffffffffffffffff00000000000000000000000083549260601b169116179055565b517fffffffffffffffff00000000ffffffffffffffffffffffffffffffffffffffff77ffffffff000000000000000000000000000000000000000084549260a01b169116178255519260058410156102415761114f6bffffffffffffffffffffffff948361272e565b5115157fffffffffffff00ffffffffffffffffffffffffffffffffffffffffffffffffff79ff0000000000000000000000000000000000000000000000000083549260c81b169116179055511690600254918260a01c01906bffffffffffffffffffffffff8211610952577f971b2371084edeba42390e4c63a82f4fc90e4f3fb50a3b754a49c6d7825ab0ca9273ffffffffffffffffffffffffffffffffffffffff7fffffffffffffffffffffffff000000000000000000000000000000000000000060209460a01b16911617600255604051908152a2005b857f045373aa000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b3461026e5760a060031936011261026e5761126d6123eb565b6024356044359161127c6123d4565b9160843567ffffffffffffffff811161026e5761129d903690600401612402565b906112a6612677565b9081516104255783156118e15767ffffffffffffffff86169586156118b9576bffffffffffffffffffffffff881161188d57606083019063ffffffff8251169867ffffffffffffffff881699808b0361185d5750895f52600760205260405f209160405192611314846124b6565b54926bffffffffffffffffffffffff8416815267ffffffffffffffff8460601c16602082015263ffffffff8460a01c16604082015260ff60806060830192611361838860c01c1685612715565b019460c81c161515845251600581101561024157600114611831576113889082898b612ec4565b825115158061181b575b6117eb576113be9060408701976113ad61ffff8a5116612f66565b90602089019760ff89511693612fbb565b6113c785613479565b90633b9aca00810180821161095257633b9ac9ff820190811161095257633b9aca0090048281116117a35760c08701926bffffffffffffffffffffffff845116808411611774575067ffffffffffffffff9161142291612781565b169060a0870191825263ffffffff421660808801918183526bffffffffffffffffffffffff81169b8c6bffffffffffffffffffffffff87511603906bffffffffffffffffffffffff8211610952578f916bffffffffffffffffffffffff1687528c84926002946bffffffffffffffffffffffff7f000000000000000000000000000000000000000000000000000000000000000016105f1461173b57505050505063ffffffff7f000000000000000000000000000000000000000000000000000000000000000016019463ffffffff8611610952578c986116689767ffffffffffffffff979960019b5f5260066020528c60405f20555b5190519151925193519451955160089290921b61ff001660ff911515919091161760109290921b63ffff0000169190911760209290921b67ffffffff000000001691909117604092831b6bffffffff0000000000000000161760609390931b73ffffffffffffffff000000000000000000000000169290921760a09290921b7fffffffffffffffffffffffff00000000000000000000000000000000000000001691909117600255905190519015159790966115d4886124b6565b87526020870190815263ffffffff60408801941684526115f8606088019586612715565b608087019788525f8981526007602052604090209651875491517fffffffffffffffffffffffff00000000000000000000000000000000000000009092166bffffffffffffffffffffffff9190911617911660601b73ffffffffffffffff00000000000000000000000016178555565b517fffffffffffffffff00000000ffffffffffffffffffffffffffffffffffffffff77ffffffff000000000000000000000000000000000000000085549260a01b16911617835551916005831015610241577f8c896e59121809fe87ce5ffd0f5fd63f6bf1d0eb1ad2902756c54220866c137f936116e86020948361272e565b5181547fffffffffffff00ffffffffffffffffffffffffffffffffffffffffffffffffff1690151560c81b79ff0000000000000000000000000000000000000000000000000016179055604051908152a2005b67ffffffffffffffff9a95506116689b939c9263ffffffff92959e9561176c925f52600560205260405f20556126f5565b168452611519565b837f1f2c89f0000000000000000000000000000000000000000000000000000000005f5260045260245260445ffd5b50633b9aca00820291808304633b9aca001490151715610952577f40df7ba9000000000000000000000000000000000000000000000000000000005f5260045260245260445ffd5b878b7f19091bc8000000000000000000000000000000000000000000000000000000005f5260045260245260445ffd5b50805f52600960205260ff60405f205416611392565b8a7fa052e13b000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b8a907faafac234000000000000000000000000000000000000000000000000000000005f5260045260245260445ffd5b877f08083b2a000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b7f91363287000000000000000000000000000000000000000000000000000000005f5260045ffd5b7fb263ae73000000000000000000000000000000000000000000000000000000005f5260045ffd5b3461026e575f60031936011261026e57602067ffffffffffffffff60035460a01c16604051908152f35b3461026e575f60031936011261026e57602063ffffffff600254821c16604051908152f35b3461026e57602061028c610f6b610f3f61197136612476565b6040959395949194519485938985019788929367ffffffffffffffff9195946080938360a08701987f74413274efe04fe5e542697865ef0d46c2eb84cbc727c8f4a2614e32cad6531788521660208701526040860152606085015216910152565b3461026e57602060031936011261026e5767ffffffffffffffff6119f46123eb565b165f526005602052602060405f2054604051908152f35b3461026e575f60031936011261026e57611a23612e3b565b5060e0604051611a32816124b6565b6bffffffffffffffffffffffff7f000000000000000000000000000000000000000000000000000000000000000016815263ffffffff602082016bffffffffffffffffffffffff7f000000000000000000000000000000000000000000000000000000000000000016815281604084016bffffffffffffffffffffffff7f00000000000000000000000000000000000000000000000000000000000000001681526bffffffffffffffffffffffff6060860191837f0000000000000000000000000000000000000000000000000000000000000000168352816080880195857f0000000000000000000000000000000000000000000000000000000000000000168752816040519973ffffffffffffffffffffffffffffffffffffffff7f0000000000000000000000000000000000000000000000000000000000000000168b5273ffffffffffffffffffffffffffffffffffffffff7f00000000000000000000000000000000000000000000000000000000000000001660208c0152511660408a01525116606088015251166080860152511660a0840152511660c0820152f35b3461026e575f60031936011261026e57611c8c611c107f0000000000000000000000000000000000000000000000000000000000000000613934565b611c397f0000000000000000000000000000000000000000000000000000000000000000613aa7565b6020611c9a60405192611c4c8385612537565b5f84525f3681376040519586957f0f00000000000000000000000000000000000000000000000000000000000000875260e08588015260e0870190612433565b908582036040870152612433565b4660608501523060808501525f60a085015283810360c08501528180845192838152019301915f5b828110611cd157505050500390f35b835185528695509381019392810192600101611cc2565b3461026e575f60031936011261026e5773ffffffffffffffffffffffffffffffffffffffff600354163303611d695760017fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff006002541617600255337f62e78cea01bee320cd4e420270b5ea74000d11b0c9f74754ebdbfc544b05a2585f80a2005b7fa252c151000000000000000000000000000000000000000000000000000000005f523360045260245ffd5b3461026e57602060031936011261026e57602061028c611db36123eb565b612dee565b3461026e57604060031936011261026e576020611ddf611dd66123eb565b60243590612dac565b6040519015158152f35b3461026e575f60031936011261026e57602060ff600254166040519015158152f35b3461026e575f60031936011261026e57602060025460a01c604051908152f35b3461026e575f60031936011261026e57611e4d61ffff60025460101c16612f66565b6040518091602082016020835281518091526020604084019201905f5b818110611e78575050500390f35b825173ffffffffffffffffffffffffffffffffffffffff16845285945060209384019390920191600101611e6a565b3461026e575f60031936011261026e57602073ffffffffffffffffffffffffffffffffffffffff60035416604051908152f35b3461026e575f60031936011261026e57602060ff60025460081c16604051908152f35b3461026e57602060031936011261026e57611f166123eb565b60ff600254166104255767ffffffffffffffff811690815f52600760205260405f2090815460ff8160c01c166005811015610241576001036120605763ffffffff9060a01c1680421061203157505f83815260066020908152604080832080549084905560058352922082905583547fffffffffffffff00ffffffffffffffffffffffffffffffffffffffffffffffff167802000000000000000000000000000000000000000000000000179093557fc841355bb04b54347af1283aae877e9ce8c553c2f69742c53477999302fd48439291611ff1906126f5565b7fffffffffffffffffffffffffffffffffffffffffffffffff00000000ffffffff67ffffffff0000000060025492851b16911617600255604051908152a2005b837fbe200357000000000000000000000000000000000000000000000000000000005f5260045260245260445ffd5b837f045373aa000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b3461026e575f60031936011261026e576120ac6120a7612677565b613479565b633b9aca00810290808204633b9aca00149015171561095257602090604051908152f35b3461026e57602060031936011261026e5767ffffffffffffffff6120f26123eb565b165f526006602052602060405f2054604051908152f35b3461026e5760a060031936011261026e576121226123eb565b61212a612390565b6064359060843567ffffffffffffffff811161026e5761214e90369060040161234f565b60ff60029592955416610425576103fb94848461216e9460243590613289565b7f000000000000000000000000000000000000000000000000000000000000000061322a565b3461026e57604060031936011261026e576020611ddf6121b26123eb565b6024359061278e565b3461026e57602060031936011261026e5760043567ffffffffffffffff811161026e576121ec903690600401612402565b906121f5612677565b908151156122d257612233906003549267ffffffffffffffff8460a01c169461221d86612dee565b9260ff60206105fb61ffff604087015116612f66565b7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff00600254166002557fffffffff0000000000000000ffffffffffffffffffffffffffffffffffffffff7bffffffffffffffff00000000000000000000000000000000000000006122a2846126f5565b60a01b169116176003557fa0a1b115a3fdd20e32f15353aa316670a8888ae5f76ea442ef0b72527afa49625f80a2005b7f6cd60201000000000000000000000000000000000000000000000000000000005f5260045ffd5b3461026e57608060031936011261026e5760043567ffffffffffffffff811161026e5761028c612330602092369060040161234f565b612338612380565b612340612390565b916123496123d4565b93612578565b9181601f8401121561026e5782359167ffffffffffffffff831161026e576020808501948460051b01011161026e57565b6024359060ff8216820361026e57565b6044359073ffffffffffffffffffffffffffffffffffffffff8216820361026e57565b359073ffffffffffffffffffffffffffffffffffffffff8216820361026e57565b6064359067ffffffffffffffff8216820361026e57565b6004359067ffffffffffffffff8216820361026e57565b9181601f8401121561026e5782359167ffffffffffffffff831161026e576020808501946060850201011161026e57565b907fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0601f602080948051918291828752018686015e5f8582860101520116010190565b600319608091011261026e5760043567ffffffffffffffff8116810361026e5790602435906044359060643567ffffffffffffffff8116810361026e5790565b60a0810190811067ffffffffffffffff8211176124d257604052565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52604160045260245ffd5b6040810190811067ffffffffffffffff8211176124d257604052565b6080810190811067ffffffffffffffff8211176124d257604052565b90601f7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0910116810190811067ffffffffffffffff8211176124d257604052565b604051602081019695928792905f5b8181106126425750505067ffffffffffffffff9291816125e773ffffffffffffffffffffffffffffffffffffffff9361263f999a037fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe08101835282612537565b5190209460ff6040519560208701977f173bb167580ccf2fdc1e896f8ffcbbdc9baf9d65a43275b6adc9c0efcd387159895260408801521660608601521660808401521660a082015260a08152610f6b60c082612537565b90565b90919860208060019273ffffffffffffffffffffffffffffffffffffffff6126698e6123b3565b168152019a01929101612587565b6040519060e0820182811067ffffffffffffffff8211176124d2576040528160c060025460ff81161515835260ff8160081c16602084015261ffff8160101c16604084015263ffffffff8160201c16606084015263ffffffff8160401c16608084015267ffffffffffffffff8160601c1660a084015260a01c910152565b67ffffffffffffffff60019116019067ffffffffffffffff821161095257565b60058210156102415752565b9190820180921161095257565b906005811015610241577fffffffffffffff00ffffffffffffffffffffffffffffffffffffffffffffffff78ff00000000000000000000000000000000000000000000000083549260c01b169116179055565b9190820391821161095257565b907f00000000000000000000000000000000000000000000000000000000000000009073ffffffffffffffffffffffffffffffffffffffff8216158015612d7e575b612d565760ff60025416610425578015612d2e5767ffffffffffffffff831692835f52600760205260405f20906040519161280a836124b6565b54906bffffffffffffffffffffffff82168352602083019167ffffffffffffffff8160601c168352604084019063ffffffff8160a01c16825260ff6060860191612859828260c01c1684612715565b60c81c1615156080860152604051916128718361251b565b6004549167ffffffffffffffff8316845267ffffffffffffffff8360401c1660208501526effffffffffffffffffffffffffffff8360801c166040850152606084019260f81c1515835283908051600581101561024157600203612cbd57505063ffffffff61290991511663ffffffff7f00000000000000000000000000000000000000000000000000000000000000001690612721565b804210612c8e575051612c575750855f5260056020525f6040812055855f52600760205260405f2078030000000000000000000000000000000000000000000000007fffffffffffffff00ffffffffffffffffffffffffffffffffffffffffffffffff82541617905567ffffffffffffffff6040516129878161251b565b8781525f60208201525f604082015260016060820152925b5116607f81018091116109525760071c906129c9602084019567ffffffffffffffff875116612721565b92828411612c4d575b6effffffffffffffffffffffffffffff604067ffffffffffffffff92015116955116905b838210612c105750506effffffffffffffffffffffffffffff8411612bf9575b8110612b0a5750916040916bffffffffffffffffffffffff7f017ac47b2165d603af168db0db9f78c674290c7f3f9c88a7256dddfce8032512945f600455865f526007602052845f2078040000000000000000000000000000000000000000000000007fffffffffffffff00ffffffffffffffffffffffffffffffffffffffffffffffff8254161790555116818082115f14612b0157612ab591612781565b915b8280612ad0575b505082519182526020820152a2600190565b612afa917f000000000000000000000000000000000000000000000000000000000000000061322a565b5f82612abe565b50505f91612ab7565b90507effffffffffffffffffffffffffffff000000000000000000000000000000009192506fffffffffffffffff00000000000000007effffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f01000000000000000000000000000000000000000000000000000000000000009560016060604051612b928161251b565b83815267ffffffffffffffff871660208201526effffffffffffffffffffffffffffff8916604082015201527fff000000000000000000000000000000000000000000000000000000000000006004541617169160401b16179160801b1617176004555f90565b6effffffffffffffffffffffffffffff9350612a16565b9094612c45600191876fffffffffffffffff00000000000000008560401b16175f52600860205260405f205460801c90612721565b9501906129f6565b91925082916129d2565b67ffffffffffffffff9051167feac2c253000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b887f87888020000000000000000000000000000000000000000000000000000000005f5260045260245260445ffd5b925094925050516005811015610241577ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffd01612d025767ffffffffffffffff9061299f565b867f87afcc88000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b7f0bd2faa5000000000000000000000000000000000000000000000000000000005f5260045ffd5b7fe2a69d78000000000000000000000000000000000000000000000000000000005f5260045ffd5b5063ffffffff7f000000000000000000000000000000000000000000000000000000000000000016156127d0565b8160401c612de8576fffffffffffffffff00000000000000008260071c9160401b16175f5260086020526001607f60405f205492161b16151590565b50505f90565b61263f9060405167ffffffffffffffff60208201927ff6e92f507c74173b273fa11daaaeb9259eeeb66e1dd790e1beceb57e8aa3869a845216604082015260408152610f6b606082612537565b60405190612e48826124b6565b5f6080838281528260208201528260408201528260608201520152565b9291909267ffffffffffffffff84116124d2578360051b906020808301612e8f6040519182612537565b809681520191810192831161026e57905b828210612eac57505050565b60208091612eb9846123b3565b815201910190612ea0565b9161263f9367ffffffffffffffff91604051938360208601967f9553ebbc2ce10802d67394575073bb78aee3689d18c7fd11b62af1b02f9799fa8852166040860152606085015260808401521660a082015260a08152610f6b60c082612537565b604290612f30613527565b90604051917f19010000000000000000000000000000000000000000000000000000000000008352600283015260228201522090565b612f6f90613650565b907fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff823b60405193600185848401923c830101604052565b8051821015610aaa5760209160051b010190565b9493929091928084106131fb5750805193945f9384938492905b828710156131f15760608702810160408101359060ff8216820361026e576130059160208201359135908561381e565b50600481989298101561024157600381146131c5576131995773ffffffffffffffffffffffffffffffffffffffff169873ffffffffffffffffffffffffffffffffffffffff871699808b1461316d578a1061314157935b88811080613118575b15613099577fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff81146109525760010161305c565b9798969590929693919389891480156130ee575b6130c35750600190950195919796929097612fd5565b7fd7e8a2c2000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b508073ffffffffffffffffffffffffffffffffffffffff61310f8b89612fa7565b511614156130ad565b508973ffffffffffffffffffffffffffffffffffffffff6131398389612fa7565b511610613065565b877f1ad2419e000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b8a7fe021c4f2000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b877f52bf9848000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b887f240b65cc000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b5050505050505050565b837f79c193d2000000000000000000000000000000000000000000000000000000005f5260045260245260445ffd5b6132879273ffffffffffffffffffffffffffffffffffffffff604051937fa9059cbb000000000000000000000000000000000000000000000000000000006020860152166024840152604483015260448252610c1c606483612537565b565b909591939267ffffffffffffffff821691825f52600560205260405f205495861561344d578860401c613421576bffffffffffffffffffffffff83116133f557608090604051908382528a60208301526040820152836060820152205f5260205f20955f965b8888101561332d578760051b870135908181105f1461331c575f52602052600160405f205b9701966132ef565b905f52602052600160405f20613314565b929550929550929550036133c5576fffffffffffffffff00000000000000008560071c9160401b161791825f52600860205260405f2054916001607f87161b9182841661339557506133869394955060801b9117612721565b905f52600860205260405f2055565b86907f05b5a69d000000000000000000000000000000000000000000000000000000005f5260045260245260445ffd5b84837fddfa5d53000000000000000000000000000000000000000000000000000000005f5260045260245260445ffd5b827f08083b2a000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b887f98060b46000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b837f8e07b1d9000000000000000000000000000000000000000000000000000000005f5260045260245ffd5b61349c63ffffffff608067ffffffffffffffff60a0850151169301511642612781565b906bffffffffffffffffffffffff7f0000000000000000000000000000000000000000000000000000000000000000169182810292818404149015171561095257633b9aca006134ed920490612721565b9067ffffffffffffffff7f0000000000000000000000000000000000000000000000000000000000000000168083116135235750565b9150565b73ffffffffffffffffffffffffffffffffffffffff7f000000000000000000000000000000000000000000000000000000000000000016301480613627575b1561358f577f000000000000000000000000000000000000000000000000000000000000000090565b60405160208101907f8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f82527f000000000000000000000000000000000000000000000000000000000000000060408201527f000000000000000000000000000000000000000000000000000000000000000060608201524660808201523060a082015260a0815261362160c082612537565b51902090565b507f00000000000000000000000000000000000000000000000000000000000000004614613566565b73ffffffffffffffffffffffffffffffffffffffff90606060808210156136e957507fff00000000000000000000000000000000000000000000000000000000000000604051917fd69400000000000000000000000000000000000000000000000000000000000060208401523060601b602284015260f81b166036820152601781526136de603782612537565b602081519101201690565b61010082101561378b57507fff00000000000000000000000000000000000000000000000000000000000000604051917fd79400000000000000000000000000000000000000000000000000000000000060208401523060601b60228401527f8100000000000000000000000000000000000000000000000000000000000000603684015260f81b16603782015260188152613786603882612537565b6136de565b907fffff00000000000000000000000000000000000000000000000000000000000090604051927fd894000000000000000000000000000000000000000000000000000000000000602085015230901b60228401527f8200000000000000000000000000000000000000000000000000000000000000603684015260f01b16603782015260198152613786603982612537565b91907f7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a084116138a2579160209360809260ff5f9560405194855216868401526040830152606082015282805260015afa15610d5b575f5173ffffffffffffffffffffffffffffffffffffffff81161561389857905f905f90565b505f906001905f90565b5050505f9160039190565b905f602091828151910182855af115610d5b575f513d61392b575073ffffffffffffffffffffffffffffffffffffffff81163b155b6138e95750565b73ffffffffffffffffffffffffffffffffffffffff907f5274afe7000000000000000000000000000000000000000000000000000000005f521660045260245ffd5b600114156138e2565b60ff81146139935760ff811690601f821161396b5760405191613958604084612537565b6020808452838101919036833783525290565b7fb3512b0c000000000000000000000000000000000000000000000000000000005f5260045ffd5b506040515f5f548060011c9160018216918215613a9d575b602084108314613a70578385528492908115613a3357506001146139d6575b61263f92500382612537565b505f80805290917f290decd9548b62a8d60345a988386fc84ba6bc95484008f6362f93160ef3e5635b818310613a1757505090602061263f928201016139ca565b60209193508060019154838588010152019101909183926139ff565b6020925061263f9491507fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff001682840152151560051b8201016139ca565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52602260045260245ffd5b92607f16926139ab565b60ff8114613acb5760ff811690601f821161396b5760405191613958604084612537565b506040515f6001548060011c9160018216918215613b6d575b602084108314613a70578385528492908115613a335750600114613b0e5761263f92500382612537565b5060015f90815290917fb10e2d527612073b26eecdfd717e6a320cf44b4afac2b0732d9fcbe2b7fa0cf65b818310613b5157505090602061263f928201016139ca565b6020919350806001915483858801015201910190918392613b39565b92607f1692613ae456fea164736f6c634300081e000a",
}

// RoyaltyDistributor is an auto generated Go binding around an Ethereum contract.
type RoyaltyDistributor struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *RoyaltyDistributor) GetABI() abi.ABI {
	return c.abi
}

// NewRoyaltyDistributor creates a new instance of RoyaltyDistributor.
func NewRoyaltyDistributor() *RoyaltyDistributor {
	parsed, err := RoyaltyDistributorMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &RoyaltyDistributor{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *RoyaltyDistributor) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address token_, address[] signers_, uint8 threshold_, address guardian_, address treasury_, (uint96,uint96,uint96,uint32,uint32) limits, uint64 firstEpoch) returns()
func (royaltyDistributor *RoyaltyDistributor) PackConstructor(token_ common.Address, signers_ []common.Address, threshold_ uint8, guardian_ common.Address, treasury_ common.Address, limits RoyaltyDistributorLimits, firstEpoch uint64) []byte {
	enc, err := royaltyDistributor.abi.Pack("", token_, signers_, threshold_, guardian_, treasury_, limits, firstEpoch)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackAvailable is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x48a0d754.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function available() view returns(uint256)
func (royaltyDistributor *RoyaltyDistributor) PackAvailable() []byte {
	enc, err := royaltyDistributor.abi.Pack("available")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAvailable is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x48a0d754.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function available() view returns(uint256)
func (royaltyDistributor *RoyaltyDistributor) TryPackAvailable() ([]byte, error) {
	return royaltyDistributor.abi.Pack("available")
}

// UnpackAvailable is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x48a0d754.
//
// Solidity: function available() view returns(uint256)
func (royaltyDistributor *RoyaltyDistributor) UnpackAvailable(data []byte) (*big.Int, error) {
	out, err := royaltyDistributor.abi.Unpack("available", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackBucketLevel is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x380a8c04.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function bucketLevel() view returns(uint256)
func (royaltyDistributor *RoyaltyDistributor) PackBucketLevel() []byte {
	enc, err := royaltyDistributor.abi.Pack("bucketLevel")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBucketLevel is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x380a8c04.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function bucketLevel() view returns(uint256)
func (royaltyDistributor *RoyaltyDistributor) TryPackBucketLevel() ([]byte, error) {
	return royaltyDistributor.abi.Pack("bucketLevel")
}

// UnpackBucketLevel is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x380a8c04.
//
// Solidity: function bucketLevel() view returns(uint256)
func (royaltyDistributor *RoyaltyDistributor) UnpackBucketLevel(data []byte) (*big.Int, error) {
	out, err := royaltyDistributor.abi.Unpack("bucketLevel", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackClaim is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x23711997.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function claim(uint64 epoch, uint256 index, address account, uint256 amount, bytes32[] proof) returns()
func (royaltyDistributor *RoyaltyDistributor) PackClaim(epoch uint64, index *big.Int, account common.Address, amount *big.Int, proof [][32]byte) []byte {
	enc, err := royaltyDistributor.abi.Pack("claim", epoch, index, account, amount, proof)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackClaim is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x23711997.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function claim(uint64 epoch, uint256 index, address account, uint256 amount, bytes32[] proof) returns()
func (royaltyDistributor *RoyaltyDistributor) TryPackClaim(epoch uint64, index *big.Int, account common.Address, amount *big.Int, proof [][32]byte) ([]byte, error) {
	return royaltyDistributor.abi.Pack("claim", epoch, index, account, amount, proof)
}

// PackClaimMany is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf2387cdb.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function claimMany(address account, (uint64,uint256,uint256,bytes32[])[] items) returns()
func (royaltyDistributor *RoyaltyDistributor) PackClaimMany(account common.Address, items []RoyaltyDistributorClaimItem) []byte {
	enc, err := royaltyDistributor.abi.Pack("claimMany", account, items)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackClaimMany is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf2387cdb.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function claimMany(address account, (uint64,uint256,uint256,bytes32[])[] items) returns()
func (royaltyDistributor *RoyaltyDistributor) TryPackClaimMany(account common.Address, items []RoyaltyDistributorClaimItem) ([]byte, error) {
	return royaltyDistributor.abi.Pack("claimMany", account, items)
}

// PackDomainSeparator is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf698da25.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function domainSeparator() view returns(bytes32)
func (royaltyDistributor *RoyaltyDistributor) PackDomainSeparator() []byte {
	enc, err := royaltyDistributor.abi.Pack("domainSeparator")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDomainSeparator is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf698da25.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function domainSeparator() view returns(bytes32)
func (royaltyDistributor *RoyaltyDistributor) TryPackDomainSeparator() ([]byte, error) {
	return royaltyDistributor.abi.Pack("domainSeparator")
}

// UnpackDomainSeparator is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf698da25.
//
// Solidity: function domainSeparator() view returns(bytes32)
func (royaltyDistributor *RoyaltyDistributor) UnpackDomainSeparator(data []byte) ([32]byte, error) {
	out, err := royaltyDistributor.abi.Unpack("domainSeparator", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackEip712Domain is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x84b0196e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function eip712Domain() view returns(bytes1 fields, string name, string version, uint256 chainId, address verifyingContract, bytes32 salt, uint256[] extensions)
func (royaltyDistributor *RoyaltyDistributor) PackEip712Domain() []byte {
	enc, err := royaltyDistributor.abi.Pack("eip712Domain")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackEip712Domain is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x84b0196e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function eip712Domain() view returns(bytes1 fields, string name, string version, uint256 chainId, address verifyingContract, bytes32 salt, uint256[] extensions)
func (royaltyDistributor *RoyaltyDistributor) TryPackEip712Domain() ([]byte, error) {
	return royaltyDistributor.abi.Pack("eip712Domain")
}

// Eip712DomainOutput serves as a container for the return parameters of contract
// method Eip712Domain.
type Eip712DomainOutput struct {
	Fields            [1]byte
	Name              string
	Version           string
	ChainId           *big.Int
	VerifyingContract common.Address
	Salt              [32]byte
	Extensions        []*big.Int
}

// UnpackEip712Domain is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x84b0196e.
//
// Solidity: function eip712Domain() view returns(bytes1 fields, string name, string version, uint256 chainId, address verifyingContract, bytes32 salt, uint256[] extensions)
func (royaltyDistributor *RoyaltyDistributor) UnpackEip712Domain(data []byte) (Eip712DomainOutput, error) {
	out, err := royaltyDistributor.abi.Unpack("eip712Domain", data)
	outstruct := new(Eip712DomainOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Fields = *abi.ConvertType(out[0], new([1]byte)).(*[1]byte)
	outstruct.Name = *abi.ConvertType(out[1], new(string)).(*string)
	outstruct.Version = *abi.ConvertType(out[2], new(string)).(*string)
	outstruct.ChainId = abi.ConvertType(out[3], new(big.Int)).(*big.Int)
	outstruct.VerifyingContract = *abi.ConvertType(out[4], new(common.Address)).(*common.Address)
	outstruct.Salt = *abi.ConvertType(out[5], new([32]byte)).(*[32]byte)
	outstruct.Extensions = *abi.ConvertType(out[6], new([]*big.Int)).(*[]*big.Int)
	return *outstruct, nil
}

// PackEpochInfo is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf9f3de7e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function epochInfo(uint64 epoch) view returns((uint96,uint64,uint32,uint8,bool))
func (royaltyDistributor *RoyaltyDistributor) PackEpochInfo(epoch uint64) []byte {
	enc, err := royaltyDistributor.abi.Pack("epochInfo", epoch)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackEpochInfo is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf9f3de7e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function epochInfo(uint64 epoch) view returns((uint96,uint64,uint32,uint8,bool))
func (royaltyDistributor *RoyaltyDistributor) TryPackEpochInfo(epoch uint64) ([]byte, error) {
	return royaltyDistributor.abi.Pack("epochInfo", epoch)
}

// UnpackEpochInfo is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf9f3de7e.
//
// Solidity: function epochInfo(uint64 epoch) view returns((uint96,uint64,uint32,uint8,bool))
func (royaltyDistributor *RoyaltyDistributor) UnpackEpochInfo(data []byte) (RoyaltyDistributorEpochInfo, error) {
	out, err := royaltyDistributor.abi.Unpack("epochInfo", data)
	if err != nil {
		return *new(RoyaltyDistributorEpochInfo), err
	}
	out0 := *abi.ConvertType(out[0], new(RoyaltyDistributorEpochInfo)).(*RoyaltyDistributorEpochInfo)
	return out0, nil
}

// PackFund is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xca1d209d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function fund(uint256 amount) returns()
func (royaltyDistributor *RoyaltyDistributor) PackFund(amount *big.Int) []byte {
	enc, err := royaltyDistributor.abi.Pack("fund", amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackFund is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xca1d209d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function fund(uint256 amount) returns()
func (royaltyDistributor *RoyaltyDistributor) TryPackFund(amount *big.Int) ([]byte, error) {
	return royaltyDistributor.abi.Pack("fund", amount)
}

// PackGuardian is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x452a9320.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function guardian() view returns(address)
func (royaltyDistributor *RoyaltyDistributor) PackGuardian() []byte {
	enc, err := royaltyDistributor.abi.Pack("guardian")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGuardian is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x452a9320.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function guardian() view returns(address)
func (royaltyDistributor *RoyaltyDistributor) TryPackGuardian() ([]byte, error) {
	return royaltyDistributor.abi.Pack("guardian")
}

// UnpackGuardian is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x452a9320.
//
// Solidity: function guardian() view returns(address)
func (royaltyDistributor *RoyaltyDistributor) UnpackGuardian(data []byte) (common.Address, error) {
	out, err := royaltyDistributor.abi.Unpack("guardian", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackHashEpochRoot is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd4abecd7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function hashEpochRoot(uint64 epoch, bytes32 root, uint256 total, uint64 leafCount) view returns(bytes32)
func (royaltyDistributor *RoyaltyDistributor) PackHashEpochRoot(epoch uint64, root [32]byte, total *big.Int, leafCount uint64) []byte {
	enc, err := royaltyDistributor.abi.Pack("hashEpochRoot", epoch, root, total, leafCount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackHashEpochRoot is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd4abecd7.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function hashEpochRoot(uint64 epoch, bytes32 root, uint256 total, uint64 leafCount) view returns(bytes32)
func (royaltyDistributor *RoyaltyDistributor) TryPackHashEpochRoot(epoch uint64, root [32]byte, total *big.Int, leafCount uint64) ([]byte, error) {
	return royaltyDistributor.abi.Pack("hashEpochRoot", epoch, root, total, leafCount)
}

// UnpackHashEpochRoot is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd4abecd7.
//
// Solidity: function hashEpochRoot(uint64 epoch, bytes32 root, uint256 total, uint64 leafCount) view returns(bytes32)
func (royaltyDistributor *RoyaltyDistributor) UnpackHashEpochRoot(data []byte) ([32]byte, error) {
	out, err := royaltyDistributor.abi.Unpack("hashEpochRoot", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackHashRotation is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x15233e8d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function hashRotation(address[] newSigners, uint8 newThreshold, address newGuardian, uint64 nonce_) view returns(bytes32)
func (royaltyDistributor *RoyaltyDistributor) PackHashRotation(newSigners []common.Address, newThreshold uint8, newGuardian common.Address, nonce uint64) []byte {
	enc, err := royaltyDistributor.abi.Pack("hashRotation", newSigners, newThreshold, newGuardian, nonce)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackHashRotation is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x15233e8d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function hashRotation(address[] newSigners, uint8 newThreshold, address newGuardian, uint64 nonce_) view returns(bytes32)
func (royaltyDistributor *RoyaltyDistributor) TryPackHashRotation(newSigners []common.Address, newThreshold uint8, newGuardian common.Address, nonce uint64) ([]byte, error) {
	return royaltyDistributor.abi.Pack("hashRotation", newSigners, newThreshold, newGuardian, nonce)
}

// UnpackHashRotation is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x15233e8d.
//
// Solidity: function hashRotation(address[] newSigners, uint8 newThreshold, address newGuardian, uint64 nonce_) view returns(bytes32)
func (royaltyDistributor *RoyaltyDistributor) UnpackHashRotation(data []byte) ([32]byte, error) {
	out, err := royaltyDistributor.abi.Unpack("hashRotation", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackHashUnpause is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7b0a342b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function hashUnpause(uint64 nonce_) view returns(bytes32)
func (royaltyDistributor *RoyaltyDistributor) PackHashUnpause(nonce uint64) []byte {
	enc, err := royaltyDistributor.abi.Pack("hashUnpause", nonce)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackHashUnpause is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7b0a342b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function hashUnpause(uint64 nonce_) view returns(bytes32)
func (royaltyDistributor *RoyaltyDistributor) TryPackHashUnpause(nonce uint64) ([]byte, error) {
	return royaltyDistributor.abi.Pack("hashUnpause", nonce)
}

// UnpackHashUnpause is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x7b0a342b.
//
// Solidity: function hashUnpause(uint64 nonce_) view returns(bytes32)
func (royaltyDistributor *RoyaltyDistributor) UnpackHashUnpause(data []byte) ([32]byte, error) {
	out, err := royaltyDistributor.abi.Unpack("hashUnpause", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackHashVeto is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa1c4192a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function hashVeto(uint64 epoch, bytes32 root, uint256 total, uint64 leafCount) view returns(bytes32)
func (royaltyDistributor *RoyaltyDistributor) PackHashVeto(epoch uint64, root [32]byte, total *big.Int, leafCount uint64) []byte {
	enc, err := royaltyDistributor.abi.Pack("hashVeto", epoch, root, total, leafCount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackHashVeto is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa1c4192a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function hashVeto(uint64 epoch, bytes32 root, uint256 total, uint64 leafCount) view returns(bytes32)
func (royaltyDistributor *RoyaltyDistributor) TryPackHashVeto(epoch uint64, root [32]byte, total *big.Int, leafCount uint64) ([]byte, error) {
	return royaltyDistributor.abi.Pack("hashVeto", epoch, root, total, leafCount)
}

// UnpackHashVeto is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa1c4192a.
//
// Solidity: function hashVeto(uint64 epoch, bytes32 root, uint256 total, uint64 leafCount) view returns(bytes32)
func (royaltyDistributor *RoyaltyDistributor) UnpackHashVeto(data []byte) ([32]byte, error) {
	out, err := royaltyDistributor.abi.Unpack("hashVeto", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackIsClaimed is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x75ecbb89.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function isClaimed(uint64 epoch, uint256 index) view returns(bool)
func (royaltyDistributor *RoyaltyDistributor) PackIsClaimed(epoch uint64, index *big.Int) []byte {
	enc, err := royaltyDistributor.abi.Pack("isClaimed", epoch, index)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackIsClaimed is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x75ecbb89.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function isClaimed(uint64 epoch, uint256 index) view returns(bool)
func (royaltyDistributor *RoyaltyDistributor) TryPackIsClaimed(epoch uint64, index *big.Int) ([]byte, error) {
	return royaltyDistributor.abi.Pack("isClaimed", epoch, index)
}

// UnpackIsClaimed is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x75ecbb89.
//
// Solidity: function isClaimed(uint64 epoch, uint256 index) view returns(bool)
func (royaltyDistributor *RoyaltyDistributor) UnpackIsClaimed(data []byte) (bool, error) {
	out, err := royaltyDistributor.abi.Unpack("isClaimed", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackLimits is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x860aefcf.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function limits() view returns(address token_, address treasury_, (uint96,uint96,uint96,uint32,uint32) limits_)
func (royaltyDistributor *RoyaltyDistributor) PackLimits() []byte {
	enc, err := royaltyDistributor.abi.Pack("limits")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLimits is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x860aefcf.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function limits() view returns(address token_, address treasury_, (uint96,uint96,uint96,uint32,uint32) limits_)
func (royaltyDistributor *RoyaltyDistributor) TryPackLimits() ([]byte, error) {
	return royaltyDistributor.abi.Pack("limits")
}

// LimitsOutput serves as a container for the return parameters of contract
// method Limits.
type LimitsOutput struct {
	Token    common.Address
	Treasury common.Address
	Limits   RoyaltyDistributorLimits
}

// UnpackLimits is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x860aefcf.
//
// Solidity: function limits() view returns(address token_, address treasury_, (uint96,uint96,uint96,uint32,uint32) limits_)
func (royaltyDistributor *RoyaltyDistributor) UnpackLimits(data []byte) (LimitsOutput, error) {
	out, err := royaltyDistributor.abi.Unpack("limits", data)
	outstruct := new(LimitsOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Token = *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	outstruct.Treasury = *abi.ConvertType(out[1], new(common.Address)).(*common.Address)
	outstruct.Limits = *abi.ConvertType(out[2], new(RoyaltyDistributorLimits)).(*RoyaltyDistributorLimits)
	return *outstruct, nil
}

// PackNextEpoch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xaea0e78b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function nextEpoch() view returns(uint64)
func (royaltyDistributor *RoyaltyDistributor) PackNextEpoch() []byte {
	enc, err := royaltyDistributor.abi.Pack("nextEpoch")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackNextEpoch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xaea0e78b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function nextEpoch() view returns(uint64)
func (royaltyDistributor *RoyaltyDistributor) TryPackNextEpoch() ([]byte, error) {
	return royaltyDistributor.abi.Pack("nextEpoch")
}

// UnpackNextEpoch is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xaea0e78b.
//
// Solidity: function nextEpoch() view returns(uint64)
func (royaltyDistributor *RoyaltyDistributor) UnpackNextEpoch(data []byte) (uint64, error) {
	out, err := royaltyDistributor.abi.Unpack("nextEpoch", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackNonce is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xaffed0e0.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function nonce() view returns(uint64)
func (royaltyDistributor *RoyaltyDistributor) PackNonce() []byte {
	enc, err := royaltyDistributor.abi.Pack("nonce")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackNonce is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xaffed0e0.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function nonce() view returns(uint64)
func (royaltyDistributor *RoyaltyDistributor) TryPackNonce() ([]byte, error) {
	return royaltyDistributor.abi.Pack("nonce")
}

// UnpackNonce is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xaffed0e0.
//
// Solidity: function nonce() view returns(uint64)
func (royaltyDistributor *RoyaltyDistributor) UnpackNonce(data []byte) (uint64, error) {
	out, err := royaltyDistributor.abi.Unpack("nonce", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackPause is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8456cb59.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function pause() returns()
func (royaltyDistributor *RoyaltyDistributor) PackPause() []byte {
	enc, err := royaltyDistributor.abi.Pack("pause")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPause is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8456cb59.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function pause() returns()
func (royaltyDistributor *RoyaltyDistributor) TryPackPause() ([]byte, error) {
	return royaltyDistributor.abi.Pack("pause")
}

// PackPaused is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5c975abb.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function paused() view returns(bool)
func (royaltyDistributor *RoyaltyDistributor) PackPaused() []byte {
	enc, err := royaltyDistributor.abi.Pack("paused")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPaused is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5c975abb.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function paused() view returns(bool)
func (royaltyDistributor *RoyaltyDistributor) TryPackPaused() ([]byte, error) {
	return royaltyDistributor.abi.Pack("paused")
}

// UnpackPaused is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5c975abb.
//
// Solidity: function paused() view returns(bool)
func (royaltyDistributor *RoyaltyDistributor) UnpackPaused(data []byte) (bool, error) {
	out, err := royaltyDistributor.abi.Unpack("paused", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackPendingRootOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x28ccbbb5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function pendingRootOf(uint64 epoch) view returns(bytes32)
func (royaltyDistributor *RoyaltyDistributor) PackPendingRootOf(epoch uint64) []byte {
	enc, err := royaltyDistributor.abi.Pack("pendingRootOf", epoch)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPendingRootOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x28ccbbb5.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function pendingRootOf(uint64 epoch) view returns(bytes32)
func (royaltyDistributor *RoyaltyDistributor) TryPackPendingRootOf(epoch uint64) ([]byte, error) {
	return royaltyDistributor.abi.Pack("pendingRootOf", epoch)
}

// UnpackPendingRootOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x28ccbbb5.
//
// Solidity: function pendingRootOf(uint64 epoch) view returns(bytes32)
func (royaltyDistributor *RoyaltyDistributor) UnpackPendingRootOf(data []byte) ([32]byte, error) {
	out, err := royaltyDistributor.abi.Unpack("pendingRootOf", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackPostRoot is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbeba40ea.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function postRoot(uint64 epoch, bytes32 root, uint256 total, uint64 leafCount, (bytes32,bytes32,uint8)[] sigs) returns()
func (royaltyDistributor *RoyaltyDistributor) PackPostRoot(epoch uint64, root [32]byte, total *big.Int, leafCount uint64, sigs []RoyaltyDistributorSignature) []byte {
	enc, err := royaltyDistributor.abi.Pack("postRoot", epoch, root, total, leafCount, sigs)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPostRoot is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbeba40ea.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function postRoot(uint64 epoch, bytes32 root, uint256 total, uint64 leafCount, (bytes32,bytes32,uint8)[] sigs) returns()
func (royaltyDistributor *RoyaltyDistributor) TryPackPostRoot(epoch uint64, root [32]byte, total *big.Int, leafCount uint64, sigs []RoyaltyDistributorSignature) ([]byte, error) {
	return royaltyDistributor.abi.Pack("postRoot", epoch, root, total, leafCount, sigs)
}

// PackRelease is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x41fbbc31.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function release(uint64 epoch) returns()
func (royaltyDistributor *RoyaltyDistributor) PackRelease(epoch uint64) []byte {
	enc, err := royaltyDistributor.abi.Pack("release", epoch)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRelease is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x41fbbc31.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function release(uint64 epoch) returns()
func (royaltyDistributor *RoyaltyDistributor) TryPackRelease(epoch uint64) ([]byte, error) {
	return royaltyDistributor.abi.Pack("release", epoch)
}

// PackRootOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9d7384d9.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function rootOf(uint64 epoch) view returns(bytes32)
func (royaltyDistributor *RoyaltyDistributor) PackRootOf(epoch uint64) []byte {
	enc, err := royaltyDistributor.abi.Pack("rootOf", epoch)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRootOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9d7384d9.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function rootOf(uint64 epoch) view returns(bytes32)
func (royaltyDistributor *RoyaltyDistributor) TryPackRootOf(epoch uint64) ([]byte, error) {
	return royaltyDistributor.abi.Pack("rootOf", epoch)
}

// UnpackRootOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x9d7384d9.
//
// Solidity: function rootOf(uint64 epoch) view returns(bytes32)
func (royaltyDistributor *RoyaltyDistributor) UnpackRootOf(data []byte) ([32]byte, error) {
	out, err := royaltyDistributor.abi.Unpack("rootOf", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackRotateSigners is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xcf4a5f2b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function rotateSigners(address[] newSigners, uint8 newThreshold, address newGuardian, (bytes32,bytes32,uint8)[] sigs) returns()
func (royaltyDistributor *RoyaltyDistributor) PackRotateSigners(newSigners []common.Address, newThreshold uint8, newGuardian common.Address, sigs []RoyaltyDistributorSignature) []byte {
	enc, err := royaltyDistributor.abi.Pack("rotateSigners", newSigners, newThreshold, newGuardian, sigs)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRotateSigners is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xcf4a5f2b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function rotateSigners(address[] newSigners, uint8 newThreshold, address newGuardian, (bytes32,bytes32,uint8)[] sigs) returns()
func (royaltyDistributor *RoyaltyDistributor) TryPackRotateSigners(newSigners []common.Address, newThreshold uint8, newGuardian common.Address, sigs []RoyaltyDistributorSignature) ([]byte, error) {
	return royaltyDistributor.abi.Pack("rotateSigners", newSigners, newThreshold, newGuardian, sigs)
}

// PackSigners is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x46f0975a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function signers() view returns(address[])
func (royaltyDistributor *RoyaltyDistributor) PackSigners() []byte {
	enc, err := royaltyDistributor.abi.Pack("signers")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSigners is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x46f0975a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function signers() view returns(address[])
func (royaltyDistributor *RoyaltyDistributor) TryPackSigners() ([]byte, error) {
	return royaltyDistributor.abi.Pack("signers")
}

// UnpackSigners is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x46f0975a.
//
// Solidity: function signers() view returns(address[])
func (royaltyDistributor *RoyaltyDistributor) UnpackSigners(data []byte) ([]common.Address, error) {
	out, err := royaltyDistributor.abi.Unpack("signers", data)
	if err != nil {
		return *new([]common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new([]common.Address)).(*[]common.Address)
	return out0, nil
}

// PackSweep is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2039326f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function sweep(uint64 epoch, uint256 maxWords) returns(bool done)
func (royaltyDistributor *RoyaltyDistributor) PackSweep(epoch uint64, maxWords *big.Int) []byte {
	enc, err := royaltyDistributor.abi.Pack("sweep", epoch, maxWords)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSweep is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2039326f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function sweep(uint64 epoch, uint256 maxWords) returns(bool done)
func (royaltyDistributor *RoyaltyDistributor) TryPackSweep(epoch uint64, maxWords *big.Int) ([]byte, error) {
	return royaltyDistributor.abi.Pack("sweep", epoch, maxWords)
}

// UnpackSweep is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x2039326f.
//
// Solidity: function sweep(uint64 epoch, uint256 maxWords) returns(bool done)
func (royaltyDistributor *RoyaltyDistributor) UnpackSweep(data []byte) (bool, error) {
	out, err := royaltyDistributor.abi.Unpack("sweep", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackThreshold is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x42cde4e8.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function threshold() view returns(uint8)
func (royaltyDistributor *RoyaltyDistributor) PackThreshold() []byte {
	enc, err := royaltyDistributor.abi.Pack("threshold")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackThreshold is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x42cde4e8.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function threshold() view returns(uint8)
func (royaltyDistributor *RoyaltyDistributor) TryPackThreshold() ([]byte, error) {
	return royaltyDistributor.abi.Pack("threshold")
}

// UnpackThreshold is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x42cde4e8.
//
// Solidity: function threshold() view returns(uint8)
func (royaltyDistributor *RoyaltyDistributor) UnpackThreshold(data []byte) (uint8, error) {
	out, err := royaltyDistributor.abi.Unpack("threshold", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// PackUnpause is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x19d75748.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function unpause((bytes32,bytes32,uint8)[] sigs) returns()
func (royaltyDistributor *RoyaltyDistributor) PackUnpause(sigs []RoyaltyDistributorSignature) []byte {
	enc, err := royaltyDistributor.abi.Pack("unpause", sigs)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackUnpause is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x19d75748.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function unpause((bytes32,bytes32,uint8)[] sigs) returns()
func (royaltyDistributor *RoyaltyDistributor) TryPackUnpause(sigs []RoyaltyDistributorSignature) ([]byte, error) {
	return royaltyDistributor.abi.Pack("unpause", sigs)
}

// PackVeto is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc9fad2b3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function veto(uint64 epoch, (bytes32,bytes32,uint8)[] sigs) returns()
func (royaltyDistributor *RoyaltyDistributor) PackVeto(epoch uint64, sigs []RoyaltyDistributorSignature) []byte {
	enc, err := royaltyDistributor.abi.Pack("veto", epoch, sigs)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackVeto is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc9fad2b3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function veto(uint64 epoch, (bytes32,bytes32,uint8)[] sigs) returns()
func (royaltyDistributor *RoyaltyDistributor) TryPackVeto(epoch uint64, sigs []RoyaltyDistributorSignature) ([]byte, error) {
	return royaltyDistributor.abi.Pack("veto", epoch, sigs)
}

// RoyaltyDistributorEIP712DomainChanged represents a EIP712DomainChanged event raised by the RoyaltyDistributor contract.
type RoyaltyDistributorEIP712DomainChanged struct {
	Raw *types.Log // Blockchain specific contextual infos
}

const RoyaltyDistributorEIP712DomainChangedEventName = "EIP712DomainChanged"

// ContractEventName returns the user-defined event name.
func (RoyaltyDistributorEIP712DomainChanged) ContractEventName() string {
	return RoyaltyDistributorEIP712DomainChangedEventName
}

// UnpackEIP712DomainChangedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event EIP712DomainChanged()
func (royaltyDistributor *RoyaltyDistributor) UnpackEIP712DomainChangedEvent(log *types.Log) (*RoyaltyDistributorEIP712DomainChanged, error) {
	event := "EIP712DomainChanged"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != royaltyDistributor.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RoyaltyDistributorEIP712DomainChanged)
	if len(log.Data) > 0 {
		if err := royaltyDistributor.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range royaltyDistributor.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RoyaltyDistributorFunded represents a Funded event raised by the RoyaltyDistributor contract.
type RoyaltyDistributorFunded struct {
	From   common.Address
	Amount *big.Int
	Raw    *types.Log // Blockchain specific contextual infos
}

const RoyaltyDistributorFundedEventName = "Funded"

// ContractEventName returns the user-defined event name.
func (RoyaltyDistributorFunded) ContractEventName() string {
	return RoyaltyDistributorFundedEventName
}

// UnpackFundedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Funded(address indexed from, uint256 amount)
func (royaltyDistributor *RoyaltyDistributor) UnpackFundedEvent(log *types.Log) (*RoyaltyDistributorFunded, error) {
	event := "Funded"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != royaltyDistributor.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RoyaltyDistributorFunded)
	if len(log.Data) > 0 {
		if err := royaltyDistributor.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range royaltyDistributor.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RoyaltyDistributorPaused represents a Paused event raised by the RoyaltyDistributor contract.
type RoyaltyDistributorPaused struct {
	Guardian common.Address
	Raw      *types.Log // Blockchain specific contextual infos
}

const RoyaltyDistributorPausedEventName = "Paused"

// ContractEventName returns the user-defined event name.
func (RoyaltyDistributorPaused) ContractEventName() string {
	return RoyaltyDistributorPausedEventName
}

// UnpackPausedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Paused(address indexed guardian)
func (royaltyDistributor *RoyaltyDistributor) UnpackPausedEvent(log *types.Log) (*RoyaltyDistributorPaused, error) {
	event := "Paused"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != royaltyDistributor.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RoyaltyDistributorPaused)
	if len(log.Data) > 0 {
		if err := royaltyDistributor.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range royaltyDistributor.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RoyaltyDistributorRootPosted represents a RootPosted event raised by the RoyaltyDistributor contract.
type RoyaltyDistributorRootPosted struct {
	Epoch uint64
	Root  [32]byte
	Raw   *types.Log // Blockchain specific contextual infos
}

const RoyaltyDistributorRootPostedEventName = "RootPosted"

// ContractEventName returns the user-defined event name.
func (RoyaltyDistributorRootPosted) ContractEventName() string {
	return RoyaltyDistributorRootPostedEventName
}

// UnpackRootPostedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RootPosted(uint64 indexed epoch, bytes32 root)
func (royaltyDistributor *RoyaltyDistributor) UnpackRootPostedEvent(log *types.Log) (*RoyaltyDistributorRootPosted, error) {
	event := "RootPosted"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != royaltyDistributor.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RoyaltyDistributorRootPosted)
	if len(log.Data) > 0 {
		if err := royaltyDistributor.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range royaltyDistributor.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RoyaltyDistributorRootReleased represents a RootReleased event raised by the RoyaltyDistributor contract.
type RoyaltyDistributorRootReleased struct {
	Epoch uint64
	Root  [32]byte
	Raw   *types.Log // Blockchain specific contextual infos
}

const RoyaltyDistributorRootReleasedEventName = "RootReleased"

// ContractEventName returns the user-defined event name.
func (RoyaltyDistributorRootReleased) ContractEventName() string {
	return RoyaltyDistributorRootReleasedEventName
}

// UnpackRootReleasedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RootReleased(uint64 indexed epoch, bytes32 root)
func (royaltyDistributor *RoyaltyDistributor) UnpackRootReleasedEvent(log *types.Log) (*RoyaltyDistributorRootReleased, error) {
	event := "RootReleased"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != royaltyDistributor.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RoyaltyDistributorRootReleased)
	if len(log.Data) > 0 {
		if err := royaltyDistributor.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range royaltyDistributor.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RoyaltyDistributorRootVetoed represents a RootVetoed event raised by the RoyaltyDistributor contract.
type RoyaltyDistributorRootVetoed struct {
	Epoch uint64
	Root  [32]byte
	Raw   *types.Log // Blockchain specific contextual infos
}

const RoyaltyDistributorRootVetoedEventName = "RootVetoed"

// ContractEventName returns the user-defined event name.
func (RoyaltyDistributorRootVetoed) ContractEventName() string {
	return RoyaltyDistributorRootVetoedEventName
}

// UnpackRootVetoedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RootVetoed(uint64 indexed epoch, bytes32 root)
func (royaltyDistributor *RoyaltyDistributor) UnpackRootVetoedEvent(log *types.Log) (*RoyaltyDistributorRootVetoed, error) {
	event := "RootVetoed"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != royaltyDistributor.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RoyaltyDistributorRootVetoed)
	if len(log.Data) > 0 {
		if err := royaltyDistributor.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range royaltyDistributor.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RoyaltyDistributorSignersRotated represents a SignersRotated event raised by the RoyaltyDistributor contract.
type RoyaltyDistributorSignersRotated struct {
	Nonce     uint64
	Signers   []common.Address
	Threshold uint8
	Guardian  common.Address
	Raw       *types.Log // Blockchain specific contextual infos
}

const RoyaltyDistributorSignersRotatedEventName = "SignersRotated"

// ContractEventName returns the user-defined event name.
func (RoyaltyDistributorSignersRotated) ContractEventName() string {
	return RoyaltyDistributorSignersRotatedEventName
}

// UnpackSignersRotatedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event SignersRotated(uint64 indexed nonce, address[] signers, uint8 threshold, address guardian)
func (royaltyDistributor *RoyaltyDistributor) UnpackSignersRotatedEvent(log *types.Log) (*RoyaltyDistributorSignersRotated, error) {
	event := "SignersRotated"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != royaltyDistributor.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RoyaltyDistributorSignersRotated)
	if len(log.Data) > 0 {
		if err := royaltyDistributor.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range royaltyDistributor.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RoyaltyDistributorSwept represents a Swept event raised by the RoyaltyDistributor contract.
type RoyaltyDistributorSwept struct {
	Epoch     uint64
	Unclaimed *big.Int
	Claimed   *big.Int
	Raw       *types.Log // Blockchain specific contextual infos
}

const RoyaltyDistributorSweptEventName = "Swept"

// ContractEventName returns the user-defined event name.
func (RoyaltyDistributorSwept) ContractEventName() string {
	return RoyaltyDistributorSweptEventName
}

// UnpackSweptEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Swept(uint64 indexed epoch, uint256 unclaimed, uint256 claimed)
func (royaltyDistributor *RoyaltyDistributor) UnpackSweptEvent(log *types.Log) (*RoyaltyDistributorSwept, error) {
	event := "Swept"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != royaltyDistributor.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RoyaltyDistributorSwept)
	if len(log.Data) > 0 {
		if err := royaltyDistributor.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range royaltyDistributor.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RoyaltyDistributorUnpaused represents a Unpaused event raised by the RoyaltyDistributor contract.
type RoyaltyDistributorUnpaused struct {
	Nonce uint64
	Raw   *types.Log // Blockchain specific contextual infos
}

const RoyaltyDistributorUnpausedEventName = "Unpaused"

// ContractEventName returns the user-defined event name.
func (RoyaltyDistributorUnpaused) ContractEventName() string {
	return RoyaltyDistributorUnpausedEventName
}

// UnpackUnpausedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Unpaused(uint64 indexed nonce)
func (royaltyDistributor *RoyaltyDistributor) UnpackUnpausedEvent(log *types.Log) (*RoyaltyDistributorUnpaused, error) {
	event := "Unpaused"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != royaltyDistributor.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RoyaltyDistributorUnpaused)
	if len(log.Data) > 0 {
		if err := royaltyDistributor.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range royaltyDistributor.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (royaltyDistributor *RoyaltyDistributor) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], royaltyDistributor.abi.Errors["AlreadyClaimed"].ID.Bytes()[:4]) {
		return royaltyDistributor.UnpackAlreadyClaimedError(raw[4:])
	}
	if bytes.Equal(raw[:4], royaltyDistributor.abi.Errors["AmountTooLarge"].ID.Bytes()[:4]) {
		return royaltyDistributor.UnpackAmountTooLargeError(raw[4:])
	}
	if bytes.Equal(raw[:4], royaltyDistributor.abi.Errors["ContractPaused"].ID.Bytes()[:4]) {
		return royaltyDistributor.UnpackContractPausedError(raw[4:])
	}
	if bytes.Equal(raw[:4], royaltyDistributor.abi.Errors["DelayNotElapsed"].ID.Bytes()[:4]) {
		return royaltyDistributor.UnpackDelayNotElapsedError(raw[4:])
	}
	if bytes.Equal(raw[:4], royaltyDistributor.abi.Errors["DuplicateSigner"].ID.Bytes()[:4]) {
		return royaltyDistributor.UnpackDuplicateSignerError(raw[4:])
	}
	if bytes.Equal(raw[:4], royaltyDistributor.abi.Errors["EmptySignerSet"].ID.Bytes()[:4]) {
		return royaltyDistributor.UnpackEmptySignerSetError(raw[4:])
	}
	if bytes.Equal(raw[:4], royaltyDistributor.abi.Errors["EmptyTree"].ID.Bytes()[:4]) {
		return royaltyDistributor.UnpackEmptyTreeError(raw[4:])
	}
	if bytes.Equal(raw[:4], royaltyDistributor.abi.Errors["EpochNotClaimable"].ID.Bytes()[:4]) {
		return royaltyDistributor.UnpackEpochNotClaimableError(raw[4:])
	}
	if bytes.Equal(raw[:4], royaltyDistributor.abi.Errors["EpochOutOfOrder"].ID.Bytes()[:4]) {
		return royaltyDistributor.UnpackEpochOutOfOrderError(raw[4:])
	}
	if bytes.Equal(raw[:4], royaltyDistributor.abi.Errors["EpochPending"].ID.Bytes()[:4]) {
		return royaltyDistributor.UnpackEpochPendingError(raw[4:])
	}
	if bytes.Equal(raw[:4], royaltyDistributor.abi.Errors["IndexOutOfRange"].ID.Bytes()[:4]) {
		return royaltyDistributor.UnpackIndexOutOfRangeError(raw[4:])
	}
	if bytes.Equal(raw[:4], royaltyDistributor.abi.Errors["Insolvent"].ID.Bytes()[:4]) {
		return royaltyDistributor.UnpackInsolventError(raw[4:])
	}
	if bytes.Equal(raw[:4], royaltyDistributor.abi.Errors["InvalidProof"].ID.Bytes()[:4]) {
		return royaltyDistributor.UnpackInvalidProofError(raw[4:])
	}
	if bytes.Equal(raw[:4], royaltyDistributor.abi.Errors["InvalidShortString"].ID.Bytes()[:4]) {
		return royaltyDistributor.UnpackInvalidShortStringError(raw[4:])
	}
	if bytes.Equal(raw[:4], royaltyDistributor.abi.Errors["InvalidSignature"].ID.Bytes()[:4]) {
		return royaltyDistributor.UnpackInvalidSignatureError(raw[4:])
	}
	if bytes.Equal(raw[:4], royaltyDistributor.abi.Errors["NotEnoughSignatures"].ID.Bytes()[:4]) {
		return royaltyDistributor.UnpackNotEnoughSignaturesError(raw[4:])
	}
	if bytes.Equal(raw[:4], royaltyDistributor.abi.Errors["NotExpired"].ID.Bytes()[:4]) {
		return royaltyDistributor.UnpackNotExpiredError(raw[4:])
	}
	if bytes.Equal(raw[:4], royaltyDistributor.abi.Errors["NotGuardian"].ID.Bytes()[:4]) {
		return royaltyDistributor.UnpackNotGuardianError(raw[4:])
	}
	if bytes.Equal(raw[:4], royaltyDistributor.abi.Errors["NotPaused"].ID.Bytes()[:4]) {
		return royaltyDistributor.UnpackNotPausedError(raw[4:])
	}
	if bytes.Equal(raw[:4], royaltyDistributor.abi.Errors["NotPending"].ID.Bytes()[:4]) {
		return royaltyDistributor.UnpackNotPendingError(raw[4:])
	}
	if bytes.Equal(raw[:4], royaltyDistributor.abi.Errors["NotSweepable"].ID.Bytes()[:4]) {
		return royaltyDistributor.UnpackNotSweepableError(raw[4:])
	}
	if bytes.Equal(raw[:4], royaltyDistributor.abi.Errors["NothingToClaim"].ID.Bytes()[:4]) {
		return royaltyDistributor.UnpackNothingToClaimError(raw[4:])
	}
	if bytes.Equal(raw[:4], royaltyDistributor.abi.Errors["RateLimited"].ID.Bytes()[:4]) {
		return royaltyDistributor.UnpackRateLimitedError(raw[4:])
	}
	if bytes.Equal(raw[:4], royaltyDistributor.abi.Errors["RootWasVetoed"].ID.Bytes()[:4]) {
		return royaltyDistributor.UnpackRootWasVetoedError(raw[4:])
	}
	if bytes.Equal(raw[:4], royaltyDistributor.abi.Errors["SafeERC20FailedOperation"].ID.Bytes()[:4]) {
		return royaltyDistributor.UnpackSafeERC20FailedOperationError(raw[4:])
	}
	if bytes.Equal(raw[:4], royaltyDistributor.abi.Errors["SignatureMalleable"].ID.Bytes()[:4]) {
		return royaltyDistributor.UnpackSignatureMalleableError(raw[4:])
	}
	if bytes.Equal(raw[:4], royaltyDistributor.abi.Errors["SignaturesNotSorted"].ID.Bytes()[:4]) {
		return royaltyDistributor.UnpackSignaturesNotSortedError(raw[4:])
	}
	if bytes.Equal(raw[:4], royaltyDistributor.abi.Errors["SignerSetNotSorted"].ID.Bytes()[:4]) {
		return royaltyDistributor.UnpackSignerSetNotSortedError(raw[4:])
	}
	if bytes.Equal(raw[:4], royaltyDistributor.abi.Errors["SignerStoreFailed"].ID.Bytes()[:4]) {
		return royaltyDistributor.UnpackSignerStoreFailedError(raw[4:])
	}
	if bytes.Equal(raw[:4], royaltyDistributor.abi.Errors["StringTooLong"].ID.Bytes()[:4]) {
		return royaltyDistributor.UnpackStringTooLongError(raw[4:])
	}
	if bytes.Equal(raw[:4], royaltyDistributor.abi.Errors["SweepDisabled"].ID.Bytes()[:4]) {
		return royaltyDistributor.UnpackSweepDisabledError(raw[4:])
	}
	if bytes.Equal(raw[:4], royaltyDistributor.abi.Errors["SweepInProgress"].ID.Bytes()[:4]) {
		return royaltyDistributor.UnpackSweepInProgressError(raw[4:])
	}
	if bytes.Equal(raw[:4], royaltyDistributor.abi.Errors["ThresholdTooHigh"].ID.Bytes()[:4]) {
		return royaltyDistributor.UnpackThresholdTooHighError(raw[4:])
	}
	if bytes.Equal(raw[:4], royaltyDistributor.abi.Errors["ThresholdTooLow"].ID.Bytes()[:4]) {
		return royaltyDistributor.UnpackThresholdTooLowError(raw[4:])
	}
	if bytes.Equal(raw[:4], royaltyDistributor.abi.Errors["TooManySigners"].ID.Bytes()[:4]) {
		return royaltyDistributor.UnpackTooManySignersError(raw[4:])
	}
	if bytes.Equal(raw[:4], royaltyDistributor.abi.Errors["UnknownSigner"].ID.Bytes()[:4]) {
		return royaltyDistributor.UnpackUnknownSignerError(raw[4:])
	}
	if bytes.Equal(raw[:4], royaltyDistributor.abi.Errors["ZeroAddress"].ID.Bytes()[:4]) {
		return royaltyDistributor.UnpackZeroAddressError(raw[4:])
	}
	if bytes.Equal(raw[:4], royaltyDistributor.abi.Errors["ZeroAmount"].ID.Bytes()[:4]) {
		return royaltyDistributor.UnpackZeroAmountError(raw[4:])
	}
	if bytes.Equal(raw[:4], royaltyDistributor.abi.Errors["ZeroCapacity"].ID.Bytes()[:4]) {
		return royaltyDistributor.UnpackZeroCapacityError(raw[4:])
	}
	if bytes.Equal(raw[:4], royaltyDistributor.abi.Errors["ZeroPageSize"].ID.Bytes()[:4]) {
		return royaltyDistributor.UnpackZeroPageSizeError(raw[4:])
	}
	if bytes.Equal(raw[:4], royaltyDistributor.abi.Errors["ZeroRoot"].ID.Bytes()[:4]) {
		return royaltyDistributor.UnpackZeroRootError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// RoyaltyDistributorAlreadyClaimed represents a AlreadyClaimed error raised by the RoyaltyDistributor contract.
type RoyaltyDistributorAlreadyClaimed struct {
	Epoch uint64
	Index *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AlreadyClaimed(uint64 epoch, uint256 index)
func RoyaltyDistributorAlreadyClaimedErrorID() common.Hash {
	return common.HexToHash("0x05b5a69d7b588b7ba7250ab9c68ccba0c0e2c98fc048ca0b4ce8d33eac985fdf")
}

// UnpackAlreadyClaimedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AlreadyClaimed(uint64 epoch, uint256 index)
func (royaltyDistributor *RoyaltyDistributor) UnpackAlreadyClaimedError(raw []byte) (*RoyaltyDistributorAlreadyClaimed, error) {
	out := new(RoyaltyDistributorAlreadyClaimed)
	if err := royaltyDistributor.abi.UnpackIntoInterface(out, "AlreadyClaimed", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RoyaltyDistributorAmountTooLarge represents a AmountTooLarge error raised by the RoyaltyDistributor contract.
type RoyaltyDistributorAmountTooLarge struct {
	Amount *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AmountTooLarge(uint256 amount)
func RoyaltyDistributorAmountTooLargeErrorID() common.Hash {
	return common.HexToHash("0x08083b2a16b607736bde3b2f81a2e47b6cddd068539243b1d8b47462dd533e58")
}

// UnpackAmountTooLargeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AmountTooLarge(uint256 amount)
func (royaltyDistributor *RoyaltyDistributor) UnpackAmountTooLargeError(raw []byte) (*RoyaltyDistributorAmountTooLarge, error) {
	out := new(RoyaltyDistributorAmountTooLarge)
	if err := royaltyDistributor.abi.UnpackIntoInterface(out, "AmountTooLarge", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RoyaltyDistributorContractPaused represents a ContractPaused error raised by the RoyaltyDistributor contract.
type RoyaltyDistributorContractPaused struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ContractPaused()
func RoyaltyDistributorContractPausedErrorID() common.Hash {
	return common.HexToHash("0xab35696f06e428ebc5ceba8cd17f8fed287baf43440206d1943af1ee53e6d267")
}

// UnpackContractPausedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ContractPaused()
func (royaltyDistributor *RoyaltyDistributor) UnpackContractPausedError(raw []byte) (*RoyaltyDistributorContractPaused, error) {
	out := new(RoyaltyDistributorContractPaused)
	if err := royaltyDistributor.abi.UnpackIntoInterface(out, "ContractPaused", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RoyaltyDistributorDelayNotElapsed represents a DelayNotElapsed error raised by the RoyaltyDistributor contract.
type RoyaltyDistributorDelayNotElapsed struct {
	Epoch       uint64
	ClaimableAt *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error DelayNotElapsed(uint64 epoch, uint256 claimableAt)
func RoyaltyDistributorDelayNotElapsedErrorID() common.Hash {
	return common.HexToHash("0xbe200357d244e71aa212d3a8b20c892c52c97e41f952b2480f3663585156293a")
}

// UnpackDelayNotElapsedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error DelayNotElapsed(uint64 epoch, uint256 claimableAt)
func (royaltyDistributor *RoyaltyDistributor) UnpackDelayNotElapsedError(raw []byte) (*RoyaltyDistributorDelayNotElapsed, error) {
	out := new(RoyaltyDistributorDelayNotElapsed)
	if err := royaltyDistributor.abi.UnpackIntoInterface(out, "DelayNotElapsed", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RoyaltyDistributorDuplicateSigner represents a DuplicateSigner error raised by the RoyaltyDistributor contract.
type RoyaltyDistributorDuplicateSigner struct {
	Signer common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error DuplicateSigner(address signer)
func RoyaltyDistributorDuplicateSignerErrorID() common.Hash {
	return common.HexToHash("0xe021c4f2415a9d8c855bf74014e55359de4df1d596d9a3336e25c64ca04465d6")
}

// UnpackDuplicateSignerError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error DuplicateSigner(address signer)
func (royaltyDistributor *RoyaltyDistributor) UnpackDuplicateSignerError(raw []byte) (*RoyaltyDistributorDuplicateSigner, error) {
	out := new(RoyaltyDistributorDuplicateSigner)
	if err := royaltyDistributor.abi.UnpackIntoInterface(out, "DuplicateSigner", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RoyaltyDistributorEmptySignerSet represents a EmptySignerSet error raised by the RoyaltyDistributor contract.
type RoyaltyDistributorEmptySignerSet struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error EmptySignerSet()
func RoyaltyDistributorEmptySignerSetErrorID() common.Hash {
	return common.HexToHash("0xcac0fd82ef512717621bd0f4e578b1dd0309134c3dbc8435e347cc141ff2857d")
}

// UnpackEmptySignerSetError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error EmptySignerSet()
func (royaltyDistributor *RoyaltyDistributor) UnpackEmptySignerSetError(raw []byte) (*RoyaltyDistributorEmptySignerSet, error) {
	out := new(RoyaltyDistributorEmptySignerSet)
	if err := royaltyDistributor.abi.UnpackIntoInterface(out, "EmptySignerSet", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RoyaltyDistributorEmptyTree represents a EmptyTree error raised by the RoyaltyDistributor contract.
type RoyaltyDistributorEmptyTree struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error EmptyTree()
func RoyaltyDistributorEmptyTreeErrorID() common.Hash {
	return common.HexToHash("0x91363287e86abc9a32e9497c199d101108698f0547673152e7d0221a248c212a")
}

// UnpackEmptyTreeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error EmptyTree()
func (royaltyDistributor *RoyaltyDistributor) UnpackEmptyTreeError(raw []byte) (*RoyaltyDistributorEmptyTree, error) {
	out := new(RoyaltyDistributorEmptyTree)
	if err := royaltyDistributor.abi.UnpackIntoInterface(out, "EmptyTree", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RoyaltyDistributorEpochNotClaimable represents a EpochNotClaimable error raised by the RoyaltyDistributor contract.
type RoyaltyDistributorEpochNotClaimable struct {
	Epoch uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error EpochNotClaimable(uint64 epoch)
func RoyaltyDistributorEpochNotClaimableErrorID() common.Hash {
	return common.HexToHash("0x8e07b1d94598b60dc395e456481022c4b321d3ced832498671047e415f905141")
}

// UnpackEpochNotClaimableError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error EpochNotClaimable(uint64 epoch)
func (royaltyDistributor *RoyaltyDistributor) UnpackEpochNotClaimableError(raw []byte) (*RoyaltyDistributorEpochNotClaimable, error) {
	out := new(RoyaltyDistributorEpochNotClaimable)
	if err := royaltyDistributor.abi.UnpackIntoInterface(out, "EpochNotClaimable", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RoyaltyDistributorEpochOutOfOrder represents a EpochOutOfOrder error raised by the RoyaltyDistributor contract.
type RoyaltyDistributorEpochOutOfOrder struct {
	Expected uint64
	Got      uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error EpochOutOfOrder(uint64 expected, uint64 got)
func RoyaltyDistributorEpochOutOfOrderErrorID() common.Hash {
	return common.HexToHash("0xaafac234781fe28ed2d4f94a073c37ac514846bc5412616578ec644fcd9a2f7f")
}

// UnpackEpochOutOfOrderError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error EpochOutOfOrder(uint64 expected, uint64 got)
func (royaltyDistributor *RoyaltyDistributor) UnpackEpochOutOfOrderError(raw []byte) (*RoyaltyDistributorEpochOutOfOrder, error) {
	out := new(RoyaltyDistributorEpochOutOfOrder)
	if err := royaltyDistributor.abi.UnpackIntoInterface(out, "EpochOutOfOrder", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RoyaltyDistributorEpochPending represents a EpochPending error raised by the RoyaltyDistributor contract.
type RoyaltyDistributorEpochPending struct {
	Epoch uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error EpochPending(uint64 epoch)
func RoyaltyDistributorEpochPendingErrorID() common.Hash {
	return common.HexToHash("0xa052e13b209e0f44b7656a0532400a6977ff3a9ea67830d72fbfd8822b259893")
}

// UnpackEpochPendingError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error EpochPending(uint64 epoch)
func (royaltyDistributor *RoyaltyDistributor) UnpackEpochPendingError(raw []byte) (*RoyaltyDistributorEpochPending, error) {
	out := new(RoyaltyDistributorEpochPending)
	if err := royaltyDistributor.abi.UnpackIntoInterface(out, "EpochPending", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RoyaltyDistributorIndexOutOfRange represents a IndexOutOfRange error raised by the RoyaltyDistributor contract.
type RoyaltyDistributorIndexOutOfRange struct {
	Index *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error IndexOutOfRange(uint256 index)
func RoyaltyDistributorIndexOutOfRangeErrorID() common.Hash {
	return common.HexToHash("0x98060b461240cfff497686ab6333e486b416d49081c88863cd8a5002700e84dc")
}

// UnpackIndexOutOfRangeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error IndexOutOfRange(uint256 index)
func (royaltyDistributor *RoyaltyDistributor) UnpackIndexOutOfRangeError(raw []byte) (*RoyaltyDistributorIndexOutOfRange, error) {
	out := new(RoyaltyDistributorIndexOutOfRange)
	if err := royaltyDistributor.abi.UnpackIntoInterface(out, "IndexOutOfRange", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RoyaltyDistributorInsolvent represents a Insolvent error raised by the RoyaltyDistributor contract.
type RoyaltyDistributorInsolvent struct {
	Total     *big.Int
	Available *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error Insolvent(uint256 total, uint256 available)
func RoyaltyDistributorInsolventErrorID() common.Hash {
	return common.HexToHash("0x1f2c89f072a3b82378c5a7bb223a3e071f954f8c25522b9186913a507d51493d")
}

// UnpackInsolventError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error Insolvent(uint256 total, uint256 available)
func (royaltyDistributor *RoyaltyDistributor) UnpackInsolventError(raw []byte) (*RoyaltyDistributorInsolvent, error) {
	out := new(RoyaltyDistributorInsolvent)
	if err := royaltyDistributor.abi.UnpackIntoInterface(out, "Insolvent", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RoyaltyDistributorInvalidProof represents a InvalidProof error raised by the RoyaltyDistributor contract.
type RoyaltyDistributorInvalidProof struct {
	Epoch uint64
	Index *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidProof(uint64 epoch, uint256 index)
func RoyaltyDistributorInvalidProofErrorID() common.Hash {
	return common.HexToHash("0xddfa5d5327666abcf638311d53c5edbec01fd8c87bb2497f5ebe3ce5213638cc")
}

// UnpackInvalidProofError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidProof(uint64 epoch, uint256 index)
func (royaltyDistributor *RoyaltyDistributor) UnpackInvalidProofError(raw []byte) (*RoyaltyDistributorInvalidProof, error) {
	out := new(RoyaltyDistributorInvalidProof)
	if err := royaltyDistributor.abi.UnpackIntoInterface(out, "InvalidProof", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RoyaltyDistributorInvalidShortString represents a InvalidShortString error raised by the RoyaltyDistributor contract.
type RoyaltyDistributorInvalidShortString struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidShortString()
func RoyaltyDistributorInvalidShortStringErrorID() common.Hash {
	return common.HexToHash("0xb3512b0c6163e5f0bafab72bb631b9d58cd7a731b082f910338aa21c83d5c274")
}

// UnpackInvalidShortStringError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidShortString()
func (royaltyDistributor *RoyaltyDistributor) UnpackInvalidShortStringError(raw []byte) (*RoyaltyDistributorInvalidShortString, error) {
	out := new(RoyaltyDistributorInvalidShortString)
	if err := royaltyDistributor.abi.UnpackIntoInterface(out, "InvalidShortString", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RoyaltyDistributorInvalidSignature represents a InvalidSignature error raised by the RoyaltyDistributor contract.
type RoyaltyDistributorInvalidSignature struct {
	Position *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidSignature(uint256 position)
func RoyaltyDistributorInvalidSignatureErrorID() common.Hash {
	return common.HexToHash("0x52bf9848f4f569cd5e845a26f8524878f8ac004dcaace7433d78683624c84a76")
}

// UnpackInvalidSignatureError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidSignature(uint256 position)
func (royaltyDistributor *RoyaltyDistributor) UnpackInvalidSignatureError(raw []byte) (*RoyaltyDistributorInvalidSignature, error) {
	out := new(RoyaltyDistributorInvalidSignature)
	if err := royaltyDistributor.abi.UnpackIntoInterface(out, "InvalidSignature", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RoyaltyDistributorNotEnoughSignatures represents a NotEnoughSignatures error raised by the RoyaltyDistributor contract.
type RoyaltyDistributorNotEnoughSignatures struct {
	Got      *big.Int
	Required *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotEnoughSignatures(uint256 got, uint256 required)
func RoyaltyDistributorNotEnoughSignaturesErrorID() common.Hash {
	return common.HexToHash("0x79c193d2b9a5ab2a87f6c5945f80093d2564073c49c98e4bca0ef08737475744")
}

// UnpackNotEnoughSignaturesError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotEnoughSignatures(uint256 got, uint256 required)
func (royaltyDistributor *RoyaltyDistributor) UnpackNotEnoughSignaturesError(raw []byte) (*RoyaltyDistributorNotEnoughSignatures, error) {
	out := new(RoyaltyDistributorNotEnoughSignatures)
	if err := royaltyDistributor.abi.UnpackIntoInterface(out, "NotEnoughSignatures", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RoyaltyDistributorNotExpired represents a NotExpired error raised by the RoyaltyDistributor contract.
type RoyaltyDistributorNotExpired struct {
	Epoch     uint64
	ExpiresAt *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotExpired(uint64 epoch, uint256 expiresAt)
func RoyaltyDistributorNotExpiredErrorID() common.Hash {
	return common.HexToHash("0x878880200d6e2e3220bbbcf837eb40e26654b6a531b808079cf8848829ff512f")
}

// UnpackNotExpiredError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotExpired(uint64 epoch, uint256 expiresAt)
func (royaltyDistributor *RoyaltyDistributor) UnpackNotExpiredError(raw []byte) (*RoyaltyDistributorNotExpired, error) {
	out := new(RoyaltyDistributorNotExpired)
	if err := royaltyDistributor.abi.UnpackIntoInterface(out, "NotExpired", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RoyaltyDistributorNotGuardian represents a NotGuardian error raised by the RoyaltyDistributor contract.
type RoyaltyDistributorNotGuardian struct {
	Caller common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotGuardian(address caller)
func RoyaltyDistributorNotGuardianErrorID() common.Hash {
	return common.HexToHash("0xa252c151cd1ee155ad6a596fd962f839a8b963fd05f5e863eca095de2e0b08a4")
}

// UnpackNotGuardianError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotGuardian(address caller)
func (royaltyDistributor *RoyaltyDistributor) UnpackNotGuardianError(raw []byte) (*RoyaltyDistributorNotGuardian, error) {
	out := new(RoyaltyDistributorNotGuardian)
	if err := royaltyDistributor.abi.UnpackIntoInterface(out, "NotGuardian", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RoyaltyDistributorNotPaused represents a NotPaused error raised by the RoyaltyDistributor contract.
type RoyaltyDistributorNotPaused struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotPaused()
func RoyaltyDistributorNotPausedErrorID() common.Hash {
	return common.HexToHash("0x6cd602013233635730773e15e89b8a778034d859147e8f706bcd1aa42e228e06")
}

// UnpackNotPausedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotPaused()
func (royaltyDistributor *RoyaltyDistributor) UnpackNotPausedError(raw []byte) (*RoyaltyDistributorNotPaused, error) {
	out := new(RoyaltyDistributorNotPaused)
	if err := royaltyDistributor.abi.UnpackIntoInterface(out, "NotPaused", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RoyaltyDistributorNotPending represents a NotPending error raised by the RoyaltyDistributor contract.
type RoyaltyDistributorNotPending struct {
	Epoch uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotPending(uint64 epoch)
func RoyaltyDistributorNotPendingErrorID() common.Hash {
	return common.HexToHash("0x045373aaa166658558552df94473de14a4fa9a5616f06f68334e6725e596fd32")
}

// UnpackNotPendingError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotPending(uint64 epoch)
func (royaltyDistributor *RoyaltyDistributor) UnpackNotPendingError(raw []byte) (*RoyaltyDistributorNotPending, error) {
	out := new(RoyaltyDistributorNotPending)
	if err := royaltyDistributor.abi.UnpackIntoInterface(out, "NotPending", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RoyaltyDistributorNotSweepable represents a NotSweepable error raised by the RoyaltyDistributor contract.
type RoyaltyDistributorNotSweepable struct {
	Epoch uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotSweepable(uint64 epoch)
func RoyaltyDistributorNotSweepableErrorID() common.Hash {
	return common.HexToHash("0x87afcc88c4c84e92ebe92f1034f9744032c273266845cf6f46ab3095f47d458b")
}

// UnpackNotSweepableError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotSweepable(uint64 epoch)
func (royaltyDistributor *RoyaltyDistributor) UnpackNotSweepableError(raw []byte) (*RoyaltyDistributorNotSweepable, error) {
	out := new(RoyaltyDistributorNotSweepable)
	if err := royaltyDistributor.abi.UnpackIntoInterface(out, "NotSweepable", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RoyaltyDistributorNothingToClaim represents a NothingToClaim error raised by the RoyaltyDistributor contract.
type RoyaltyDistributorNothingToClaim struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NothingToClaim()
func RoyaltyDistributorNothingToClaimErrorID() common.Hash {
	return common.HexToHash("0x969bf7288f744225521096ebffff657851af77dd4c63700d76b8d1cf6481d1f1")
}

// UnpackNothingToClaimError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NothingToClaim()
func (royaltyDistributor *RoyaltyDistributor) UnpackNothingToClaimError(raw []byte) (*RoyaltyDistributorNothingToClaim, error) {
	out := new(RoyaltyDistributorNothingToClaim)
	if err := royaltyDistributor.abi.UnpackIntoInterface(out, "NothingToClaim", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RoyaltyDistributorRateLimited represents a RateLimited error raised by the RoyaltyDistributor contract.
type RoyaltyDistributorRateLimited struct {
	Total     *big.Int
	Allowance *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error RateLimited(uint256 total, uint256 allowance)
func RoyaltyDistributorRateLimitedErrorID() common.Hash {
	return common.HexToHash("0x40df7ba965001ee3d0b0747d0b1990d13a6297f0492738466c1cf8b3371bb4d8")
}

// UnpackRateLimitedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error RateLimited(uint256 total, uint256 allowance)
func (royaltyDistributor *RoyaltyDistributor) UnpackRateLimitedError(raw []byte) (*RoyaltyDistributorRateLimited, error) {
	out := new(RoyaltyDistributorRateLimited)
	if err := royaltyDistributor.abi.UnpackIntoInterface(out, "RateLimited", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RoyaltyDistributorRootWasVetoed represents a RootWasVetoed error raised by the RoyaltyDistributor contract.
type RoyaltyDistributorRootWasVetoed struct {
	Epoch uint64
	Root  [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error RootWasVetoed(uint64 epoch, bytes32 root)
func RoyaltyDistributorRootWasVetoedErrorID() common.Hash {
	return common.HexToHash("0x19091bc86493b5190ce8a0faaf283b4e550057b0980babc14c9f5a786be6092e")
}

// UnpackRootWasVetoedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error RootWasVetoed(uint64 epoch, bytes32 root)
func (royaltyDistributor *RoyaltyDistributor) UnpackRootWasVetoedError(raw []byte) (*RoyaltyDistributorRootWasVetoed, error) {
	out := new(RoyaltyDistributorRootWasVetoed)
	if err := royaltyDistributor.abi.UnpackIntoInterface(out, "RootWasVetoed", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RoyaltyDistributorSafeERC20FailedOperation represents a SafeERC20FailedOperation error raised by the RoyaltyDistributor contract.
type RoyaltyDistributorSafeERC20FailedOperation struct {
	Token common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error SafeERC20FailedOperation(address token)
func RoyaltyDistributorSafeERC20FailedOperationErrorID() common.Hash {
	return common.HexToHash("0x5274afe73c98b4749fc91ffae6b7b574e7842cb2144a159e9377a5f20b32edf9")
}

// UnpackSafeERC20FailedOperationError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error SafeERC20FailedOperation(address token)
func (royaltyDistributor *RoyaltyDistributor) UnpackSafeERC20FailedOperationError(raw []byte) (*RoyaltyDistributorSafeERC20FailedOperation, error) {
	out := new(RoyaltyDistributorSafeERC20FailedOperation)
	if err := royaltyDistributor.abi.UnpackIntoInterface(out, "SafeERC20FailedOperation", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RoyaltyDistributorSignatureMalleable represents a SignatureMalleable error raised by the RoyaltyDistributor contract.
type RoyaltyDistributorSignatureMalleable struct {
	Position *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error SignatureMalleable(uint256 position)
func RoyaltyDistributorSignatureMalleableErrorID() common.Hash {
	return common.HexToHash("0x240b65cceaf8246d89f3407c98a2cba0bf693a5a7a747d34d23f8b810a8c6d69")
}

// UnpackSignatureMalleableError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error SignatureMalleable(uint256 position)
func (royaltyDistributor *RoyaltyDistributor) UnpackSignatureMalleableError(raw []byte) (*RoyaltyDistributorSignatureMalleable, error) {
	out := new(RoyaltyDistributorSignatureMalleable)
	if err := royaltyDistributor.abi.UnpackIntoInterface(out, "SignatureMalleable", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RoyaltyDistributorSignaturesNotSorted represents a SignaturesNotSorted error raised by the RoyaltyDistributor contract.
type RoyaltyDistributorSignaturesNotSorted struct {
	Position *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error SignaturesNotSorted(uint256 position)
func RoyaltyDistributorSignaturesNotSortedErrorID() common.Hash {
	return common.HexToHash("0x1ad2419ea5ae617e778c84f12325a52cdf1893169ff482d829ebefa932696e6e")
}

// UnpackSignaturesNotSortedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error SignaturesNotSorted(uint256 position)
func (royaltyDistributor *RoyaltyDistributor) UnpackSignaturesNotSortedError(raw []byte) (*RoyaltyDistributorSignaturesNotSorted, error) {
	out := new(RoyaltyDistributorSignaturesNotSorted)
	if err := royaltyDistributor.abi.UnpackIntoInterface(out, "SignaturesNotSorted", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RoyaltyDistributorSignerSetNotSorted represents a SignerSetNotSorted error raised by the RoyaltyDistributor contract.
type RoyaltyDistributorSignerSetNotSorted struct {
	Position *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error SignerSetNotSorted(uint256 position)
func RoyaltyDistributorSignerSetNotSortedErrorID() common.Hash {
	return common.HexToHash("0xaae1e8bc010ed9ca82787dcda92c0214a9410273eefa4c82a0fef574bee49d6b")
}

// UnpackSignerSetNotSortedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error SignerSetNotSorted(uint256 position)
func (royaltyDistributor *RoyaltyDistributor) UnpackSignerSetNotSortedError(raw []byte) (*RoyaltyDistributorSignerSetNotSorted, error) {
	out := new(RoyaltyDistributorSignerSetNotSorted)
	if err := royaltyDistributor.abi.UnpackIntoInterface(out, "SignerSetNotSorted", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RoyaltyDistributorSignerStoreFailed represents a SignerStoreFailed error raised by the RoyaltyDistributor contract.
type RoyaltyDistributorSignerStoreFailed struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error SignerStoreFailed()
func RoyaltyDistributorSignerStoreFailedErrorID() common.Hash {
	return common.HexToHash("0xd5b1485ab105fc9387076582e298063d86fa5dba534054ff0079487d0ae427b0")
}

// UnpackSignerStoreFailedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error SignerStoreFailed()
func (royaltyDistributor *RoyaltyDistributor) UnpackSignerStoreFailedError(raw []byte) (*RoyaltyDistributorSignerStoreFailed, error) {
	out := new(RoyaltyDistributorSignerStoreFailed)
	if err := royaltyDistributor.abi.UnpackIntoInterface(out, "SignerStoreFailed", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RoyaltyDistributorStringTooLong represents a StringTooLong error raised by the RoyaltyDistributor contract.
type RoyaltyDistributorStringTooLong struct {
	Str string
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error StringTooLong(string str)
func RoyaltyDistributorStringTooLongErrorID() common.Hash {
	return common.HexToHash("0x305a27a93f8e33b7392df0a0f91d6fc63847395853c45991eec52dbf24d72381")
}

// UnpackStringTooLongError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error StringTooLong(string str)
func (royaltyDistributor *RoyaltyDistributor) UnpackStringTooLongError(raw []byte) (*RoyaltyDistributorStringTooLong, error) {
	out := new(RoyaltyDistributorStringTooLong)
	if err := royaltyDistributor.abi.UnpackIntoInterface(out, "StringTooLong", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RoyaltyDistributorSweepDisabled represents a SweepDisabled error raised by the RoyaltyDistributor contract.
type RoyaltyDistributorSweepDisabled struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error SweepDisabled()
func RoyaltyDistributorSweepDisabledErrorID() common.Hash {
	return common.HexToHash("0xe2a69d7848ff833d5aca0c59280a03496cc88fe877b6a27db410053a892d9313")
}

// UnpackSweepDisabledError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error SweepDisabled()
func (royaltyDistributor *RoyaltyDistributor) UnpackSweepDisabledError(raw []byte) (*RoyaltyDistributorSweepDisabled, error) {
	out := new(RoyaltyDistributorSweepDisabled)
	if err := royaltyDistributor.abi.UnpackIntoInterface(out, "SweepDisabled", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RoyaltyDistributorSweepInProgress represents a SweepInProgress error raised by the RoyaltyDistributor contract.
type RoyaltyDistributorSweepInProgress struct {
	Epoch uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error SweepInProgress(uint64 epoch)
func RoyaltyDistributorSweepInProgressErrorID() common.Hash {
	return common.HexToHash("0xeac2c253dce45eeef718109237799a4345efa0cffcfb5fef4047f1f7138e20de")
}

// UnpackSweepInProgressError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error SweepInProgress(uint64 epoch)
func (royaltyDistributor *RoyaltyDistributor) UnpackSweepInProgressError(raw []byte) (*RoyaltyDistributorSweepInProgress, error) {
	out := new(RoyaltyDistributorSweepInProgress)
	if err := royaltyDistributor.abi.UnpackIntoInterface(out, "SweepInProgress", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RoyaltyDistributorThresholdTooHigh represents a ThresholdTooHigh error raised by the RoyaltyDistributor contract.
type RoyaltyDistributorThresholdTooHigh struct {
	Threshold *big.Int
	Signers   *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ThresholdTooHigh(uint256 threshold, uint256 signers)
func RoyaltyDistributorThresholdTooHighErrorID() common.Hash {
	return common.HexToHash("0x13c3d1b19dcda70411956623716ad5ce4e8a072b61c08bad0942064a95325489")
}

// UnpackThresholdTooHighError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ThresholdTooHigh(uint256 threshold, uint256 signers)
func (royaltyDistributor *RoyaltyDistributor) UnpackThresholdTooHighError(raw []byte) (*RoyaltyDistributorThresholdTooHigh, error) {
	out := new(RoyaltyDistributorThresholdTooHigh)
	if err := royaltyDistributor.abi.UnpackIntoInterface(out, "ThresholdTooHigh", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RoyaltyDistributorThresholdTooLow represents a ThresholdTooLow error raised by the RoyaltyDistributor contract.
type RoyaltyDistributorThresholdTooLow struct {
	Threshold *big.Int
	Signers   *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ThresholdTooLow(uint256 threshold, uint256 signers)
func RoyaltyDistributorThresholdTooLowErrorID() common.Hash {
	return common.HexToHash("0x5c822da3e0183eec167ccc1d5732e8f38dded73ac7d2697e2b335ba230c8d07b")
}

// UnpackThresholdTooLowError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ThresholdTooLow(uint256 threshold, uint256 signers)
func (royaltyDistributor *RoyaltyDistributor) UnpackThresholdTooLowError(raw []byte) (*RoyaltyDistributorThresholdTooLow, error) {
	out := new(RoyaltyDistributorThresholdTooLow)
	if err := royaltyDistributor.abi.UnpackIntoInterface(out, "ThresholdTooLow", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RoyaltyDistributorTooManySigners represents a TooManySigners error raised by the RoyaltyDistributor contract.
type RoyaltyDistributorTooManySigners struct {
	Count *big.Int
	Max   *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error TooManySigners(uint256 count, uint256 max)
func RoyaltyDistributorTooManySignersErrorID() common.Hash {
	return common.HexToHash("0x46161fe4a09a4384e5c2bbdea2840977f4bd89131c2c9a593e56f049a6473c91")
}

// UnpackTooManySignersError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error TooManySigners(uint256 count, uint256 max)
func (royaltyDistributor *RoyaltyDistributor) UnpackTooManySignersError(raw []byte) (*RoyaltyDistributorTooManySigners, error) {
	out := new(RoyaltyDistributorTooManySigners)
	if err := royaltyDistributor.abi.UnpackIntoInterface(out, "TooManySigners", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RoyaltyDistributorUnknownSigner represents a UnknownSigner error raised by the RoyaltyDistributor contract.
type RoyaltyDistributorUnknownSigner struct {
	Signer common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error UnknownSigner(address signer)
func RoyaltyDistributorUnknownSignerErrorID() common.Hash {
	return common.HexToHash("0xd7e8a2c26fd6e574581d4dadb54adcae8e49f64b22b2d5386731d559357f82c3")
}

// UnpackUnknownSignerError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error UnknownSigner(address signer)
func (royaltyDistributor *RoyaltyDistributor) UnpackUnknownSignerError(raw []byte) (*RoyaltyDistributorUnknownSigner, error) {
	out := new(RoyaltyDistributorUnknownSigner)
	if err := royaltyDistributor.abi.UnpackIntoInterface(out, "UnknownSigner", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RoyaltyDistributorZeroAddress represents a ZeroAddress error raised by the RoyaltyDistributor contract.
type RoyaltyDistributorZeroAddress struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroAddress()
func RoyaltyDistributorZeroAddressErrorID() common.Hash {
	return common.HexToHash("0xd92e233df2717d4a40030e20904abd27b68fcbeede117eaaccbbdac9618c8c73")
}

// UnpackZeroAddressError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroAddress()
func (royaltyDistributor *RoyaltyDistributor) UnpackZeroAddressError(raw []byte) (*RoyaltyDistributorZeroAddress, error) {
	out := new(RoyaltyDistributorZeroAddress)
	if err := royaltyDistributor.abi.UnpackIntoInterface(out, "ZeroAddress", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RoyaltyDistributorZeroAmount represents a ZeroAmount error raised by the RoyaltyDistributor contract.
type RoyaltyDistributorZeroAmount struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroAmount()
func RoyaltyDistributorZeroAmountErrorID() common.Hash {
	return common.HexToHash("0x1f2a2005cb66a8e145327e8814e243a0996aec9bfe1e15a495778b1236dbd485")
}

// UnpackZeroAmountError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroAmount()
func (royaltyDistributor *RoyaltyDistributor) UnpackZeroAmountError(raw []byte) (*RoyaltyDistributorZeroAmount, error) {
	out := new(RoyaltyDistributorZeroAmount)
	if err := royaltyDistributor.abi.UnpackIntoInterface(out, "ZeroAmount", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RoyaltyDistributorZeroCapacity represents a ZeroCapacity error raised by the RoyaltyDistributor contract.
type RoyaltyDistributorZeroCapacity struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroCapacity()
func RoyaltyDistributorZeroCapacityErrorID() common.Hash {
	return common.HexToHash("0x0bcb6784e87ff0d2e0ffe5c2f6d7d349cff356e57d34299fcab8031d901a3fbf")
}

// UnpackZeroCapacityError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroCapacity()
func (royaltyDistributor *RoyaltyDistributor) UnpackZeroCapacityError(raw []byte) (*RoyaltyDistributorZeroCapacity, error) {
	out := new(RoyaltyDistributorZeroCapacity)
	if err := royaltyDistributor.abi.UnpackIntoInterface(out, "ZeroCapacity", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RoyaltyDistributorZeroPageSize represents a ZeroPageSize error raised by the RoyaltyDistributor contract.
type RoyaltyDistributorZeroPageSize struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroPageSize()
func RoyaltyDistributorZeroPageSizeErrorID() common.Hash {
	return common.HexToHash("0x0bd2faa5e6688a19a7003f1725bb558f16f639502ae5cbe94e0d5321413022ae")
}

// UnpackZeroPageSizeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroPageSize()
func (royaltyDistributor *RoyaltyDistributor) UnpackZeroPageSizeError(raw []byte) (*RoyaltyDistributorZeroPageSize, error) {
	out := new(RoyaltyDistributorZeroPageSize)
	if err := royaltyDistributor.abi.UnpackIntoInterface(out, "ZeroPageSize", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RoyaltyDistributorZeroRoot represents a ZeroRoot error raised by the RoyaltyDistributor contract.
type RoyaltyDistributorZeroRoot struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroRoot()
func RoyaltyDistributorZeroRootErrorID() common.Hash {
	return common.HexToHash("0xb263ae738e814ca9af6ee56bb85daa47624e790421913c947dcba2aac07cfdbd")
}

// UnpackZeroRootError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroRoot()
func (royaltyDistributor *RoyaltyDistributor) UnpackZeroRootError(raw []byte) (*RoyaltyDistributorZeroRoot, error) {
	out := new(RoyaltyDistributorZeroRoot)
	if err := royaltyDistributor.abi.UnpackIntoInterface(out, "ZeroRoot", raw); err != nil {
		return nil, err
	}
	return out, nil
}
