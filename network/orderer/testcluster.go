package orderer

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	ab "github.com/hyperledger/fabric-protos-go-apiv2/orderer"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/grpc"

	"github.com/saharanet/saharanet/network/channelconfig"
	"github.com/saharanet/saharanet/network/comm"
	"github.com/saharanet/saharanet/network/cryptogen"
	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/protoutil"
)

// TestCluster is an in-process ordering service for tests anywhere in the
// repository: n orderers of org "OrdererMSP" (example.com) on loopback with
// real mutual TLS, real raft and real Pebble stores, serving one channel whose
// genesis block also names the peer orgs (default Org1MSP, Org2MSP). Crypto
// material comes from cryptogen in a temporary directory.
type TestCluster struct {
	T         testing.TB
	ChannelID string
	Genesis   *common.Block
	CryptoDir string
	Profile   *channelconfig.Profile
	Nodes     []*TestNode
	timing    RaftTiming
	peerOrgs  []string
}

// TestNode is one orderer of a TestCluster.
type TestNode struct {
	Name        string // e.g. orderer0.example.com
	Addr        string // client gRPC address, 127.0.0.1:port
	ClusterAddr string // consenter address
	Orderer     *Orderer
	dataDir     string
	nodeDir     string
	tls         *comm.NodeTLS
	grpcSrv     *grpc.Server
	cluster     *Cluster
	running     bool
}

// TestClusterOption adjusts a TestCluster before it starts.
type TestClusterOption func(*testClusterConfig)

type testClusterConfig struct {
	channel   string
	maxCount  uint32
	timeout   string
	preferred uint32
	absolute  uint32
	timing    RaftTiming
	peerOrgs  []string
	raftOpts  *channelconfig.RaftOptions // nil: the builder's defaults
}

// WithTestBatch sets BatchSize.MaxMessageCount and BatchTimeout.
func WithTestBatch(maxCount uint32, timeout time.Duration) TestClusterOption {
	return func(c *testClusterConfig) { c.maxCount, c.timeout = maxCount, timeout.String() }
}

// WithTestBatchBytes sets BatchSize.PreferredMaxBytes and AbsoluteMaxBytes.
func WithTestBatchBytes(preferred, absolute uint32) TestClusterOption {
	return func(c *testClusterConfig) { c.preferred, c.absolute = preferred, absolute }
}

// WithTestRaftTiming overrides the fast raft timing tests use.
func WithTestRaftTiming(t RaftTiming) TestClusterOption {
	return func(c *testClusterConfig) { c.timing = t }
}

// WithTestSnapshotIntervalSize sets the channel's
// Orderer.EtcdRaft.Options.SnapshotIntervalSize (0: unset, so each node's
// RaftTiming.SnapshotIntervalSize applies).
func WithTestSnapshotIntervalSize(n uint32) TestClusterOption {
	return func(c *testClusterConfig) {
		c.raftOpts = &channelconfig.RaftOptions{TickInterval: "500ms", ElectionTick: 10, HeartbeatTick: 1,
			MaxInflightBlocks: 5, SnapshotIntervalSize: channelconfig.ByteSize(n)}
	}
}

// WithTestChannel names the channel (default "mychannel").
func WithTestChannel(name string) TestClusterOption {
	return func(c *testClusterConfig) { c.channel = name }
}

// WithTestPeerOrgs names the peer orgs (cryptogen.TestNetworkConfig names, default "org1", "org2").
func WithTestPeerOrgs(orgs ...string) TestClusterOption {
	return func(c *testClusterConfig) { c.peerOrgs = orgs }
}

// TestRaftTiming is a fast raft timing for loopback tests.
func TestRaftTiming() RaftTiming {
	t := DefaultRaftTiming()
	// Short enough for quick failover tests, long enough not to flap when
	// a shared CI machine is busy.
	t.HeartbeatTimeout, t.ElectionTimeout, t.LeaderLeaseTimeout = 500*time.Millisecond, 500*time.Millisecond, 500*time.Millisecond
	return t
}

