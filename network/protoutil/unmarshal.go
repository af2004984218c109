package protoutil

import (
	"fmt"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset"
	"github.com/hyperledger/fabric-protos-go-apiv2/msp"
	"github.com/hyperledger/fabric-protos-go-apiv2/orderer"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/protobuf/proto"
)

// unmarshal decodes b into a fresh M, naming the message in the error so that
// a failure deep inside nested bytes says which layer broke.
func unmarshal[M proto.Message](b []byte, m M, what string) (M, error) {
	if err := proto.Unmarshal(b, m); err != nil {
		var zero M
		return zero, fmt.Errorf("unmarshal %s: %w", what, err)
	}
	return m, nil
}

// UnmarshalEnvelope decodes a common.Envelope (e.g. one block data entry).
func UnmarshalEnvelope(b []byte) (*common.Envelope, error) {
	return unmarshal(b, &common.Envelope{}, "Envelope")
}

// UnmarshalPayload decodes env.Payload. It refuses a nil envelope.
func UnmarshalPayload(env *common.Envelope) (*common.Payload, error) {
	if env == nil {
		return nil, fmt.Errorf("unmarshal Payload: nil envelope")
	}
	return unmarshal(env.GetPayload(), &common.Payload{}, "Payload")
}

// UnmarshalPayloadBytes decodes marshalled common.Payload bytes.
func UnmarshalPayloadBytes(b []byte) (*common.Payload, error) {
	return unmarshal(b, &common.Payload{}, "Payload")
}

// UnmarshalHeader decodes a common.Header.
func UnmarshalHeader(b []byte) (*common.Header, error) {
	return unmarshal(b, &common.Header{}, "Header")
}

// UnmarshalChannelHeader decodes a common.ChannelHeader.
func UnmarshalChannelHeader(b []byte) (*common.ChannelHeader, error) {
	return unmarshal(b, &common.ChannelHeader{}, "ChannelHeader")
}

// UnmarshalSignatureHeader decodes a common.SignatureHeader.
func UnmarshalSignatureHeader(b []byte) (*common.SignatureHeader, error) {
	return unmarshal(b, &common.SignatureHeader{}, "SignatureHeader")
}

// UnmarshalSerializedIdentity decodes an msp.SerializedIdentity.
func UnmarshalSerializedIdentity(b []byte) (*msp.SerializedIdentity, error) {
	return unmarshal(b, &msp.SerializedIdentity{}, "SerializedIdentity")
}

// UnmarshalProposal decodes a peer.Proposal.
func UnmarshalProposal(b []byte) (*peer.Proposal, error) {
	return unmarshal(b, &peer.Proposal{}, "Proposal")
}

// UnmarshalChaincodeHeaderExtension decodes ChannelHeader.extension of an
// endorser transaction.
func UnmarshalChaincodeHeaderExtension(b []byte) (*peer.ChaincodeHeaderExtension, error) {
	return unmarshal(b, &peer.ChaincodeHeaderExtension{}, "ChaincodeHeaderExtension")
}

// UnmarshalChaincodeProposalPayload decodes a peer.ChaincodeProposalPayload.
func UnmarshalChaincodeProposalPayload(b []byte) (*peer.ChaincodeProposalPayload, error) {
	return unmarshal(b, &peer.ChaincodeProposalPayload{}, "ChaincodeProposalPayload")
}

// UnmarshalChaincodeInvocationSpec decodes a peer.ChaincodeInvocationSpec.
func UnmarshalChaincodeInvocationSpec(b []byte) (*peer.ChaincodeInvocationSpec, error) {
	return unmarshal(b, &peer.ChaincodeInvocationSpec{}, "ChaincodeInvocationSpec")
}

// UnmarshalTransaction decodes a peer.Transaction (Payload.data of an
// endorser transaction).
func UnmarshalTransaction(b []byte) (*peer.Transaction, error) {
	return unmarshal(b, &peer.Transaction{}, "Transaction")
}

