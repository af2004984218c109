package privdata_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hyperledger/fabric-gateway/pkg/client"
	"github.com/hyperledger/fabric-gateway/pkg/identity"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset/kvrwset"
	lb "github.com/hyperledger/fabric-protos-go-apiv2/peer/lifecycle"
	"github.com/hyperledger/fabric-protos-go-apiv2/transientstore"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/e2e"
	"github.com/saharanet/saharanet/network/ledger"
	"github.com/saharanet/saharanet/network/lifecycle"
	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/orderer"
	"github.com/saharanet/saharanet/network/peer"
	"github.com/saharanet/saharanet/network/policy"
	"github.com/saharanet/saharanet/network/privdata"
	"github.com/saharanet/saharanet/network/privdata/internal/pdcc"
)

const ccName = "pdcc"

// The collections of issue 5's must-shows: Org1 only, shared by both orgs,
// and shared with a block-to-live of 2.
const collectionsJSON = `[
 {"name":"org1only","policy":"OR('Org1MSP.member')","requiredPeerCount":0,"maxPeerCount":1,"memberOnlyRead":true,"memberOnlyWrite":true},
 {"name":"shared","policy":"OR('Org1MSP.member','Org2MSP.member')","requiredPeerCount":1,"maxPeerCount":3,"memberOnlyRead":true,"memberOnlyWrite":true},
 {"name":"short","policy":"OR('Org1MSP.member','Org2MSP.member')","requiredPeerCount":1,"maxPeerCount":3,"blockToLive":2,"memberOnlyRead":true,"memberOnlyWrite":true}
]`

// syncBuffer collects every peer's logs (debug level) so tests can show
// private values never reach them.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) Bytes() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return bytes.Clone(s.b.Bytes())
}

type pdNet struct {
	*peer.TestNetwork
	logs *syncBuffer
}

func newPDNet(t testing.TB, peersPerOrg int) *pdNet {
	t.Helper()
	pkgID := "pdcc_1.0:" + "00112233445566778899"
	ccAddr := startCCaaS(t, pkgID)
	logs := &syncBuffer{}
	logger := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	tn := peer.NewTestNetwork(t,
		peer.WithPeersPerOrg(peersPerOrg),
		peer.WithOrdererOptions(orderer.WithTestBatch(500, 30*time.Millisecond)),
		peer.WithNodeOptions(peer.WithLogger(logger), peer.WithLedgerOptions(ledger.WithLogger(logger)),
			peer.WithReconcileInterval(300*time.Millisecond), peer.WithPrivateDataPullTimeout(time.Second)),
		peer.WithServices(e2e.GatewayServices(pkgID, ccAddr, nil)))
	n := &pdNet{TestNetwork: tn, logs: logs}
	n.deploy(t, pkgID)
	return n
}

func startCCaaS(t testing.TB, pkgID string) string {
	t.Helper()
	cc, err := pdcc.New()
	if err != nil {
		t.Fatal(err)
	}
	return e2e.ServeChaincode(t, pkgID, cc)
}

func (n *pdNet) gateway(t testing.TB, tp *peer.TestPeer, org, user string) *client.Contract {
	return n.network(t, tp, org, user).GetContract(ccName)
}

