package validation

import (
	"crypto/sha256"
	"testing"

	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset/kvrwset"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"

	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/policy"
)

const (
	VALID = peer.TxValidationCode_VALID
	EPF   = peer.TxValidationCode_ENDORSEMENT_POLICY_FAILURE
)

func ids(xs ...msp.SigningIdentity) []msp.SigningIdentity { return xs }

func TestChaincodePolicy(t *testing.T) {
	h := newHarness(t)
	h.pols.Definitions["twopeers"] = &ChaincodeDefinition{Name: "twopeers", Version: "1",
		Endorsement: mustPolicy(t, "AND('Org1MSP.peer','Org1MSP.peer')")}
	put := func(cc string, e ...msp.SigningIdentity) []byte {
		return txb{cc: cc, endorsers: e, rws: rws(t, nsb{ns: cc, writes: []*kvrwset.KVWrite{w("k", "v")}})}.build(t)
	}
	cases := []struct {
		name string
		tx   []byte
		want peer.TxValidationCode
	}{
		{"both orgs", put("asset", net.peer1, net.peer2), VALID},
		{"one org", put("asset", net.peer1), EPF},
		{"no endorsements", put("asset"), EPF},
		{"client instead of peer", put("asset", net.peer1, net.user2), EPF},
		{"outsider endorsement ignored", put("asset", net.peer1, net.outsider), EPF},
		// One signer counts once, however often it appears.
		{"same peer twice", put("twopeers", net.peer1, net.peer1), EPF},
		{"two peers of one org", put("twopeers", net.peer1, net.peer1b), VALID},
		{"endorsed another payload", txb{endorsers: both(), endorsePRP: []byte("something else"),
			rws: rws(t, nsb{ns: "asset", writes: []*kvrwset.KVWrite{w("k", "v")}})}.build(t), EPF},
		// Read-only transactions still need the invoked chaincode's policy.
		{"read-only unendorsed", txb{endorsers: ids(net.peer1), rws: rws(t, nsb{ns: "asset", reads: []*kvrwset.KVRead{r("k")}})}.build(t), EPF},
		{"read-only endorsed", txb{endorsers: both(), rws: rws(t, nsb{ns: "asset", reads: []*kvrwset.KVRead{r("k")}})}.build(t), VALID},
		// Every written namespace's policy applies, not only the invoked one.
		{"cc2cc write under-endorsed", txb{cc: "other", endorsers: ids(net.peer2), rws: rws(t,
			nsb{ns: "asset", writes: []*kvrwset.KVWrite{w("k", "v")}}, nsb{ns: "other", writes: []*kvrwset.KVWrite{w("k", "v")}})}.build(t), EPF},
		{"cc2cc write endorsed", txb{cc: "other", endorsers: both(), rws: rws(t,
			nsb{ns: "asset", writes: []*kvrwset.KVWrite{w("k", "v")}}, nsb{ns: "other", writes: []*kvrwset.KVWrite{w("k", "v")}})}.build(t), VALID},
		// Reading another namespace does not need its policy.
		{"cc2cc read", txb{cc: "other", endorsers: ids(net.peer2), rws: rws(t,
			nsb{ns: "asset", reads: []*kvrwset.KVRead{r("k")}}, nsb{ns: "other", writes: []*kvrwset.KVWrite{w("k", "v")}})}.build(t), VALID},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			expectCodes(t, h.codes(c.tx), c.want)
		})
	}
}

func sbe(t testing.TB, expr string) map[string][]byte {
	env, err := policy.FromString(expr)
	if err != nil {
		t.Fatal(err)
	}
	return map[string][]byte{validationParameterKey: mustMarshal(t, env)}
}

func TestKeyLevelPolicy(t *testing.T) {
	h := newHarness(t)
	h.state.put("asset", "owned", []byte("x"), 1, 0, sbe(t, "OR('Org1MSP.peer')"))
	h.state.put("asset", "broken", []byte("x"), 1, 0, map[string][]byte{validationParameterKey: []byte{0xff}})
	put := func(key string, e ...msp.SigningIdentity) []byte {
		return txb{endorsers: e, rws: rws(t, nsb{ns: "asset", writes: []*kvrwset.KVWrite{w(key, "v")}})}.build(t)
	}
	// The key-level policy replaces the chaincode policy for that key.
	expectCodes(t, h.codes(put("owned", net.peer1)), VALID)
	expectCodes(t, h.codes(put("owned", net.peer2)), EPF)
	// A metadata write is governed by the same policy.
	mdOnly := txb{endorsers: ids(net.peer2), rws: rws(t, nsb{ns: "asset", meta: []*kvrwset.KVMetadataWrite{{Key: "owned"}}})}.build(t)
	expectCodes(t, h.codes(mdOnly), EPF)
	// Another key in the same tx still needs the chaincode policy.
	mixed := txb{endorsers: ids(net.peer1), rws: rws(t, nsb{ns: "asset", writes: []*kvrwset.KVWrite{w("owned", "v"), w("plain", "v")}})}.build(t)
	expectCodes(t, h.codes(mixed), EPF)
	// An unreadable committed policy rejects rather than halts.
	expectCodes(t, h.codes(put("broken", net.peer1, net.peer2)), EPF)
}

