package chaincode

import (
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// buildTestCC compiles the contract into a real chaincode binary.
func buildTestCC(t *testing.T) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go tool not on PATH")
	}
	bin := filepath.Join(t.TempDir(), "testcc")
	start := time.Now()
	cmd := exec.Command(goBin, "build", "-o", bin, "./internal/testcc/cmd/testcc")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build testcc: %v\n%s", err, out)
	}
	t.Logf("built chaincode binary in %s", time.Since(start).Round(time.Millisecond))
	return bin
}

func startProcess(t *testing.T, bin, peerAddr, id string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(bin, "-peer.address="+peerAddr)
	cmd.Env = append(os.Environ(), "CORE_CHAINCODE_ID_NAME="+id, "CORE_PEER_TLS_ENABLED=false")
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	return cmd
}

// TestDialInChildProcess runs the contract as its own OS process that dials
// the peer (shim.Start with -peer.address), kills it with SIGKILL and starts
// it again.
func TestDialInChildProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary")
	}
	bin := buildTestCC(t)
	e := newEnv(t, WithConnectTimeout(20*time.Second))
	addr := e.peerServer()
	const id = "testcc_1.0:0123abcd"
	first := startProcess(t, bin, addr, id)

	put := e.invokePkg("testcc", id, "Put", "k", "v")
	if put.err != nil || put.resp.Status != 200 {
		t.Fatalf("Put: %v %v", put.resp, put.err)
	}
	if r := e.invokePkg("testcc", id, "Get", "k"); r.err != nil || string(r.resp.GetPayload()) != "v" {
		t.Fatalf("Get: %v %v", r.resp, r.err)
	}

	if err := first.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = first.Wait()
	waitUntil(t, func() bool { return !e.sup.Connected(id) })
	startProcess(t, bin, addr, id)
	if r := e.invokePkg("testcc", id, "Get", "k"); r.err != nil || string(r.resp.GetPayload()) != "v" {
		t.Fatalf("Get after restart: %v %v", r.resp, r.err)
	}
}
