package integration

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/saharanet/saharanet/network/e2e"
)

// ChaincodeName is the name the consortium chaincode is deployed under.
const ChaincodeName = "saharanet"

// Orgs are the channel's member orgs: Org1 and Org2 license to each other,
// Org3 is a member that is party to no licence.
var Orgs = []string{"org1", "org2", "org3"}

// DefaultPolicy lets any one member org's peer endorse; the chaincode sets
// key-level policies (both parties) on licence keys itself.
const DefaultPolicy = "OR('Org1MSP.peer','Org2MSP.peer','Org3MSP.peer')"

// Binaries are the network programs plus the chaincode binary.
type Binaries struct {
	*e2e.Binaries
	Chaincode string // chaincode/cmd/saharanet-cc
}

// Build compiles the network binaries (e2e.Build) and saharanet-cc into dir.
func Build(dir string) (*Binaries, error) {
	nb, err := e2e.Build(dir)
	if err != nil {
		return nil, err
	}
	b := &Binaries{Binaries: nb, Chaincode: filepath.Join(dir, "saharanet-cc")}
	cmd := exec.Command("go", "build", "-o", b.Chaincode, "./chaincode/cmd/saharanet-cc")
	cmd.Dir = e2e.ModuleRoot()
	cmd.Env = os.Environ()
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("integration: go build saharanet-cc: %v\n%s", err, out)
	}
	return b, nil
}

// Network is a running process network with the chaincode deployed.
type Network struct {
	*e2e.Network
}

// Option adjusts the network's topology before it starts.
type Option func(*e2e.Topology)

// WithPeersPerOrg sets the number of peers per org (default 1).
func WithPeersPerOrg(n int) Option { return func(t *e2e.Topology) { t.PeersPerOrg = n } }

// WithBatch sets the channel's batch timeout and maximum message count.
func WithBatch(timeout string, maxMessages uint32) Option {
	return func(t *e2e.Topology) { t.BatchTimeout, t.MaxMessageCount = timeout, maxMessages }
}

// Start starts 3 raft orderers and the peers of Org1, Org2 and Org3 as
// processes, and deploys saharanet-cc through the admin CLI's lifecycle
// with DefaultPolicy. The chaincode dials in, one process per peer,
// because each must know its peer's MSP ID (CORE_PEER_LOCALMSPID) to read
// private terms from that org's implicit collection. Everything stops when
// the test ends.
func Start(t testing.TB, bin *Binaries, opts ...Option) *Network {
	t.Helper()
	top := e2e.Topology{Orgs: Orgs, PeersPerOrg: 1,
		Chaincodes: []e2e.Chaincode{{Name: ChaincodeName, Mode: e2e.DialIn, Binary: bin.Chaincode}}}
	for _, o := range opts {
		o(&top)
	}
	start := time.Now()
	n := &Network{Network: e2e.StartNetwork(t, bin.Binaries, top)}
	n.Deploy(t, ChaincodeName, DefaultPolicy)
	t.Logf("network of %d orgs × %d peers up, %s deployed in %v", len(top.Orgs), top.PeersPerOrg, ChaincodeName,
		time.Since(start).Round(time.Millisecond))
	return n
}

// Client connects the fabric-gateway client to the first peer of org as
// user ("User1" or "Admin") and returns a typed client of the chaincode.
func (n *Network) Client(t testing.TB, org, user string) *Client {
	t.Helper()
	gw := n.Gateway(t, n.PeersOf(org)[0], org, user)
	return NewClient(gw.GetNetwork(n.Channel), ChaincodeName, n.Orgs[org].MSPID)
}

// ClientAt connects to peer p as user of p's org: evaluations without At
// run on p itself.
func (n *Network) ClientAt(t testing.TB, p *e2e.Peer, user string) *Client {
	t.Helper()
	gw := n.Gateway(t, p, p.Org.Name, user)
	return NewClient(gw.GetNetwork(n.Channel), ChaincodeName, p.Org.MSPID)
}

// MSPID returns the MSP ID of an org name ("org1" → "Org1MSP").
func (n *Network) MSPID(org string) string { return n.Orgs[org].MSPID }

// Sync waits until every peer has committed as many blocks as the most
// advanced one. A submit returns once the gateway's own peer commits; a
// client that next acts through another org's peer must wait for that
// peer too, as any Fabric application must.
func (n *Network) Sync(t testing.TB) {
	t.Helper()
	if err := n.WaitSynced(time.Minute); err != nil {
		t.Fatal(err)
	}
}

// WaitSynced is Sync returning an error after timeout.
func (n *Network) WaitSynced(timeout time.Duration) error {
	var h uint64
	for _, p := range n.Peers {
		h = max(h, n.Height(p))
	}
	deadline := time.Now().Add(timeout)
	for _, p := range n.Peers {
		for got := n.Height(p); got < h; got = n.Height(p) {
			if time.Now().After(deadline) {
				return fmt.Errorf("integration: %s at height %d, want %d after %v", p.Host, got, h, timeout)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	return nil
}
