package protoutil

import (
	"bytes"
	"crypto/sha256"
	"fmt"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
)

// UnpackedProposal is a SignedProposal with every layer decoded (§2.1). All
// byte slices alias the received bytes, which is what must be hashed/signed.
type UnpackedProposal struct {
	SignedProposal  *peer.SignedProposal
	Proposal        *peer.Proposal
	Header          *common.Header
	ChannelHeader   *common.ChannelHeader
	SignatureHeader *common.SignatureHeader
	// ChaincodeName comes from the channel header extension; it, not the
	// invocation spec, selects the chaincode (§2.1 step 2).
	ChaincodeName string
	Input         *peer.ChaincodeInput
	Transient     map[string][]byte
	// ProposalHash is SHA-256(channel_header ‖ signature_header ‖ cppNoTransient) (§2.2).
	ProposalHash []byte
	// ProposalPayloadNoTransient is cppNoTransient: the only bytes of the
	// proposal payload that may reach a transaction.
	ProposalPayloadNoTransient []byte
}

// UnpackProposal decodes a SignedProposal in Fabric's order and computes the
// proposal hash. It checks structure only; Validate checks the header rules
// and the caller verifies SignedData() against the creator's identity.
func UnpackProposal(sp *peer.SignedProposal) (*UnpackedProposal, error) {
	if sp == nil {
		return nil, fmt.Errorf("unpack proposal: nil signed proposal: %w", ErrMissingField)
	}
	prop, err := UnmarshalProposal(sp.GetProposalBytes())
	if err != nil {
		return nil, fmt.Errorf("unpack proposal: %w", err)
	}
	hdr, err := UnmarshalHeader(prop.GetHeader())
	if err != nil {
		return nil, fmt.Errorf("unpack proposal: %w", err)
	}
	chdr, err := UnmarshalChannelHeader(hdr.GetChannelHeader())
	if err != nil {
		return nil, fmt.Errorf("unpack proposal: %w", err)
	}
	shdr, err := UnmarshalSignatureHeader(hdr.GetSignatureHeader())
	if err != nil {
		return nil, fmt.Errorf("unpack proposal: %w", err)
	}
	ext, err := UnmarshalChaincodeHeaderExtension(chdr.GetExtension())
	if err != nil {
		return nil, fmt.Errorf("unpack proposal: %w", err)
	}
	if ext.GetChaincodeId().GetName() == "" {
		return nil, fmt.Errorf("unpack proposal: header extension has no chaincode name: %w", ErrMissingField)
	}
	cpp, err := UnmarshalChaincodeProposalPayload(prop.GetPayload())
	if err != nil {
		return nil, fmt.Errorf("unpack proposal: %w", err)
	}
	cis, err := UnmarshalChaincodeInvocationSpec(cpp.GetInput())
	if err != nil {
		return nil, fmt.Errorf("unpack proposal: %w", err)
	}
	if cis.GetChaincodeSpec().GetInput() == nil {
		return nil, fmt.Errorf("unpack proposal: invocation spec has no chaincode input: %w", ErrMissingField)
	}
	noTransient, err := Marshal(&peer.ChaincodeProposalPayload{Input: cpp.GetInput()})
	if err != nil {
		return nil, fmt.Errorf("unpack proposal: %w", err)
	}
	return &UnpackedProposal{
		SignedProposal:             sp,
		Proposal:                   prop,
		Header:                     hdr,
		ChannelHeader:              chdr,
		SignatureHeader:            shdr,
		ChaincodeName:              ext.GetChaincodeId().GetName(),
		Input:                      cis.GetChaincodeSpec().GetInput(),
		Transient:                  cpp.GetTransientMap(),
		ProposalHash:               ProposalHash(hdr.GetChannelHeader(), hdr.GetSignatureHeader(), noTransient),
		ProposalPayloadNoTransient: noTransient,
	}, nil
}

// ProposalHash is Fabric's proposal hash (§2.2): SHA-256 over the received
// channel-header bytes, signature-header bytes and the transient-free
// ChaincodeProposalPayload.
func ProposalHash(channelHeader, signatureHeader, cppNoTransient []byte) []byte {
	h := sha256.New()
	h.Write(channelHeader)
	h.Write(signatureHeader)
	h.Write(cppNoTransient)
	return h.Sum(nil)
}

// TxID is the proposal's transaction id.
func (up *UnpackedProposal) TxID() string { return up.ChannelHeader.GetTxId() }

// ChannelID is the proposal's channel.
func (up *UnpackedProposal) ChannelID() string { return up.ChannelHeader.GetChannelId() }

// Creator is the serialized identity that signed the proposal.
func (up *UnpackedProposal) Creator() []byte { return up.SignatureHeader.GetCreator() }

// Validate applies the endorser's header rules that need no MSP (§2.1 step
// 6): type ENDORSER_TRANSACTION or CONFIG, epoch 0, nonce and creator present,
// tx_id == SHA-256(nonce‖creator), signature present. The creator's identity
// and signature are the caller's to check, on SignedData().
func (up *UnpackedProposal) Validate() error {
	switch common.HeaderType(up.ChannelHeader.GetType()) {
	case common.HeaderType_ENDORSER_TRANSACTION, common.HeaderType_CONFIG:
	default:
		return fmt.Errorf("proposal header type %d: %w", up.ChannelHeader.GetType(), ErrUnsupportedType)
	}
	if up.ChannelHeader.GetEpoch() != 0 {
		return fmt.Errorf("proposal epoch %d, must be 0", up.ChannelHeader.GetEpoch())
	}
	if err := CheckSignatureHeader(up.SignatureHeader); err != nil {
		return fmt.Errorf("proposal: %w", err)
	}
	if err := CheckTxID(up.ChannelHeader.GetTxId(), up.SignatureHeader.GetNonce(), up.SignatureHeader.GetCreator()); err != nil {
		return fmt.Errorf("proposal: %w", err)
	}
	if len(up.SignedProposal.GetSignature()) == 0 {
		return fmt.Errorf("proposal: empty signature: %w", ErrMissingField)
	}
	return nil
}

// SignedData is what the creator signed: proposal_bytes (§1.9); ACLs such as
// peer/Propose evaluate it.
func (up *UnpackedProposal) SignedData() *SignedData {
	return &SignedData{
		Data:      up.SignedProposal.GetProposalBytes(),
		Identity:  up.SignatureHeader.GetCreator(),
		Signature: up.SignedProposal.GetSignature(),
	}
}

// CheckSignatureHeader requires a non-empty nonce and creator.
func CheckSignatureHeader(sh *common.SignatureHeader) error {
	if len(sh.GetNonce()) == 0 {
		return fmt.Errorf("signature header has empty nonce: %w", ErrMissingField)
	}
	if len(sh.GetCreator()) == 0 {
		return fmt.Errorf("signature header has empty creator: %w", ErrMissingField)
	}
	return nil
}

// CheckTxID reports ErrTxIDMismatch unless txID == ComputeTxID(nonce, creator).
func CheckTxID(txID string, nonce, creator []byte) error {
	if want := ComputeTxID(nonce, creator); txID != want {
		return fmt.Errorf("tx_id %q, want %q: %w", txID, want, ErrTxIDMismatch)
	}
	return nil
}

// sameBytes is bytes.Equal, named for readability at call sites.
func sameBytes(a, b []byte) bool { return bytes.Equal(a, b) }
