package peer

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
	"testing"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	pb "github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/grpc"

	"github.com/saharanet/saharanet/network/chaincode"
	"github.com/saharanet/saharanet/network/comm"
	"github.com/saharanet/saharanet/network/cryptogen"
	"github.com/saharanet/saharanet/network/ledger"
	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/orderer"
	"github.com/saharanet/saharanet/network/privdata"
)

// TestNetwork is an in-process network for tests anywhere in the
// repository: a 3-orderer raft cluster (network/orderer's TestCluster) and
// peers of Org1 and Org2 (1 or 2 each), every peer on its own loopback gRPC
// endpoint with mutual TLS, real Pebble ledgers, the channel joined.
type TestNetwork struct {
	T         testing.TB
	Orderers  *orderer.TestCluster
	ChannelID string
	Peers     []*TestPeer
	cfg       testNetworkConfig
}

// TestPeer is one peer of a TestNetwork.
type TestPeer struct {
	Name  string // e.g. peer0.org1.example.com
	Org   string // e.g. org1
	MSPID string // e.g. Org1MSP
	Addr  string // 127.0.0.1:port, gRPC with TLS
	Dir   string // FileSystemPath
	TLS   *comm.NodeTLS
	// Node and Server are nil while the peer is stopped.
	Node   *Node
	Server *grpc.Server
	signer msp.SigningIdentity
	mspDir string
	peers  []PeerEndpoint
}

// TestNetworkOption adjusts a TestNetwork.
type TestNetworkOption func(*testNetworkConfig)

type testNetworkConfig struct {
	peersPerOrg int
	ordererOpts []orderer.TestClusterOption
	services    []func(*TestPeer, *grpc.Server)
	nodeOpts    []Option
}

// WithPeersPerOrg sets how many peers each org runs (1 or 2; default 1).
func WithPeersPerOrg(n int) TestNetworkOption {
	return func(c *testNetworkConfig) { c.peersPerOrg = n }
}

// WithOrdererOptions passes options to the orderer test cluster.
func WithOrdererOptions(opts ...orderer.TestClusterOption) TestNetworkOption {
	return func(c *testNetworkConfig) { c.ordererOpts = append(c.ordererOpts, opts...) }
}

// WithServices registers more gRPC services on every peer's server (the
// endorser and gateway, which this package cannot import), called each time
// a peer starts, before it serves.
func WithServices(register func(p *TestPeer, s *grpc.Server)) TestNetworkOption {
	return func(c *testNetworkConfig) { c.services = append(c.services, register) }
}

// WithNodeOptions passes options to every peer's Node.
func WithNodeOptions(opts ...Option) TestNetworkOption {
	return func(c *testNetworkConfig) { c.nodeOpts = append(c.nodeOpts, opts...) }
}

