// Package testnetwork holds the tests of test-network/network.sh: the
// misuse cases and process bookkeeping here run on a private copy of the
// scripts and need no binaries; network_test.go drives the real network.
package testnetwork

import (
	"context"
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

// copyScripts copies network.sh and its scripts and configuration (not the
// generated material) into a temporary test-network folder, so that misuse
// tests never touch a network running from this tree.
func copyScripts(t *testing.T) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "test-network")
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, rel := range []string{"network.sh", "scripts", "config", "configtx", "cryptogen"} {
		if out, err := exec.Command("cp", "-a", rel, filepath.Join(dst, rel)).CombinedOutput(); err != nil {
			t.Fatalf("copy %s: %v: %s", rel, err, out)
		}
	}
	return dst
}

// script runs network.sh in dir with args and returns its combined output and exit code.
func script(t *testing.T, dir string, env []string, args ...string) (string, int) {
	t.Helper()
	// Nothing network.sh does should take minutes; a hang must not stall CI.
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "./network.sh", args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "NO_COLOR=1"), env...)
	out, err := cmd.CombinedOutput()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("network.sh %v: %v", args, err)
		}
		code = ee.ExitCode()
	}
	return string(out), code
}

func requireTools(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"bash", "curl", "setsid", "sha256sum", "pgrep"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("network.sh needs %s on PATH: %v", tool, err)
		}
	}
}

