package protoutil

import (
	"fmt"
	"regexp"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// MetadataCount is the length of Block.metadata.metadata (§4.8).
const MetadataCount = 5

// NewBlock returns block number with the given previous hash and data, its
// data hash set, and an empty metadata array of MetadataCount entries.
func NewBlock(number uint64, previousHash []byte, data [][]byte) *common.Block {
	bd := &common.BlockData{Data: data}
	return &common.Block{
		Header:   &common.BlockHeader{Number: number, PreviousHash: previousHash, DataHash: BlockDataHash(bd)},
		Data:     bd,
		Metadata: &common.BlockMetadata{Metadata: make([][]byte, MetadataCount)},
	}
}

// ensureMetadata grows b's metadata to MetadataCount entries.
func ensureMetadata(b *common.Block) {
	if b.Metadata == nil {
		b.Metadata = &common.BlockMetadata{}
	}
	for len(b.Metadata.Metadata) < MetadataCount {
		b.Metadata.Metadata = append(b.Metadata.Metadata, nil)
	}
}

// VerifyDataHash reports ErrBadDataHash unless header.data_hash matches data.
func VerifyDataHash(b *common.Block) error {
	if b.GetHeader() == nil {
		return fmt.Errorf("block has no header: %w", ErrMissingField)
	}
	if !sameBytes(b.GetHeader().GetDataHash(), BlockDataHash(b.GetData())) {
		return fmt.Errorf("block %d: %w", b.GetHeader().GetNumber(), ErrBadDataHash)
	}
	return nil
}

// SignBlock writes the orderer's SIGNATURES metadata (OrdererBlockMetadata
// with last_config and consenter metadata, one signature over value ‖
// signature_header ‖ BlockHeaderBytes) and the legacy LAST_CONFIG entry
// (§4.8). It refuses a block whose data hash does not match its data, since
// the signature would vouch for the wrong content.
func SignBlock(b *common.Block, s Signer, lastConfig uint64, consenterMetadata []byte) error {
	if b == nil || s == nil {
		return fmt.Errorf("sign block: nil block or signer: %w", ErrMissingField)
	}
	if err := VerifyDataHash(b); err != nil {
		return fmt.Errorf("sign block: %w", err)
	}
	cm, err := Marshal(&common.Metadata{Value: consenterMetadata})
	if err != nil {
		return err
	}
	value, err := Marshal(&common.OrdererBlockMetadata{LastConfig: &common.LastConfig{Index: lastConfig}, ConsenterMetadata: cm})
	if err != nil {
		return err
	}
	nonce, err := NewNonce()
	if err != nil {
		return err
	}
	shdr, err := Marshal(&common.SignatureHeader{Creator: s.Serialize(), Nonce: nonce})
	if err != nil {
		return err
	}
	sig, err := s.Sign(concat(value, shdr, BlockHeaderBytes(b.Header)))
	if err != nil {
		return fmt.Errorf("sign block %d: %w", b.Header.GetNumber(), err)
	}
	sigs, err := Marshal(&common.Metadata{Value: value, Signatures: []*common.MetadataSignature{{SignatureHeader: shdr, Signature: sig}}})
	if err != nil {
		return err
	}
	lc, err := Marshal(&common.Metadata{Value: MarshalOrPanic(&common.LastConfig{Index: lastConfig})})
	if err != nil {
		return err
	}
	ensureMetadata(b)
	b.Metadata.Metadata[common.BlockMetadataIndex_SIGNATURES] = sigs
	b.Metadata.Metadata[common.BlockMetadataIndex_LAST_CONFIG] = lc
	return nil
}

// BlockSignatureSet is what the BlockValidation policy evaluates (§4.9): one
// SignedData{value ‖ signature_header ‖ BlockHeaderBytes, creator, signature}
// per metadata signature. A block without signatures yields an empty set
// (which no signature policy accepts).
func BlockSignatureSet(b *common.Block) ([]*SignedData, error) {
	if b.GetHeader() == nil {
		return nil, fmt.Errorf("block signatures: block has no header: %w", ErrMissingField)
	}
	md := b.GetMetadata().GetMetadata()
	if len(md) <= int(common.BlockMetadataIndex_SIGNATURES) {
		return nil, fmt.Errorf("block %d signatures: no metadata: %w", b.Header.GetNumber(), ErrMissingField)
	}
	m, err := UnmarshalMetadata(md[common.BlockMetadataIndex_SIGNATURES])
	if err != nil {
		return nil, fmt.Errorf("block %d signatures: %w", b.Header.GetNumber(), err)
	}
	hdr := BlockHeaderBytes(b.Header)
	out := make([]*SignedData, 0, len(m.GetSignatures()))
	for i, ms := range m.GetSignatures() {
		shdr, err := UnmarshalSignatureHeader(ms.GetSignatureHeader())
		if err != nil {
			return nil, fmt.Errorf("block %d signature %d: %w", b.Header.GetNumber(), i, err)
		}
		out = append(out, &SignedData{
			Data:      concat(m.GetValue(), ms.GetSignatureHeader(), hdr),
			Identity:  shdr.GetCreator(),
			Signature: ms.GetSignature(),
		})
	}
	return out, nil
}

// TxValidationFlags returns the TRANSACTIONS_FILTER metadata: one
// peer.TxValidationCode byte per transaction, or nil if not yet written. The
// slice is the block's own; copy before modifying.
func TxValidationFlags(b *common.Block) []byte {
	md := b.GetMetadata().GetMetadata()
	if len(md) <= int(common.BlockMetadataIndex_TRANSACTIONS_FILTER) {
		return nil
	}
	return md[common.BlockMetadataIndex_TRANSACTIONS_FILTER]
}

// SetTxValidationFlags stores a copy of flags as TRANSACTIONS_FILTER.
func SetTxValidationFlags(b *common.Block, flags []byte) {
	ensureMetadata(b)
	b.Metadata.Metadata[common.BlockMetadataIndex_TRANSACTIONS_FILTER] = append([]byte(nil), flags...)
}

// channelIDPattern is Fabric's channel name rule: lowercase letter first,
// then lowercase letters, digits, '.', '-'; under 250 characters.
var channelIDPattern = regexp.MustCompile(`^[a-z][a-z0-9.-]*$`)

// ValidateChannelID reports why id is not an acceptable channel name.
func ValidateChannelID(id string) error {
	if len(id) == 0 || len(id) >= 250 {
		return fmt.Errorf("channel id %q: length must be 1..249", id)
	}
	if !channelIDPattern.MatchString(id) {
		return fmt.Errorf("channel id %q: must match %s", id, channelIDPattern)
	}
	return nil
}

// GenesisBlock builds block 0 of a channel (§4.8): a single unsigned CONFIG
// envelope with ConfigEnvelope{config}, LAST_CONFIG 0 and SIGNATURES.value =
// OrdererBlockMetadata{last_config 0}. It is not orderer-signed.
func GenesisBlock(channel string, cfg *common.Config) (*common.Block, error) {
	if err := ValidateChannelID(channel); err != nil {
		return nil, fmt.Errorf("genesis block: %w", err)
	}
	if cfg.GetChannelGroup() == nil {
		return nil, fmt.Errorf("genesis block: config has no channel group: %w", ErrMissingField)
	}
	nonce, err := NewNonce()
	if err != nil {
		return nil, err
	}
	chb, err := Marshal(&common.ChannelHeader{
		Type:      int32(common.HeaderType_CONFIG),
		ChannelId: channel,
		TxId:      ComputeTxID(nonce, nil),
		Timestamp: &timestamppb.Timestamp{Seconds: timestamppb.Now().GetSeconds()},
	})
	if err != nil {
		return nil, err
	}
	shb, err := Marshal(&common.SignatureHeader{Nonce: nonce})
	if err != nil {
		return nil, err
	}
	data, err := Marshal(&common.ConfigEnvelope{Config: cfg})
	if err != nil {
		return nil, err
	}
	payload, err := Marshal(&common.Payload{Header: &common.Header{ChannelHeader: chb, SignatureHeader: shb}, Data: data})
	if err != nil {
		return nil, err
	}
	env, err := Marshal(&common.Envelope{Payload: payload})
	if err != nil {
		return nil, err
	}
	b := NewBlock(0, nil, [][]byte{env})
	obm, err := Marshal(&common.OrdererBlockMetadata{LastConfig: &common.LastConfig{Index: 0}})
	if err != nil {
		return nil, err
	}
	b.Metadata.Metadata[common.BlockMetadataIndex_SIGNATURES] = MarshalOrPanic(&common.Metadata{Value: obm})
	b.Metadata.Metadata[common.BlockMetadataIndex_LAST_CONFIG] = MarshalOrPanic(&common.Metadata{Value: MarshalOrPanic(&common.LastConfig{Index: 0})})
	return b, nil
}

// ExtractEnvelope decodes data entry i of b.
func ExtractEnvelope(b *common.Block, i int) (*common.Envelope, error) {
	d := b.GetData().GetData()
	if i < 0 || i >= len(d) {
		return nil, fmt.Errorf("envelope index %d out of range: block has %d", i, len(d))
	}
	env, err := UnmarshalEnvelope(d[i])
	if err != nil {
		return nil, fmt.Errorf("block envelope %d: %w", i, err)
	}
	return env, nil
}

// ChannelID is the channel of the block's first envelope.
func ChannelID(b *common.Block) (string, error) {
	ch, err := firstChannelHeader(b)
	if err != nil {
		return "", fmt.Errorf("block channel id: %w", err)
	}
	return ch.GetChannelId(), nil
}

func firstChannelHeader(b *common.Block) (*common.ChannelHeader, error) {
	env, err := ExtractEnvelope(b, 0)
	if err != nil {
		return nil, err
	}
	payload, err := UnmarshalPayload(env)
	if err != nil {
		return nil, err
	}
	if payload.GetHeader() == nil {
		return nil, fmt.Errorf("first envelope has no header: %w", ErrMissingField)
	}
	return UnmarshalChannelHeader(payload.GetHeader().GetChannelHeader())
}

// IsConfigBlock reports whether b holds a single CONFIG envelope.
func IsConfigBlock(b *common.Block) bool {
	if len(b.GetData().GetData()) != 1 {
		return false
	}
	ch, err := firstChannelHeader(b)
	return err == nil && common.HeaderType(ch.GetType()) == common.HeaderType_CONFIG
}

// ConfigFromBlock returns the Config carried by a config block.
func ConfigFromBlock(b *common.Block) (*common.Config, error) {
	if !IsConfigBlock(b) {
		return nil, fmt.Errorf("block %d is not a config block", b.GetHeader().GetNumber())
	}
	env, _ := ExtractEnvelope(b, 0)
	payload, err := UnmarshalPayload(env)
	if err != nil {
		return nil, err
	}
	ce, err := UnmarshalConfigEnvelope(payload.GetData())
	if err != nil {
		return nil, err
	}
	if ce.GetConfig().GetChannelGroup() == nil {
		return nil, fmt.Errorf("config block %d: config has no channel group: %w", b.GetHeader().GetNumber(), ErrMissingField)
	}
	return ce.GetConfig(), nil
}

// LastConfigIndex is the number of the latest config block as of b. Like
// Fabric, it prefers OrdererBlockMetadata in SIGNATURES and falls back to
// the deprecated LAST_CONFIG entry when SIGNATURES.value is empty.
func LastConfigIndex(b *common.Block) (uint64, error) {
	md := b.GetMetadata().GetMetadata()
	if len(md) > int(common.BlockMetadataIndex_SIGNATURES) {
		m, err := UnmarshalMetadata(md[common.BlockMetadataIndex_SIGNATURES])
		if err != nil {
			return 0, fmt.Errorf("last config: %w", err)
		}
		if len(m.GetValue()) > 0 {
			obm, err := UnmarshalOrdererBlockMetadata(m.GetValue())
			if err != nil {
				return 0, fmt.Errorf("last config: %w", err)
			}
			return obm.GetLastConfig().GetIndex(), nil
		}
	}
	if len(md) <= int(common.BlockMetadataIndex_LAST_CONFIG) {
		return 0, fmt.Errorf("last config: block has no LAST_CONFIG metadata: %w", ErrMissingField)
	}
	m, err := UnmarshalMetadata(md[common.BlockMetadataIndex_LAST_CONFIG])
	if err != nil {
		return 0, fmt.Errorf("last config: %w", err)
	}
	if len(m.GetValue()) == 0 {
		return 0, fmt.Errorf("last config: empty LAST_CONFIG metadata: %w", ErrMissingField)
	}
	lc, err := unmarshal(m.GetValue(), &common.LastConfig{}, "LastConfig")
	if err != nil {
		return 0, fmt.Errorf("last config: %w", err)
	}
	return lc.GetIndex(), nil
}

// VerifyTransactionsWellFormed applies the per-envelope part of the block
// acceptance checks (§4.9): every data entry must be a canonically encoded
// Envelope, and every non-config envelope must have a payload and signature.
func VerifyTransactionsWellFormed(b *common.Block) error {
	d := b.GetData().GetData()
	if len(d) == 0 {
		return fmt.Errorf("block has no transactions: %w", ErrMissingField)
	}
	config := IsConfigBlock(b)
	for i, raw := range d {
		if !IsCanonicalEnvelope(raw) {
			return fmt.Errorf("transaction %d is not a canonically encoded envelope", i)
		}
		if config {
			continue // the genesis/config envelope is legitimately unsigned
		}
		env, _ := UnmarshalEnvelope(raw)
		if len(env.GetPayload()) == 0 || len(env.GetSignature()) == 0 {
			return fmt.Errorf("transaction %d has empty payload or signature: %w", i, ErrMissingField)
		}
	}
	return nil
}
