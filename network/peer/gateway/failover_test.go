package gateway_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/saharanet/saharanet/network/cryptogen"
)

// TestFailover: with two peers per org, endorsement moves to the other peer
// of an org whose first peer is down, and submission moves to another
// orderer when one is down.
func TestFailover(t *testing.T) {
	tn := newTestNet(t, withPeersPerOrg(2))
	tn.sync(t)
	gw := tn.gatewayFor(t, tn.Peer("org1", 0), "org1", "User1")
	c := gw.GetNetwork(tn.ChannelID).GetContract(ccName)

	tn.Stop(tn.Peer("org2", 0))
	tn.Orderers.Stop(0)
	// Like Fabric's gateway, Submit tries each orderer once; a leader
	// election in progress is the client's to retry, so let it finish.
	tn.Orderers.WaitForLeader(10 * time.Second)
	for i := 0; i < 6; i++ {
		if _, err := c.SubmitTransaction("CreateAsset", fmt.Sprintf("fo%d", i), "ann", "1"); err != nil {
			t.Fatalf("submit %d with peer0.org2 and orderer0 down: %s", i, describe(err))
		}
	}
	out, err := c.EvaluateTransaction("ReadAsset", "fo5")
	if err != nil || !strings.Contains(string(out), `"fo5"`) {
		t.Fatalf("evaluate: %s %s", out, describe(err))
	}
}

// TestDialInChaincode runs the same contract-api chaincode, built as its own
// binary, in dial-in mode: each process connects to its peer's
// ChaincodeSupport over mutual TLS, as `peer node start --peer-chaincodedev`
// style chaincodes do.
func TestDialInChaincode(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go tool not on PATH")
	}
	bin := filepath.Join(t.TempDir(), "assetcc")
	if out, err := exec.Command(goBin, "build", "-o", bin, "../../internal/assetcc/cmd/assetcc").CombinedOutput(); err != nil {
		t.Fatalf("go build assetcc: %v\n%s", err, out)
	}
	tn := newTestNet(t)
	const pkg = "dialcc_1.0:feedface"
	for _, tp := range tn.Peers {
		dom := tp.Org + ".example.com"
		user := filepath.Join(cryptogen.PeerOrgDir(tn.CryptoDir(), dom), "users", "User1@"+dom, "tls")
		cmd := exec.Command(bin, "-peer.address="+tp.Addr)
		cmd.Env = append(os.Environ(), "CORE_CHAINCODE_ID_NAME="+pkg, "CORE_PEER_TLS_ENABLED=true",
			"CORE_TLS_CLIENT_KEY_FILE="+filepath.Join(user, "client.key"), "CORE_TLS_CLIENT_CERT_FILE="+filepath.Join(user, "client.crt"),
			"CORE_PEER_TLS_ROOTCERT_FILE="+filepath.Join(user, "ca.crt"))
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	}
	for _, tp := range tn.Peers {
		deadline := time.Now().Add(20 * time.Second)
		for !tp.Node.Chaincodes().Connected(pkg) {
			if time.Now().After(deadline) {
				t.Fatalf("chaincode did not register with %s", tp.Name)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	tn.deploy(t, "dialcc", "1.0", 1, "AND('Org1MSP.peer','Org2MSP.peer')", pkg)
	gw := tn.gatewayFor(t, tn.Peer("org2", 0), "org2", "User1")
	c := gw.GetNetwork(tn.ChannelID).GetContract("dialcc")
	if _, err := c.SubmitTransaction("CreateAsset", "d1", "zed", "5"); err != nil {
		t.Fatalf("submit: %s", describe(err))
	}
	out, err := c.EvaluateTransaction("ReadAsset", "d1")
	if err != nil || !strings.Contains(string(out), `"owner":"zed"`) {
		t.Fatalf("evaluate: %s %s", out, describe(err))
	}
	// The CCaaS chaincode of the same network is a different namespace.
	if v, _ := tn.Peer("org1", 0).Channel(tn.ChannelID).Ledger().GetState(ccName, "d1"); v != nil {
		t.Fatal("dial-in chaincode wrote into another namespace")
	}
}
