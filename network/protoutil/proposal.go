package protoutil

import (
	"crypto/rand"
	"fmt"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// NonceSize is the nonce length the fabric-gateway client uses (§1.2).
const NonceSize = 24

// NewNonce returns NonceSize random bytes.
func NewNonce() ([]byte, error) {
	n := make([]byte, NonceSize)
	if _, err := rand.Read(n); err != nil {
		return nil, fmt.Errorf("nonce: %w", err)
	}
	return n, nil
}

// NewProposal builds an unsigned endorser-transaction proposal exactly as the
// fabric-gateway client does (§1.3) and returns it with its transaction id.
// args[0] is the function name. The transient map travels only inside this
// proposal; UnpackProposal and CreateEnvelope keep it out of hashes and blocks.
func NewProposal(creator []byte, channel, chaincode string, args [][]byte, transient map[string][]byte) (*peer.Proposal, string, error) {
	if len(creator) == 0 {
		return nil, "", fmt.Errorf("new proposal: empty creator: %w", ErrMissingField)
	}
	if channel == "" || chaincode == "" {
		return nil, "", fmt.Errorf("new proposal: channel %q and chaincode %q must be non-empty: %w", channel, chaincode, ErrMissingField)
	}
	nonce, err := NewNonce()
	if err != nil {
		return nil, "", err
	}
	txID := ComputeTxID(nonce, creator)
	ccID := &peer.ChaincodeID{Name: chaincode}
	ext, err := Marshal(&peer.ChaincodeHeaderExtension{ChaincodeId: ccID})
	if err != nil {
		return nil, "", err
	}
	chdr, err := Marshal(&common.ChannelHeader{
		Type:      int32(common.HeaderType_ENDORSER_TRANSACTION),
		Timestamp: timestamppb.Now(),
		ChannelId: channel,
		TxId:      txID,
		Extension: ext,
	})
	if err != nil {
		return nil, "", err
	}
	shdr, err := Marshal(&common.SignatureHeader{Creator: creator, Nonce: nonce})
	if err != nil {
		return nil, "", err
	}
	hdr, err := Marshal(&common.Header{ChannelHeader: chdr, SignatureHeader: shdr})
	if err != nil {
		return nil, "", err
	}
	input, err := Marshal(&peer.ChaincodeInvocationSpec{ChaincodeSpec: &peer.ChaincodeSpec{
		ChaincodeId: ccID,
		Input:       &peer.ChaincodeInput{Args: args},
	}})
	if err != nil {
		return nil, "", err
	}
	payload, err := Marshal(&peer.ChaincodeProposalPayload{Input: input, TransientMap: transient})
	if err != nil {
		return nil, "", err
	}
	return &peer.Proposal{Header: hdr, Payload: payload}, txID, nil
}

// SignProposal signs the marshalled proposal (§1.9: signature over proposal_bytes).
func SignProposal(p *peer.Proposal, s Signer) (*peer.SignedProposal, error) {
	b, err := Marshal(p)
	if err != nil {
		return nil, err
	}
	sig, err := s.Sign(b)
	if err != nil {
		return nil, fmt.Errorf("sign proposal: %w", err)
	}
	return &peer.SignedProposal{ProposalBytes: b, Signature: sig}, nil
}

// CreateSignedProposal builds and signs a proposal as the fabric-gateway
// client does; creator is s.Serialize().
func CreateSignedProposal(s Signer, channel, chaincode string, args [][]byte, transient map[string][]byte) (*peer.SignedProposal, string, error) {
	p, txID, err := NewProposal(s.Serialize(), channel, chaincode, args, transient)
	if err != nil {
		return nil, "", err
	}
	sp, err := SignProposal(p, s)
	if err != nil {
		return nil, "", err
	}
	return sp, txID, nil
}
