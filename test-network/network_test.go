package testnetwork

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// fabricPorts are the fixed ports of the test-network (Fabric's, plus the raft
// nodes'): the end-to-end test cannot move them, so it fails if one is taken.
var fabricPorts = []int{7050, 7060, 9443, 8050, 8060, 9446, 9050, 9060, 9447, 7051, 7052, 9444, 9051, 9052, 9445}

func repoRoot(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Dir(wd)
}

// buildBinaries builds the node binaries into a temporary bin folder, so the
// test runs this tree's code, never a stale bin/. SAHARANET_TEST_BIN names a
// folder of prebuilt binaries to use instead.
func buildBinaries(t *testing.T, root string) string {
	t.Helper()
	if dir := os.Getenv("SAHARANET_TEST_BIN"); dir != "" {
		return dir
	}
	bin := t.TempDir()
	cmd := exec.Command("go", "build", "-o", bin+"/", "./cmd/saharanet-admin", "./cmd/saharanet-orderer", "./cmd/saharanet-peer")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build of the node binaries: %v\n%s", err, out)
	}
	return bin
}

// buildApp builds a sample application; it is run from its own folder so
// that its ../../test-network paths resolve exactly as in fabric-samples.
func buildApp(t *testing.T, appDir string) string {
	t.Helper()
	exe := filepath.Join(t.TempDir(), "app")
	cmd := exec.Command("go", "build", "-o", exe, ".")
	cmd.Dir = appDir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", appDir, err, out)
	}
	return exe
}

func runApp(t *testing.T, exe, appDir string, env ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe)
	cmd.Dir = appDir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s failed: %v\n%s", filepath.Base(appDir), err, out)
	}
	return string(out)
}

func mustScript(t *testing.T, dir string, env []string, args ...string) (string, time.Duration) {
	t.Helper()
	start := time.Now()
	out, code := script(t, dir, env, args...)
	d := time.Since(start)
	if code != 0 {
		t.Fatalf("./network.sh %s exited %d after %v:\n%s", strings.Join(args, " "), code, d, out)
	}
	return out, d
}

// chaincodeChild returns the pid of the chaincode process its supervisor runs.
func chaincodeChild(t *testing.T, tn, name string) int {
	t.Helper()
	pid := chaincodeChildOrZero(tn, name)
	if pid == 0 {
		t.Fatalf("the supervisor of %s runs no chaincode process", name)
	}
	return pid
}

func pidFiles(t *testing.T, tn, glob string) []string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(tn, ".state/pids", glob+".pid"))
	return m
}

