// Package protoutil builds and parses Fabric's wire structures: proposals,
// proposal responses, endorsements, transaction envelopes and blocks, with
// Fabric's exact rules for transaction ids and hashes (fabric-wire.md §1.2,
// §2.2, §4.8).
package protoutil

import (
	"crypto/sha256"
	"encoding/asn1"
	"encoding/hex"
	"math/big"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
)

// ComputeTxID returns lowercase hex(SHA-256(nonce ‖ creator)), Fabric's
// transaction id.
func ComputeTxID(nonce, creator []byte) string {
	h := sha256.New()
	h.Write(nonce)
	h.Write(creator)
	return hex.EncodeToString(h.Sum(nil))
}

type asn1Header struct {
	Number       *big.Int
	PreviousHash []byte
	DataHash     []byte
}

// BlockHeaderBytes is the ASN.1 DER encoding of the header that Fabric hashes
// and that orderers sign: SEQUENCE{INTEGER number, OCTET STRING previous_hash,
// OCTET STRING data_hash}.
func BlockHeaderBytes(h *common.BlockHeader) []byte {
	out, err := asn1.Marshal(asn1Header{
		Number:       new(big.Int).SetUint64(h.GetNumber()),
		PreviousHash: nonNil(h.GetPreviousHash()),
		DataHash:     nonNil(h.GetDataHash()),
	})
	if err != nil {
		// Marshalling a big.Int and two byte slices cannot fail.
		panic(err)
	}
	return out
}

// BlockHeaderHash is SHA-256 of BlockHeaderBytes; block n+1 carries it as
// previous_hash.
func BlockHeaderHash(h *common.BlockHeader) []byte {
	sum := sha256.Sum256(BlockHeaderBytes(h))
	return sum[:]
}

// BlockDataHash is SHA-256 over the concatenation of every data entry.
func BlockDataHash(d *common.BlockData) []byte {
	h := sha256.New()
	for _, e := range d.GetData() {
		h.Write(e)
	}
	return h.Sum(nil)
}

func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}
