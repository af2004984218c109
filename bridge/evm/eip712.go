package evm

import (
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// The EIP-712 domain of every RoyaltyDistributor; the contract passes the
// same name and version to OpenZeppelin's EIP712 constructor.
const (
	DomainName    = "SaharaRoyaltyDistributor"
	DomainVersion = "1"
)

var (
	domainTypeHash    = crypto.Keccak256Hash([]byte("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"))
	epochRootTypeHash = crypto.Keccak256Hash([]byte("EpochRoot(uint64 epoch,bytes32 root,uint256 total,uint64 leafCount)"))
	vetoTypeHash      = crypto.Keccak256Hash([]byte("Veto(uint64 epoch,bytes32 root,uint256 total,uint64 leafCount)"))
	rotationTypeHash  = crypto.Keccak256Hash([]byte("Rotation(address[] signers,uint8 threshold,address guardian,uint64 nonce)"))
	unpauseTypeHash   = crypto.Keccak256Hash([]byte("Unpause(uint64 nonce)"))
)

// maxUint256 bounds every uint256 field of a typed message.
var maxUint256 = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))

// Domain binds signatures to one distributor on one chain: a signature made
// for chain A or contract X never verifies on chain B or contract Y.
type Domain struct {
	ChainID  *big.Int
	Contract common.Address
}

// EpochRoot is the message the signers sign to settle an epoch on chain.
type EpochRoot struct {
	Epoch     uint64
	Root      common.Hash
	Total     *big.Int // base units
	LeafCount uint64
}

// Rotation is the message that replaces the signer set. Signers must be
// sorted ascending; Nonce is the distributor's current governance nonce.
type Rotation struct {
	Signers   []common.Address
	Threshold uint8
	Guardian  common.Address
	Nonce     uint64
}

// Separator is the EIP-712 domain separator.
func (d Domain) Separator() (common.Hash, error) {
	if d.ChainID == nil || d.ChainID.Sign() <= 0 {
		return common.Hash{}, fmt.Errorf("eip712: chain id must be positive, got %v", d.ChainID)
	}
	return crypto.Keccak256Hash(
		domainTypeHash[:],
		crypto.Keccak256([]byte(DomainName)),
		crypto.Keccak256([]byte(DomainVersion)),
		word(d.ChainID),
		addressWord(d.Contract),
	), nil
}

// EpochRootDigest is the digest signers sign for postRoot.
func (d Domain) EpochRootDigest(r EpochRoot) (common.Hash, error) {
	if err := checkUint256("total", r.Total); err != nil {
		return common.Hash{}, err
	}
	return d.digest(crypto.Keccak256Hash(epochRootTypeHash[:], uintWord(r.Epoch), r.Root[:], word(r.Total), uintWord(r.LeafCount)))
}

// VetoDigest is the digest signers sign to veto a pending root.
func (d Domain) VetoDigest(r EpochRoot) (common.Hash, error) {
	if err := checkUint256("total", r.Total); err != nil {
		return common.Hash{}, err
	}
	return d.digest(crypto.Keccak256Hash(vetoTypeHash[:], uintWord(r.Epoch), r.Root[:], word(r.Total), uintWord(r.LeafCount)))
}

// RotationDigest is the digest signers sign to rotate the signer set. The
// set is sorted first: the contract only accepts (and so only ever hashes)
// an ascending set, so that is the one canonical message.
func (d Domain) RotationDigest(r Rotation) (common.Hash, error) {
	// EIP-712 encodes an array as the hash of its elements' 32-byte encodings.
	enc := make([]byte, 0, 32*len(r.Signers))
	for _, s := range SortAddresses(r.Signers) {
		enc = append(enc, addressWord(s)...)
	}
	return d.digest(crypto.Keccak256Hash(rotationTypeHash[:], crypto.Keccak256(enc),
		uintWord(uint64(r.Threshold)), addressWord(r.Guardian), uintWord(r.Nonce)))
}

// UnpauseDigest is the digest signers sign to lift a pause.
func (d Domain) UnpauseDigest(nonce uint64) (common.Hash, error) {
	return d.digest(crypto.Keccak256Hash(unpauseTypeHash[:], uintWord(nonce)))
}

func (d Domain) digest(structHash common.Hash) (common.Hash, error) {
	sep, err := d.Separator()
	if err != nil {
		return common.Hash{}, err
	}
	return crypto.Keccak256Hash([]byte{0x19, 0x01}, sep[:], structHash[:]), nil
}

func checkUint256(name string, v *big.Int) error {
	if v == nil || v.Sign() < 0 || v.Cmp(maxUint256) > 0 {
		return fmt.Errorf("eip712: %s must be in [0, 2^256-1], got %v", name, v)
	}
	return nil
}

func word(v *big.Int) []byte { return common.LeftPadBytes(v.Bytes(), 32) }

func uintWord(v uint64) []byte { return word(new(big.Int).SetUint64(v)) }

func addressWord(a common.Address) []byte { return common.LeftPadBytes(a[:], 32) }
