package e2e

import (
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
)

// The loopback port range this package may use (assigned to it so parallel
// test suites on the machine do not collide).
const (
	PortMin = 30000
	PortMax = 30999
)

var ports struct {
	sync.Mutex
	next int
	held []*os.File // port locks, held for the life of the process
}

// FreePort returns "127.0.0.1:<port>" for a port of [PortMin, PortMax] that
// could be bound just now and is reserved for this process. `go test ./...`
// runs several test binaries at once that all use this harness, so a port
// is reserved machine-wide with an advisory file lock before it is handed
// out; the kernel drops the lock when the process exits, even on SIGKILL.
func FreePort() (string, error) {
	ports.Lock()
	defer ports.Unlock()
	if ports.next == 0 {
		// Start each process at a different place to make lock contention rare.
		ports.next = PortMin + rand.IntN(PortMax-PortMin+1)
	}
	for tries := 0; tries <= PortMax-PortMin; tries++ {
		p := ports.next
		ports.next++
		if ports.next > PortMax {
			ports.next = PortMin
		}
		if !reservePort(p) {
			continue
		}
		addr := fmt.Sprintf("127.0.0.1:%d", p)
		l, err := net.Listen("tcp", addr)
		if err != nil {
			continue
		}
		l.Close()
		return addr, nil
	}
	return "", fmt.Errorf("e2e: no free port in %d-%d", PortMin, PortMax)
}

// reservePort takes an exclusive, non-blocking flock on a per-port lock file.
func reservePort(p int) bool {
	dir := filepath.Join(os.TempDir(), "saharanet-e2e-ports")
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return false
	}
	f, err := os.OpenFile(filepath.Join(dir, strconv.Itoa(p)+".lock"), os.O_CREATE|os.O_RDWR, 0o666)
	if err != nil {
		return false
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return false
	}
	ports.held = append(ports.held, f)
	return true
}
