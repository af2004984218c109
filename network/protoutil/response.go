package protoutil

import (
	"fmt"

	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/protobuf/proto"
)

// Chaincode response status thresholds (shim OK / ERRORTHRESHOLD / ERROR).
const (
	StatusOK             = 200
	StatusErrorThreshold = 400
	StatusError          = 500
)

// ProposalResponsePayloadBytes builds the marshalled ProposalResponsePayload
// (§2.3) that endorsers sign and that must be byte-identical across them.
// A non-nil event is copied with chaincode_id and tx_id filled in, as the
// peer (not the shim) does.
func ProposalResponsePayloadBytes(up *UnpackedProposal, results []byte, event *peer.ChaincodeEvent, resp *peer.Response, ccid *peer.ChaincodeID) ([]byte, error) {
	if up == nil || resp == nil || ccid == nil {
		return nil, fmt.Errorf("proposal response payload: proposal, response and chaincode id are required: %w", ErrMissingField)
	}
	var events []byte
	if event != nil {
		ev := proto.Clone(event).(*peer.ChaincodeEvent)
		ev.ChaincodeId = up.ChaincodeName
		ev.TxId = up.TxID()
		var err error
		if events, err = Marshal(ev); err != nil {
			return nil, err
		}
	}
	action, err := Marshal(&peer.ChaincodeAction{
		Results:     results,
		Events:      events,
		Response:    resp,
		ChaincodeId: ccid,
	})
	if err != nil {
		return nil, err
	}
	return Marshal(&peer.ProposalResponsePayload{ProposalHash: up.ProposalHash, Extension: action})
}

// CreateProposalResponse builds an endorsed ProposalResponse (§2.3–2.5): the
// endorser signs prp ‖ endorser. It refuses to endorse a chaincode status of
// 400 or more; use UnendorsedProposalResponse or ErrorProposalResponse.
func CreateProposalResponse(up *UnpackedProposal, results []byte, event *peer.ChaincodeEvent, resp *peer.Response, ccid *peer.ChaincodeID, endorser Signer) (*peer.ProposalResponse, error) {
	if resp != nil && resp.GetStatus() >= StatusErrorThreshold {
		return nil, fmt.Errorf("create proposal response: refusing to endorse chaincode status %d", resp.GetStatus())
	}
	if endorser == nil {
		return nil, fmt.Errorf("create proposal response: nil endorser: %w", ErrMissingField)
	}
	prp, err := ProposalResponsePayloadBytes(up, results, event, resp, ccid)
	if err != nil {
		return nil, fmt.Errorf("create proposal response: %w", err)
	}
	e, err := Endorse(prp, endorser)
	if err != nil {
		return nil, fmt.Errorf("create proposal response: %w", err)
	}
	return &peer.ProposalResponse{Version: 1, Response: resp, Payload: prp, Endorsement: e}, nil
}

// Endorse signs prp ‖ endorser with the endorser's key (§2.4).
func Endorse(prp []byte, endorser Signer) (*peer.Endorsement, error) {
	id := endorser.Serialize()
	sig, err := endorser.Sign(concat(prp, id))
	if err != nil {
		return nil, fmt.Errorf("endorse: %w", err)
	}
	return &peer.Endorsement{Endorser: id, Signature: sig}, nil
}

// UnendorsedProposalResponse is the response for a chaincode status ≥ 500:
// the payload is returned but not endorsed (§2.5). For 400–499 Fabric returns
// the response alone; use ErrorProposalResponse-like {response} then.
func UnendorsedProposalResponse(up *UnpackedProposal, results []byte, event *peer.ChaincodeEvent, resp *peer.Response, ccid *peer.ChaincodeID) (*peer.ProposalResponse, error) {
	if resp.GetStatus() < StatusError {
		if resp.GetStatus() >= StatusErrorThreshold {
			return &peer.ProposalResponse{Response: resp}, nil
		}
		return nil, fmt.Errorf("unendorsed proposal response: status %d must be endorsed", resp.GetStatus())
	}
	prp, err := ProposalResponsePayloadBytes(up, results, event, resp, ccid)
	if err != nil {
		return nil, fmt.Errorf("unendorsed proposal response: %w", err)
	}
	return &peer.ProposalResponse{Response: resp, Payload: prp}, nil
}

// ErrorProposalResponse is the response for a pre-check or execution failure.
func ErrorProposalResponse(status int32, format string, args ...any) *peer.ProposalResponse {
	return &peer.ProposalResponse{Response: &peer.Response{Status: status, Message: fmt.Sprintf(format, args...)}}
}

// EndorsementSignedData is what an endorsement signs: prp ‖ endorser (§4.4).
func EndorsementSignedData(prp []byte, e *peer.Endorsement) *SignedData {
	return &SignedData{
		Data:      concat(prp, e.GetEndorser()),
		Identity:  e.GetEndorser(),
		Signature: e.GetSignature(),
	}
}

// concat returns a fresh a ‖ b ‖ ... with one allocation.
func concat(parts ...[]byte) []byte {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	out := make([]byte, 0, n)
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}
