package privdata

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/gossip"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset/kvrwset"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"github.com/hyperledger/fabric-protos-go-apiv2/transientstore"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/comm"
	"github.com/saharanet/saharanet/network/ledger"
	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/protoutil"
	"github.com/saharanet/saharanet/network/simulation"
	"github.com/saharanet/saharanet/network/validation"
)

// testPeer is one peer's private-data side: its gRPC server over mutual
// TLS on a loopback port, transient store, missing index and client.
type testPeer struct {
	name      string
	mspID     string
	signer    msp.SigningIdentity
	addr      string
	grpc      *grpc.Server
	server    *Server
	transient *TransientStore
	missing   *MissingIndex
	client    *Client
	colls     *ChannelCollections
	ledger    *ledger.Ledger
	dir       string
}

type testNet struct {
	t     testing.TB
	m     *material
	peers []*testPeer
	logs  *syncBuffer
	log   *slog.Logger
}

// syncBuffer collects every component's debug logs so tests can check that
// no private value is ever logged.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// assertNotLogged fails if any secret appears in the logs, and if nothing
// was logged at all (the check would then prove nothing).
func (n *testNet) assertNotLogged(secrets ...string) {
	n.t.Helper()
	logs := n.logs.String()
	if len(logs) == 0 {
		n.t.Fatal("no logs were captured")
	}
	for _, s := range secrets {
		if strings.Contains(logs, s) {
			n.t.Errorf("private value %q appears in the logs", s)
		}
	}
}

func (n *testNet) peer(name string) *testPeer {
	for _, p := range n.peers {
		if p.name == name {
			return p
		}
	}
	n.t.Fatalf("no peer %s", name)
	return nil
}

// others lists every peer but p, as a PeerSource would.
func (n *testNet) others(p *testPeer) StaticPeers {
	var out StaticPeers
	for _, q := range n.peers {
		if q != p {
			out = append(out, PeerInfo{Endpoint: q.addr, Identity: q.signer.Serialize()})
		}
	}
	return out
}

