package protoutil

import (
	"fmt"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
)

// SignatureSetEvaluator is what a block's signatures are checked against:
// policy.Policy (the channel's /Channel/Orderer/BlockValidation) satisfies it.
type SignatureSetEvaluator interface {
	EvaluateSignedData(set []*SignedData) error
}

// VerifyBlock applies the checks a peer makes on every block from the
// orderer (§4.9), in order: header and data present, the expected number,
// data[0] on the expected channel, metadata present, data hash, well-formed
// canonical envelopes, and the SIGNATURES set satisfying blockValidation. The
// previous-hash chain is the block store's check at append.
func VerifyBlock(b *common.Block, channel string, number uint64, blockValidation SignatureSetEvaluator) error {
	if b.GetHeader() == nil || b.GetData() == nil {
		return fmt.Errorf("verify block: missing header or data: %w", ErrMissingField)
	}
	if n := b.GetHeader().GetNumber(); n != number {
		return fmt.Errorf("verify block: number %d, expected %d", n, number)
	}
	got, err := ChannelID(b)
	if err != nil {
		return fmt.Errorf("verify block %d: %w", number, err)
	}
	if got != channel {
		return fmt.Errorf("verify block %d: channel %q, expected %q", number, got, channel)
	}
	if len(b.GetMetadata().GetMetadata()) == 0 {
		return fmt.Errorf("verify block %d: no metadata: %w", number, ErrMissingField)
	}
	if err := VerifyDataHash(b); err != nil {
		return fmt.Errorf("verify block: %w", err)
	}
	if err := VerifyTransactionsWellFormed(b); err != nil {
		return fmt.Errorf("verify block %d: %w", number, err)
	}
	set, err := BlockSignatureSet(b)
	if err != nil {
		return fmt.Errorf("verify block: %w", err)
	}
	if blockValidation == nil {
		return fmt.Errorf("verify block %d: no block validation policy", number)
	}
	if err := blockValidation.EvaluateSignedData(set); err != nil {
		return fmt.Errorf("verify block %d: signatures do not satisfy block validation policy: %w", number, err)
	}
	return nil
}

// NewTxValidationFlags returns n flags set to NOT_VALIDATED, the validator's
// starting point (§4.1).
func NewTxValidationFlags(n int) []byte {
	flags := make([]byte, n)
	for i := range flags {
		flags[i] = byte(peer.TxValidationCode_NOT_VALIDATED)
	}
	return flags
}
