package validation

import (
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset/kvrwset"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/saharanet/saharanet/network/cryptogen"
	"github.com/saharanet/saharanet/network/ledger"
	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/policy"
	"github.com/saharanet/saharanet/network/protoutil"
)

const testChannel = "mychannel"

// network is real crypto material from cryptogen: three orgs, of which only
// Org1MSP and Org2MSP are channel members (Org3MSP is an outsider).
type network struct {
	mgr      *msp.Manager
	peer1    msp.SigningIdentity // peer0.org1
	peer1b   msp.SigningIdentity // peer1.org1
	peer2    msp.SigningIdentity // peer0.org2
	user1    msp.SigningIdentity // User1@org1
	user2    msp.SigningIdentity // User1@org2
	outsider msp.SigningIdentity // peer0.org3, MSP not on the channel
}

var net *network

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "validation-crypto-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	net, err = newNetwork(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "test network:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func newNetwork(dir string) (*network, error) {
	if err := cryptogen.Generate(cryptogen.TestNetworkConfig("org1", "org2", "org3"), dir); err != nil {
		return nil, err
	}
	org := func(n int) string { return cryptogen.PeerOrgDir(dir, fmt.Sprintf("org%d.example.com", n)) }
	mspID := func(n int) string { return fmt.Sprintf("Org%dMSP", n) }
	var msps []*msp.MSP
	for _, n := range []int{1, 2} {
		conf, err := msp.LoadMSPConfig(filepath.Join(org(n), "msp"), mspID(n))
		if err != nil {
			return nil, err
		}
		m, err := msp.New(conf)
		if err != nil {
			return nil, err
		}
		msps = append(msps, m)
	}
	mgr, err := msp.NewManager(msps...)
	if err != nil {
		return nil, err
	}
	load := func(n int, kind, name string) (msp.SigningIdentity, error) {
		return msp.LoadSigningIdentity(filepath.Join(org(n), kind, name, "msp"), mspID(n))
	}
	nw := &network{mgr: mgr}
	for _, x := range []struct {
		dst        *msp.SigningIdentity
		n          int
		kind, name string
	}{
		{&nw.peer1, 1, "peers", "peer0.org1.example.com"},
		{&nw.peer1b, 1, "peers", "peer1.org1.example.com"},
		{&nw.peer2, 2, "peers", "peer0.org2.example.com"},
		{&nw.user1, 1, "users", "User1@org1.example.com"},
		{&nw.user2, 2, "users", "User1@org2.example.com"},
		{&nw.outsider, 3, "peers", "peer0.org3.example.com"},
	} {
		if *x.dst, err = load(x.n, x.kind, x.name); err != nil {
			return nil, err
		}
	}
	return nw, nil
}