func TestScriptMisuse(t *testing.T) {
	requireTools(t)
	dir := copyScripts(t)
	noBins := []string{"SAHARANET_BIN=" + filepath.Join(t.TempDir(), "no-binaries")}

	cases := []struct {
		name     string
		args     []string
		wantCode int
		want     []string
	}{
		{"help", []string{"-h"}, 0, []string{"up", "createChannel", "deployCC", "down"}},
		{"deployCC help", []string{"deployCC", "-h"}, 0, []string{"-ccn", "-ccp", "-ccl", "-ccv", "-ccs", "-ccep", "-cccg", "-cci"}},
		{"deployCC before up", []string{"deployCC", "-ccn", "basic", "-ccp", "../samples/asset-transfer-basic/chaincode-go", "-ccl", "go"}, 1,
			[]string{"The network is not up: run './network.sh up createChannel' first"}},
		{"unknown flag", []string{"up", "-bogus"}, 1, []string{"Unknown flag: -bogus"}},
		{"flag without value", []string{"deployCC", "-ccn"}, 1, []string{"flag -ccn needs a value"}},
		{"bad channel name", []string{"createChannel", "-c", "My_Channel"}, 1, []string{`invalid channel name "My_Channel"`}},
		{"unknown mode", []string{"launch"}, 1, []string{"Unknown mode: launch"}},
		{"down when not up", []string{"down"}, 0, []string{"Nothing to stop: the network is not up"}},
		{"down twice", []string{"down"}, 0, []string{"Nothing to stop"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, code := script(t, dir, noBins, c.args...)
			if code != c.wantCode {
				t.Fatalf("exit code %d, want %d; output:\n%s", code, c.wantCode, out)
			}
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
	// Nothing above may leave state behind.
	for _, gen := range []string{"organizations", "channel-artifacts", ".state/pids"} {
		if _, err := os.Stat(filepath.Join(dir, gen)); err == nil {
			t.Errorf("misuse left %s behind", gen)
		}
	}
}

// TestUpWithPortTaken: up refuses to start, naming the port, and leaves nothing behind.
func TestUpWithPortTaken(t *testing.T) {
	requireTools(t)
	dir := copyScripts(t)
	// Hold 7050 unless something already does (e.g. a network running from
	// this tree): either way the port is taken.
	if l, err := net.Listen("tcp", "127.0.0.1:7050"); err == nil {
		defer l.Close()
	}
	out, code := script(t, dir, []string{"SAHARANET_BIN=" + filepath.Join(t.TempDir(), "no-binaries")}, "up")
	if code == 0 || !strings.Contains(out, "7050") || !strings.Contains(out, "already in use") {
		t.Fatalf("up with port 7050 taken: exit %d:\n%s", code, out)
	}
	for _, gen := range []string{"organizations", ".state/pids"} {
		if _, err := os.Stat(filepath.Join(dir, gen)); err == nil {
			t.Errorf("failed up left %s behind", gen)
		}
	}
}

// procs runs a bash snippet with scripts/procs.sh loaded and PID_DIR set.
func procs(t *testing.T, dir, snippet string) string {
	t.Helper()
	cmd := exec.Command("bash", "-c", `set -u; . scripts/utils.sh; . scripts/procs.sh; `+snippet)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1", "PID_DIR="+filepath.Join(dir, ".state/pids"), "LOG_DIR="+filepath.Join(dir, "log"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("bash: %v\n%s", err, out)
	}
	return strings.TrimSpace(string(out))
}

// alive reports whether pid runs; a zombie (exited, not yet reaped by
// init) does not.
func alive(pid int) bool {
	raw, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	s := string(raw)
	i := strings.LastIndex(s, ") ")
	return i >= 0 && len(s) > i+2 && s[i+2] != 'Z' && s[i+2] != 'X'
}

// TestProcessRecords checks the bookkeeping `down` relies on: a recorded
// process group is stopped, and a record whose pid now belongs to another
// process (different start time) never leads to a signal.
func TestProcessRecords(t *testing.T) {
	requireTools(t)
	dir := copyScripts(t)
	pidStr := procs(t, dir, `proc_start sleeper "$LOG_DIR/sleeper.log" sleep 300 && cut -d' ' -f1 "$PID_DIR/sleeper.pid"`)
	pid, err := strconv.Atoi(pidStr)
	if err != nil {
		t.Fatalf("pid %q: %v", pidStr, err)
	}
	t.Cleanup(func() { _ = syscall.Kill(pid, syscall.SIGKILL) })
	if !alive(pid) {
		t.Fatalf("recorded process %d is not running", pid)
	}
	if got := procs(t, dir, `proc_alive sleeper && echo yes || echo no`); got != "yes" {
		t.Fatalf("proc_alive = %s, want yes", got)
	}

	// Forge the start time: the record no longer names this process.
	rec := filepath.Join(dir, ".state/pids/sleeper.pid")
	if err := os.WriteFile(rec, []byte(pidStr+" 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := procs(t, dir, `proc_alive sleeper && echo yes || echo no`); got != "no" {
		t.Fatalf("proc_alive with a foreign start time = %s, want no", got)
	}
	procs(t, dir, `proc_stop sleeper`)
	if !alive(pid) {
		t.Fatal("proc_stop signalled a process whose record did not match it")
	}
	if _, err := os.Stat(rec); !os.IsNotExist(err) {
		t.Fatalf("stale record not removed: %v", err)
	}

	// A true record: proc_stop ends the process (and its group) promptly.
	pidStr = procs(t, dir, `proc_start sleeper2 "$LOG_DIR/sleeper.log" bash -c 'sleep 300 & wait' && cut -d' ' -f1 "$PID_DIR/sleeper2.pid"`)
	pid2, _ := strconv.Atoi(pidStr)
	t.Cleanup(func() { _ = syscall.Kill(-pid2, syscall.SIGKILL) })
	start := time.Now()
	procs(t, dir, `proc_stop sleeper2`)
	if alive(pid2) {
		// A zombie reaped by init may linger a moment.
		time.Sleep(200 * time.Millisecond)
	}
	if alive(pid2) {
		t.Fatalf("process %d still running after proc_stop", pid2)
	}
	if out, err := exec.Command("pgrep", "-g", strconv.Itoa(pid2)).Output(); err == nil {
		for _, f := range strings.Fields(string(out)) {
			if p, _ := strconv.Atoi(f); alive(p) {
				t.Fatalf("process %d of group %d still running after proc_stop", p, pid2)
			}
		}
	}
	if d := time.Since(start); d > 4*time.Second {
		t.Fatalf("proc_stop took %v; SIGTERM should end a sleeping group at once", d)
	}
}