// NewTestCluster generates crypto material, builds the genesis block, starts
// n orderers and waits for a raft leader. Everything stops at test cleanup.
func NewTestCluster(t testing.TB, n int, opts ...TestClusterOption) *TestCluster {
	t.Helper()
	cfg := testClusterConfig{channel: "mychannel", maxCount: 500, timeout: "200ms", preferred: 2 << 20, absolute: 10 << 20,
		timing: TestRaftTiming(), peerOrgs: []string{"org1", "org2"}}
	for _, o := range opts {
		o(&cfg)
	}
	root := t.TempDir()
	cryptoDir := filepath.Join(root, "organizations")
	cc := cryptogen.TestNetworkConfig(cfg.peerOrgs...)
	cc.OrdererOrgs[0].Template.Count = n
	if err := cryptogen.Generate(cc, cryptoDir); err != nil {
		t.Fatalf("cryptogen: %v", err)
	}
	tc := &TestCluster{T: t, ChannelID: cfg.channel, CryptoDir: cryptoDir, timing: cfg.timing, peerOrgs: cfg.peerOrgs}
	ordererOrg := cryptogen.OrdererOrgDir(cryptoDir, "example.com")
	var consenters []*channelconfig.Consenter
	var endpoints []string
	listeners := make([]net.Listener, n)
	// Both listeners stay open until the node serves on them: closing a
	// port and binding it again later lets another process take it.
	grpcListeners := make([]net.Listener, n)
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("orderer%d.example.com", i)
		nodeDir := filepath.Join(ordererOrg, "orderers", name)
		cl, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		listeners[i] = cl
		gl, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		gaddr := gl.Addr().String()
		grpcListeners[i] = gl
		port := uint32(cl.Addr().(*net.TCPAddr).Port)
		crt := filepath.Join(nodeDir, "tls", "server.crt")
		consenters = append(consenters, &channelconfig.Consenter{Host: "127.0.0.1", Port: port, ClientTLSCert: crt, ServerTLSCert: crt})
		endpoints = append(endpoints, gaddr)
		tc.Nodes = append(tc.Nodes, &TestNode{Name: name, Addr: gaddr, ClusterAddr: cl.Addr().String(),
			dataDir: filepath.Join(root, "data", name), nodeDir: nodeDir})
	}
	tc.Profile = TestProfile(cryptoDir, cfg.peerOrgs, consenters, endpoints)
	tc.Profile.Orderer.BatchTimeout = cfg.timeout
	tc.Profile.Orderer.BatchSize = channelconfig.BatchSize{MaxMessageCount: cfg.maxCount,
		PreferredMaxBytes: channelconfig.ByteSize(cfg.preferred), AbsoluteMaxBytes: channelconfig.ByteSize(cfg.absolute)}
	if cfg.raftOpts != nil {
		tc.Profile.Orderer.EtcdRaft.Options = cfg.raftOpts
	}
	g, err := channelconfig.GenesisBlock(tc.Profile, cfg.channel)
	if err != nil {
		t.Fatalf("genesis block: %v", err)
	}
	tc.Genesis = g
	t.Cleanup(tc.StopAll)
	for i := range tc.Nodes {
		if err := tc.start(i, listeners[i], grpcListeners[i], true); err != nil {
			t.Fatalf("start %s: %v", tc.Nodes[i].Name, err)
		}
	}
	tc.WaitForLeader(10 * time.Second)
	return tc
}

