package validation

import (
	"bytes"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset/kvrwset"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/msp"
)

func TestOwnEndorsementsRecognisesExactTriple(t *testing.T) {
	o := NewOwnEndorsements(4)
	e, p, s := []byte("endorser"), []byte("prp"), []byte("signature")
	if o.Endorsed(e, p, s) {
		t.Fatal("recognised before it was recorded")
	}
	o.Record(e, p, s)
	if !o.Endorsed(e, p, s) {
		t.Fatal("recorded endorsement not recognised")
	}
	for name, tr := range map[string][3][]byte{
		"other endorser":    {[]byte("endorsex"), p, s},
		"other prp":         {e, []byte("prq"), s},
		"other signature":   {e, p, []byte("signaturf")},
		"bytes moved e→prp": {[]byte("endorse"), []byte("rprp"), s},
		"bytes moved prp→s": {e, []byte("pr"), []byte("psignature")},
		"empty signature":   {e, p, nil},
	} {
		if o.Endorsed(tr[0], tr[1], tr[2]) {
			t.Errorf("%s: recognised", name)
		}
	}
	var nilMemo *OwnEndorsements
	nilMemo.Record(e, p, s) // no panic
	if nilMemo.Endorsed(e, p, s) {
		t.Fatal("nil memo recognised an endorsement")
	}
}

func TestOwnEndorsementsForgetsOldestFirst(t *testing.T) {
	o := NewOwnEndorsements(3)
	sig := func(i int) []byte { return []byte{byte(i)} }
	for i := range 5 {
		o.Record([]byte("e"), []byte("p"), sig(i))
	}
	o.Record([]byte("e"), []byte("p"), sig(4)) // a repeat takes no slot
	if o.Len() != 3 {
		t.Fatalf("Len = %d, want 3", o.Len())
	}
	for i := range 5 {
		if got, want := o.Endorsed([]byte("e"), []byte("p"), sig(i)), i >= 2; got != want {
			t.Errorf("signature %d: recognised=%v, want %v", i, got, want)
		}
	}
}

func TestOwnEndorsementsConcurrent(t *testing.T) {
	o := NewOwnEndorsements(64)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				s := []byte{byte(g), byte(i)}
				o.Record([]byte("e"), []byte("p"), s)
				_ = o.Endorsed([]byte("e"), []byte("p"), s)
			}
		}()
	}
	wg.Wait()
	if o.Len() != 64 {
		t.Fatalf("Len = %d, want 64", o.Len())
	}
}

// countingDeserializer counts signature verifications of the identities it
// hands out.
type countingDeserializer struct {
	msp.IdentityDeserializer
	verifies atomic.Int64
}

type countingIdentity struct {
	msp.Identity
	n *atomic.Int64
}

func (c *countingDeserializer) DeserializeIdentity(b []byte) (msp.Identity, error) {
	id, err := c.IdentityDeserializer.DeserializeIdentity(b)
	if err != nil {
		return nil, err
	}
	return countingIdentity{id, &c.verifies}, nil
}

func (i countingIdentity) Verify(msg, sig []byte) error {
	i.n.Add(1)
	return i.Identity.Verify(msg, sig)
}

// endorsementsOf returns the prp and endorsements an envelope carries.
func endorsementsOf(t *testing.T, env *common.Envelope) ([]byte, []*peer.Endorsement) {
	t.Helper()
	pl := &common.Payload{}
	tr := &peer.Transaction{}
	cap := &peer.ChaincodeActionPayload{}
	if err := proto.Unmarshal(env.Payload, pl); err != nil {
		t.Fatal(err)
	}
	if err := proto.Unmarshal(pl.Data, tr); err != nil {
		t.Fatal(err)
	}
	if err := proto.Unmarshal(tr.Actions[0].Payload, cap); err != nil {
		t.Fatal(err)
	}
	return cap.Action.ProposalResponsePayload, cap.Action.Endorsements
}

func TestValidationSkipsOnlyOwnEndorsementVerification(t *testing.T) {
	h := newHarness(t)
	own := NewOwnEndorsements(0)
	validate := func(env *common.Envelope, memo EndorsementRecognizer) (peer.TxValidationCode, int64) {
		t.Helper()
		cd := &countingDeserializer{IdentityDeserializer: net.mgr}
		d := h.deps()
		d.Deserializer, d.OwnEndorsements = cd, memo
		res, err := ValidateBlock(testCtx(t), block(5, mustMarshal(t, env)), nil, d)
		if err != nil {
			t.Fatal(err)
		}
		return res.Flags[0], cd.verifies.Load()
	}

	env := txb{endorsers: both(), rws: rws(t, nsb{ns: "asset", writes: []*kvrwset.KVWrite{w("k", "v")}})}.envelope(t)
	prp, ends := endorsementsOf(t, env)
	if code, n := validate(env, nil); code != peer.TxValidationCode_VALID || n != 3 {
		t.Fatalf("without memo: %v after %d verifications, want VALID after 3", code, n)
	}
	// This peer (peer0.org1) signed the first endorsement.
	if !bytes.Equal(ends[0].Endorser, net.peer1.Serialize()) {
		t.Fatal("fixture: first endorser is not peer0.org1")
	}
	own.Record(ends[0].Endorser, prp, ends[0].Signature)
	if code, n := validate(env, own); code != peer.TxValidationCode_VALID || n != 2 {
		t.Fatalf("with memo: %v after %d verifications, want VALID after 2", code, n)
	}

	// The peer signed a different payload: the same signature attached to
	// the transaction's prp is not recognised, is verified, and fails.
	other := []byte("some other proposal response payload")
	forged := txb{endorsers: both(), endorsePRP: other,
		rws: rws(t, nsb{ns: "asset", writes: []*kvrwset.KVWrite{w("k2", "v")}})}.envelope(t)
	_, fe := endorsementsOf(t, forged)
	own.Record(fe[0].Endorser, other, fe[0].Signature)
	if code, n := validate(forged, own); code != peer.TxValidationCode_ENDORSEMENT_POLICY_FAILURE || n != 3 {
		t.Fatalf("signature recorded for another prp: %v after %d verifications, want ENDORSEMENT_POLICY_FAILURE after 3", code, n)
	}

	// A recognised endorsement still has to satisfy the policy: peer1's
	// own endorsement alone does not satisfy AND(Org1, Org2).
	alone := txb{endorsers: []msp.SigningIdentity{net.peer1},
		rws: rws(t, nsb{ns: "asset", writes: []*kvrwset.KVWrite{w("k3", "v")}})}.envelope(t)
	ap, ae := endorsementsOf(t, alone)
	own.Record(ae[0].Endorser, ap, ae[0].Signature)
	if code, _ := validate(alone, own); code != peer.TxValidationCode_ENDORSEMENT_POLICY_FAILURE {
		t.Fatalf("own endorsement alone: %v, want ENDORSEMENT_POLICY_FAILURE", code)
	}
}
