package protoutil

import "errors"

// Sentinel errors callers map to Fabric status codes (errors.Is).
var (
	// ErrTxIDMismatch: ChannelHeader.tx_id is not hex(SHA-256(nonce‖creator)).
	ErrTxIDMismatch = errors.New("transaction id does not match SHA-256(nonce‖creator)")
	// ErrProposalHashMismatch: ProposalResponsePayload.proposal_hash does not
	// bind the proposal the transaction carries.
	ErrProposalHashMismatch = errors.New("proposal hash mismatch")
	// ErrPayloadMismatch: endorsers returned different ProposalResponsePayloads.
	ErrPayloadMismatch = errors.New("ProposalResponsePayloads do not match")
	// ErrMissingField: a field Fabric requires is absent or empty.
	ErrMissingField = errors.New("required field missing")
	// ErrUnsupportedType: a header type not allowed where it appears.
	ErrUnsupportedType = errors.New("unsupported header type")
	// ErrBadDataHash: a block header's data_hash does not match its data.
	ErrBadDataHash = errors.New("block data hash mismatch")
)
