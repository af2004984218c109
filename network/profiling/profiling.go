// Package profiling serves Go's runtime profiles (net/http/pprof) on a
// listener of their own, as Fabric's peer.profile and General.Profile
// settings do. It is off by default: profiles reveal internals and cost CPU
// while collected, so operators enable it on a loopback address when
// diagnosing a node.
package profiling

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"time"
)

// Handler serves /debug/pprof/ and its named profiles.
func Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}

// DefaultAddress is where profiles are served when enabled without an
// address: loopback only, Go's customary pprof port.
const DefaultAddress = "127.0.0.1:6060"

// Serve is what the node programs call with their config: when enabled it
// starts serving on addr (DefaultAddress if empty) and logs where; the
// returned stop function closes the listener (a no-op when disabled).
func Serve(enabled bool, addr string, log *slog.Logger) (stop func(), err error) {
	if !enabled {
		return func() {}, nil
	}
	if addr == "" {
		addr = DefaultAddress
	}
	srv, bound, err := Start(addr)
	if err != nil {
		return nil, err
	}
	log.Info("profiling enabled", "listen", bound.String())
	return func() { srv.Close() }, nil
}

// Start listens on addr and serves Handler until the returned server is
// closed. The listener is bound before Start returns, so a port already in
// use is reported to the caller rather than logged later.
func Start(addr string) (*http.Server, net.Addr, error) {
	lis, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, nil, fmt.Errorf("profile listener: %w", err)
	}
	// No write timeout: /debug/pprof/profile streams for its seconds= window.
	srv := &http.Server{Handler: Handler(), ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(lis)
	return srv, lis.Addr(), nil
}