func mustPolicy(t testing.TB, expr string) Policy {
	t.Helper()
	env, err := policy.FromString(expr)
	if err != nil {
		t.Fatal(err)
	}
	p, err := policy.NewSignaturePolicy(env, net.mgr)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func mustMarshal(t testing.TB, m proto.Message) []byte {
	t.Helper()
	b, err := proto.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// ---- in-memory committed state -------------------------------------------

type memState struct {
	pub    map[[2]string]*ledger.VersionedValue
	hashed map[[3]string]*ledger.VersionedValue
	pvt    map[[3]string]*ledger.VersionedValue
	txids  map[string]bool
}

func newMemState() *memState {
	return &memState{
		pub:    map[[2]string]*ledger.VersionedValue{},
		hashed: map[[3]string]*ledger.VersionedValue{},
		pvt:    map[[3]string]*ledger.VersionedValue{},
		txids:  map[string]bool{},
	}
}

func (m *memState) GetState(ns, key string) (*ledger.VersionedValue, error) {
	return m.pub[[2]string{ns, key}], nil
}

func (m *memState) GetStateRange(ns, start, end string) (ledger.KVIterator, error) {
	var out []*ledger.KV
	for k, v := range m.pub {
		if k[0] == ns && k[1] >= start && (end == "" || k[1] < end) {
			out = append(out, &ledger.KV{Key: k[1], VersionedValue: *v})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return &sliceIter{kvs: out}, nil
}

func (m *memState) GetHashedState(ns, coll string, keyHash []byte) (*ledger.VersionedValue, error) {
	return m.hashed[[3]string{ns, coll, string(keyHash)}], nil
}

func (m *memState) GetPrivateData(ns, coll, key string) (*ledger.VersionedValue, error) {
	return m.pvt[[3]string{ns, coll, key}], nil
}

func (m *memState) TxIDExists(txid string) (bool, error) { return m.txids[txid], nil }

func (m *memState) put(ns, key string, value []byte, bn, tn uint64, md map[string][]byte) {
	m.pub[[2]string{ns, key}] = &ledger.VersionedValue{Value: value, Metadata: md, Version: ledger.Height{BlockNum: bn, TxNum: tn}}
}

func (m *memState) putHashed(ns, coll, key string, value []byte, bn, tn uint64, md map[string][]byte) {
	kh, vh := sha256.Sum256([]byte(key)), sha256.Sum256(value)
	m.hashed[[3]string{ns, coll, string(kh[:])}] = &ledger.VersionedValue{Value: vh[:], Metadata: md, Version: ledger.Height{BlockNum: bn, TxNum: tn}}
}

type sliceIter struct {
	kvs []*ledger.KV
	i   int
}

func (s *sliceIter) Next() (*ledger.KV, error) {
	if s.i >= len(s.kvs) {
		return nil, nil
	}
	s.i++
	return s.kvs[s.i-1], nil
}

func (s *sliceIter) Close() {}

// ---- transactions ---------------------------------------------------------

// txb builds an endorser transaction envelope from scratch, with knobs to
// break each part of it.
type txb struct {
	creator   msp.SigningIdentity
	endorsers []msp.SigningIdentity
	cc        string
	rws       *rwset.TxReadWriteSet
	event     *peer.ChaincodeEvent

	channel      string
	typ          common.HeaderType
	epoch        uint64
	nonce        []byte
	txid         string // override
	hdrCC        *peer.ChaincodeID
	actionCC     *peer.ChaincodeID
	actions      int // 0 means 1
	badPropHash  bool
	endorsePRP   []byte // endorsers sign this instead of the real prp
	envSigner    msp.SigningIdentity
	corruptSig   bool
	emptyNonce   bool
	rawResults   []byte // replaces marshal(rws)
	rawExtension []byte // replaces the header extension
	rawAction    []byte // replaces the marshalled ChaincodeAction
}

func (b txb) build(t testing.TB) []byte {
	env := b.envelope(t)
	return mustMarshal(t, env)
}

func (b txb) envelope(t testing.TB) *common.Envelope {
	t.Helper()
	if b.creator == nil {
		b.creator = net.user1
	}
	if b.cc == "" {
		b.cc = "asset"
	}
	if b.channel == "" {
		b.channel = testChannel
	}
	if b.typ == 0 {
		b.typ = common.HeaderType_ENDORSER_TRANSACTION
	}
	nonce := b.nonce
	if nonce == nil {
		nonce = make([]byte, 24)
		rand.Read(nonce)
	}
	if b.emptyNonce {
		nonce = nil
	}
	creator := b.creator.Serialize()
	txid := protoutil.ComputeTxID(nonce, creator)
	if b.txid != "" {
		txid = b.txid
	}
	hdrCC := b.hdrCC
	if hdrCC == nil {
		hdrCC = &peer.ChaincodeID{Name: b.cc}
	}
	ext := mustMarshal(t, &peer.ChaincodeHeaderExtension{ChaincodeId: hdrCC})
	if b.rawExtension != nil {
		ext = b.rawExtension
	}
	chdr := mustMarshal(t, &common.ChannelHeader{Type: int32(b.typ), ChannelId: b.channel, TxId: txid, Epoch: b.epoch,
		Timestamp: timestamppb.Now(), Extension: ext})
	shdr := mustMarshal(t, &common.SignatureHeader{Creator: creator, Nonce: nonce})
	cpp := mustMarshal(t, &peer.ChaincodeProposalPayload{Input: mustMarshal(t, &peer.ChaincodeInvocationSpec{
		ChaincodeSpec: &peer.ChaincodeSpec{ChaincodeId: &peer.ChaincodeID{Name: b.cc}, Input: &peer.ChaincodeInput{Args: [][]byte{[]byte("invoke")}}}})})
	h := sha256.New()
	h.Write(chdr)
	h.Write(shdr)
	h.Write(cpp)
	phash := h.Sum(nil)
	if b.badPropHash {
		phash[0] ^= 1
	}
	rws := b.rws
	if rws == nil {
		rws = &rwset.TxReadWriteSet{}
	}
	results := mustMarshal(t, rws)
	if b.rawResults != nil {
		results = b.rawResults
	}
	var events []byte
	if b.event != nil {
		events = mustMarshal(t, b.event)
	}
	actionCC := b.actionCC
	if actionCC == nil {
		actionCC = &peer.ChaincodeID{Name: b.cc, Version: "1.0"}
	}
	action := mustMarshal(t, &peer.ChaincodeAction{Results: results, Events: events, Response: &peer.Response{Status: 200}, ChaincodeId: actionCC})
	if b.rawAction != nil {
		action = b.rawAction
	}
	prp := mustMarshal(t, &peer.ProposalResponsePayload{ProposalHash: phash, Extension: action})
	signed := prp
	if b.endorsePRP != nil {
		signed = b.endorsePRP
	}
	var ends []*peer.Endorsement
	for _, e := range b.endorsers {
		ser := e.Serialize()
		sig, err := e.Sign(append(append([]byte{}, signed...), ser...))
		if err != nil {
			t.Fatal(err)
		}
		ends = append(ends, &peer.Endorsement{Endorser: ser, Signature: sig})
	}
	txAction := &peer.TransactionAction{Header: shdr, Payload: mustMarshal(t, &peer.ChaincodeActionPayload{
		ChaincodeProposalPayload: cpp,
		Action:                   &peer.ChaincodeEndorsedAction{ProposalResponsePayload: prp, Endorsements: ends}})}
	n := b.actions
	if n == 0 {
		n = 1
	}
	tr := &peer.Transaction{}
	for i := 0; i < n && i < 2; i++ {
		tr.Actions = append(tr.Actions, txAction)
	}
	if b.actions < 0 {
		tr.Actions = nil
	}
	payload := mustMarshal(t, &common.Payload{Header: &common.Header{ChannelHeader: chdr, SignatureHeader: shdr}, Data: mustMarshal(t, tr)})
	signer := b.envSigner
	if signer == nil {
		signer = b.creator
	}
	sig, err := signer.Sign(payload)
	if err != nil {
		t.Fatal(err)
	}
	if b.corruptSig {
		sig[len(sig)-1] ^= 1
	}
	return &common.Envelope{Payload: payload, Signature: sig}
}

// ns builds one namespace's rwset.
type nsb struct {
	ns     string
	reads  []*kvrwset.KVRead
	ranges []*kvrwset.RangeQueryInfo
	writes []*kvrwset.KVWrite
	meta   []*kvrwset.KVMetadataWrite
	colls  []*rwset.CollectionHashedReadWriteSet
}

func rws(t testing.TB, nss ...nsb) *rwset.TxReadWriteSet {
	out := &rwset.TxReadWriteSet{DataModel: rwset.TxReadWriteSet_KV}
	for _, n := range nss {
		out.NsRwset = append(out.NsRwset, &rwset.NsReadWriteSet{
			Namespace: n.ns,
			Rwset: mustMarshal(t, &kvrwset.KVRWSet{Reads: n.reads, RangeQueriesInfo: n.ranges, Writes: n.writes,
				MetadataWrites: n.meta}),
			CollectionHashedRwset: n.colls,
		})
	}
	return out
}

func w(key, value string) *kvrwset.KVWrite {
	return &kvrwset.KVWrite{Key: key, Value: []byte(value), IsDelete: value == ""}
}

func r(key string, ver ...uint64) *kvrwset.KVRead {
	if len(ver) == 0 {
		return &kvrwset.KVRead{Key: key}
	}
	return &kvrwset.KVRead{Key: key, Version: &kvrwset.Version{BlockNum: ver[0], TxNum: ver[1]}}
}

// pvtColl builds the hashed set of a collection and the matching private
// set: writes is key → value ("" deletes).
func pvtColl(t testing.TB, coll string, writes [][2]string) (*rwset.CollectionHashedReadWriteSet, *rwset.CollectionPvtReadWriteSet) {
	hashed := &kvrwset.HashedRWSet{}
	priv := &kvrwset.KVRWSet{}
	for _, kv := range writes {
		kh := sha256.Sum256([]byte(kv[0]))
		hw := &kvrwset.KVWriteHash{KeyHash: kh[:], IsDelete: kv[1] == ""}
		if kv[1] != "" {
			vh := sha256.Sum256([]byte(kv[1]))
			hw.ValueHash = vh[:]
		}
		hashed.HashedWrites = append(hashed.HashedWrites, hw)
		priv.Writes = append(priv.Writes, w(kv[0], kv[1]))
	}
	privBytes := mustMarshal(t, priv)
	ph := sha256.Sum256(privBytes)
	return &rwset.CollectionHashedReadWriteSet{CollectionName: coll, HashedRwset: mustMarshal(t, hashed), PvtRwsetHash: ph[:]},
		&rwset.CollectionPvtReadWriteSet{CollectionName: coll, Rwset: privBytes}
}

func block(num uint64, txs ...[]byte) *common.Block {
	return protoutil.NewBlock(num, []byte("prev"), txs)
}

// ---- harness --------------------------------------------------------------

type harness struct {
	t      testing.TB
	state  *memState
	pols   *StaticPolicies
	config ConfigTxHandler
}

func newHarness(t testing.TB) *harness {
	h := &harness{t: t, state: newMemState()}
	h.pols = &StaticPolicies{
		Definitions: map[string]*ChaincodeDefinition{
			"asset": {Name: "asset", Version: "1.0", Sequence: 1,
				Endorsement: mustPolicy(t, "AND('Org1MSP.peer','Org2MSP.peer')"),
				Collections: map[string]*Collection{
					"shared":  {Name: "shared", Member: true, BlockToLive: 3},
					"org2col": {Name: "org2col", Member: false, Endorsement: mustPolicy(t, "OR('Org2MSP.peer')")},
				}},
			"other": {Name: "other", Version: "2", Sequence: 1, Endorsement: mustPolicy(t, "OR('Org2MSP.peer')")},
		},
		Deserializer: net.mgr,
		Orgs:         []string{"Org1MSP", "Org2MSP"},
		LocalMSP:     "Org1MSP",
	}
	return h
}

func (h *harness) deps() Deps {
	return Deps{ChannelID: testChannel, Deserializer: net.mgr, Policies: h.pols, State: h.state, TxIDs: h.state, Config: h.config, Workers: 2}
}

func (h *harness) validate(b *common.Block, pvt map[uint64]*rwset.TxPvtReadWriteSet) *Result {
	h.t.Helper()
	res, err := ValidateBlock(testCtx(h.t), b, pvt, h.deps())
	if err != nil {
		h.t.Fatalf("ValidateBlock: %v", err)
	}
	return res
}

// codes validates txs in one block (number 5) and returns their codes.
func (h *harness) codes(txs ...[]byte) []peer.TxValidationCode {
	h.t.Helper()
	return h.validate(block(5, txs...), nil).Flags
}

func both() []msp.SigningIdentity { return []msp.SigningIdentity{net.peer1, net.peer2} }

func expectCodes(t testing.TB, got []peer.TxValidationCode, want ...peer.TxValidationCode) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d codes %v, want %v", len(got), got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("tx %d: got %v, want %v (all: %v)", i, got[i], want[i], got)
		}
	}
}

func str(codes []peer.TxValidationCode) string {
	var s []string
	for _, c := range codes {
		s = append(s, c.String())
	}
	return strings.Join(s, ",")
}