func (n *pdNet) network(t testing.TB, tp *peer.TestPeer, org, user string) *client.Network {
	t.Helper()
	si := n.Identity(org, user)
	id, err := identity.NewX509Identity(si.MSPID(), si.Certificate())
	if err != nil {
		t.Fatal(err)
	}
	sign, err := identity.NewPrivateKeySign(si.(msp.PrivateKeyIdentity).PrivateKey())
	if err != nil {
		t.Fatal(err)
	}
	gw, err := client.Connect(id, client.WithSign(sign), client.WithClientConnection(n.Dial(tp, org, user)),
		client.WithEvaluateTimeout(20*time.Second), client.WithEndorseTimeout(20*time.Second),
		client.WithSubmitTimeout(20*time.Second), client.WithCommitStatusTimeout(30*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { gw.Close() })
	return gw.GetNetwork(n.ChannelID)
}

func (n *pdNet) deploy(t testing.TB, pkgID string) {
	t.Helper()
	colls, err := privdata.ParseCollectionsConfig([]byte(collectionsJSON))
	if err != nil {
		t.Fatal(err)
	}
	ap, err := policy.ParseApplicationPolicy("OR('Org1MSP.peer','Org2MSP.peer')")
	if err != nil {
		t.Fatal(err)
	}
	vp, _ := proto.Marshal(ap)
	raw, _ := proto.Marshal(&lb.ApproveChaincodeDefinitionForMyOrgArgs{Sequence: 1, Name: ccName, Version: "1.0",
		ValidationParameter: vp, Collections: colls,
		Source: &lb.ChaincodeSource{Type: &lb.ChaincodeSource_LocalPackage{LocalPackage: &lb.ChaincodeSource_Local{PackageId: pkgID}}}})
	for _, org := range []string{"org1", "org2"} {
		c := n.gatewayLifecycle(t, n.Peer(org, 0), org)
		if _, err := c.Submit(lifecycle.FuncApprove, client.WithBytesArguments(raw)); err != nil {
			t.Fatalf("approve as %s admin: %v", org, err)
		}
		n.sync(t)
	}
	if _, err := n.gatewayLifecycle(t, n.Peer("org1", 0), "org1").Submit(lifecycle.FuncCommit, client.WithBytesArguments(raw)); err != nil {
		t.Fatalf("commit definition: %v", err)
	}
	n.sync(t)
	for _, tp := range n.Peers {
		waitFor(t, "definition on "+tp.Name, func() bool {
			_, err := tp.Channel(n.ChannelID).Definition(ccName)
			return err == nil
		})
	}
}

func (n *pdNet) gatewayLifecycle(t testing.TB, tp *peer.TestPeer, org string) *client.Contract {
	return n.network(t, tp, org, "Admin").GetContract(lifecycle.Namespace)
}

func (n *pdNet) sync(t testing.TB) {
	t.Helper()
	var h uint64
	for _, tp := range n.Peers {
		if tp.Node != nil {
			h = max(h, tp.Channel(n.ChannelID).Ledger().Height())
		}
	}
	n.WaitForHeight(h, 20*time.Second)
}

func waitFor(t testing.TB, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func secret(t testing.TB, label string) string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return label + "-" + hex.EncodeToString(b)
}

func put(t testing.TB, c *client.Contract, coll, key, value string) {
	t.Helper()
	if _, err := c.Submit("Put", client.WithArguments(coll, key), client.WithTransient(map[string][]byte{"value": []byte(value)})); err != nil {
		t.Fatalf("Put %s/%s: %v", coll, key, err)
	}
}

func privateValue(t testing.TB, tp *peer.TestPeer, ch, coll, key string) []byte {
	t.Helper()
	v, err := tp.Channel(ch).Ledger().GetPrivateData(ccName, coll, key)
	if err != nil {
		t.Fatalf("%s: GetPrivateData: %v", tp.Name, err)
	}
	if v == nil {
		return nil
	}
	return v.Value
}

func hashedValue(t testing.TB, tp *peer.TestPeer, ch, coll, key string) []byte {
	t.Helper()
	kh := sha256.Sum256([]byte(key))
	v, err := tp.Channel(ch).Ledger().GetHashedState(ccName, coll, kh[:])
	if err != nil {
		t.Fatalf("%s: GetHashedState: %v", tp.Name, err)
	}
	if v == nil {
		return nil
	}
	return v.Value
}

// dirContains reports which files under dir contain needle.
func dirContains(t testing.TB, dir string, needle []byte) []string {
	t.Helper()
	var hits []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if bytes.Contains(b, needle) {
			hits = append(hits, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hits
}

// TestPrivateDataEndToEnd proves issue 5's first must-shows with the
// fabric-gateway client and a contract-api chaincode: Org1-only data is
// readable by Org1, absent from every Org2 peer's disk and logs, and its
// hash is the same on every peer; a shared collection works for both orgs;
// non-members are refused with a clear error.
func TestPrivateDataEndToEnd(t *testing.T) {
	n := newPDNet(t, 1)
	org1, org2 := n.Peer("org1", 0), n.Peer("org2", 0)
	c1 := n.gateway(t, org1, "org1", "User1")
	c2 := n.gateway(t, org2, "org2", "User1")

	hidden := secret(t, "org1-only")
	commit, err := submitAsync(c1, "Put", []string{"org1only", "k1"}, map[string][]byte{"value": []byte(hidden)})
	if err != nil {
		t.Fatal(err)
	}
	st, err := commit.Status()
	if err != nil || !st.Successful {
		t.Fatalf("put: %v %v", st, err)
	}
	control := secret(t, "public-control")
	if _, err := c1.Submit("SetPublic", client.WithArguments("control", control)); err != nil {
		t.Fatal(err)
	}
	n.sync(t)

	got, err := c1.Evaluate("Get", client.WithArguments("org1only", "k1"))
	if err != nil || string(got) != hidden {
		t.Fatalf("Org1 read of its collection: %q %v", got, err)
	}
	want := sha256.Sum256([]byte(hidden))
	for _, tp := range n.Peers {
		if h := hashedValue(t, tp, n.ChannelID, "org1only", "k1"); !bytes.Equal(h, want[:]) {
			t.Fatalf("%s: hash %x, want %x", tp.Name, h, want)
		}
	}
	// GetPrivateDataHash through the chaincode, for anyone, on both orgs.
	for _, c := range []*client.Contract{c1, c2} {
		h, err := c.Evaluate("Hash", client.WithArguments("org1only", "k1"))
		if err != nil || string(h) != hex.EncodeToString(want[:]) {
			t.Fatalf("GetPrivateDataHash: %s %v", h, err)
		}
	}
	if v := privateValue(t, org1, n.ChannelID, "org1only", "k1"); string(v) != hidden {
		t.Fatalf("Org1 peer stores %q", v)
	}
	if v := privateValue(t, org2, n.ChannelID, "org1only", "k1"); v != nil {
		t.Fatalf("Org2 peer stores Org1's private value")
	}

	// Non-members: Org2's client may neither read nor write Org1's
	// member-only collection.
	if _, err := c2.Evaluate("Get", client.WithArguments("org1only", "k1")); err == nil ||
		!strings.Contains(err.Error(), "org1only") {
		t.Fatalf("non-member read: %v", err)
	} else {
		t.Logf("non-member read refused: %v", err)
	}
	_, err = c2.Submit("Put", client.WithArguments("org1only", "k2"), client.WithTransient(map[string][]byte{"value": []byte("x")}))
	if err == nil || !strings.Contains(err.Error(), "org1only") {
		t.Fatalf("non-member write: %v", err)
	} else {
		t.Logf("non-member write refused: %v", err)
	}

	// A collection shared by both orgs works for both.
	s1, s2 := secret(t, "shared1"), secret(t, "shared2")
	put(t, c1, "shared", "a", s1)
	put(t, c2, "shared", "b", s2)
	n.sync(t)
	for _, c := range []*client.Contract{c1, c2} {
		for k, v := range map[string]string{"a": s1, "b": s2} {
			got, err := c.Evaluate("Get", client.WithArguments("shared", k))
			if err != nil || string(got) != v {
				t.Fatalf("shared read %s: %q %v", k, got, err)
			}
		}
	}
	for _, tp := range n.Peers {
		if v := privateValue(t, tp, n.ChannelID, "shared", "a"); string(v) != s1 {
			t.Fatalf("%s: shared value %q", tp.Name, v)
		}
	}

	// DeliverWithPrivateData from the Org1 peer: Org1's user gets the
	// block's Org1-only data, Org2's user gets the block without it.
	for _, who := range []struct {
		org  string
		want bool
	}{{"org1", true}, {"org2", false}} {
		got := deliveredPrivate(t, n.network(t, org1, who.org, "User1"), st.BlockNumber)
		if has := bytes.Contains(got, []byte(hidden)); has != who.want {
			t.Fatalf("DeliverWithPrivateData to %s's user: private value delivered = %v, want %v", who.org, has, who.want)
		}
	}

	// The logs of every peer never carry a private value.
	logs := n.logs.Bytes()
	if len(logs) == 0 || !bytes.Contains(logs, []byte("mychannel")) {
		t.Fatal("log capture is not working")
	}
	for _, v := range []string{hidden, s1, s2} {
		if bytes.Contains(logs, []byte(v)) {
			t.Fatalf("a private value appears in the peers' logs")
		}
	}

	// On disk: stop every peer (Pebble flushes and closes), then search the
	// Org2 peer's whole file system path. The public control value is
	// found there, the Org1-only value nowhere; the shared value is found.
	n.StopAll()
	if hits := dirContains(t, org2.Dir, []byte(control)); len(hits) == 0 {
		t.Fatal("positive control: the public value is not found on the Org2 peer's disk; the search does not work")
	}
	if hits := dirContains(t, org2.Dir, []byte(s1)); len(hits) == 0 {
		t.Fatal("positive control: the shared private value is not found on the Org2 peer's disk")
	}
	if hits := dirContains(t, org2.Dir, []byte(hidden)); len(hits) > 0 {
		t.Fatalf("Org1-only value found on the Org2 peer's disk: %v", hits)
	}
	if hits := dirContains(t, org1.Dir, []byte(hidden)); len(hits) == 0 {
		t.Fatal("the Org1 peer's disk does not hold its own private value")
	}
}

// TestMemberPeerRecoversPrivateData: an Org1 peer that was down during
// endorsement gets the data at commit by pulling it from the other Org1
// peer; when no member peer is reachable at commit it records the data as
// missing, and reconciliation fetches it once a member peer is back.
func TestMemberPeerRecoversPrivateData(t *testing.T) {
	n := newPDNet(t, 2)
	p0, p1 := n.Peer("org1", 0), n.Peer("org1", 1)
	c1 := n.gateway(t, p0, "org1", "User1")

	// 1. Pull at commit.
	n.Stop(p1)
	v1 := secret(t, "while-down")
	put(t, c1, "org1only", "k1", v1)
	n.Restart(p1)
	n.sync(t)
	if got := privateValue(t, p1, n.ChannelID, "org1only", "k1"); string(got) != v1 {
		t.Fatalf("restarted peer has %q", got)
	}

	// 2. Reconciliation: both Org1 peers' data is written while peer1 is
	// down, and peer0 is down while peer1 catches up.
	n.Stop(p1)
	v2 := secret(t, "reconciled")
	put(t, c1, "org1only", "k2", v2)
	h := p0.Channel(n.ChannelID).Ledger().Height()
	n.Stop(p0)
	n.Restart(p1)
	waitFor(t, "peer1 to catch up", func() bool { return p1.Channel(n.ChannelID).Ledger().Height() >= h })
	if got := privateValue(t, p1, n.ChannelID, "org1only", "k2"); got != nil {
		t.Fatal("private data present although no member peer was reachable")
	}
	missing, err := p1.Channel(n.ChannelID).MissingPrivateData(0)
	if err != nil || len(missing) == 0 {
		t.Fatalf("missing-data index: %v %v", missing, err)
	}
	n.Restart(p0)
	waitFor(t, "reconciliation", func() bool {
		return string(privateValue(t, p1, n.ChannelID, "org1only", "k2")) == v2
	})
	waitFor(t, "the missing-data index to empty", func() bool {
		m, err := p1.Channel(n.ChannelID).MissingPrivateData(0)
		return err == nil && len(m) == 0
	})
}

// TestBlockToLiveAndPurge: after expiry or purge the data is gone from the
// state, the block's private writes and the transient store of every
// member peer, while the hashes stay (expiry) or go (purge).
func TestBlockToLiveAndPurge(t *testing.T) {
	n := newPDNet(t, 1)
	c1 := n.gateway(t, n.Peer("org1", 0), "org1", "User1")

	v := secret(t, "short-lived")
	commit, err := submitAsync(c1, "Put", []string{"short", "k"}, map[string][]byte{"value": []byte(v)})
	if err != nil {
		t.Fatal(err)
	}
	txid := commit.TransactionID()
	st, err := commit.Status()
	if err != nil || !st.Successful {
		t.Fatalf("put: %v %v", st, err)
	}
	block := st.BlockNumber
	n.sync(t)
	for _, tp := range n.Peers {
		if got := privateValue(t, tp, n.ChannelID, "short", "k"); string(got) != v {
			t.Fatalf("%s: %q before expiry", tp.Name, got)
		}
	}
	// Block-to-live 2: purged when block+3 commits.
	for i := 0; i < 3; i++ {
		if _, err := c1.Submit("SetPublic", client.WithArguments("tick", secret(t, "tick"))); err != nil {
			t.Fatal(err)
		}
	}
	n.sync(t)
	for _, tp := range n.Peers {
		ch := tp.Channel(n.ChannelID)
		if ch.Ledger().Height() < block+3 {
			t.Fatalf("height %d", ch.Ledger().Height())
		}
		assertGone(t, tp, "short", "k", block, txid, v)
	}

	// PurgePrivateData removes value, hash and history at once.
	pv := secret(t, "purged")
	put(t, c1, "shared", "p", pv)
	n.sync(t)
	commit, err = submitAsync(c1, "Purge", []string{"shared", "p"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if st, err := commit.Status(); err != nil || !st.Successful {
		t.Fatalf("purge: %v %v", st, err)
	}
	n.sync(t)
	for _, tp := range n.Peers {
		if h := hashedValue(t, tp, n.ChannelID, "shared", "p"); h != nil {
			t.Fatalf("%s: hash survives the purge", tp.Name)
		}
		if got := privateValue(t, tp, n.ChannelID, "shared", "p"); got != nil {
			t.Fatalf("%s: value survives the purge", tp.Name)
		}
		for b := uint64(0); b < tp.Channel(n.ChannelID).Ledger().Height(); b++ {
			ws, err := tp.Channel(n.ChannelID).Ledger().PrivateWritesByBlock(b)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range ws {
				if bytes.Equal(w.Value, []byte(pv)) {
					t.Fatalf("%s: block %d still holds the purged value", tp.Name, b)
				}
			}
		}
	}
	if _, err := c1.Evaluate("Get", client.WithArguments("shared", "p")); err == nil {
		t.Fatal("purged value still readable")
	}
}

func assertGone(t *testing.T, tp *peer.TestPeer, coll, key string, block uint64, txid, value string) {
	t.Helper()
	ch := tp.Channel(tp.Node.Channels()[0])
	if got := privateValue(t, tp, ch.ID(), coll, key); got != nil {
		t.Fatalf("%s: value survives expiry", tp.Name)
	}
	ws, err := ch.Ledger().PrivateWritesByBlock(block)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range ws {
		if bytes.Equal(w.Value, []byte(value)) {
			t.Fatalf("%s: block %d's private writes still hold the value", tp.Name, block)
		}
	}
	sets, err := ch.TransientStore().CollectionRWSets(txid, ccName, coll)
	if err != nil || len(sets) != 0 {
		t.Fatalf("%s: transient store still holds %d sets (%v)", tp.Name, len(sets), err)
	}
}

func submitAsync(c *client.Contract, fn string, args []string, transient map[string][]byte) (*client.Commit, error) {
	opts := []client.ProposalOption{client.WithArguments(args...)}
	if transient != nil {
		opts = append(opts, client.WithTransient(transient))
	}
	_, commit, err := c.SubmitAsync(fn, opts...)
	return commit, err
}

// TestForgedPrivateDataRejectedAtCommit: an authenticated channel member
// (Org2's user) pushes a forged write set for an Org1-only transaction to
// an Org1 peer before the block arrives. The hash in the block does not
// match it, so the peer never stores it: it pulls the genuine data from the
// endorsing peer instead.
func TestForgedPrivateDataRejectedAtCommit(t *testing.T) {
	n := newPDNet(t, 2)
	p0, p1 := n.Peer("org1", 0), n.Peer("org1", 1)
	c1 := n.gateway(t, p0, "org1", "User1")

	real := secret(t, "genuine")
	forged := secret(t, "forged")
	tx, err := c1.NewProposal("Put", client.WithArguments("org1only", "k"), client.WithTransient(map[string][]byte{"value": []byte(real)}))
	if err != nil {
		t.Fatal(err)
	}
	endorsed, err := tx.Endorse()
	if err != nil {
		t.Fatal(err)
	}
	txid := endorsed.TransactionID()

	kv, _ := proto.Marshal(&kvrwset.KVRWSet{Writes: []*kvrwset.KVWrite{{Key: "k", Value: []byte(forged)}}})
	data := &transientstore.TxPvtReadWriteSetWithConfigInfo{EndorsedAt: 1, PvtRwset: &rwset.TxPvtReadWriteSet{
		DataModel: rwset.TxReadWriteSet_KV, NsPvtRwset: []*rwset.NsPvtReadWriteSet{{Namespace: ccName,
			CollectionPvtRwset: []*rwset.CollectionPvtReadWriteSet{{CollectionName: "org1only", Rwset: kv}}}}}}
	// Replace whatever the endorsement disseminated with the forgery. Pushes
	// beyond the required acknowledgements finish in the background, so wait
	// (bounded) for the genuine copy to land before removing it.
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if sets, _ := p1.Channel(n.ChannelID).TransientStore().CollectionRWSets(txid, ccName, "org1only"); len(sets) > 0 {
			break
		}
	}
	if err := p1.Channel(n.ChannelID).TransientStore().PurgeByTxIDs([]string{txid}); err != nil {
		t.Fatal(err)
	}
	// A client of a channel org may not push at all: only peers exchange
	// private data.
	uc := privdata.NewClient(n.Identity("org2", "User1"), n.ClientTLS("org2", "User1"))
	defer uc.Close()
	if err := uc.Push(context.Background(), p1.Addr, n.ChannelID, txid, data); err == nil || !strings.Contains(err.Error(), "PermissionDenied") || !strings.Contains(err.Error(), "is not a peer") {
		t.Fatalf("push by a client identity: got %v, want PermissionDenied (not a peer)", err)
	}
	// A compromised Org2 peer can push; the forgery must still never be stored.
	o2 := n.Peer("org2", 0).Node
	pc := privdata.NewClient(o2.Signer(), o2.ClientTLS())
	defer pc.Close()
	if err := pc.Push(context.Background(), p1.Addr, n.ChannelID, txid, data); err != nil {
		t.Fatalf("forged push by an authenticated member peer was not accepted into the transient store: %v", err)
	}
	if sets, _ := p1.Channel(n.ChannelID).TransientStore().CollectionRWSets(txid, ccName, "org1only"); len(sets) != 1 {
		t.Fatalf("forgery not in place: %d sets", len(sets))
	}

	commit, err := endorsed.Submit()
	if err != nil {
		t.Fatal(err)
	}
	if st, err := commit.Status(); err != nil || !st.Successful {
		t.Fatalf("submit: %v %v", st, err)
	}
	n.sync(t)
	if got := privateValue(t, p1, n.ChannelID, "org1only", "k"); string(got) != real {
		t.Fatalf("peer1 stores %q, want the genuine value", got)
	}
	if !bytes.Contains(n.logs.Bytes(), []byte("transient private data does not match the block's hash")) {
		t.Fatal("the forgery was not detected at commit")
	}
	if got, _ := p1.Channel(n.ChannelID).TransientStore().CollectionRWSets(txid, ccName, "org1only"); len(got) != 0 {
		t.Fatal("the transient store keeps the forgery after commit")
	}
	// The ledger's files never saw the forged bytes. (The transient store's
	// write-ahead log keeps deleted entries until Pebble recycles it.)
	n.Stop(p1)
	if hits := dirContains(t, filepath.Join(p1.Dir, "ledgers"), []byte(forged)); len(hits) > 0 {
		t.Fatalf("forged value in the ledger's files: %v", hits)
	}
	if hits := dirContains(t, filepath.Join(p1.Dir, "ledgers"), []byte(real)); len(hits) == 0 {
		t.Fatal("positive control: the genuine value is not found in the ledger's files")
	}
}

// deliveredPrivate returns the marshalled private data map of one block as
// delivered by DeliverWithPrivateData to the network's identity.
func deliveredPrivate(t *testing.T, nw *client.Network, block uint64) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	events, err := nw.BlockAndPrivateDataEvents(ctx, client.WithStartBlock(block))
	if err != nil {
		t.Fatal(err)
	}
	ev, ok := <-events
	if !ok || ev.GetBlock().GetHeader().GetNumber() != block {
		t.Fatalf("no block %d delivered", block)
	}
	var out []byte
	for _, tx := range ev.GetPrivateDataMap() {
		b, _ := proto.Marshal(tx)
		out = append(out, b...)
	}
	return out
}