func newTestNet(t testing.TB) *testNet {
	m := testMaterial(t)
	n := &testNet{t: t, m: m, logs: &syncBuffer{}}
	n.log = slog.New(slog.NewTextHandler(n.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	for _, spec := range []struct {
		org string
		i   int
	}{{"org1", 0}, {"org1", 1}, {"org2", 0}, {"org2", 1}} {
		p := &testPeer{name: fmt.Sprintf("peer%d.%s", spec.i, spec.org), mspID: mspOf(spec.org),
			signer: m.peerIdentity(t, spec.org, spec.i), dir: t.TempDir()}
		var err error
		if p.transient, err = OpenTransientStore(filepath.Join(p.dir, "transient"), WithTransientLogger(n.log)); err != nil {
			t.Fatal(err)
		}
		if p.missing, err = OpenMissingIndex(filepath.Join(p.dir, "missing"), quietLogger()); err != nil {
			t.Fatal(err)
		}
		if p.ledger, err = ledger.Open(filepath.Join(p.dir, "ledger"), ledger.WithLogger(quietLogger())); err != nil {
			t.Fatal(err)
		}
		p.colls = testSource(t, m, p.mspID)
		nt := m.peerTLS(t, spec.org, spec.i)
		p.client = NewClient(p.signer, comm.ClientConfig(&nt.Certificate, m.tlsCAs, ""))
		p.server = NewServer(p.mspID, WithServerLogger(n.log))
		p.server.AddChannel("ch1", &ChannelBackend{Collections: p.colls, Info: m.info, Transient: p.transient, Ledger: p.ledger})
		p.grpc = comm.NewServer(comm.ServerConfig(nt.Certificate, m.tlsCAs, true))
		Register(p.grpc, p.server)
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		p.addr = l.Addr().String()
		go p.grpc.Serve(l)
		n.peers = append(n.peers, p)
	}
	t.Cleanup(func() {
		for _, p := range n.peers {
			p.grpc.Stop()
			p.client.Close()
			p.transient.Close()
			p.missing.Close()
			p.ledger.Close()
		}
	})
	return n
}

func (n *testNet) distributor(p *testPeer) *Distributor {
	return NewDistributor("ch1", p.client, n.others(p), p.colls, n.m.info, WithDistributorLogger(n.log), WithPushAckTimeout(5*time.Second))
}

func (n *testNet) coordinator(p *testPeer, pull bool) *Coordinator {
	cfg := CoordinatorConfig{Channel: "ch1", LocalMSP: p.mspID, Collections: p.colls, Info: n.m.info,
		Transient: p.transient, Missing: p.missing, PullTimeout: 5 * time.Second, Logger: n.log}
	if pull {
		cfg.Puller, cfg.Peers = p.client, n.others(p)
	}
	c, err := NewCoordinator(cfg)
	if err != nil {
		n.t.Fatal(err)
	}
	return c
}

func endorsed(res *rwset.TxPvtReadWriteSet, at uint64) *transientstore.TxPvtReadWriteSetWithConfigInfo {
	return &transientstore.TxPvtReadWriteSetWithConfigInfo{EndorsedAt: at, PvtRwset: res}
}

func collRW(t *testing.T, p *testPeer, txid, coll string) [][]byte {
	t.Helper()
	c, err := p.transient.CollectionRWSets(txid, "cc", coll)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func grpcCode(err error) codes.Code {
	for e := err; e != nil; e = errors.Unwrap(e) {
		if s, ok := status.FromError(e); ok {
			return s.Code()
		}
	}
	return codes.Unknown
}

// TestPushReachesOnlyMemberPeers: the endorsing Org1 peer disseminates an
// Org1-only collection and a shared one; the Org1-only data reaches the
// other Org1 peer and no Org2 peer, the shared data reaches everyone.
func TestPushReachesOnlyMemberPeers(t *testing.T) {
	n := newTestNet(t)
	res := simulate(t, "tx-push", map[[2]string]string{{"org1only", "k"}: "org1-secret-value", {"shared", "k"}: "shared-value"})
	h := &EndorsementHandler{Store: n.peer("peer0.org1").transient, Distributor: n.distributor(n.peer("peer0.org1"))}
	if err := h.HandlePrivateData(context.Background(), "tx-push", 0, res.Private, nil); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"peer0.org1", "peer1.org1"} {
		if len(collRW(t, n.peer(name), "tx-push", "org1only")) != 1 {
			t.Errorf("%s lacks the org1only data", name)
		}
	}
	for _, name := range []string{"peer1.org1", "peer0.org2", "peer1.org2"} {
		p := n.peer(name)
		waitFor(t, name+" shared data", func() bool { return len(collRW(t, p, "tx-push", "shared")) == 1 })
	}
	for _, name := range []string{"peer0.org2", "peer1.org2"} {
		p := n.peer(name)
		if c := collRW(t, p, "tx-push", "org1only"); len(c) != 0 {
			t.Errorf("%s received org1only data", name)
		}
		entries, _ := p.transient.Get("tx-push")
		for _, e := range entries {
			if bytes.Contains(mustMarshal(t, e), []byte("org1-secret-value")) {
				t.Errorf("%s holds the org1-only value", name)
			}
		}
	}
	n.assertNotLogged("org1-secret-value", "shared-value")
}

// TestPushToNonMemberIsRefused: even a peer that ignores the eligibility
// rule cannot make an Org2 peer store Org1-only data.
func TestPushToNonMemberIsRefused(t *testing.T) {
	n := newTestNet(t)
	res := simulate(t, "tx-np", map[[2]string]string{{"org1only", "k"}: "v"})
	err := n.peer("peer0.org1").client.Push(context.Background(), n.peer("peer0.org2").addr, "ch1", "tx-np", endorsed(res.Private, 0))
	if grpcCode(err) != codes.PermissionDenied || !strings.Contains(err.Error(), "Org2MSP is not a member of collection \"org1only\"") {
		t.Fatalf("push to non-member: %v", err)
	}
	if got, _ := n.peer("peer0.org2").transient.Get("tx-np"); len(got) != 0 {
		t.Fatal("non-member stored the data")
	}
}

// TestDisseminationFailsBelowRequiredPeerCount: with the only other Org1
// peer down, the Org1-only collection (required 1) cannot be disseminated;
// the endorsement fails and nothing is stored locally.
func TestDisseminationFailsBelowRequiredPeerCount(t *testing.T) {
	n := newTestNet(t)
	n.peer("peer1.org1").grpc.Stop()
	p := n.peer("peer0.org1")
	res := simulate(t, "tx-fail", map[[2]string]string{{"org1only", "k"}: "v"})
	h := &EndorsementHandler{Store: p.transient, Distributor: NewDistributor("ch1", p.client, n.others(p), p.colls, n.m.info,
		WithDistributorLogger(quietLogger()), WithPushAckTimeout(time.Second))}
	err := h.HandlePrivateData(context.Background(), "tx-fail", 0, res.Private, nil)
	if !errors.Is(err, ErrDissemination) || !strings.Contains(err.Error(), `collection "org1only" of "cc": 0 of 1 required`) {
		t.Fatalf("error %v", err)
	}
	if got, _ := p.transient.Get("tx-fail"); len(got) != 0 {
		t.Fatal("failed endorsement left data in the transient store")
	}
	// No eligible peer at all: refused before sending anything.
	d := NewDistributor("ch1", p.client, StaticPeers{}, p.colls, n.m.info, WithDistributorLogger(quietLogger()))
	if err := d.Distribute(context.Background(), "tx-fail", endorsed(res.Private, 0)); !errors.Is(err, ErrDissemination) ||
		!strings.Contains(err.Error(), "requires 1 peers, only 0 eligible") {
		t.Fatalf("no eligible peers: %v", err)
	}
}

// TestPullAuthorization: a member peer pulls; an Org2 peer asking for
// Org1-only data is refused; requests with a foreign TLS binding or a stale
// timestamp are refused before any data is looked at.
func TestPullAuthorization(t *testing.T) {
	n := newTestNet(t)
	src := n.peer("peer0.org1")
	res := simulate(t, "tx-pull", map[[2]string]string{{"org1only", "k"}: "v1"})
	if err := src.transient.Persist("tx-pull", endorsed(res.Private, 0)); err != nil {
		t.Fatal(err)
	}
	digest := []*gossip.PvtDataDigest{{TxId: "tx-pull", Namespace: "cc", Collection: "org1only", BlockSeq: 0, SeqInBlock: 0}}
	want := res.Private.GetNsPvtRwset()[0].GetCollectionPvtRwset()[0].GetRwset()

	elems, err := n.peer("peer1.org1").client.Pull(context.Background(), src.addr, "ch1", digest)
	if err != nil || len(elems) != 1 || len(elems[0].GetPayload()) != 1 || !bytes.Equal(elems[0].GetPayload()[0], want) {
		t.Fatalf("member pull: %v %v", elems, err)
	}
	elems, err = n.peer("peer0.org2").client.Pull(context.Background(), src.addr, "ch1", digest)
	if grpcCode(err) != codes.PermissionDenied || elems != nil {
		t.Fatalf("non-member pull: %v %v", elems, err)
	}
	if !strings.Contains(err.Error(), `requester of Org2MSP is not a member of collection "org1only"`) {
		t.Errorf("refusal does not say why: %v", err)
	}

	// A request signed and bound by peer1.org1, replayed by whoever holds
	// it over another TLS connection (peer0.org2's), is refused.
	nt1 := n.m.peerTLS(t, "org1", 1)
	env, err := signRequest(n.peer("peer1.org1").signer, "ch1", "", CertHash(nt1.Certificate.Certificate[0]),
		&gossip.RemotePvtDataRequest{Digests: digest}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	nt := n.m.peerTLS(t, "org2", 0)
	other := NewClient(n.peer("peer0.org2").signer, comm.ClientConfig(&nt.Certificate, n.m.tlsCAs, ""))
	defer other.Close()
	cc, err := other.conn(src.addr)
	if err != nil {
		t.Fatal(err)
	}
	if err := cc.Invoke(context.Background(), methodPull, env, &gossip.RemotePvtDataResponse{}); grpcCode(err) != codes.Unauthenticated {
		t.Fatalf("replayed request over another TLS connection: %v", err)
	}
	// The same envelope over its own connection is served.
	if elems, err := n.peer("peer1.org1").client.Pull(context.Background(), src.addr, "ch1", digest); err != nil || len(elems) != 1 {
		t.Fatalf("member pull: %v", err)
	}
	// A payload altered after signing fails the signature check.
	env.Payload = append([]byte(nil), env.Payload...)
	env.Signature[len(env.Signature)-1] ^= 1
	own, _ := n.peer("peer1.org1").client.conn(src.addr)
	if err := own.Invoke(context.Background(), methodPull, env, &gossip.RemotePvtDataResponse{}); grpcCode(err) != codes.Unauthenticated {
		t.Fatalf("bad signature: %v", err)
	}
	stale := NewClient(n.peer("peer1.org1").signer, comm.ClientConfig(&nt1.Certificate, n.m.tlsCAs, ""),
		WithClientClock(func() time.Time { return time.Now().Add(-time.Hour) }))
	defer stale.Close()
	if _, err := stale.Pull(context.Background(), src.addr, "ch1", digest); grpcCode(err) != codes.InvalidArgument {
		t.Fatalf("stale request: %v", err)
	}
	if _, err := n.peer("peer1.org1").client.Pull(context.Background(), src.addr, "nochannel", digest); grpcCode(err) != codes.NotFound {
		t.Fatalf("unknown channel: %v", err)
	}
}

// commitBlock commits a block holding one endorser transaction to p's real
// ledger, with private writes only when p's org is a member (as validation
// would decide), and returns the block.
func commitBlock(t *testing.T, p *testPeer, num uint64, prev []byte, txid string, res *simulation.Results, member map[string]bool) *common.Block {
	t.Helper()
	block := protoutil.NewBlock(num, prev, [][]byte{endorserTx(t, txid, res.PublicBytes)})
	protoutil.SetTxValidationFlags(block, []byte{byte(peer.TxValidationCode_VALID)})
	v := ledger.Height{BlockNum: num}
	b := &ledger.UpdateBatch{Public: []ledger.Write{{Namespace: "cc", Key: "public-" + txid, Value: []byte("x"), Version: v}}}
	for _, ns := range res.Private.GetNsPvtRwset() {
		for _, c := range ns.GetCollectionPvtRwset() {
			kv := unmarshalKV(t, c.GetRwset())
			for _, w := range kv.GetWrites() {
				kh, vh := sha256.Sum256([]byte(w.GetKey())), sha256.Sum256(w.GetValue())
				b.Hashed = append(b.Hashed, ledger.HashedWrite{Namespace: "cc", Collection: c.GetCollectionName(), KeyHash: kh[:], ValueHash: vh[:], Version: v})
				if member[c.GetCollectionName()] {
					b.Private = append(b.Private, ledger.PrivateWrite{Namespace: "cc", Collection: c.GetCollectionName(), Key: w.GetKey(), Value: w.GetValue(), Version: v})
				}
			}
		}
	}
	if err := p.ledger.Commit(block, b); err != nil {
		t.Fatal(err)
	}
	return block
}

// TestCoordinatorGatherAndVerify: the committing peer takes pushed data
// from its transient store, pulls what it missed from a member peer, and
// drops a tampered write set whose hash does not match the block.
func TestCoordinatorGatherAndVerify(t *testing.T) {
	n := newTestNet(t)
	res := simulate(t, "tx-g", map[[2]string]string{{"org1only", "k"}: "secret", {"shared", "k"}: "both"})
	block := protoutil.NewBlock(0, nil, [][]byte{endorserTx(t, "tx-g", res.PublicBytes)})
	hashOf := func(coll string) []byte {
		for _, ns := range res.Public.GetNsRwset() {
			for _, c := range ns.GetCollectionHashedRwset() {
				if c.GetCollectionName() == coll {
					return c.GetPvtRwsetHash()
				}
			}
		}
		t.Fatalf("no hash for %s", coll)
		return nil
	}
	check := func(pvt map[uint64]*rwset.TxPvtReadWriteSet, want ...string) {
		t.Helper()
		var got []string
		for _, ns := range pvt[0].GetNsPvtRwset() {
			for _, c := range ns.GetCollectionPvtRwset() {
				sum := sha256.Sum256(c.GetRwset())
				if !bytes.Equal(sum[:], hashOf(c.GetCollectionName())) {
					t.Errorf("collection %s returned with a wrong hash", c.GetCollectionName())
				}
				got = append(got, c.GetCollectionName())
			}
		}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("gathered %v, want %v", got, want)
		}
	}

	// Endorser side: peer0.org1 holds the data (its own endorsement).
	if err := n.peer("peer0.org1").transient.Persist("tx-g", endorsed(res.Private, 0)); err != nil {
		t.Fatal(err)
	}
	pvt, err := n.coordinator(n.peer("peer0.org1"), false).Gather(context.Background(), block)
	if err != nil {
		t.Fatal(err)
	}
	check(pvt, "org1only", "shared")

	// peer1.org1 missed dissemination: it pulls both from peer0.org1.
	pvt, err = n.coordinator(n.peer("peer1.org1"), true).Gather(context.Background(), block)
	if err != nil {
		t.Fatal(err)
	}
	check(pvt, "org1only", "shared")

	// An Org2 peer gathers only the shared collection, never org1only.
	pvt, err = n.coordinator(n.peer("peer0.org2"), true).Gather(context.Background(), block)
	if err != nil {
		t.Fatal(err)
	}
	check(pvt, "shared")

	// Tampered: peer1.org2 holds a forged shared write set in its transient
	// store and peer1.org1 serves the same forgery; neither passes.
	forged := simulate(t, "tx-g", map[[2]string]string{{"shared", "k"}: "forged"})
	if err := n.peer("peer1.org2").transient.Persist("tx-g", endorsed(forged.Private, 0)); err != nil {
		t.Fatal(err)
	}
	tampered := n.coordinator(n.peer("peer1.org2"), false)
	pvt, err = tampered.Gather(context.Background(), block)
	if err != nil {
		t.Fatal(err)
	}
	if len(pvt) != 0 {
		t.Fatalf("tampered write set gathered: %v", pvt)
	}
	// Validation then reports it missing; Committed records it.
	if err := tampered.Committed(block, []string{"tx-g"}, []validation.MissingPvtData{{TxNum: 0, Namespace: "cc", Collection: "shared", Mismatch: true}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := n.peer("peer1.org2").missing.List(0); len(got) != 1 || !bytes.Equal(got[0].Hash, hashOf("shared")) || got[0].TxID != "tx-g" {
		t.Fatalf("missing index after tampered gather: %+v", got)
	}
	if got, _ := n.peer("peer1.org2").transient.Get("tx-g"); len(got) != 0 {
		t.Fatal("transient entry survived the commit of its block")
	}
	n.assertNotLogged("secret", "both", "forged")
}

// TestPulledTamperedDataRejected: a peer that serves a forged write set
// for a digest cannot get it past the hash check.
func TestPulledTamperedDataRejected(t *testing.T) {
	n := newTestNet(t)
	res := simulate(t, "tx-f", map[[2]string]string{{"org1only", "k"}: "real"})
	forged := simulate(t, "tx-f", map[[2]string]string{{"org1only", "k"}: "fake"})
	block := protoutil.NewBlock(0, nil, [][]byte{endorserTx(t, "tx-f", res.PublicBytes)})
	if err := n.peer("peer0.org1").transient.Persist("tx-f", endorsed(forged.Private, 0)); err != nil {
		t.Fatal(err)
	}
	pvt, err := n.coordinator(n.peer("peer1.org1"), true).Gather(context.Background(), block)
	if err != nil || len(pvt) != 0 {
		t.Fatalf("forged pulled data accepted: %v %v", pvt, err)
	}
}

// reconcilingLedger is the real ledger, recording what the coordinator
// hands to CommitOldPrivateData.
type reconcilingLedger struct {
	*ledger.Ledger
	stored []ledger.PrivateWrite
}

func (r *reconcilingLedger) CommitOldPrivateData(ws []ledger.PrivateWrite) error {
	r.stored = append(r.stored, ws...)
	return r.Ledger.CommitOldPrivateData(ws)
}

// TestReconcileMissingData: peer1.org1 was down during endorsement and
// committed the block with hashes only; reconciliation pulls the data from
// peer0.org1's ledger (the transient entry is long gone there), verifies
// it against the recorded hash and stores it; the index is then empty.
func TestReconcileMissingData(t *testing.T) {
	n := newTestNet(t)
	res := simulate(t, "tx-r", map[[2]string]string{{"org1only", "k"}: "late-secret", {"shared", "k2"}: "s"})
	src, late := n.peer("peer0.org1"), n.peer("peer1.org1")
	block := commitBlock(t, src, 0, nil, "tx-r", res, map[string]bool{"org1only": true, "shared": true})
	commitBlock(t, late, 0, nil, "tx-r", res, nil)

	c := n.coordinator(late, true)
	missing := []validation.MissingPvtData{{TxNum: 0, Namespace: "cc", Collection: "org1only"}, {TxNum: 0, Namespace: "cc", Collection: "shared"}}
	if err := c.Committed(block, []string{"tx-r"}, missing); err != nil {
		t.Fatal(err)
	}
	rl := &reconcilingLedger{Ledger: late.ledger}
	stored, err := c.Reconcile(context.Background(), rl, 0)
	if err != nil {
		t.Fatal(err)
	}
	if stored != 2 || len(rl.stored) != 2 {
		t.Fatalf("reconciled %d entries, %d writes: %+v", stored, len(rl.stored), rl.stored)
	}
	for _, w := range rl.stored {
		switch w.Collection {
		case "org1only":
			if w.Key != "k" || string(w.Value) != "late-secret" || w.ExpiresAtBlock != 0 {
				t.Errorf("org1only write %+v", w)
			}
		case "shared": // blockToLive 5: purged when block 0+5+1 commits
			if w.Key != "k2" || w.ExpiresAtBlock != 6 {
				t.Errorf("shared write %+v", w)
			}
		}
	}
	for coll, want := range map[[2]string]string{{"org1only", "k"}: "late-secret", {"shared", "k2"}: "s"} {
		if v, err := late.ledger.GetPrivateData("cc", coll[0], coll[1]); err != nil || v == nil || string(v.Value) != want {
			t.Errorf("ledger holds %s/%s = %+v, %v after reconciliation", coll[0], coll[1], v, err)
		}
	}
	if left, _ := late.missing.List(0); len(left) != 0 {
		t.Fatalf("missing index still holds %+v", left)
	}

	// An entry whose recorded hash matches nothing any peer holds stays in
	// the index and nothing is stored.
	org2 := n.peer("peer0.org2")
	commitBlock(t, org2, 0, nil, "tx-r", res, nil)
	if err := org2.missing.Add(MissingEntry{Block: 0, Tx: 0, TxID: "tx-r", Namespace: "cc", Collection: "shared", Hash: []byte("wrong")}); err != nil {
		t.Fatal(err)
	}
	rl2 := &reconcilingLedger{Ledger: org2.ledger}
	if n2, err := n.coordinator(org2, true).Reconcile(context.Background(), rl2, 0); err != nil || n2 != 0 || len(rl2.stored) != 0 {
		t.Fatalf("entry with a wrong hash reconciled: %d %v", n2, err)
	}
	if left, _ := org2.missing.List(0); len(left) != 1 {
		t.Fatalf("unreconciled entry dropped: %+v", left)
	}
	n.assertNotLogged("late-secret")
}

func mustMarshal(t *testing.T, m proto.Message) []byte {
	t.Helper()
	b, err := proto.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func unmarshalKV(t *testing.T, raw []byte) *kvrwset.KVRWSet {
	t.Helper()
	kv := &kvrwset.KVRWSet{}
	if err := proto.Unmarshal(raw, kv); err != nil {
		t.Fatal(err)
	}
	return kv
}
