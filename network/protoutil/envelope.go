package protoutil

import (
	"fmt"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// CreateEnvelope assembles the unsigned transaction envelope from a proposal
// and its endorsed responses (§2.6). Every response must be successful,
// endorsed, bound to this proposal, and carry a byte-identical payload.
// Endorsements are de-duplicated by endorser bytes. The transient map never
// enters the envelope.
func CreateEnvelope(up *UnpackedProposal, responses ...*peer.ProposalResponse) (*common.Envelope, error) {
	if up == nil {
		return nil, fmt.Errorf("create envelope: nil proposal: %w", ErrMissingField)
	}
	if len(responses) == 0 {
		return nil, fmt.Errorf("create envelope: no proposal responses: %w", ErrMissingField)
	}
	prp := responses[0].GetPayload()
	var endorsements []*peer.Endorsement
	seen := make(map[string]bool, len(responses))
	for i, r := range responses {
		if st := r.GetResponse().GetStatus(); st < StatusOK || st >= StatusErrorThreshold {
			return nil, fmt.Errorf("create envelope: response %d has status %d", i, st)
		}
		if len(r.GetPayload()) == 0 || r.GetEndorsement() == nil {
			return nil, fmt.Errorf("create envelope: response %d is not endorsed: %w", i, ErrMissingField)
		}
		if !sameBytes(r.GetPayload(), prp) {
			return nil, fmt.Errorf("create envelope: response %d: %w", i, ErrPayloadMismatch)
		}
		if key := string(r.GetEndorsement().GetEndorser()); !seen[key] {
			seen[key] = true
			endorsements = append(endorsements, r.GetEndorsement())
		}
	}
	parsed, err := UnmarshalProposalResponsePayload(prp)
	if err != nil {
		return nil, fmt.Errorf("create envelope: %w", err)
	}
	if !sameBytes(parsed.GetProposalHash(), up.ProposalHash) {
		return nil, fmt.Errorf("create envelope: responses are for another proposal: %w", ErrProposalHashMismatch)
	}
	cpp := up.ProposalPayloadNoTransient
	if cpp == nil {
		// An UnpackedProposal assembled by hand: derive cppNoTransient here.
		full, err := UnmarshalChaincodeProposalPayload(up.Proposal.GetPayload())
		if err != nil {
			return nil, fmt.Errorf("create envelope: %w", err)
		}
		if cpp, err = Marshal(&peer.ChaincodeProposalPayload{Input: full.GetInput()}); err != nil {
			return nil, err
		}
	}
	actionPayload, err := Marshal(&peer.ChaincodeActionPayload{
		ChaincodeProposalPayload: cpp,
		Action:                   &peer.ChaincodeEndorsedAction{ProposalResponsePayload: prp, Endorsements: endorsements},
	})
	if err != nil {
		return nil, err
	}
	tx, err := Marshal(&peer.Transaction{Actions: []*peer.TransactionAction{{
		Header:  up.Header.GetSignatureHeader(),
		Payload: actionPayload,
	}}})
	if err != nil {
		return nil, err
	}
	payload, err := Marshal(&common.Payload{
		Header: &common.Header{ChannelHeader: up.Header.GetChannelHeader(), SignatureHeader: up.Header.GetSignatureHeader()},
		Data:   tx,
	})
	if err != nil {
		return nil, err
	}
	return &common.Envelope{Payload: payload}, nil
}

// SignEnvelope sets env.signature = Sign(payload). The signer must be the
// creator named in the payload's signature header: anything else would be a
// transaction that fails BAD_CREATOR_SIGNATURE at every peer.
func SignEnvelope(env *common.Envelope, s Signer) error {
	payload, err := UnmarshalPayload(env)
	if err != nil {
		return fmt.Errorf("sign envelope: %w", err)
	}
	shdr, err := UnmarshalSignatureHeader(payload.GetHeader().GetSignatureHeader())
	if err != nil {
		return fmt.Errorf("sign envelope: %w", err)
	}
	if !sameBytes(shdr.GetCreator(), s.Serialize()) {
		return fmt.Errorf("sign envelope: signer is not the creator in the payload header")
	}
	sig, err := s.Sign(env.GetPayload())
	if err != nil {
		return fmt.Errorf("sign envelope: %w", err)
	}
	env.Signature = sig
	return nil
}

// EnvelopeOption adjusts the channel header CreateSignedEnvelope builds.
type EnvelopeOption func(*common.ChannelHeader)

// WithTLSCertHash binds the envelope to the sender's TLS client certificate
// (SHA-256 of its DER), as Deliver requests under mutual TLS do (§7.1).
func WithTLSCertHash(h []byte) EnvelopeOption {
	return func(ch *common.ChannelHeader) { ch.TlsCertHash = h }
}

// WithEpoch sets ChannelHeader.epoch (always 0 in Fabric v2; for tests).
func WithEpoch(e uint64) EnvelopeOption {
	return func(ch *common.ChannelHeader) { ch.Epoch = e }
}

// CreateSignedEnvelope wraps data in a signed envelope of the given type for
// channel, with a fresh timestamp and nonce and the tx_id they imply (e.g.
// DELIVER_SEEK_INFO with orderer.SeekInfo, CONFIG_UPDATE with
// ConfigUpdateEnvelope).
func CreateSignedEnvelope(typ common.HeaderType, channel string, s Signer, data proto.Message, opts ...EnvelopeOption) (*common.Envelope, error) {
	if s == nil {
		return nil, fmt.Errorf("create signed envelope: nil signer: %w", ErrMissingField)
	}
	creator := s.Serialize()
	nonce, err := NewNonce()
	if err != nil {
		return nil, err
	}
	ch := &common.ChannelHeader{
		Type:      int32(typ),
		Timestamp: timestamppb.Now(),
		ChannelId: channel,
		TxId:      ComputeTxID(nonce, creator),
	}
	for _, o := range opts {
		o(ch)
	}
	chb, err := Marshal(ch)
	if err != nil {
		return nil, err
	}
	shb, err := Marshal(&common.SignatureHeader{Creator: creator, Nonce: nonce})
	if err != nil {
		return nil, err
	}
	var db []byte
	if data != nil {
		if db, err = Marshal(data); err != nil {
			return nil, err
		}
	}
	pb, err := Marshal(&common.Payload{Header: &common.Header{ChannelHeader: chb, SignatureHeader: shb}, Data: db})
	if err != nil {
		return nil, err
	}
	sig, err := s.Sign(pb)
	if err != nil {
		return nil, fmt.Errorf("create signed envelope: %w", err)
	}
	return &common.Envelope{Payload: pb, Signature: sig}, nil
}

// EnvelopeAsSignedData is the creator's signature over the payload (§4.2 step
// 4, §7.2, §8.1): one SignedData{payload, creator, signature}.
func EnvelopeAsSignedData(env *common.Envelope) ([]*SignedData, error) {
	payload, err := UnmarshalPayload(env)
	if err != nil {
		return nil, err
	}
	if payload.GetHeader() == nil {
		return nil, fmt.Errorf("envelope payload has no header: %w", ErrMissingField)
	}
	shdr, err := UnmarshalSignatureHeader(payload.GetHeader().GetSignatureHeader())
	if err != nil {
		return nil, err
	}
	return []*SignedData{{Data: env.GetPayload(), Identity: shdr.GetCreator(), Signature: env.GetSignature()}}, nil
}

// ConfigUpdateEnvelopeAsSignedData returns one SignedData per config
// signature, each over signature_header ‖ config_update (§8.1).
func ConfigUpdateEnvelopeAsSignedData(cue *common.ConfigUpdateEnvelope) ([]*SignedData, error) {
	if cue == nil {
		return nil, fmt.Errorf("nil ConfigUpdateEnvelope: %w", ErrMissingField)
	}
	out := make([]*SignedData, 0, len(cue.GetSignatures()))
	for i, cs := range cue.GetSignatures() {
		shdr, err := UnmarshalSignatureHeader(cs.GetSignatureHeader())
		if err != nil {
			return nil, fmt.Errorf("config signature %d: %w", i, err)
		}
		out = append(out, &SignedData{
			Data:      concat(cs.GetSignatureHeader(), cue.GetConfigUpdate()),
			Identity:  shdr.GetCreator(),
			Signature: cs.GetSignature(),
		})
	}
	return out, nil
}

// IsCanonicalEnvelope reports whether raw is exactly the encoding of the
// Envelope it parses to (§4.9): no trailing bytes, unknown fields, repeated
// or out-of-order fields, or explicitly encoded empty fields.
func IsCanonicalEnvelope(raw []byte) bool {
	env, err := UnmarshalEnvelope(raw)
	if err != nil {
		return false
	}
	again, err := proto.Marshal(&common.Envelope{Payload: env.GetPayload(), Signature: env.GetSignature()})
	return err == nil && sameBytes(raw, again)
}