func TestKeyLevelPolicyUpdatedEarlierInBlock(t *testing.T) {
	h := newHarness(t)
	h.state.put("asset", "k", []byte("x"), 1, 0, nil)
	setPolicy := func(e ...msp.SigningIdentity) []byte {
		env, _ := policy.FromString("OR('Org1MSP.peer')")
		return txb{endorsers: e, rws: rws(t, nsb{ns: "asset", meta: []*kvrwset.KVMetadataWrite{{Key: "k",
			Entries: []*kvrwset.KVMetadataEntry{{Name: validationParameterKey, Value: mustMarshal(t, env)}}}}})}.build(t)
	}
	write := txb{endorsers: both(), rws: rws(t, nsb{ns: "asset", writes: []*kvrwset.KVWrite{w("k", "v2")}})}.build(t)
	other := txb{endorsers: both(), rws: rws(t, nsb{ns: "asset", writes: []*kvrwset.KVWrite{w("unrelated", "v")}})}.build(t)

	expectCodes(t, h.codes(setPolicy(net.peer1, net.peer2), write, other), VALID, EPF, VALID)
	// An invalid policy update does not poison later transactions.
	expectCodes(t, h.codes(setPolicy(net.peer1), write), EPF, VALID)
	// Order matters: the write before the update is fine.
	expectCodes(t, h.codes(write, setPolicy(net.peer1, net.peer2)), VALID, VALID)
}

func TestCollectionPolicies(t *testing.T) {
	h := newHarness(t)
	collWrite := func(coll string, e ...msp.SigningIdentity) []byte {
		hc, _ := pvtColl(t, coll, [][2]string{{"secret", "value"}})
		return txb{endorsers: e, rws: rws(t, nsb{ns: "asset", colls: []*rwset.CollectionHashedReadWriteSet{hc}})}.build(t)
	}
	cases := []struct {
		name string
		tx   []byte
		want peer.TxValidationCode
	}{
		// org2col has its own policy: OR(Org2 peer); it replaces the chaincode policy.
		{"collection policy satisfied", collWrite("org2col", net.peer2), VALID},
		{"collection policy not satisfied", collWrite("org2col", net.peer1), EPF},
		// shared has none: the chaincode policy applies.
		{"no collection policy, cc policy satisfied", collWrite("shared", net.peer1, net.peer2), VALID},
		{"no collection policy, cc policy not satisfied", collWrite("shared", net.peer2), EPF},
		{"implicit collection of the endorsing org", collWrite("_implicit_org_Org1MSP", net.peer1), VALID},
		{"implicit collection of another org", collWrite("_implicit_org_Org2MSP", net.peer1), EPF},
		{"implicit collection of a non-member org", collWrite("_implicit_org_Org3MSP", net.peer1, net.peer2), EPF},
		{"unknown collection", collWrite("nope", net.peer1, net.peer2), EPF},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { expectCodes(t, h.codes(c.tx), c.want) })
	}

	// A key-level policy on a private key (looked up by key hash) wins.
	h.state.putHashed("asset", "shared", "secret", []byte("old"), 1, 0, sbe(t, "OR('Org2MSP.peer')"))
	expectCodes(t, h.codes(collWrite("shared", net.peer2)), VALID)
	expectCodes(t, h.codes(collWrite("shared", net.peer1)), EPF)
}

func TestWritesetHashLengths(t *testing.T) {
	h := newHarness(t)
	kh := sha256.Sum256([]byte("k"))
	bad := &kvrwset.HashedRWSet{HashedWrites: []*kvrwset.KVWriteHash{{KeyHash: kh[:], ValueHash: []byte("short")}}}
	hc := &rwset.CollectionHashedReadWriteSet{CollectionName: "shared", HashedRwset: mustMarshal(t, bad)}
	tx := txb{endorsers: both(), rws: rws(t, nsb{ns: "asset", colls: []*rwset.CollectionHashedReadWriteSet{hc}})}.build(t)
	expectCodes(t, h.codes(tx), peer.TxValidationCode_INVALID_WRITESET)
}
