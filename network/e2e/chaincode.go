package e2e

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Mode is how a chaincode process and the peers find each other.
type Mode int

const (
	// AsService: the chaincode serves CHAINCODE_SERVER_ADDRESS and every
	// peer dials it (chaincode.external in core.yaml).
	AsService Mode = iota
	// DialIn: one chaincode process per peer dials it (-peer.address) and
	// registers over ChaincodeSupport.
	DialIn
)

func (m Mode) String() string {
	if m == DialIn {
		return "dial-in"
	}
	return "as-a-service"
}

// Chaincode names a chaincode to run and deploy.
type Chaincode struct {
	Name string
	Mode Mode
	// Binary is the chaincode program; default Binaries.AssetCC.
	Binary string
}

// DeployedChaincode is a chaincode prepared on the network.
type DeployedChaincode struct {
	Chaincode
	// PackageID is "<name>:<sha256 of the binary and the name>", in
	// Fabric's label:hash shape; it is what the definition's package id,
	// the chaincode's CORE_CHAINCODE_ID_NAME and core.yaml agree on.
	PackageID   string
	ServiceAddr string     // AsService only
	Procs       []*Process // the chaincode processes
}

func (n *Network) prepareChaincode(t testing.TB, cc Chaincode) *DeployedChaincode {
	if cc.Binary == "" {
		cc.Binary = n.Bin.AssetCC
	}
	f, err := os.Open(cc.Binary)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	_, err = io.Copy(h, f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	h.Write([]byte(cc.Name))
	d := &DeployedChaincode{Chaincode: cc, PackageID: cc.Name + ":" + hex.EncodeToString(h.Sum(nil))}
	if cc.Mode == AsService {
		d.ServiceAddr = mustPort(t)
	}
	n.Chaincodes[cc.Name] = d
	return d
}

func (n *Network) startServiceChaincode(t testing.TB, d *DeployedChaincode) {
	dir := filepath.Join(n.Dir, "cc-"+d.Name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	p := &Process{Name: "chaincode " + d.Name, Path: d.Binary, Dir: dir, LogFile: filepath.Join(dir, "cc.log"),
		Env: []string{"CHAINCODE_SERVER_ADDRESS=" + d.ServiceAddr, "CORE_CHAINCODE_ID_NAME=" + d.PackageID,
			"CORE_PEER_TLS_ENABLED=false"}}
	n.track(p)
	if err := p.Start(); err != nil {
		t.Fatal(err)
	}
	d.Procs = append(d.Procs, p)
}

// StartDialIn starts one dial-in chaincode process for peer p: it dials
// the peer over TLS (the peer's own TLS key pair as client certificate)
// and registers under the package id.
func (n *Network) StartDialIn(t testing.TB, d *DeployedChaincode, p *Peer) *Process {
	dir := filepath.Join(n.Dir, "cc-"+d.Name+"-"+p.Host)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	tlsDir := filepath.Join(p.NodeDir, "tls")
	proc := &Process{Name: "chaincode " + d.Name + "@" + p.Host, Path: d.Binary, Dir: dir, LogFile: filepath.Join(dir, "cc.log"),
		Args: []string{"-peer.address=" + p.Addr},
		Env: []string{"CORE_CHAINCODE_ID_NAME=" + d.PackageID, "CORE_PEER_TLS_ENABLED=true",
			"CORE_PEER_TLS_ROOTCERT_FILE=" + filepath.Join(tlsDir, "ca.crt"),
			"CORE_TLS_CLIENT_CERT_FILE=" + filepath.Join(tlsDir, "server.crt"),
			"CORE_TLS_CLIENT_KEY_FILE=" + filepath.Join(tlsDir, "server.key"),
			"CORE_PEER_LOCALMSPID=" + p.Org.MSPID}}
	n.track(proc)
	if err := proc.Start(); err != nil {
		t.Fatal(err)
	}
	d.Procs = append(d.Procs, proc)
	return proc
}

// Deploy approves the chaincode's definition (sequence 1, version 1.0, the
// given endorsement policy expression) as the admin of every member org
// and commits it as the first org's admin, all through the admin CLI, then
// waits until every peer reports the definition with querycommitted. For
// DialIn it then starts one chaincode process per peer.
func (n *Network) Deploy(t testing.TB, name, policy string) *DeployedChaincode {
	t.Helper()
	d, ok := n.Chaincodes[name]
	if !ok {
		t.Fatalf("chaincode %s was not prepared in the Topology", name)
	}
	common := []string{"--channel", n.Channel, "--name", name, "--version", "1.0", "--sequence", "1",
		"--policy", policy, "--package-id", d.PackageID}
	for _, o := range n.Orderers {
		common = append(common, "--orderer", o.Addr)
	}
	common = append(common, "--tls-ca", filepath.Join(n.CryptoDir, "ordererOrganizations", "example.com", "tlsca", "tlsca.example.com-cert.pem"))
	for _, on := range n.Topology.Orgs {
		common = append(common, "--tls-ca", n.Orgs[on].TLSCA())
	}
	adminFlags := func(org Org) []string {
		u := org.UserDir("Admin")
		return []string{"--msp-dir", filepath.Join(u, "msp"), "--mspid", org.MSPID,
			"--tls-cert", filepath.Join(u, "tls", "client.crt"), "--tls-key", filepath.Join(u, "tls", "client.key")}
	}
	for _, on := range n.Topology.Orgs {
		org := n.Orgs[on]
		args := append([]string{"chaincode", "approve", "--peer", n.PeersOf(on)[0].Addr}, common...)
		args = append(args, adminFlags(org)...)
		n.adminRetry(t, args...)
	}
	first := n.Orgs[n.Topology.Orgs[0]]
	args := []string{"chaincode", "commit"}
	for _, on := range n.Topology.Orgs {
		args = append(args, "--peer", n.PeersOf(on)[0].Addr)
	}
	args = append(append(args, common...), adminFlags(first)...)
	n.adminRetry(t, args...)
	for _, p := range n.Peers {
		org := p.Org
		u := org.UserDir("Admin")
		deadline := time.Now().Add(30 * time.Second)
		for {
			out, err := n.Admin(30*time.Second, "chaincode", "querycommitted", "--channel", n.Channel, "--name", name,
				"--peer", p.Addr, "--tls-ca", org.TLSCA(), "--msp-dir", filepath.Join(u, "msp"), "--mspid", org.MSPID)
			if err == nil && committedSequence(out) == "1" {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("querycommitted %s on %s: %v\n%s", name, p.Host, err, out)
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	if d.Mode == DialIn {
		for _, p := range n.Peers {
			n.StartDialIn(t, d, p)
		}
	}
	return d
}

// adminRetry runs the admin CLI, retrying for a while: right after start
// an orderer may not know the raft leader yet.
func (n *Network) adminRetry(t testing.TB, args ...string) string {
	t.Helper()
	var out string
	var err error
	for try := 0; try < 5; try++ {
		if out, err = n.Admin(time.Minute, args...); err == nil {
			return out
		}
		time.Sleep(time.Second)
	}
	t.Fatalf("saharanet-admin %s: %v\n%s", strings.Join(args[:2], " "), err, out)
	return ""
}

// String describes the chaincode for logs.
func (d *DeployedChaincode) String() string {
	return fmt.Sprintf("%s (%s, %s)", d.Name, d.Mode, d.PackageID)
}

// committedSequence extracts "sequence" from querycommitted's JSON output
// (protojson spacing is deliberately unstable, so it is parsed).
func committedSequence(out string) string {
	i := strings.Index(out, "{")
	if i < 0 {
		return ""
	}
	var def struct {
		Sequence string `json:"sequence"`
	}
	if json.Unmarshal([]byte(out[i:]), &def) != nil {
		return ""
	}
	return def.Sequence
}
