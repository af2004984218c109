package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Topology describes the network StartNetwork creates.
type Topology struct {
	Orderers    int      // raft consenters; default 3
	Orgs        []string // channel member orgs, e.g. "org1" (MSP ID Org1MSP); default org1, org2
	ForeignOrgs []string // orgs with crypto material that are NOT channel members (e.g. "org3")
	PeersPerOrg int      // default 2
	Channel     string   // default "mychannel"
	// BatchTimeout and MaxMessageCount of the channel's orderer config;
	// defaults 100ms and 500.
	BatchTimeout    string
	MaxMessageCount uint32
	// Chaincodes to prepare before the peers start: chaincode-as-a-service
	// endpoints must be in the peers' core.yaml.
	Chaincodes []Chaincode
	LogLevel   string // peers' and orderers' logging level; default "warn"
	// PeerEnv is added to every peer's environment (CORE_* overrides).
	PeerEnv []string
	// Profile enables every peer's and orderer's pprof listener
	// (ProfileAddr), for benchmarks that collect CPU profiles.
	Profile bool
}

func (t *Topology) defaults() {
	if t.Orderers == 0 {
		t.Orderers = 3
	}
	if len(t.Orgs) == 0 {
		t.Orgs = []string{"org1", "org2"}
	}
	if t.PeersPerOrg == 0 {
		t.PeersPerOrg = 2
	}
	if t.Channel == "" {
		t.Channel = "mychannel"
	}
	if t.BatchTimeout == "" {
		t.BatchTimeout = "100ms"
	}
	if t.MaxMessageCount == 0 {
		t.MaxMessageCount = 500
	}
	if t.LogLevel == "" {
		t.LogLevel = "warn"
	}
}

// Org is one peer organization's names and folders.
type Org struct {
	Name   string // "org1"
	Domain string // "org1.example.com"
	MSPID  string // "Org1MSP"
	Dir    string // organizations/peerOrganizations/<domain>
}

// TLSCA is the org's TLS CA certificate file.
func (o Org) TLSCA() string { return filepath.Join(o.Dir, "tlsca", "tlsca."+o.Domain+"-cert.pem") }

// UserDir is the folder of a user ("Admin", "User1") of the org.
func (o Org) UserDir(user string) string {
	return filepath.Join(o.Dir, "users", user+"@"+o.Domain)
}

// Orderer is one ordering node process.
type Orderer struct {
	*Process
	Host, Addr, OpsAddr, ClusterAddr string
	ProfileAddr                      string // set when Topology.Profile
	NodeDir                          string
}

// Peer is one peer process.
type Peer struct {
	*Process
	Org                   Org
	Host                  string // peer0.org1.example.com
	Addr, OpsAddr         string
	ProfileAddr           string // set when Topology.Profile
	NodeDir, DataDir, Cfg string
}

// JoinDir is the peer's channel join folder (peer.joinDir).
func (p *Peer) JoinDir() string { return filepath.Join(p.DataDir, "join") }

// LedgerDir is where the peer keeps a channel's ledger.
func (p *Peer) LedgerDir(channel string) string { return filepath.Join(p.DataDir, "ledgers", channel) }

// Network is a running network of processes.
type Network struct {
	Topology
	Bin         *Binaries
	Dir         string
	CryptoDir   string
	GenesisFile string
	Orgs        map[string]Org // by name, members and foreign
	Orderers    []*Orderer
	Peers       []*Peer
	Chaincodes  map[string]*DeployedChaincode

	t     testing.TB
	mu    sync.Mutex
	procs []*Process
}

