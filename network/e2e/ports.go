package e2e

import (
	"fmt"
	"net"
	"sync"
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
}

// FreePort returns "127.0.0.1:<port>" for a port of [PortMin, PortMax] that
// could be bound just now and was not handed out before by this process.
func FreePort() (string, error) {
	ports.Lock()
	defer ports.Unlock()
	if ports.next == 0 {
		ports.next = PortMin
	}
	for tries := 0; tries <= PortMax-PortMin; tries++ {
		p := ports.next
		ports.next++
		if ports.next > PortMax {
			ports.next = PortMin
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
