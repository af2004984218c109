package e2e

import (
	"net"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestFreePortIsReservedAcrossProcesses checks that a port handed out here
// cannot be handed out by another test process at the same time.
func TestFreePortIsReservedAcrossProcesses(t *testing.T) {
	if os.Getenv("SAHARANET_E2E_PORT_CHILD") != "" {
		return
	}
	addr, err := FreePort()
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(addr)
	// A child process tries to reserve the same port and must fail.
	cmd := exec.Command(os.Args[0], "-test.run", "^TestReservePortChild$", "-test.v")
	cmd.Env = append(os.Environ(), "SAHARANET_E2E_PORT_CHILD="+port)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "reserved=false") {
		t.Fatalf("child reserved port %s that this process holds:\n%s", port, out)
	}
}

func TestReservePortChild(t *testing.T) {
	p := os.Getenv("SAHARANET_E2E_PORT_CHILD")
	if p == "" {
		t.Skip("helper for TestFreePortIsReservedAcrossProcesses")
	}
	n := 0
	for _, c := range p {
		n = n*10 + int(c-'0')
	}
	t.Logf("reserved=%v", reservePort(n))
}