// StartNetwork creates crypto material and the channel's genesis block with
// the admin CLI, starts the orderers and peers, joins every peer to the
// channel with the admin CLI and waits until all are ready. Every process
// is killed when the test ends; on failure the tail of each log is printed.
func StartNetwork(t testing.TB, bin *Binaries, top Topology) *Network {
	t.Helper()
	top.defaults()
	n := &Network{Topology: top, Bin: bin, Dir: t.TempDir(), Orgs: map[string]Org{},
		Chaincodes: map[string]*DeployedChaincode{}, t: t}
	n.CryptoDir = filepath.Join(n.Dir, "organizations")
	t.Cleanup(n.cleanup)

	for _, name := range append(append([]string{}, top.Orgs...), top.ForeignOrgs...) {
		d := name + ".example.com"
		n.Orgs[name] = Org{Name: name, Domain: d, MSPID: strings.ToUpper(name[:1]) + name[1:] + "MSP",
			Dir: filepath.Join(n.CryptoDir, "peerOrganizations", d)}
	}
	n.writeCrypto(t)
	for i := 0; i < top.Orderers; i++ {
		host := fmt.Sprintf("orderer%d.example.com", i)
		o := &Orderer{Host: host, Addr: mustPort(t), OpsAddr: mustPort(t), ClusterAddr: mustPort(t),
			NodeDir: filepath.Join(n.CryptoDir, "ordererOrganizations", "example.com", "orderers", host)}
		if top.Profile {
			o.ProfileAddr = mustPort(t)
		}
		n.Orderers = append(n.Orderers, o)
	}
	for _, name := range top.Orgs {
		for i := 0; i < top.PeersPerOrg; i++ {
			org := n.Orgs[name]
			host := fmt.Sprintf("peer%d.%s", i, org.Domain)
			p := &Peer{Org: org, Host: host, Addr: mustPort(t), OpsAddr: mustPort(t),
				NodeDir: filepath.Join(org.Dir, "peers", host), DataDir: filepath.Join(n.Dir, host)}
			if top.Profile {
				p.ProfileAddr = mustPort(t)
			}
			n.Peers = append(n.Peers, p)
		}
	}
	n.writeGenesis(t)
	for _, cc := range top.Chaincodes {
		n.prepareChaincode(t, cc)
	}
	for _, o := range n.Orderers {
		n.startOrderer(t, o)
	}
	for _, p := range n.Peers {
		n.startPeer(t, p)
	}
	n.waitOrdererLeader(t, 30*time.Second)
	for _, p := range n.Peers {
		out, err := n.Admin(30*time.Second, "channel", "join", "--join-dir", p.JoinDir(), "--block", n.GenesisFile)
		if err != nil {
			t.Fatalf("channel join of %s: %v\n%s", p.Host, err, out)
		}
	}
	for _, p := range n.Peers {
		n.WaitReady(t, p, 30*time.Second)
	}
	for _, cc := range top.Chaincodes {
		if cc.Mode == AsService {
			n.startServiceChaincode(t, n.Chaincodes[cc.Name])
		}
	}
	return n
}

