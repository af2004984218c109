package protoutil

import (
	"fmt"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
)

// UnpackedEnvelope is an envelope with its common header decoded.
type UnpackedEnvelope struct {
	Envelope        *common.Envelope
	Payload         *common.Payload
	ChannelHeader   *common.ChannelHeader
	SignatureHeader *common.SignatureHeader
}

// UnpackEnvelope decodes payload, channel header and signature header. It
// requires a header but checks no rule; see CheckCommonHeader.
func UnpackEnvelope(env *common.Envelope) (*UnpackedEnvelope, error) {
	payload, err := UnmarshalPayload(env)
	if err != nil {
		return nil, err
	}
	if payload.GetHeader() == nil {
		return nil, fmt.Errorf("envelope payload has no header: %w", ErrMissingField)
	}
	ch, err := UnmarshalChannelHeader(payload.GetHeader().GetChannelHeader())
	if err != nil {
		return nil, err
	}
	sh, err := UnmarshalSignatureHeader(payload.GetHeader().GetSignatureHeader())
	if err != nil {
		return nil, err
	}
	return &UnpackedEnvelope{Envelope: env, Payload: payload, ChannelHeader: ch, SignatureHeader: sh}, nil
}

// SignedData is the creator's signature over the payload.
func (ue *UnpackedEnvelope) SignedData() *SignedData {
	return &SignedData{Data: ue.Envelope.GetPayload(), Identity: ue.SignatureHeader.GetCreator(), Signature: ue.Envelope.GetSignature()}
}

// CheckCommonHeader applies the committer's header rules (§4.2 step 3): type
// ENDORSER_TRANSACTION, CONFIG or CONFIG_UPDATE; epoch 0; nonce and creator
// present. Failures map to BAD_COMMON_HEADER.
func (ue *UnpackedEnvelope) CheckCommonHeader() error {
	switch common.HeaderType(ue.ChannelHeader.GetType()) {
	case common.HeaderType_ENDORSER_TRANSACTION, common.HeaderType_CONFIG, common.HeaderType_CONFIG_UPDATE:
	default:
		return fmt.Errorf("header type %d: %w", ue.ChannelHeader.GetType(), ErrUnsupportedType)
	}
	if ue.ChannelHeader.GetEpoch() != 0 {
		return fmt.Errorf("epoch %d, must be 0", ue.ChannelHeader.GetEpoch())
	}
	return CheckSignatureHeader(ue.SignatureHeader)
}

// EndorserTransaction is the decoded content of an ENDORSER_TRANSACTION
// payload (§2.6): its single action and the endorsed ChaincodeAction.
type EndorserTransaction struct {
	Transaction  *peer.Transaction
	ActionHeader *common.SignatureHeader
	// ActionPayload.ChaincodeProposalPayload is the cppNoTransient bytes.
	ActionPayload *peer.ChaincodeActionPayload
	// ResponsePayload is parsed from ActionPayload.Action.ProposalResponsePayload.
	ResponsePayload *peer.ProposalResponsePayload
	// ChaincodeAction is parsed from ResponsePayload.Extension.
	ChaincodeAction *peer.ChaincodeAction
	// HeaderExtension is parsed from the channel header's extension.
	HeaderExtension *peer.ChaincodeHeaderExtension
}

// UnpackEndorserTransaction decodes an ENDORSER_TRANSACTION and checks what
// Fabric checks for INVALID_ENDORSER_TRANSACTION (§4.2 step 5): exactly one
// action, whose signature header has nonce and creator, and whose proposal
// hash binds the transaction's channel header, action header and
// cppNoTransient (ErrProposalHashMismatch). The tx_id rule is separate:
// CheckTxID.
func UnpackEndorserTransaction(ue *UnpackedEnvelope) (*EndorserTransaction, error) {
	if t := common.HeaderType(ue.ChannelHeader.GetType()); t != common.HeaderType_ENDORSER_TRANSACTION {
		return nil, fmt.Errorf("endorser transaction: header type %s: %w", t, ErrUnsupportedType)
	}
	tx, err := UnmarshalTransaction(ue.Payload.GetData())
	if err != nil {
		return nil, fmt.Errorf("endorser transaction: %w", err)
	}
	if n := len(tx.GetActions()); n != 1 {
		return nil, fmt.Errorf("endorser transaction: %d actions, exactly one allowed", n)
	}
	action := tx.GetActions()[0]
	ah, err := UnmarshalSignatureHeader(action.GetHeader())
	if err != nil {
		return nil, fmt.Errorf("endorser transaction: action %w", err)
	}
	if err := CheckSignatureHeader(ah); err != nil {
		return nil, fmt.Errorf("endorser transaction: action %w", err)
	}
	actionPayload, err := UnmarshalChaincodeActionPayload(action.GetPayload())
	if err != nil {
		return nil, fmt.Errorf("endorser transaction: %w", err)
	}
	if actionPayload.GetAction() == nil {
		return nil, fmt.Errorf("endorser transaction: no endorsed action: %w", ErrMissingField)
	}
	prp, err := UnmarshalProposalResponsePayload(actionPayload.GetAction().GetProposalResponsePayload())
	if err != nil {
		return nil, fmt.Errorf("endorser transaction: %w", err)
	}
	want := ProposalHash(ue.Payload.GetHeader().GetChannelHeader(), action.GetHeader(), actionPayload.GetChaincodeProposalPayload())
	if !sameBytes(prp.GetProposalHash(), want) {
		return nil, fmt.Errorf("endorser transaction: %w", ErrProposalHashMismatch)
	}
	ca, err := UnmarshalChaincodeAction(prp.GetExtension())
	if err != nil {
		return nil, fmt.Errorf("endorser transaction: %w", err)
	}
	ext, err := UnmarshalChaincodeHeaderExtension(ue.ChannelHeader.GetExtension())
	if err != nil {
		return nil, fmt.Errorf("endorser transaction: %w", err)
	}
	return &EndorserTransaction{
		Transaction:     tx,
		ActionHeader:    ah,
		ActionPayload:   actionPayload,
		ResponsePayload: prp,
		ChaincodeAction: ca,
		HeaderExtension: ext,
	}, nil
}

// EndorsementsAsSignedData is the endorsement signature set that chaincode
// endorsement policies evaluate (§4.4): prp ‖ endorser per endorsement.
func (et *EndorserTransaction) EndorsementsAsSignedData() []*SignedData {
	prp := et.ActionPayload.GetAction().GetProposalResponsePayload()
	es := et.ActionPayload.GetAction().GetEndorsements()
	out := make([]*SignedData, len(es))
	for i, e := range es {
		out[i] = EndorsementSignedData(prp, e)
	}
	return out
}
