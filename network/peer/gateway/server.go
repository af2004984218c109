// Package gateway is the peer's Gateway service (gateway.Gateway), the
// server side of the fabric-gateway client: Evaluate, Endorse (planning and
// collecting endorsements from peers of other orgs), Submit (to the
// orderers, with fail-over), CommitStatus and ChaincodeEvents, with the gRPC
// codes and ErrorDetails Fabric returns (fabric-wire.md §1).
package gateway

import (
	"context"
	"crypto/tls"
	"log/slog"
	"sync"
	"time"

	gp "github.com/hyperledger/fabric-protos-go-apiv2/gateway"
	pb "github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/grpc"

	"github.com/saharanet/saharanet/network/comm"
)

// Defaults follow Fabric's core.yaml peer.gateway section.
const (
	DefaultEndorsementTimeout = 30 * time.Second
	DefaultBroadcastTimeout   = 30 * time.Second
)

// LocalEndorser is this peer's own endorser, called in-process.
type LocalEndorser interface {
	ProcessProposal(ctx context.Context, sp *pb.SignedProposal) (*pb.ProposalResponse, error)
}

// Option configures a Server.
type Option func(*Server)

// WithLogger sets the logger (default slog.Default()).
func WithLogger(l *slog.Logger) Option { return func(s *Server) { s.log = l } }

// WithEndorsementTimeout bounds each call to an endorser.
func WithEndorsementTimeout(d time.Duration) Option {
	return func(s *Server) { s.endorseTimeout = d }
}

// WithBroadcastTimeout bounds each attempt to submit to an orderer.
func WithBroadcastTimeout(d time.Duration) Option { return func(s *Server) { s.broadcastTimeout = d } }

// WithLocalAddress is this peer's own address as it appears in ErrorDetails.
func WithLocalAddress(addr string) Option { return func(s *Server) { s.localAddr = addr } }

// WithDialOptions adds gRPC dial options for peer and orderer connections.
func WithDialOptions(opts ...grpc.DialOption) Option {
	return func(s *Server) { s.dialOpts = append(s.dialOpts, opts...) }
}

// Server implements gateway.GatewayServer.
type Server struct {
	gp.UnimplementedGatewayServer

	backend          Backend
	local            LocalEndorser
	log              *slog.Logger
	endorseTimeout   time.Duration
	broadcastTimeout time.Duration
	localAddr        string
	dialOpts         []grpc.DialOption
	metrics          *Metrics

	// streamCtx parents the long-lived orderer streams; Close cancels it.
	streamCtx    context.Context
	streamCancel context.CancelFunc

	mu      sync.Mutex
	conns   map[string]*grpc.ClientConn
	streams map[string]*ordererStream // Broadcast stream per orderer address
	// streamOpen serialises opening the stream to each orderer address.
	streamOpen map[string]*sync.Mutex
	policies   map[string]cachedPolicy // compiled endorsement policies
}

// NewWithBackend builds a Server over any Backend; New wires it to a
// peer.Node.
func NewWithBackend(b Backend, local LocalEndorser, opts ...Option) *Server {
	s := &Server{
		backend: b, local: local, log: slog.Default(),
		endorseTimeout: DefaultEndorsementTimeout, broadcastTimeout: DefaultBroadcastTimeout,
		localAddr: "local", conns: map[string]*grpc.ClientConn{}, streams: map[string]*ordererStream{},
		streamOpen: map[string]*sync.Mutex{},
		policies:   map[string]cachedPolicy{},
	}
	s.streamCtx, s.streamCancel = context.WithCancel(context.Background())
	for _, o := range opts {
		o(s)
	}
	return s
}

// Close ends the orderer streams and closes the connections to other peers
// and orderers.
func (s *Server) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closeStreams()
	for a, c := range s.conns {
		_ = c.Close()
		delete(s.conns, a)
	}
	return nil
}

// conn returns a shared connection to addr; gRPC reconnects it as needed,
// so one connection per remote node is kept for the server's lifetime.
// The TLS config is built only when a new connection is made.
func (s *Server) conn(addr string, tlsConf func() *tls.Config) (*grpc.ClientConn, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.conns[addr]; ok {
		return c, nil
	}
	c, err := comm.Dial(addr, tlsConf(), s.dialOpts...)
	if err != nil {
		return nil, err
	}
	s.conns[addr] = c
	return c, nil
}

var _ gp.GatewayServer = (*Server)(nil)