// TestNetworkEndToEnd is issue 8's acceptance run: ./network.sh up
// createChannel, deployCC of sample chaincode by path (plain and with a
// collections config), the unmodified sample applications, the misuse cases,
// a killed chaincode coming back, an upgrade, and down (twice).
func TestNetworkEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a 5-process network; skipped with -short")
	}
	requireTools(t)
	root := repoRoot(t)
	if _, err := os.Stat(filepath.Join(root, "cmd/saharanet-peer")); err != nil {
		t.Skip("cmd/saharanet-peer is not in this tree yet; the end-to-end run needs the peer")
	}
	for _, p := range fabricPorts {
		if c, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(p), 200*time.Millisecond); err == nil {
			c.Close()
			t.Fatalf("port %d is in use: the test-network uses Fabric's fixed ports (%v); stop what holds it (a running ./network.sh up? run ./network.sh down) and rerun", p, fabricPorts)
		}
		if l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(p)); err != nil {
			t.Fatalf("port %d cannot be bound: %v; the test-network needs Fabric's fixed ports %v", p, err, fabricPorts)
		} else {
			l.Close()
		}
	}
	tn := filepath.Join(root, "test-network")
	env := []string{"SAHARANET_BIN=" + buildBinaries(t, root)}
	t.Cleanup(func() {
		if t.Failed() {
			for _, l := range []string{"orderer.example.com", "peer0.org1.example.com", "peer0.org2.example.com"} {
				if raw, err := os.ReadFile(filepath.Join(tn, "log", l+".log")); err == nil {
					lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
					t.Logf("last lines of %s.log:\n%s", l, strings.Join(lines[max(0, len(lines)-15):], "\n"))
				}
			}
		}
		out, _ := script(t, tn, env, "down")
		t.Logf("cleanup: %s", out)
	})

	out, upTime := mustScript(t, tn, env, "up", "createChannel")
	t.Logf("./network.sh up createChannel: %v", upTime)
	if !strings.Contains(out, "Channel 'mychannel' joined") {
		t.Fatalf("up createChannel output lacks the join confirmation:\n%s", out)
	}
	for _, p := range []string{
		"organizations/peerOrganizations/org1.example.com/users/User1@org1.example.com/msp/signcerts",
		"organizations/peerOrganizations/org2.example.com/peers/peer0.org2.example.com/tls/ca.crt",
		"organizations/ordererOrganizations/example.com/orderers/orderer.example.com/tls/server.crt",
		"channel-artifacts/mychannel.block",
	} {
		if _, err := os.Stat(filepath.Join(tn, p)); err != nil {
			t.Errorf("Fabric layout: %v", err)
		}
	}

	// up again: says so, accepts Fabric-only flags with a note, changes nothing.
	out, _ = mustScript(t, tn, env, "up", "-ca", "-s", "couchdb", "-i", "2.5.16")
	for _, w := range []string{"already up", "note: -ca", "note: -s couchdb", "note: -i 2.5.16"} {
		if !strings.Contains(out, w) {
			t.Errorf("second up: output lacks %q:\n%s", w, out)
		}
	}

	basicCC := "../samples/asset-transfer-basic/chaincode-go"
	out, deployTime := mustScript(t, tn, env, "deployCC", "-ccn", "basic", "-ccp", basicCC, "-ccl", "go")
	t.Logf("./network.sh deployCC (basic, including its build): %v", deployTime)
	if !strings.Contains(out, "is committed on channel 'mychannel'") {
		t.Fatalf("deployCC output lacks the commit confirmation:\n%s", out)
	}
	for _, peer := range []string{"peer0.org1.example.com", "peer0.org2.example.com"} {
		if _, err := os.Stat(filepath.Join(tn, "log", "basic-"+peer+".log")); err != nil {
			t.Errorf("chaincode log: %v", err)
		}
	}

	basicApp := filepath.Join(root, "samples/asset-transfer-basic/application-gateway-go")
	basicExe := buildApp(t, basicApp)
	if out := runApp(t, basicExe, basicApp); !strings.Contains(out, "all asset-transfer-basic steps succeeded") {
		t.Fatalf("sample application output:\n%s", out)
	}

	// A chaincode that does not compile: the compiler's error, the network untouched.
	broken := t.TempDir()
	if err := os.WriteFile(filepath.Join(broken, "go.mod"), []byte("module broken\n\ngo 1.22\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(broken, "main.go"), []byte("package main\n\nfunc main() { undefinedThing() }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := pidFiles(t, tn, "*")
	out, code := script(t, tn, env, "deployCC", "-ccn", "broken", "-ccp", broken, "-ccl", "go")
	if code == 0 || !strings.Contains(out, "undefined: undefinedThing") || !strings.Contains(out, "the network is still running") {
		t.Fatalf("broken chaincode: exit %d, want non-zero with the compiler's error:\n%s", code, out)
	}
	if after := pidFiles(t, tn, "*"); len(after) != len(before) {
		t.Fatalf("broken chaincode changed the processes: %v -> %v", before, after)
	}
	if _, err := os.Stat(filepath.Join(tn, ".state/chaincode/broken")); err == nil {
		t.Error("the failed build left .state/chaincode/broken behind")
	}
	out, _ = mustScript(t, tn, env, "status")
	if strings.Contains(out, "NOT running") {
		t.Fatalf("a node died after the failed deploy:\n%s", out)
	}

	// A channel that does not exist: says which command creates it.
	out, code = script(t, tn, env, "deployCC", "-c", "nochannel", "-ccn", "basic", "-ccp", basicCC, "-ccl", "go")
	if code == 0 || !strings.Contains(out, "run './network.sh createChannel -c nochannel' first") {
		t.Fatalf("deployCC on a missing channel: exit %d:\n%s", code, out)
	}

	// Other languages are refused clearly.
	out, code = script(t, tn, env, "deployCC", "-ccn", "js", "-ccp", basicCC, "-ccl", "javascript")
	if code == 0 || !strings.Contains(out, "not supported") {
		t.Fatalf("-ccl javascript: exit %d:\n%s", code, out)
	}

	// The supervisor restarts a chaincode that dies.
	name := strings.TrimSuffix(filepath.Base(pidFiles(t, tn, "cc@basic@*@peer0.org1.example.com")[0]), ".pid")
	victim := chaincodeChild(t, tn, name)
	if err := syscall.Kill(victim, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		if pid := chaincodeChildOrZero(tn, name); pid != 0 && pid != victim {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("killed chaincode was not restarted within 20s")
		}
		time.Sleep(100 * time.Millisecond)
	}
	if out := runApp(t, basicExe, basicApp); !strings.Contains(out, "all asset-transfer-basic steps succeeded") {
		t.Fatalf("sample application after chaincode restart:\n%s", out)
	}

	// Upgrade: new version, sequence 2, with an init function; the old processes go.
	mustScript(t, tn, env, "deployCC", "-ccn", "basic", "-ccp", basicCC, "-ccl", "go", "-ccv", "2.0", "-ccs", "2", "-cci", "InitLedger")
	if old := pidFiles(t, tn, "cc@basic@1.0-*"); len(old) != 0 {
		t.Fatalf("version 1.0 processes still recorded after the upgrade: %v", old)
	}
	if cur := pidFiles(t, tn, "cc@basic@2.0-*"); len(cur) != 2 {
		t.Fatalf("want 2 version 2.0 processes, have %v", cur)
	}
	if out := runApp(t, basicExe, basicApp); !strings.Contains(out, "all asset-transfer-basic steps succeeded") {
		t.Fatalf("sample application after the upgrade:\n%s", out)
	}

	// Private data: a collections config and an explicit endorsement policy.
	// A subtest, so that a failure here still lets the down checks run.
	t.Run("private data", func(t *testing.T) {
		mustScript(t, tn, env, "deployCC", "-ccn", "private", "-ccp", "../samples/asset-transfer-private-data/chaincode-go", "-ccl", "go",
			"-ccep", "OR('Org1MSP.peer','Org2MSP.peer')", "-cccg", "../samples/asset-transfer-private-data/collections_config.json")
		pdcApp := filepath.Join(root, "samples/asset-transfer-private-data/application-gateway-go")
		if out := runApp(t, buildApp(t, pdcApp), pdcApp); !strings.Contains(out, "all asset-transfer-private-data steps succeeded") {
			t.Fatalf("private data application output:\n%s", out)
		}
	})

	// down stops everything it recorded, removes the state, and is harmless twice.
	var pids []int
	for _, f := range pidFiles(t, tn, "*") {
		raw, _ := os.ReadFile(f)
		pid, _ := strconv.Atoi(strings.Fields(string(raw))[0])
		pids = append(pids, pid)
	}
	mustScript(t, tn, env, "down")
	for _, pid := range pids {
		if alive(pid) {
			t.Errorf("process %d still running after down", pid)
		}
	}
	for _, p := range []string{"organizations/peerOrganizations", "organizations/ordererOrganizations", "channel-artifacts", ".state"} {
		if _, err := os.Stat(filepath.Join(tn, p)); err == nil {
			t.Errorf("%s remains after down", p)
		}
	}
	for _, p := range fabricPorts {
		if c, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(p), 200*time.Millisecond); err == nil {
			c.Close()
			t.Errorf("port %d still served after down", p)
		}
	}
	out, _ = mustScript(t, tn, env, "down")
	if !strings.Contains(out, "Nothing to stop") {
		t.Errorf("second down:\n%s", out)
	}
}

// chaincodeChildOrZero returns the chaincode child of the supervisor recorded
// as name (not its back-off sleep), or 0.
func chaincodeChildOrZero(tn, name string) int {
	raw, err := os.ReadFile(filepath.Join(tn, ".state/pids", name+".pid"))
	if err != nil {
		return 0
	}
	out, err := exec.Command("pgrep", "-P", strings.Fields(string(raw))[0]).Output()
	if err != nil {
		return 0
	}
	for _, f := range strings.Fields(string(out)) {
		pid, _ := strconv.Atoi(f)
		if exe, _ := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid)); !strings.HasSuffix(exe, "/sleep") {
			return pid
		}
	}
	return 0
}
