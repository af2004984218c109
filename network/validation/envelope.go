package validation

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset/kvrwset"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/protoutil"
)

// tx is one transaction as it moves through validation. Phase one (parallel)
// fills everything up to code; phase two (sequential) may still change code.
type tx struct {
	idx  int
	code peer.TxValidationCode
	why  string // human-readable reason for a non-VALID code, for logs

	env     *common.Envelope
	chdr    *common.ChannelHeader
	shdr    *common.SignatureHeader
	typ     common.HeaderType
	txid    string
	config  *common.ConfigEnvelope
	ccName  string
	event   *peer.ChaincodeEvent
	prp     []byte
	prpMsg  *peer.ProposalResponsePayload
	endorse []*peer.Endorsement
	rws     []*nsRWSet

	// checkedKeys are the written keys whose key-level policy was looked up
	// in committed state: an earlier valid tx of the block that updated their
	// metadata invalidates this one.
	checkedKeys []keyID
	// sigs are the endorsements, verified in prepareTx.
	sigs *endorsementSet
	// dispatchCode is a dispatcher parse failure found in prepareTx and
	// applied in stateTx, after the ledger duplicate check (Fabric's order).
	dispatchCode peer.TxValidationCode
	dispatchWhy  string
	// writesetErr is a write-set problem found in phase one, applied in phase
	// two after the endorsement-policy outcome is final (Fabric's order).
	writesetErr string
}

func (t *tx) fail(code peer.TxValidationCode, format string, args ...any) {
	t.code = code
	t.why = fmt.Sprintf(format, args...)
}

func (t *tx) valid() bool { return t.code == peer.TxValidationCode_VALID }

// keyID names a written key: coll is empty for public keys; key holds the raw
// key hash for collection keys.
type keyID struct {
	ns, coll, key string
}

type nsRWSet struct {
	ns    string
	kv    *kvrwset.KVRWSet
	colls []*collRWSet
}

type collRWSet struct {
	name    string
	hashed  *kvrwset.HashedRWSet
	pvtHash []byte
}

func (n *nsRWSet) writes() bool {
	if len(n.kv.GetWrites()) > 0 || len(n.kv.GetMetadataWrites()) > 0 {
		return true
	}
	for _, c := range n.colls {
		if len(c.hashed.GetHashedWrites()) > 0 || len(c.hashed.GetMetadataWrites()) > 0 {
			return true
		}
	}
	return false
}

// parseEnvelope runs the envelope checks of fabric-wire.md §4.2 steps 1–6 and
// the channel check. It leaves t.code VALID when the transaction may proceed
// to the ledger-duplicate and dispatch checks. Errors are block-level failures.
func (bc *blockCtx) parseEnvelope(t *tx, data []byte) error {
	if data == nil {
		t.fail(peer.TxValidationCode_NIL_ENVELOPE, "nil envelope")
		return nil
	}
	env := &common.Envelope{}
	if err := proto.Unmarshal(data, env); err != nil {
		t.fail(peer.TxValidationCode_INVALID_OTHER_REASON, "envelope: %v", err)
		return nil
	}
	t.env = env
	payload := &common.Payload{}
	if err := proto.Unmarshal(env.Payload, payload); err != nil {
		t.fail(peer.TxValidationCode_BAD_PAYLOAD, "payload: %v", err)
		return nil
	}
	if !bc.checkHeader(t, payload.Header) {
		return nil
	}
	if !bc.checkCreator(t, env) {
		return nil
	}
	switch t.typ {
	case common.HeaderType_ENDORSER_TRANSACTION:
		if got := protoutil.ComputeTxID(t.shdr.Nonce, t.shdr.Creator); got != t.chdr.TxId {
			t.fail(peer.TxValidationCode_BAD_PROPOSAL_TXID, "txid %q is not SHA-256(nonce‖creator) %s", t.chdr.TxId, got)
			return nil
		}
		if !t.parseEndorserTx(payload) {
			return nil
		}
	case common.HeaderType_CONFIG:
	default:
		t.fail(peer.TxValidationCode_UNSUPPORTED_TX_PAYLOAD, "header type %v is not allowed in a block", t.typ)
		return nil
	}
	if bc.d.ChannelID != "" && t.chdr.ChannelId != bc.d.ChannelID {
		t.fail(peer.TxValidationCode_TARGET_CHAIN_NOT_FOUND, "tx names channel %q, block is for %q", t.chdr.ChannelId, bc.d.ChannelID)
		return nil
	}
	if t.typ == common.HeaderType_CONFIG {
		cfg := &common.ConfigEnvelope{}
		if err := proto.Unmarshal(payload.Data, cfg); err != nil || cfg.Config == nil {
			// Fabric halts the channel on a config envelope it cannot read:
			// the orderer produced it, so no later block can be trusted.
			return fmt.Errorf("tx %d: unreadable config envelope: %v", t.idx, errOrNil(err, "no config"))
		}
		t.config = cfg
	}
	return nil
}