// NewTestNetwork starts the orderers and peers and joins every peer to the
// channel. Everything stops at test cleanup.
func NewTestNetwork(t testing.TB, opts ...TestNetworkOption) *TestNetwork {
	t.Helper()
	cfg := testNetworkConfig{peersPerOrg: 1}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.peersPerOrg < 1 || cfg.peersPerOrg > 2 {
		t.Fatalf("NewTestNetwork: %d peers per org; cryptogen's test network has 1 or 2", cfg.peersPerOrg)
	}
	tc := orderer.NewTestCluster(t, 3, cfg.ordererOpts...)
	tn := &TestNetwork{T: t, Orderers: tc, ChannelID: tc.ChannelID, cfg: cfg}
	root := t.TempDir()
	listeners := map[*TestPeer]net.Listener{}
	for _, org := range []string{"org1", "org2"} {
		domain := org + ".example.com"
		mspID := strings.ToUpper(org[:1]) + org[1:] + "MSP"
		for i := 0; i < cfg.peersPerOrg; i++ {
			name := fmt.Sprintf("peer%d.%s", i, domain)
			nodeDir := filepath.Join(cryptogen.PeerOrgDir(tc.CryptoDir, domain), "peers", name)
			nt, err := comm.LoadNodeTLS(filepath.Join(nodeDir, "tls"))
			if err != nil {
				t.Fatalf("peer %s TLS: %v", name, err)
			}
			l, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			tp := &TestPeer{Name: name, Org: org, MSPID: mspID, Addr: l.Addr().String(), Dir: filepath.Join(root, name),
				TLS: nt, mspDir: filepath.Join(nodeDir, "msp")}
			if tp.signer, err = msp.LoadSigningIdentity(tp.mspDir, mspID); err != nil {
				t.Fatalf("peer %s identity: %v", name, err)
			}
			listeners[tp] = l
			tn.Peers = append(tn.Peers, tp)
		}
	}
	for _, tp := range tn.Peers {
		for _, other := range tn.Peers {
			if other != tp {
				tp.peers = append(tp.peers, PeerEndpoint{Address: other.Addr, MSPID: other.MSPID})
			}
		}
	}
	t.Cleanup(tn.StopAll)
	for _, tp := range tn.Peers {
		if err := tn.start(tp, listeners[tp]); err != nil {
			t.Fatalf("start %s: %v", tp.Name, err)
		}
		if _, err := tp.Node.JoinChannel(tc.Genesis); err != nil {
			t.Fatalf("%s: join: %v", tp.Name, err)
		}
	}
	return tn
}

