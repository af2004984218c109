package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// clockTicks is USER_HZ, the unit of /proc/<pid>/stat times: 100 on every
// Linux architecture Go supports.
const clockTicks = 100

// CPUTime is the user+system CPU time the running process has used so far
// (Linux /proc). Benchmarks difference two readings to report CPU per
// transaction for each part of the network.
func (p *Process) CPUTime() (time.Duration, error) {
	p.mu.Lock()
	cmd := p.cmd
	p.mu.Unlock()
	if cmd == nil || cmd.Process == nil {
		return 0, fmt.Errorf("e2e: %s is not running", p.Name)
	}
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	// The command name (field 2) may contain spaces; fields after its
	// closing parenthesis are fixed: utime and stime are the 12th and 13th.
	s := string(raw)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, fmt.Errorf("e2e: unexpected /proc stat for %s", p.Name)
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 13 {
		return 0, fmt.Errorf("e2e: short /proc stat for %s", p.Name)
	}
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("e2e: bad /proc stat times for %s", p.Name)
	}
	return time.Duration(ut+st) * time.Second / clockTicks, nil
}

// CPUTimes reads CPUTime of every running process of the network, by name.
func (n *Network) CPUTimes() map[string]time.Duration {
	n.mu.Lock()
	procs := append([]*Process(nil), n.procs...)
	n.mu.Unlock()
	out := map[string]time.Duration{}
	for _, p := range procs {
		if d, err := p.CPUTime(); err == nil {
			out[p.Name] = d
		}
	}
	return out
}

// AdminCPU is Admin that also returns the CPU time (user+system) the admin
// process used, e.g. the load generator's own cost.
func (n *Network) AdminCPU(timeout time.Duration, args ...string) (string, time.Duration, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, n.Bin.Admin, args...)
	cmd.Dir = n.Dir
	out, err := cmd.CombinedOutput()
	var cpu time.Duration
	if cmd.ProcessState != nil {
		cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	return string(out), cpu, err
}