func errOrNil(err error, msg string) error {
	if err != nil {
		return err
	}
	return errors.New(msg)
}

// checkHeader is §4.2 step 3.
func (bc *blockCtx) checkHeader(t *tx, h *common.Header) bool {
	if h == nil {
		t.fail(peer.TxValidationCode_BAD_COMMON_HEADER, "payload has no header")
		return false
	}
	chdr := &common.ChannelHeader{}
	if err := proto.Unmarshal(h.ChannelHeader, chdr); err != nil {
		t.fail(peer.TxValidationCode_BAD_COMMON_HEADER, "channel header: %v", err)
		return false
	}
	shdr := &common.SignatureHeader{}
	if err := proto.Unmarshal(h.SignatureHeader, shdr); err != nil {
		t.fail(peer.TxValidationCode_BAD_COMMON_HEADER, "signature header: %v", err)
		return false
	}
	t.chdr, t.shdr, t.txid, t.typ = chdr, shdr, chdr.TxId, common.HeaderType(chdr.Type)
	switch t.typ {
	case common.HeaderType_ENDORSER_TRANSACTION, common.HeaderType_CONFIG, common.HeaderType_CONFIG_UPDATE:
	default:
		t.fail(peer.TxValidationCode_BAD_COMMON_HEADER, "header type %d is not a transaction type", chdr.Type)
		return false
	}
	if chdr.Epoch != 0 {
		t.fail(peer.TxValidationCode_BAD_COMMON_HEADER, "epoch %d, want 0", chdr.Epoch)
		return false
	}
	if len(shdr.Nonce) == 0 || len(shdr.Creator) == 0 {
		t.fail(peer.TxValidationCode_BAD_COMMON_HEADER, "signature header lacks nonce or creator")
		return false
	}
	return true
}

// checkCreator is §4.2 step 4: the creator is a valid member of a channel
// MSP and signed the payload bytes exactly as received.
func (bc *blockCtx) checkCreator(t *tx, env *common.Envelope) bool {
	id, err := bc.ids.validated(t.shdr.Creator)
	if err != nil {
		t.fail(peer.TxValidationCode_BAD_CREATOR_SIGNATURE, "creator: %v", err)
		return false
	}
	if err := id.Verify(env.Payload, env.Signature); err != nil {
		t.fail(peer.TxValidationCode_BAD_CREATOR_SIGNATURE, "creator signature: %v", err)
		return false
	}
	return true
}

// parseEndorserTx is §4.2 step 5 (INVALID_ENDORSER_TRANSACTION).
func (t *tx) parseEndorserTx(payload *common.Payload) bool {
	const bad = peer.TxValidationCode_INVALID_ENDORSER_TRANSACTION
	tr := &peer.Transaction{}
	if err := proto.Unmarshal(payload.Data, tr); err != nil {
		t.fail(bad, "transaction: %v", err)
		return false
	}
	if len(tr.Actions) != 1 || tr.Actions[0] == nil {
		t.fail(bad, "transaction has %d actions, want exactly 1", len(tr.Actions))
		return false
	}
	act := tr.Actions[0]
	ashdr := &common.SignatureHeader{}
	if err := proto.Unmarshal(act.Header, ashdr); err != nil {
		t.fail(bad, "action signature header: %v", err)
		return false
	}
	if len(ashdr.Nonce) == 0 || len(ashdr.Creator) == 0 {
		t.fail(bad, "action signature header lacks nonce or creator")
		return false
	}
	ccap := &peer.ChaincodeActionPayload{}
	if err := proto.Unmarshal(act.Payload, ccap); err != nil {
		t.fail(bad, "chaincode action payload: %v", err)
		return false
	}
	if ccap.Action == nil {
		t.fail(bad, "chaincode action payload has no endorsed action")
		return false
	}
	prp := &peer.ProposalResponsePayload{}
	if err := proto.Unmarshal(ccap.Action.ProposalResponsePayload, prp); err != nil {
		t.fail(bad, "proposal response payload: %v", err)
		return false
	}
	// §2.2: the endorsers signed a hash of the original proposal header and
	// transient-free payload; the tx must carry exactly those bytes.
	h := sha256.New()
	h.Write(payload.Header.ChannelHeader)
	h.Write(act.Header)
	h.Write(ccap.ChaincodeProposalPayload)
	if !bytes.Equal(h.Sum(nil), prp.ProposalHash) {
		t.fail(bad, "proposal hash does not match the transaction's header and payload")
		return false
	}
	t.prp = ccap.Action.ProposalResponsePayload
	t.endorse = ccap.Action.Endorsements
	t.prpMsg = prp
	return true
}

