package gateway_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/saharanet/saharanet/network/cryptogen"
)

// TestLoadCommand runs `saharanet-admin load` as a real process against the
// in-process network over mutual TLS, in both modes.
func TestLoadCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("builds saharanet-admin")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go tool not on PATH")
	}
	bin := filepath.Join(t.TempDir(), "saharanet-admin")
	if out, err := exec.Command(goBin, "build", "-o", bin, "../../../cmd/saharanet-admin").CombinedOutput(); err != nil {
		t.Fatalf("go build saharanet-admin: %v\n%s", err, out)
	}
	tn := newTestNet(t)
	org := cryptogen.PeerOrgDir(tn.CryptoDir(), "org1.example.com")
	user := filepath.Join(org, "users", "User1@org1.example.com")
	common := []string{"load", "--peer", tn.Peer("org1", 0).Addr, "--channel", tn.ChannelID, "--chaincode", ccName,
		"--msp-id", "Org1MSP", "--msp-dir", filepath.Join(user, "msp"),
		"--tls-ca", filepath.Join(org, "tlsca", "tlsca.org1.example.com-cert.pem"),
		"--tls-cert", filepath.Join(user, "tls", "client.crt"), "--tls-key", filepath.Join(user, "tls", "client.key"),
		"--concurrency", "8", "--connections", "2"}
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"--mode", "submit", "--count", "40"}, []string{"mode=submit", "ok=40 failed=0", "tx/s", "submit→commit latency: p50="}},
		{[]string{"--mode", "submit", "--commit", "events", "--count", "40"}, []string{"mode=submit", "ok=40 failed=0", "submit→commit latency: p50="}},
		{[]string{"--mode", "evaluate", "--count", "200"}, []string{"mode=evaluate", "ok=200 failed=0", "evaluate latency"}},
	} {
		out, err := exec.Command(bin, append(common, c.args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("load %v: %v\n%s", c.args, err, out)
		}
		for _, w := range c.want {
			if !strings.Contains(string(out), w) {
				t.Fatalf("load %v output lacks %q:\n%s", c.args, w, out)
			}
		}
		t.Logf("load %v:\n%s", c.args, out)
	}
	if os.Getenv("SAHARANET_LOAD_BENCH") != "" {
		// A measurement, not a test: the benchmark workload of issue 4 with
		// the client in its own process.
		for _, args := range [][]string{
			{"--mode", "submit", "--count", "6000", "--concurrency", "64", "--connections", "4"},
			{"--mode", "evaluate", "--count", "30000", "--concurrency", "64", "--connections", "4"},
		} {
			out, err := exec.Command(bin, append(common, args...)...).CombinedOutput()
			if err != nil {
				t.Fatalf("load %v: %v\n%s", args, err, out)
			}
			t.Logf("load %v:\n%s", args, out)
		}
	}
	// Bad flags are refused with a clear error.
	out, err := exec.Command(bin, "load", "--peer", tn.Peer("org1", 0).Addr).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "--msp-dir and --msp-id are required") {
		t.Fatalf("missing flags: %v\n%s", err, out)
	}
	out, err = exec.Command(bin, append(common, "--count", "1", "--commit", "blocks")...).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "--commit=blocks: want status or events") {
		t.Fatalf("bad --commit: %v\n%s", err, out)
	}
}
