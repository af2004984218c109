package validation

import (
	"errors"
	"fmt"

	"github.com/hyperledger/fabric-protos-go-apiv2/peer"

	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/protoutil"
)

// validationParameterKey is the metadata entry holding a key-level
// (state-based) endorsement policy.
var validationParameterKey = peer.MetaDataKeys_VALIDATION_PARAMETER.String()

// checkEndorsements is the policy half of the dispatcher (§4.3) and the
// builtin v2.0 validation plugin (§4.4). It validates the invoked chaincode
// and every namespace the transaction writes to, in Fabric's order.
func (bc *blockCtx) checkEndorsements(t *tx) error {
	namespaces := []*nsRWSet{nil} // the invoked chaincode first, even if read-only
	for _, n := range t.rws {
		if n.ns == t.ccName {
			namespaces[0] = n
		} else if n.writes() {
			namespaces = append(namespaces, n)
		}
	}
	sigs := t.sigs
	if sigs == nil {
		sigs = bc.signatureSet(t)
	}
	for i, n := range namespaces {
		ns := t.ccName
		if i > 0 {
			ns = n.ns
		}
		def, err := bc.definition(ns)
		if errors.Is(err, ErrChaincodeUndefined) {
			t.fail(peer.TxValidationCode_INVALID_CHAINCODE, "namespace %q: %v", ns, err)
			return nil
		}
		if err != nil {
			return fmt.Errorf("tx %d: chaincode definition of %q: %w", t.idx, ns, err)
		}
		if err := bc.checkNamespace(t, ns, n, def, sigs); err != nil || !t.valid() {
			return err
		}
	}
	return nil
}

// endorsementSet is a transaction's endorsements prepared for policy
// evaluation: SignedData of each (data = prp ‖ endorser, §2.4), with repeats
// of one identity dropped so that one endorser never counts twice (§4.5).
// Signatures are verified once per transaction, however many policies are
// evaluated, for policies that accept pre-verified identities.
type endorsementSet struct {
	own      EndorsementRecognizer // may be nil
	prp      []byte
	sigs     []*protoutil.SignedData
	ids      []msp.Identity // ids[i] signed sigs[i]; not yet verified
	verified []msp.Identity
	done     bool
}

// identityEvaluator is implemented by network/policy's compiled policies.
type identityEvaluator interface {
	EvaluateIdentities(ids []msp.Identity) error
}

func (bc *blockCtx) signatureSet(t *tx) *endorsementSet {
	es := &endorsementSet{
		own:  bc.d.OwnEndorsements,
		prp:  t.prp,
		sigs: make([]*protoutil.SignedData, 0, len(t.endorse)),
		ids:  make([]msp.Identity, 0, len(t.endorse)),
	}
	seen := make(map[string]struct{}, len(t.endorse))
	for _, e := range t.endorse {
		if e == nil {
			continue
		}
		id, err := bc.ids.deserialized(e.Endorser)
		if err != nil {
			continue // Fabric drops identities it cannot deserialize
		}
		k := id.MSPID() + "\x00" + id.ID()
		if _, dup := seen[k]; dup {
			continue
		}
		seen[k] = struct{}{}
		data := make([]byte, 0, len(t.prp)+len(e.Endorser))
		data = append(append(data, t.prp...), e.Endorser...)
		es.sigs = append(es.sigs, &protoutil.SignedData{Data: data, Identity: e.Endorser, Signature: e.Signature})
		es.ids = append(es.ids, id)
	}
	return es
}

// verify checks every signature once, keeping the identities whose
// signature holds (Fabric drops the others, §4.5). An endorsement this peer
// signed itself, recognised exactly, needs no second check.
func (es *endorsementSet) verify() {
	if es.done {
		return
	}
	es.done = true
	es.verified = make([]msp.Identity, 0, len(es.ids))
	for i, id := range es.ids {
		sd := es.sigs[i]
		if es.own != nil && es.own.Endorsed(sd.Identity, es.prp, sd.Signature) {
			es.verified = append(es.verified, id)
			continue
		}
		if id.Verify(sd.Data, sd.Signature) == nil {
			es.verified = append(es.verified, id)
		}
	}
}

func (es *endorsementSet) evaluate(p Policy) error {
	ie, ok := p.(identityEvaluator)
	if !ok {
		return p.EvaluateSignedData(es.sigs)
	}
	es.verify()
	return ie.EvaluateIdentities(es.verified)
}

// nsCheck tracks which policies one namespace validation already evaluated,
// so each is evaluated at most once per transaction and namespace.
type nsCheck struct {
	t            *tx
	ns           string
	def          *ChaincodeDefinition
	sigs         *endorsementSet
	ccChecked    bool
	someChecked  bool
	collsChecked map[string]bool
	failed       bool
}