// parseDispatch is the parsing half of the dispatcher (§4.3), which Fabric
// runs after the channel and ledger-duplicate checks.
func (t *tx) parseDispatch() bool {
	prp := t.prpMsg
	ext := &peer.ChaincodeHeaderExtension{}
	if err := proto.Unmarshal(t.chdr.Extension, ext); err != nil {
		t.fail(peer.TxValidationCode_BAD_HEADER_EXTENSION, "header extension: %v", err)
		return false
	}
	ca := &peer.ChaincodeAction{}
	if err := proto.Unmarshal(prp.Extension, ca); err != nil {
		t.fail(peer.TxValidationCode_BAD_RESPONSE_PAYLOAD, "chaincode action: %v", err)
		return false
	}
	rws, err := parseRWSet(ca.Results)
	if err != nil {
		t.fail(peer.TxValidationCode_BAD_RWSET, "%v", err)
		return false
	}
	t.rws = rws
	if ext.ChaincodeId == nil || ca.ChaincodeId == nil {
		t.fail(peer.TxValidationCode_INVALID_OTHER_REASON, "nil chaincode id in header extension or chaincode action")
		return false
	}
	name := ext.ChaincodeId.Name
	switch {
	case name == "":
		t.fail(peer.TxValidationCode_INVALID_CHAINCODE, "empty chaincode name")
		return false
	case name != ca.ChaincodeId.Name:
		t.fail(peer.TxValidationCode_INVALID_CHAINCODE, "chaincode action names %q, header names %q", ca.ChaincodeId.Name, name)
		return false
	case ca.ChaincodeId.Version == "":
		t.fail(peer.TxValidationCode_INVALID_CHAINCODE, "empty chaincode version")
		return false
	}
	t.ccName = name
	if len(ca.Events) > 0 {
		ev := &peer.ChaincodeEvent{}
		if err := proto.Unmarshal(ca.Events, ev); err != nil {
			t.fail(peer.TxValidationCode_INVALID_OTHER_REASON, "chaincode event: %v", err)
			return false
		}
		if ev.ChaincodeId != name {
			t.fail(peer.TxValidationCode_INVALID_OTHER_REASON, "event names chaincode %q, tx invoked %q", ev.ChaincodeId, name)
			return false
		}
		t.event = ev
	}
	seen := make(map[string]struct{}, len(rws))
	for _, n := range rws {
		if _, dup := seen[n.ns]; dup {
			t.fail(peer.TxValidationCode_ILLEGAL_WRITESET, "namespace %q appears twice in the rwset", n.ns)
			return false
		}
		seen[n.ns] = struct{}{}
	}
	return true
}

// parseRWSet unmarshals a TxReadWriteSet and every nested set.
func parseRWSet(b []byte) ([]*nsRWSet, error) {
	txrw := &rwset.TxReadWriteSet{}
	if err := proto.Unmarshal(b, txrw); err != nil {
		return nil, fmt.Errorf("rwset: %v", err)
	}
	out := make([]*nsRWSet, 0, len(txrw.NsRwset))
	for _, n := range txrw.NsRwset {
		if n == nil {
			return nil, errors.New("rwset: nil namespace set")
		}
		kv := &kvrwset.KVRWSet{}
		if err := proto.Unmarshal(n.Rwset, kv); err != nil {
			return nil, fmt.Errorf("rwset of namespace %q: %v", n.Namespace, err)
		}
		ns := &nsRWSet{ns: n.Namespace, kv: kv}
		for _, c := range n.CollectionHashedRwset {
			if c == nil {
				return nil, fmt.Errorf("rwset of namespace %q: nil collection set", n.Namespace)
			}
			h := &kvrwset.HashedRWSet{}
			if err := proto.Unmarshal(c.HashedRwset, h); err != nil {
				return nil, fmt.Errorf("hashed rwset of %s/%s: %v", n.Namespace, c.CollectionName, err)
			}
			ns.colls = append(ns.colls, &collRWSet{name: c.CollectionName, hashed: h, pvtHash: c.PvtRwsetHash})
		}
		out = append(out, ns)
	}
	return out, nil
}
