package orderer

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
	"time"

	"github.com/hashicorp/raft"
)

// Connection kinds on the cluster port. Each cluster connection starts, after
// the mutual TLS handshake, with a header: kind byte, channel name length
// byte, channel name. One TLS port thus serves every channel's raft traffic,
// request forwarding and block pulling.
const (
	kindRaft    byte = 'R'
	kindForward byte = 'F'
	kindPull    byte = 'P'
)

const headerTimeout = 5 * time.Second

// Cluster is the orderer-to-orderer listener: mutual TLS, then routing by
// (kind, channel) to the channel's raft transport, forwarder or block server.
type Cluster struct {
	ln        net.Listener
	addr      string
	serverTLS *tls.Config
	clientTLS *tls.Config
	log       *slog.Logger

	mu     sync.Mutex
	routes map[string]*route
	closed bool
	wg     sync.WaitGroup
}

type route struct {
	accept  chan net.Conn
	allowed map[string]bool // DER of consenter TLS certs; empty = any cert the CA pool accepts
	done    chan struct{}
}

// NewCluster serves the cluster protocol on ln. serverTLS must require and
// verify client certificates; clientTLS carries this node's client
// certificate and the CAs of the other consenters' server certificates.
// advertise is the host:port other consenters dial (the consenter entry).
func NewCluster(ln net.Listener, advertise string, serverTLS, clientTLS *tls.Config, log *slog.Logger) *Cluster {
	if log == nil {
		log = slog.Default()
	}
	c := &Cluster{ln: ln, addr: advertise, serverTLS: serverTLS, clientTLS: clientTLS, log: log, routes: map[string]*route{}}
	c.wg.Add(1)
	go c.serve()
	return c
}

// Addr is the advertised cluster address.
func (c *Cluster) Addr() string { return c.addr }

func (c *Cluster) serve() {
	defer c.wg.Done()
	for {
		conn, err := c.ln.Accept()
		if err != nil {
			c.mu.Lock()
			closed := c.closed
			c.mu.Unlock()
			if closed {
				return
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				continue
			}
			c.log.Error("cluster accept failed", "err", err)
			return
		}
		go c.handshake(conn)
	}
}

func (c *Cluster) handshake(raw net.Conn) {
	_ = raw.SetDeadline(time.Now().Add(headerTimeout))
	conn := tls.Server(raw, c.serverTLS)
	if err := conn.Handshake(); err != nil {
		c.log.Debug("cluster TLS handshake failed", "remote", raw.RemoteAddr(), "err", err)
		raw.Close()
		return
	}
	kind, channel, err := readHeader(conn)
	if err != nil {
		conn.Close()
		return
	}
	c.mu.Lock()
	r := c.routes[routeKey(kind, channel)]
	c.mu.Unlock()
	if r == nil {
		c.log.Debug("cluster connection for unknown channel", "kind", string(kind), "channel", channel)
		conn.Close()
		return
	}
	certs := conn.ConnectionState().PeerCertificates
	if len(r.allowed) > 0 && (len(certs) == 0 || !r.allowed[string(certs[0].Raw)]) {
		c.log.Warn("cluster connection from a non-consenter refused", "channel", channel, "remote", raw.RemoteAddr())
		conn.Close()
		return
	}
	_ = raw.SetDeadline(time.Time{})
	select {
	case r.accept <- conn:
	case <-r.done:
		conn.Close()
	}
}

func routeKey(kind byte, channel string) string { return string(kind) + channel }

func readHeader(r io.Reader) (byte, string, error) {
	var h [2]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return 0, "", err
	}
	name := make([]byte, h[1])
	if _, err := io.ReadFull(r, name); err != nil {
		return 0, "", err
	}
	return h[0], string(name), nil
}

// register opens a route; allowedPEM lists consenter TLS certificates allowed
// to connect (PEM); none means any certificate the TLS CA pool verifies.
func (c *Cluster) register(kind byte, channel string, allowedPEM [][]byte) (*route, error) {
	r := &route{accept: make(chan net.Conn), allowed: map[string]bool{}, done: make(chan struct{})}
	for _, p := range allowedPEM {
		rest := p
		for {
			var blk *pem.Block
			blk, rest = pem.Decode(rest)
			if blk == nil {
				break
			}
			if _, err := x509.ParseCertificate(blk.Bytes); err == nil {
				r.allowed[string(blk.Bytes)] = true
			}
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil, errors.New("cluster closed")
	}
	k := routeKey(kind, channel)
	if _, dup := c.routes[k]; dup {
		return nil, fmt.Errorf("cluster route %s already registered", k)
	}
	c.routes[k] = r
	return r, nil
}

func (c *Cluster) unregister(kind byte, channel string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := routeKey(kind, channel)
	if r, ok := c.routes[k]; ok {
		close(r.done)
		delete(c.routes, k)
	}
}

// dial opens a mutual-TLS cluster connection of the given kind to addr.
func (c *Cluster) dial(kind byte, channel, addr string, timeout time.Duration) (net.Conn, error) {
	if len(channel) > 255 {
		return nil, errors.New("channel name too long")
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	cfg := c.clientTLS.Clone()
	if cfg.ServerName == "" {
		cfg.ServerName = host
	}
	d := &net.Dialer{Timeout: timeout}
	conn, err := tls.DialWithDialer(d, "tcp", addr, cfg)
	if err != nil {
		return nil, err
	}
	hdr := append([]byte{kind, byte(len(channel))}, channel...)
	_ = conn.SetWriteDeadline(time.Now().Add(headerTimeout))
	if _, err := conn.Write(hdr); err != nil {
		conn.Close()
		return nil, err
	}
	_ = conn.SetWriteDeadline(time.Time{})
	return conn, nil
}

// Close stops accepting; routes' listeners report closed.
func (c *Cluster) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	for k, r := range c.routes {
		close(r.done)
		delete(c.routes, k)
	}
	c.mu.Unlock()
	err := c.ln.Close()
	c.wg.Wait()
	return err
}

// streamLayer is a channel's raft.StreamLayer over the cluster port.
type streamLayer struct {
	c       *Cluster
	channel string
	r       *route
	once    sync.Once
}

func newStreamLayer(c *Cluster, channel string, allowed [][]byte) (*streamLayer, error) {
	r, err := c.register(kindRaft, channel, allowed)
	if err != nil {
		return nil, err
	}
	return &streamLayer{c: c, channel: channel, r: r}, nil
}

func (s *streamLayer) Accept() (net.Conn, error) {
	select {
	case conn := <-s.r.accept:
		return conn, nil
	case <-s.r.done:
		return nil, net.ErrClosed
	}
}

func (s *streamLayer) Close() error {
	s.once.Do(func() { s.c.unregister(kindRaft, s.channel) })
	return nil
}

func (s *streamLayer) Addr() net.Addr { return clusterAddr(s.c.addr) }

func (s *streamLayer) Dial(address raft.ServerAddress, timeout time.Duration) (net.Conn, error) {
	return s.c.dial(kindRaft, s.channel, string(address), timeout)
}

type clusterAddr string

func (a clusterAddr) Network() string { return "tcp" }
func (a clusterAddr) String() string  { return string(a) }
