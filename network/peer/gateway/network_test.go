package gateway_test

import (
	"sync"
	"testing"
	"time"

	"github.com/hyperledger/fabric-gateway/pkg/client"
	"github.com/hyperledger/fabric-gateway/pkg/identity"
	gp "github.com/hyperledger/fabric-protos-go-apiv2/gateway"
	lb "github.com/hyperledger/fabric-protos-go-apiv2/peer/lifecycle"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/e2e"
	"github.com/saharanet/saharanet/network/internal/assetcc"
	"github.com/saharanet/saharanet/network/lifecycle"
	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/orderer"
	"github.com/saharanet/saharanet/network/peer"
	"github.com/saharanet/saharanet/network/peer/gateway"
	"github.com/saharanet/saharanet/network/policy"
)

const ccName = "basic"

// testNet is the in-process network of engineer A's peer.TestNetwork with
// this package's Endorser and Gateway registered on every peer, and the
// asset contract running as a chaincode-as-a-service that every peer dials.
type testNet struct {
	*peer.TestNetwork
	pkgID   string
	ccAddr  string
	mu      sync.Mutex
	metrics map[string]*gateway.Metrics // by peer name
}

type netOption func(*netConfig)

type netConfig struct {
	peersPerOrg int
	policy      string
	batch       time.Duration
}

func withPeersPerOrg(n int) netOption     { return func(c *netConfig) { c.peersPerOrg = n } }
func withBatch(d time.Duration) netOption { return func(c *netConfig) { c.batch = d } }

func newTestNet(t testing.TB, opts ...netOption) *testNet {
	t.Helper()
	cfg := netConfig{peersPerOrg: 1, policy: "AND('Org1MSP.peer','Org2MSP.peer')", batch: 50 * time.Millisecond}
	for _, o := range opts {
		o(&cfg)
	}
	tn := &testNet{pkgID: "basic_1.0:" + "0123456789abcdef", metrics: map[string]*gateway.Metrics{}}
	tn.ccAddr = startCCaaS(t, tn.pkgID)
	tn.TestNetwork = peer.NewTestNetwork(t,
		peer.WithPeersPerOrg(cfg.peersPerOrg),
		peer.WithOrdererOptions(orderer.WithTestBatch(500, cfg.batch)),
		peer.WithServices(e2e.GatewayServices(tn.pkgID, tn.ccAddr, func(tp *peer.TestPeer) []gateway.Option {
			m := gateway.NewMetrics(nil)
			tn.mu.Lock()
			tn.metrics[tp.Name] = m
			tn.mu.Unlock()
			return []gateway.Option{gateway.WithMetrics(m)}
		})))
	tn.deploy(t, ccName, "1.0", 1, cfg.policy, tn.pkgID)
	return tn
}

// startCCaaS runs the asset contract's own shim server (it cannot be
// stopped; it dies with the test binary).
func startCCaaS(t testing.TB, pkgID string) string {
	t.Helper()
	cc, err := assetcc.New()
	if err != nil {
		t.Fatal(err)
	}
	return e2e.ServeChaincode(t, pkgID, cc)
}

// gatewayFor connects the fabric-gateway client to a peer as a user.
func (tn *testNet) gatewayFor(t testing.TB, tp *peer.TestPeer, org, user string, opts ...client.ConnectOption) *client.Gateway {
	t.Helper()
	conn := tn.Dial(tp, org, user)
	si := tn.Identity(org, user)
	id, err := identity.NewX509Identity(si.MSPID(), si.Certificate())
	if err != nil {
		t.Fatal(err)
	}
	key := si.(msp.PrivateKeyIdentity).PrivateKey()
	sign, err := identity.NewPrivateKeySign(key)
	if err != nil {
		t.Fatal(err)
	}
	opts = append([]client.ConnectOption{client.WithSign(sign), client.WithClientConnection(conn),
		client.WithEvaluateTimeout(20 * time.Second), client.WithEndorseTimeout(20 * time.Second),
		client.WithSubmitTimeout(20 * time.Second), client.WithCommitStatusTimeout(30 * time.Second)}, opts...)
	gw, err := client.Connect(id, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { gw.Close() })
	return gw
}

// deploy approves the definition as each org's admin on its own peer and
// commits it as Org1's admin, all through the Gateway and _lifecycle.
func (tn *testNet) deploy(t testing.TB, name, version string, seq int64, pol, pkgID string) {
	t.Helper()
	ap, err := policy.ParseApplicationPolicy(pol)
	if err != nil {
		t.Fatal(err)
	}
	args := &lb.ApproveChaincodeDefinitionForMyOrgArgs{
		Sequence: seq, Name: name, Version: version,
		ValidationParameter: mustMarshal(t, ap),
		Source:              &lb.ChaincodeSource{Type: &lb.ChaincodeSource_LocalPackage{LocalPackage: &lb.ChaincodeSource_Local{PackageId: pkgID}}},
	}
	raw := mustMarshal(t, args)
	for _, org := range []string{"org1", "org2"} {
		gw := tn.gatewayFor(t, tn.Peer(org, 0), org, "Admin")
		c := gw.GetNetwork(tn.ChannelID).GetContract(lifecycle.Namespace)
		if _, err := c.Submit(lifecycle.FuncApprove, client.WithBytesArguments(raw)); err != nil {
			t.Fatalf("approve as %s admin: %v", org, describe(err))
		}
		// The committing peer must see every approval before it endorses.
		tn.sync(t)
	}
	gw := tn.gatewayFor(t, tn.Peer("org1", 0), "org1", "Admin")
	c := gw.GetNetwork(tn.ChannelID).GetContract(lifecycle.Namespace)
	if _, err := c.Submit(lifecycle.FuncCommit, client.WithBytesArguments(raw)); err != nil {
		t.Fatalf("commit definition: %v", describe(err))
	}
	// Every peer must see the definition before the tests use it.
	deadline := time.Now().Add(20 * time.Second)
	for _, tp := range tn.Peers {
		for {
			if d, err := tp.Channel(tn.ChannelID).Definition(name); err == nil && d.Sequence == seq {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: definition of %s not committed", tp.Name, name)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
}

// sync waits until every peer has every block any peer has.
func (tn *testNet) sync(t testing.TB) {
	t.Helper()
	var h uint64
	for _, tp := range tn.Peers {
		if tp.Node != nil {
			h = max(h, tp.Channel(tn.ChannelID).Ledger().Height())
		}
	}
	tn.WaitForHeight(h, 20*time.Second)
}

func mustMarshal(t testing.TB, m proto.Message) []byte {
	t.Helper()
	b, err := proto.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// describe adds ErrorDetails to an error's text.
func describe(err error) string {
	if err == nil {
		return "<nil>"
	}
	s := err.Error()
	type detailer interface{ Details() []*gp.ErrorDetail }
	if d, ok := err.(detailer); ok {
		for _, x := range d.Details() {
			s += "\n  " + x.GetMspId() + "@" + x.GetAddress() + ": " + x.GetMessage()
		}
	}
	return s
}