// TestProfile is the profile of a test network channel, in the style of
// Fabric's test-network configtx.yaml: OrdererMSP with the given consenters,
// one application org per name (MSP ID "<Name>MSP", e.g. Org1MSP) with
// admin/peer/client policies, V2_0 channel and V2_5 application capabilities.
func TestProfile(cryptoDir string, peerOrgs []string, consenters []*channelconfig.Consenter, ordererEndpoints []string) *channelconfig.Profile {
	sig := func(rule string) *channelconfig.Policy { return &channelconfig.Policy{Type: "Signature", Rule: rule} }
	meta := func(rule string) *channelconfig.Policy {
		return &channelconfig.Policy{Type: "ImplicitMeta", Rule: rule}
	}
	ordOrg := &channelconfig.Organization{Name: "OrdererOrg", ID: "OrdererMSP",
		MSPDir:           filepath.Join(cryptogen.OrdererOrgDir(cryptoDir, "example.com"), "msp"),
		OrdererEndpoints: ordererEndpoints,
		Policies: map[string]*channelconfig.Policy{
			"Readers": sig("OR('OrdererMSP.member')"), "Writers": sig("OR('OrdererMSP.member')"), "Admins": sig("OR('OrdererMSP.admin')"),
		}}
	var apps []*channelconfig.Organization
	for _, o := range peerOrgs {
		domain := o
		if !strings.Contains(o, ".") {
			domain = o + ".example.com"
		}
		label := strings.SplitN(domain, ".", 2)[0]
		id := strings.ToUpper(label[:1]) + label[1:] + "MSP"
		apps = append(apps, &channelconfig.Organization{Name: id, ID: id,
			MSPDir: filepath.Join(cryptogen.PeerOrgDir(cryptoDir, domain), "msp"),
			Policies: map[string]*channelconfig.Policy{
				"Readers":     sig(fmt.Sprintf("OR('%[1]s.admin', '%[1]s.peer', '%[1]s.client')", id)),
				"Writers":     sig(fmt.Sprintf("OR('%[1]s.admin', '%[1]s.client')", id)),
				"Admins":      sig(fmt.Sprintf("OR('%s.admin')", id)),
				"Endorsement": sig(fmt.Sprintf("OR('%s.peer')", id)),
			}})
	}
	std := func() map[string]*channelconfig.Policy {
		return map[string]*channelconfig.Policy{"Readers": meta("ANY Readers"), "Writers": meta("ANY Writers"), "Admins": meta("MAJORITY Admins")}
	}
	op := std()
	op["BlockValidation"] = meta("ANY Writers")
	ap := std()
	ap["Endorsement"] = meta("MAJORITY Endorsement")
	ap["LifecycleEndorsement"] = meta("MAJORITY Endorsement")
	return &channelconfig.Profile{
		Policies:     std(),
		Capabilities: map[string]bool{"V2_0": true},
		Orderer: &channelconfig.Orderer{
			OrdererType: "etcdraft", BatchTimeout: "200ms",
			BatchSize:     channelconfig.BatchSize{MaxMessageCount: 500, AbsoluteMaxBytes: 10 << 20, PreferredMaxBytes: 2 << 20},
			EtcdRaft:      &channelconfig.EtcdRaft{Consenters: consenters},
			Organizations: []*channelconfig.Organization{ordOrg},
			Policies:      op,
			Capabilities:  map[string]bool{"V2_0": true},
		},
		Application: &channelconfig.Application{
			Organizations: apps, Policies: ap, Capabilities: map[string]bool{"V2_5": true},
		},
	}
}