func mustPort(t testing.TB) string {
	a, err := FreePort()
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func (n *Network) cleanup() {
	n.mu.Lock()
	procs := append([]*Process(nil), n.procs...)
	n.mu.Unlock()
	var wg sync.WaitGroup
	for _, p := range procs {
		wg.Add(1)
		go func() { defer wg.Done(); p.Kill() }()
	}
	wg.Wait()
	if n.t.Failed() {
		for _, p := range procs {
			n.t.Logf("----- %s (%s), last lines:\n%s", p.Name, p.LogFile, p.Tail(40))
		}
	}
}

func (n *Network) track(p *Process) {
	n.mu.Lock()
	n.procs = append(n.procs, p)
	n.mu.Unlock()
}

// Admin runs saharanet-admin with args and returns its combined output.
func (n *Network) Admin(timeout time.Duration, args ...string) (string, error) {
	out, _, err := n.AdminCPU(timeout, args...)
	return out, err
}

func (n *Network) writeCrypto(t testing.TB) {
	var b strings.Builder
	fmt.Fprintf(&b, "OrdererOrgs:\n  - Name: Orderer\n    Domain: example.com\n    EnableNodeOUs: true\n    Template: {Count: %d}\nPeerOrgs:\n", n.Topology.Orderers)
	for _, name := range append(append([]string{}, n.Topology.Orgs...), n.ForeignOrgs...) {
		o := n.Orgs[name]
		fmt.Fprintf(&b, "  - Name: %s\n    Domain: %s\n    EnableNodeOUs: true\n    Template: {Count: %d}\n    Users: {Count: 1}\n",
			strings.TrimSuffix(o.MSPID, "MSP"), o.Domain, max(n.PeersPerOrg, 1))
	}
	cfg := filepath.Join(n.Dir, "crypto-config.yaml")
	if err := os.WriteFile(cfg, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := n.Admin(time.Minute, "cryptogen", "generate", "--config", cfg, "--output", n.CryptoDir); err != nil {
		t.Fatalf("cryptogen: %v\n%s", err, out)
	}
}

// writeGenesis writes configtx.yaml (orderer org and the member orgs, in
// the style of Fabric's test network) and builds the block with the CLI.
func (n *Network) writeGenesis(t testing.TB) {
	ordDir := filepath.Join(n.CryptoDir, "ordererOrganizations", "example.com")
	var b strings.Builder
	b.WriteString("Organizations:\n")
	fmt.Fprintf(&b, "  - &OrdererOrg\n    Name: OrdererOrg\n    ID: OrdererMSP\n    MSPDir: %s\n    OrdererEndpoints:\n", filepath.Join(ordDir, "msp"))
	for _, o := range n.Orderers {
		fmt.Fprintf(&b, "      - %s\n", o.Addr)
	}
	b.WriteString(`    Policies:
      Readers: {Type: Signature, Rule: "OR('OrdererMSP.member')"}
      Writers: {Type: Signature, Rule: "OR('OrdererMSP.member')"}
      Admins: {Type: Signature, Rule: "OR('OrdererMSP.admin')"}
`)
	for _, name := range n.Topology.Orgs {
		o := n.Orgs[name]
		fmt.Fprintf(&b, `  - &%[1]s
    Name: %[2]s
    ID: %[2]s
    MSPDir: %[3]s
    Policies:
      Readers: {Type: Signature, Rule: "OR('%[2]s.admin', '%[2]s.peer', '%[2]s.client')"}
      Writers: {Type: Signature, Rule: "OR('%[2]s.admin', '%[2]s.client')"}
      Admins: {Type: Signature, Rule: "OR('%[2]s.admin')"}
      Endorsement: {Type: Signature, Rule: "OR('%[2]s.peer')"}
`, o.Name, o.MSPID, filepath.Join(o.Dir, "msp"))
	}
	fmt.Fprintf(&b, `Policies: &Std
  Readers: {Type: ImplicitMeta, Rule: "ANY Readers"}
  Writers: {Type: ImplicitMeta, Rule: "ANY Writers"}
  Admins: {Type: ImplicitMeta, Rule: "MAJORITY Admins"}
Profiles:
  E2E:
    Policies: *Std
    Capabilities: {V2_0: true}
    Orderer:
      OrdererType: etcdraft
      BatchTimeout: %s
      BatchSize: {MaxMessageCount: %d, AbsoluteMaxBytes: 10 MB, PreferredMaxBytes: 2 MB}
      EtcdRaft:
        Consenters:
`, n.BatchTimeout, n.MaxMessageCount)
	for _, o := range n.Orderers {
		host, port := splitAddr(o.ClusterAddr)
		crt := filepath.Join(o.NodeDir, "tls", "server.crt")
		fmt.Fprintf(&b, "          - {Host: %s, Port: %s, ClientTLSCert: %s, ServerTLSCert: %s}\n", host, port, crt, crt)
	}
	b.WriteString(`      Organizations: [*OrdererOrg]
      Policies:
        <<: *Std
        BlockValidation: {Type: ImplicitMeta, Rule: "ANY Writers"}
      Capabilities: {V2_0: true}
    Application:
      Organizations: [`)
	for i, name := range n.Topology.Orgs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("*" + name)
	}
	b.WriteString(`]
      Policies:
        <<: *Std
        Endorsement: {Type: ImplicitMeta, Rule: "MAJORITY Endorsement"}
        LifecycleEndorsement: {Type: ImplicitMeta, Rule: "MAJORITY Endorsement"}
      Capabilities: {V2_5: true}
`)
	if err := os.WriteFile(filepath.Join(n.Dir, "configtx.yaml"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	n.GenesisFile = filepath.Join(n.Dir, "artifacts", n.Channel+".block")
	if out, err := n.Admin(time.Minute, "genesis", "-configPath", n.Dir, "-profile", "E2E", "-channelID", n.Channel, "-outputBlock", n.GenesisFile); err != nil {
		t.Fatalf("genesis: %v\n%s", err, out)
	}
}

func splitAddr(a string) (string, string) {
	i := strings.LastIndex(a, ":")
	return a[:i], a[i+1:]
}

func (n *Network) startOrderer(t testing.TB, o *Orderer) {
	dir := filepath.Join(n.Dir, o.Host)
	join := filepath.Join(dir, "join")
	if err := os.MkdirAll(join, 0o755); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(n.GenesisFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(join, n.Channel+".block"), raw, 0o644); err != nil {
		t.Fatal(err)
	}
	host, port := splitAddr(o.Addr)
	chost, cport := splitAddr(o.ClusterAddr)
	cfg := fmt.Sprintf(`General:
  ListenAddress: %[2]s
  ListenPort: %[3]s
  TLS:
    Enabled: true
    PrivateKey: %[1]s/tls/server.key
    Certificate: %[1]s/tls/server.crt
    RootCAs: [%[1]s/tls/ca.crt]
    ClientAuthRequired: true
  Cluster:
    ListenAddress: %[4]s
    ListenPort: %[5]s
  LocalMSPDir: %[1]s/msp
  LocalMSPID: OrdererMSP
FileLedger:
  Location: data
Operations:
  ListenAddress: %[6]s
ChannelParticipation:
  Enabled: true
  JoinDir: join
Raft:
  HeartbeatTimeout: 500ms
  ElectionTimeout: 1s
Logging:
  Level: %[7]s
`, o.NodeDir, host, port, chost, cport, o.OpsAddr, n.LogLevel)
	if o.ProfileAddr != "" {
		cfg = strings.Replace(cfg, "  LocalMSPID: OrdererMSP\n", "  LocalMSPID: OrdererMSP\n  Profile: {Enabled: true, Address: "+o.ProfileAddr+"}\n", 1)
	}
	cfgFile := filepath.Join(dir, "orderer.yaml")
	if err := os.WriteFile(cfgFile, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	o.Process = &Process{Name: o.Host, Path: n.Bin.Orderer, Args: []string{"-config", cfgFile}, Dir: dir,
		LogFile: filepath.Join(dir, "orderer.log")}
	n.track(o.Process)
	if err := o.Start(); err != nil {
		t.Fatal(err)
	}
}

func (n *Network) startPeer(t testing.TB, p *Peer) {
	if err := os.MkdirAll(p.DataDir, 0o755); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `peer:
  id: %[1]s
  address: %[2]s
  listenAddress: %[2]s
  mspConfigPath: %[3]s/msp
  localMspId: %[4]s
  fileSystemPath: %[5]s
  tls:
    enabled: true
    clientAuthRequired: false
    cert: {file: %[3]s/tls/server.crt}
    key: {file: %[3]s/tls/server.key}
    rootcert: {file: %[3]s/tls/ca.crt}
  authentication:
    timewindow: 15m
  profile: {enabled: %[6]t, listenAddress: "%[7]s"}
  gateway:
    enabled: true
    peers:
`, p.Host, p.Addr, p.NodeDir, p.Org.MSPID, p.DataDir, p.ProfileAddr != "", p.ProfileAddr)
	for _, o := range n.Peers {
		if o != p {
			fmt.Fprintf(&b, "      - {address: %s, mspid: %s, tlsRootCert: %s}\n", o.Addr, o.Org.MSPID, o.Org.TLSCA())
		}
	}
	b.WriteString("chaincode:\n  executetimeout: 30s\n  external:\n")
	for _, cc := range n.Chaincodes {
		if cc.Mode == AsService {
			fmt.Fprintf(&b, "    - {packageId: %q, address: %s}\n", cc.PackageID, cc.ServiceAddr)
		}
	}
	fmt.Fprintf(&b, "operations:\n  listenAddress: %s\nlogging:\n  level: %s\n", p.OpsAddr, n.LogLevel)
	p.Cfg = filepath.Join(p.DataDir, "core.yaml")
	if err := os.WriteFile(p.Cfg, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	p.Process = &Process{Name: p.Host, Path: n.Bin.Peer, Args: []string{"-config", p.Cfg}, Dir: p.DataDir,
		Env: n.PeerEnv, LogFile: filepath.Join(p.DataDir, "peer.log")}
	n.track(p.Process)
	if err := p.Start(); err != nil {
		t.Fatal(err)
	}
}

// WaitReady waits until the peer's /readyz answers 200 (channel joined).
func (n *Network) WaitReady(t testing.TB, p *Peer, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	cl := http.Client{Timeout: time.Second}
	for {
		resp, err := cl.Get("http://" + p.OpsAddr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s not ready after %v (last error %v)\n%s", p.Host, timeout, err, p.Tail(30))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitOrdererLeader polls the orderers' channel participation endpoints
// until one of them reports itself the raft leader.
func (n *Network) waitOrdererLeader(t testing.TB, timeout time.Duration) {
	deadline := time.Now().Add(timeout)
	cl := http.Client{Timeout: time.Second}
	for time.Now().Before(deadline) {
		for _, o := range n.Orderers {
			resp, err := cl.Get("http://" + o.OpsAddr + "/participation/v1/channels/" + n.Channel)
			if err != nil {
				continue
			}
			var info struct {
				Leader string `json:"leader"`
				Self   string `json:"consenter"`
			}
			err = json.NewDecoder(resp.Body).Decode(&info)
			resp.Body.Close()
			if err == nil && info.Leader != "" && info.Leader == info.Self {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("no orderer became raft leader of %s within %v", n.Channel, timeout)
}

// PeersOf returns the peers of org (by name, e.g. "org1").
func (n *Network) PeersOf(org string) []*Peer {
	var out []*Peer
	for _, p := range n.Peers {
		if p.Org.Name == org {
			out = append(out, p)
		}
	}
	return out
}

// Height reads the peer's ledger height of the channel from its Prometheus
// metrics (0 when unknown).
func (n *Network) Height(p *Peer) uint64 {
	cl := http.Client{Timeout: 2 * time.Second}
	resp, err := cl.Get("http://" + p.OpsAddr + "/metrics")
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	var sb strings.Builder
	buf := make([]byte, 64<<10)
	for {
		k, err := resp.Body.Read(buf)
		sb.Write(buf[:k])
		if err != nil {
			break
		}
	}
	prefix := `saharanet_ledger_blockchain_height{channel="` + n.Channel + `"} `
	for _, line := range strings.Split(sb.String(), "\n") {
		if strings.HasPrefix(line, prefix) {
			var f float64
			fmt.Sscanf(strings.TrimPrefix(line, prefix), "%g", &f)
			return uint64(f)
		}
	}
	return 0
}

// WaitHeight waits until every given peer reports at least height h.
func (n *Network) WaitHeight(t testing.TB, h uint64, timeout time.Duration, peers ...*Peer) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for _, p := range peers {
		for n.Height(p) < h {
			if time.Now().After(deadline) {
				t.Fatalf("%s at height %d, want %d after %v", p.Host, n.Height(p), h, timeout)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
}