// UnmarshalChaincodeActionPayload decodes TransactionAction.payload.
func UnmarshalChaincodeActionPayload(b []byte) (*peer.ChaincodeActionPayload, error) {
	return unmarshal(b, &peer.ChaincodeActionPayload{}, "ChaincodeActionPayload")
}

// UnmarshalProposalResponsePayload decodes a peer.ProposalResponsePayload.
func UnmarshalProposalResponsePayload(b []byte) (*peer.ProposalResponsePayload, error) {
	return unmarshal(b, &peer.ProposalResponsePayload{}, "ProposalResponsePayload")
}

// UnmarshalProposalResponse decodes a peer.ProposalResponse.
func UnmarshalProposalResponse(b []byte) (*peer.ProposalResponse, error) {
	return unmarshal(b, &peer.ProposalResponse{}, "ProposalResponse")
}

// UnmarshalChaincodeAction decodes ProposalResponsePayload.extension.
func UnmarshalChaincodeAction(b []byte) (*peer.ChaincodeAction, error) {
	return unmarshal(b, &peer.ChaincodeAction{}, "ChaincodeAction")
}

// UnmarshalChaincodeEvent decodes ChaincodeAction.events.
func UnmarshalChaincodeEvent(b []byte) (*peer.ChaincodeEvent, error) {
	return unmarshal(b, &peer.ChaincodeEvent{}, "ChaincodeEvent")
}

// UnmarshalTxReadWriteSet decodes ChaincodeAction.results.
func UnmarshalTxReadWriteSet(b []byte) (*rwset.TxReadWriteSet, error) {
	return unmarshal(b, &rwset.TxReadWriteSet{}, "TxReadWriteSet")
}

// UnmarshalBlock decodes a common.Block.
func UnmarshalBlock(b []byte) (*common.Block, error) {
	return unmarshal(b, &common.Block{}, "Block")
}

// UnmarshalMetadata decodes a common.Metadata (one block metadata entry).
func UnmarshalMetadata(b []byte) (*common.Metadata, error) {
	return unmarshal(b, &common.Metadata{}, "Metadata")
}

// UnmarshalOrdererBlockMetadata decodes SIGNATURES Metadata.value.
func UnmarshalOrdererBlockMetadata(b []byte) (*common.OrdererBlockMetadata, error) {
	return unmarshal(b, &common.OrdererBlockMetadata{}, "OrdererBlockMetadata")
}

// UnmarshalConfigEnvelope decodes Payload.data of a CONFIG transaction.
func UnmarshalConfigEnvelope(b []byte) (*common.ConfigEnvelope, error) {
	return unmarshal(b, &common.ConfigEnvelope{}, "ConfigEnvelope")
}

// UnmarshalConfigUpdateEnvelope decodes Payload.data of a CONFIG_UPDATE.
func UnmarshalConfigUpdateEnvelope(b []byte) (*common.ConfigUpdateEnvelope, error) {
	return unmarshal(b, &common.ConfigUpdateEnvelope{}, "ConfigUpdateEnvelope")
}

// UnmarshalConfigUpdate decodes ConfigUpdateEnvelope.config_update.
func UnmarshalConfigUpdate(b []byte) (*common.ConfigUpdate, error) {
	return unmarshal(b, &common.ConfigUpdate{}, "ConfigUpdate")
}

// UnmarshalSeekInfo decodes Payload.data of a DELIVER_SEEK_INFO request.
func UnmarshalSeekInfo(b []byte) (*orderer.SeekInfo, error) {
	return unmarshal(b, &orderer.SeekInfo{}, "SeekInfo")
}

// Marshal is proto.Marshal with the message type named in the error.
func Marshal(m proto.Message) ([]byte, error) {
	b, err := proto.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("marshal %T: %w", m, err)
	}
	return b, nil
}

// MarshalOrPanic is for messages built in this process from well-formed
// parts, where a marshal failure is a programming error.
func MarshalOrPanic(m proto.Message) []byte {
	b, err := Marshal(m)
	if err != nil {
		panic(err)
	}
	return b
}