func (tn *TestNetwork) start(tp *TestPeer, l net.Listener) error {
	var err error
	if l == nil {
		if l, err = listenAgain(tp.Addr); err != nil {
			return err
		}
	}
	logger := slog.New(slog.NewTextHandler(testLogWriter(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	opts := append([]Option{WithLogger(logger), WithLedgerOptions(ledger.WithLogger(logger)), WithRetryBackoff(20*time.Millisecond, 500*time.Millisecond)}, tn.cfg.nodeOpts...)
	n, err := New(Config{ID: tp.Name, MSPID: tp.MSPID, Signer: tp.signer, FileSystemPath: tp.Dir, TLS: tp.TLS, Peers: tp.peers}, opts...)
	if err != nil {
		l.Close()
		return err
	}
	srv := comm.NewServer(tn.serverTLS(tp), chaincode.ServerOptions()...)
	pb.RegisterDeliverServer(srv, NewDeliverServer(n))
	pb.RegisterChaincodeSupportServer(srv, n.Chaincodes())
	privdata.Register(srv, n.PrivateDataServer())
	tp.Node, tp.Server = n, srv
	for _, reg := range tn.cfg.services {
		reg(tp, srv)
	}
	go srv.Serve(l)
	return nil
}

// serverTLS requires client certificates from any org of the test network.
func (tn *TestNetwork) serverTLS(tp *TestPeer) *tls.Config {
	roots := x509.NewCertPool()
	for _, dom := range []string{"org1.example.com", "org2.example.com"} {
		tn.appendPEMFile(roots, filepath.Join(cryptogen.PeerOrgDir(tn.Orderers.CryptoDir, dom), "tlsca", "tlsca."+dom+"-cert.pem"))
	}
	tn.appendPEMFile(roots, filepath.Join(cryptogen.OrdererOrgDir(tn.Orderers.CryptoDir, "example.com"), "tlsca", "tlsca.example.com-cert.pem"))
	return comm.ServerConfig(tp.TLS.Certificate, roots, true)
}

func listenAgain(addr string) (net.Listener, error) {
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

func testLogWriter() io.Writer {
	if os.Getenv("SAHARANET_TEST_LOG") != "" {
		return os.Stderr
	}
	return io.Discard
}

// Peer returns the i-th peer of an org ("org1", 0).
func (tn *TestNetwork) Peer(org string, i int) *TestPeer {
	tn.T.Helper()
	for _, p := range tn.Peers {
		if p.Org == org && strings.HasPrefix(p.Name, fmt.Sprintf("peer%d.", i)) {
			return p
		}
	}
	tn.T.Fatalf("no peer %d in %s", i, org)
	return nil
}

// Channel returns the test channel on a running peer.
func (tp *TestPeer) Channel(id string) *Channel {
	ch, ok := tp.Node.Channel(id)
	if !ok {
		panic(fmt.Sprintf("peer %s has not joined %s", tp.Name, id))
	}
	return ch
}

// Stop stops a peer (gRPC server and node); its ledger stays for Restart.
func (tn *TestNetwork) Stop(tp *TestPeer) {
	if tp.Node == nil {
		return
	}
	tp.Server.Stop()
	tp.Node.Close()
	tp.Node, tp.Server = nil, nil
}

// Restart starts a stopped peer on its old address and ledger.
func (tn *TestNetwork) Restart(tp *TestPeer) {
	tn.T.Helper()
	if err := tn.start(tp, nil); err != nil {
		tn.T.Fatalf("restart %s: %v", tp.Name, err)
	}
}

// StopAll stops every running peer.
func (tn *TestNetwork) StopAll() {
	for _, tp := range tn.Peers {
		tn.Stop(tp)
	}
}

// CryptoDir is the cryptogen output of the network.
func (tn *TestNetwork) CryptoDir() string { return tn.Orderers.CryptoDir }

// Identity loads a user's signing identity, e.g. ("org1", "User1") or ("org1", "Admin").
func (tn *TestNetwork) Identity(org, user string) msp.SigningIdentity {
	return tn.Orderers.Identity(org, user)
}

// ClientTLS is a mutual-TLS client config for a user of an org, trusting
// every TLS CA of the network.
func (tn *TestNetwork) ClientTLS(org, user string) *tls.Config {
	tn.T.Helper()
	dir := filepath.Join(tn.Orderers.UserDir(org, user), "tls")
	nt, err := comm.LoadTLS(filepath.Join(dir, "client.crt"), filepath.Join(dir, "client.key"))
	if err != nil {
		tn.T.Fatal(err)
	}
	return comm.ClientConfig(&nt.Certificate, tn.serverTLS(tn.Peers[0]).ClientCAs, "")
}

// Dial connects to a peer as a user of an org over mutual TLS.
func (tn *TestNetwork) Dial(tp *TestPeer, org, user string) *grpc.ClientConn {
	tn.T.Helper()
	conn, err := comm.Dial(tp.Addr, tn.ClientTLS(org, user))
	if err != nil {
		tn.T.Fatal(err)
	}
	tn.T.Cleanup(func() { conn.Close() })
	return conn
}

// Broadcast submits an envelope to the orderers, trying each in turn.
func (tn *TestNetwork) Broadcast(ctx context.Context, env *common.Envelope) error {
	var last error
	for i := range tn.Orderers.Nodes {
		resp, err := tn.Orderers.Broadcast(ctx, i, env)
		if err == nil && resp.GetStatus() == common.Status_SUCCESS {
			return nil
		}
		if err == nil {
			err = fmt.Errorf("orderer %d: status %v: %s", i, resp.GetStatus(), resp.GetInfo())
		}
		last = err
	}
	return last
}

// WaitForHeight waits until every running peer's ledger has at least h blocks.
func (tn *TestNetwork) WaitForHeight(h uint64, timeout time.Duration) {
	tn.T.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ok := true
		var hs []uint64
		for _, tp := range tn.Peers {
			if tp.Node == nil {
				continue
			}
			got := tp.Channel(tn.ChannelID).Ledger().Height()
			hs = append(hs, got)
			if got < h {
				ok = false
			}
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			tn.T.Fatalf("peer heights %v did not reach %d within %v", hs, h, timeout)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (tn *TestNetwork) appendPEMFile(pool *x509.CertPool, path string) {
	b, err := os.ReadFile(path)
	if err == nil {
		err = comm.AppendPEM(pool, b)
	}
	if err != nil {
		tn.T.Fatalf("TLS CA %s: %v", path, err)
	}
}