// start runs node i; nil listeners are bound again at the node's addresses
// (after a restart).
func (tc *TestCluster) start(i int, cl, gl net.Listener, join bool) error {
	nd := tc.Nodes[i]
	var err error
	if nd.tls == nil {
		if nd.tls, err = comm.LoadNodeTLS(filepath.Join(nd.nodeDir, "tls")); err != nil {
			return err
		}
	}
	if cl == nil {
		if cl, err = listenRetry(nd.ClusterAddr); err != nil {
			return err
		}
	}
	signer, err := msp.LoadSigningIdentity(filepath.Join(nd.nodeDir, "msp"), "OrdererMSP")
	if err != nil {
		cl.Close()
		return err
	}
	nd.cluster = NewCluster(cl, nd.ClusterAddr,
		comm.ServerConfig(nd.tls.Certificate, nd.tls.RootCAs, true),
		comm.ClientConfig(&nd.tls.Certificate, nd.tls.RootCAs, ""),
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	logger := slog.New(slog.NewTextHandler(testLogWriter(), &slog.HandlerOptions{Level: slog.LevelWarn})).With("node", nd.Name)
	o, err := New(nd.dataDir, nd.cluster, signer, WithRaftTiming(tc.timing), WithLogger(logger), WithClusterCert(nd.tls.CertPEM))
	if err != nil {
		nd.cluster.Close()
		return err
	}
	if join {
		if _, err := o.JoinChannel(tc.Genesis); err != nil {
			o.Close()
			nd.cluster.Close()
			return err
		}
	}
	c, _ := o.Chain(tc.ChannelID)
	if gl == nil {
		if gl, err = listenRetry(nd.Addr); err != nil {
			o.Close()
			nd.cluster.Close()
			return err
		}
	}
	nd.grpcSrv = comm.NewServer(comm.ServerConfig(nd.tls.Certificate, c.Bundle().TLSRootCAs(), true))
	ab.RegisterAtomicBroadcastServer(nd.grpcSrv, o)
	go nd.grpcSrv.Serve(gl)
	nd.Orderer, nd.running = o, true
	return nil
}

func testLogWriter() io.Writer {
	if os.Getenv("SAHARANET_TEST_LOG") != "" {
		return os.Stderr
	}
	return io.Discard
}

// listenRetry rebinds a fixed address: after a stop the port may linger briefly.
func listenRetry(addr string) (net.Listener, error) {
	var err error
	for i := 0; i < 50; i++ {
		var l net.Listener
		if l, err = net.Listen("tcp", addr); err == nil {
			return l, nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return nil, err
}

// Stop stops node i (gRPC, raft, stores) as a crash would, minus the fsync
// loss: its data stays for Restart.
func (tc *TestCluster) Stop(i int) {
	nd := tc.Nodes[i]
	if !nd.running {
		return
	}
	nd.running = false
	nd.grpcSrv.Stop()
	nd.Orderer.Close()
	nd.cluster.Close()
}

// Restart starts a stopped node on its old addresses and data.
func (tc *TestCluster) Restart(i int) {
	tc.T.Helper()
	if err := tc.start(i, nil, nil, false); err != nil {
		tc.T.Fatalf("restart %s: %v", tc.Nodes[i].Name, err)
	}
}

// StopAll stops every running node.
func (tc *TestCluster) StopAll() {
	var wg sync.WaitGroup
	for i := range tc.Nodes {
		if tc.Nodes[i].running {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				tc.Stop(i)
			}(i)
		}
	}
	wg.Wait()
}

// Chain returns node i's chain of the test channel.
func (tc *TestCluster) Chain(i int) *Chain {
	c, _ := tc.Nodes[i].Orderer.Chain(tc.ChannelID)
	return c
}

// Leader waits for a leader among running nodes and returns its index.
func (tc *TestCluster) WaitForLeader(timeout time.Duration) int {
	tc.T.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		for i, nd := range tc.Nodes {
			if nd.running && tc.Chain(i).IsLeader() {
				return i
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	tc.T.Fatalf("no raft leader within %v", timeout)
	return -1
}

// WaitForHeight waits until every running node has at least h blocks.
func (tc *TestCluster) WaitForHeight(h uint64, timeout time.Duration) {
	tc.T.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ok := true
		for i, nd := range tc.Nodes {
			if nd.running && tc.Chain(i).Height() < h {
				ok = false
			}
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			var hs []uint64
			for i, nd := range tc.Nodes {
				if nd.running {
					hs = append(hs, tc.Chain(i).Height())
				}
			}
			tc.T.Fatalf("heights %v did not reach %d within %v", hs, h, timeout)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// UserDir is the local MSP folder of a user, e.g. ("org1", "User1").
func (tc *TestCluster) UserDir(org, user string) string {
	domain := org
	if !strings.Contains(org, ".") {
		domain = org + ".example.com"
	}
	return filepath.Join(cryptogen.PeerOrgDir(tc.CryptoDir, domain), "users", user+"@"+domain)
}

// Identity loads the signing identity of a user of a peer org, e.g. ("org1", "User1") → Org1MSP.
func (tc *TestCluster) Identity(org, user string) msp.SigningIdentity {
	tc.T.Helper()
	label := strings.SplitN(org, ".", 2)[0]
	id, err := msp.LoadSigningIdentity(filepath.Join(tc.UserDir(org, user), "msp"), strings.ToUpper(label[:1])+label[1:]+"MSP")
	if err != nil {
		tc.T.Fatalf("load identity %s@%s: %v", user, org, err)
	}
	return id
}

// ClientTLS is a mutual-TLS client config for a peer-org user.
func (tc *TestCluster) ClientTLS(org, user string) *tls.Config {
	tc.T.Helper()
	dir := filepath.Join(tc.UserDir(org, user), "tls")
	nt, err := comm.LoadTLS(filepath.Join(dir, "client.crt"), filepath.Join(dir, "client.key"))
	if err != nil {
		tc.T.Fatal(err)
	}
	roots := x509.NewCertPool()
	if err := comm.AppendPEM(roots, mustRead(tc.T, filepath.Join(tc.Nodes[0].nodeDir, "tls", "ca.crt"))); err != nil {
		tc.T.Fatal(err)
	}
	return comm.ClientConfig(&nt.Certificate, roots, "")
}

func mustRead(t testing.TB, path string) []byte {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Dial connects to node i as a user of org1 over mutual TLS.
func (tc *TestCluster) Dial(i int) *grpc.ClientConn {
	tc.T.Helper()
	conn, err := comm.Dial(tc.Nodes[i].Addr, tc.ClientTLS("org1", "User1"))
	if err != nil {
		tc.T.Fatal(err)
	}
	tc.T.Cleanup(func() { conn.Close() })
	return conn
}

// NewTx makes a signed ENDORSER_TRANSACTION-typed envelope for the test
// channel whose payload carries pad bytes of filler.
func (tc *TestCluster) NewTx(s protoutil.Signer, pad int) *common.Envelope {
	tc.T.Helper()
	env, err := protoutil.CreateSignedEnvelope(common.HeaderType_ENDORSER_TRANSACTION, tc.ChannelID, s,
		&peer.Transaction{Actions: []*peer.TransactionAction{{Payload: make([]byte, pad)}}})
	if err != nil {
		tc.T.Fatal(err)
	}
	return env
}

// Broadcast sends one envelope on a fresh stream to node i and returns the answer.
func (tc *TestCluster) Broadcast(ctx context.Context, i int, env *common.Envelope) (*ab.BroadcastResponse, error) {
	stream, err := ab.NewAtomicBroadcastClient(tc.Dial(i)).Broadcast(ctx)
	if err != nil {
		return nil, err
	}
	defer stream.CloseSend()
	if err := stream.Send(env); err != nil {
		return nil, err
	}
	return stream.Recv()
}

// Submit orders env, trying the nodes in turn until one answers SUCCESS, as
// Fabric's gateway does with orderers. Retrying is safe: the leader never
// orders the same envelope (tx id and bytes) twice. It fails on a 4xx
// status or when ctx ends.
func (tc *TestCluster) Submit(ctx context.Context, env *common.Envelope) error {
	var last string
	for i := 0; ; i++ {
		n := i % len(tc.Nodes)
		if tc.Nodes[n].running {
			resp, err := tc.Broadcast(ctx, n, env)
			switch {
			case err == nil && resp.Status == common.Status_SUCCESS:
				return nil
			case err == nil && resp.Status >= 400 && resp.Status < 500:
				return fmt.Errorf("orderer %s: %s: %s", tc.Nodes[n].Name, resp.Status, resp.Info)
			case err != nil:
				last = err.Error()
			default:
				last = resp.Status.String() + ": " + resp.Info
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("submit: %w (last answer: %s)", ctx.Err(), last)
		case <-time.After(50 * time.Millisecond):
		}
	}
}