func (c *nsCheck) policyFailure(format string, args ...any) {
	c.failed = true
	c.t.fail(peer.TxValidationCode_ENDORSEMENT_POLICY_FAILURE, format, args...)
}

func (c *nsCheck) checkCC() {
	if c.ccChecked {
		return
	}
	c.ccChecked, c.someChecked = true, true
	if c.def.Endorsement == nil {
		c.policyFailure("chaincode %q has no endorsement policy", c.ns)
		return
	}
	if err := c.sigs.evaluate(c.def.Endorsement); err != nil {
		c.policyFailure("chaincode %q endorsement policy: %v", c.ns, err)
	}
}

// checkNamespace validates the writes of one namespace (§4.4): per written
// key a key-level policy if committed, else the collection policy for
// private keys, else the chaincode policy; and the chaincode policy if
// nothing was checked at all.
func (bc *blockCtx) checkNamespace(t *tx, ns string, n *nsRWSet, def *ChaincodeDefinition, sigs *endorsementSet) error {
	c := &nsCheck{t: t, ns: ns, def: def, sigs: sigs}
	if n != nil {
		for _, w := range n.kv.Writes {
			if err := bc.checkKey(c, "", nil, w.GetKey()); err != nil || c.failed {
				return err
			}
		}
		for _, w := range n.kv.MetadataWrites {
			if err := bc.checkKey(c, "", nil, w.GetKey()); err != nil || c.failed {
				return err
			}
		}
		for _, cs := range n.colls {
			if len(cs.hashed.HashedWrites) == 0 && len(cs.hashed.MetadataWrites) == 0 {
				continue
			}
			coll, err := bc.collection(ns, cs.name)
			if errors.Is(err, ErrUnknownCollection) {
				c.policyFailure("collection %s/%s: %v", ns, cs.name, err)
				return nil
			}
			if err != nil {
				return fmt.Errorf("tx %d: collection %s/%s: %w", t.idx, ns, cs.name, err)
			}
			for _, w := range cs.hashed.HashedWrites {
				if err := bc.checkKey(c, cs.name, coll, string(w.GetKeyHash())); err != nil || c.failed {
					return err
				}
			}
			for _, w := range cs.hashed.MetadataWrites {
				if err := bc.checkKey(c, cs.name, coll, string(w.GetKeyHash())); err != nil || c.failed {
					return err
				}
			}
		}
	}
	if !c.someChecked {
		c.checkCC()
	}
	return nil
}

// checkKey applies the policy that governs one written key.
func (bc *blockCtx) checkKey(c *nsCheck, collName string, coll *Collection, key string) error {
	c.t.checkedKeys = append(c.t.checkedKeys, keyID{ns: c.ns, coll: collName, key: key})
	var md map[string][]byte
	if collName == "" {
		vv, err := bc.d.State.GetState(c.ns, key)
		if err != nil {
			return fmt.Errorf("tx %d: reading metadata of %s/%q: %w", c.t.idx, c.ns, key, err)
		}
		if vv != nil {
			md = vv.Metadata
		}
	} else {
		vv, err := bc.d.State.GetHashedState(c.ns, collName, []byte(key))
		if err != nil {
			return fmt.Errorf("tx %d: reading metadata of %s/%s/%x: %w", c.t.idx, c.ns, collName, key, err)
		}
		if vv != nil {
			md = vv.Metadata
		}
	}
	if vp := md[validationParameterKey]; len(vp) > 0 {
		p, err := bc.keyLevelPolicy(vp)
		if err != nil {
			// Fabric would halt on an unreadable committed policy; rejecting
			// the tx is deterministic and keeps the channel alive.
			c.policyFailure("key-level policy of %s: %v", describeKey(c.ns, collName, key), err)
			return nil
		}
		c.someChecked = true
		if err := c.sigs.evaluate(p); err != nil {
			c.policyFailure("key-level policy of %s: %v", describeKey(c.ns, collName, key), err)
		}
		return nil
	}
	if coll != nil && coll.Endorsement != nil {
		if c.collsChecked[collName] {
			return nil
		}
		if c.collsChecked == nil {
			c.collsChecked = make(map[string]bool)
		}
		c.collsChecked[collName], c.someChecked = true, true
		if err := c.sigs.evaluate(coll.Endorsement); err != nil {
			c.policyFailure("collection %s/%s endorsement policy: %v", c.ns, collName, err)
		}
		return nil
	}
	c.checkCC()
	return nil
}

func describeKey(ns, coll, key string) string {
	if coll == "" {
		return fmt.Sprintf("%s/%q", ns, key)
	}
	return fmt.Sprintf("%s/%s/%x", ns, coll, key)
}
