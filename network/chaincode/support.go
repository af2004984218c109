package chaincode

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"sync"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/grpc"
	"google.golang.org/grpc/keepalive"
	"google.golang.org/protobuf/proto"
)

// Defaults follow Fabric's core.yaml.
const (
	DefaultExecuteTimeout  = 30 * time.Second
	DefaultConnectTimeout  = 10 * time.Second
	DefaultTotalQueryLimit = 100000
	// MaxQueryBatch is the number of results per unpaginated query response.
	MaxQueryBatch = 100
	// MaxMessageSize matches the shim's gRPC limits.
	MaxMessageSize = 100 * 1024 * 1024
)

// ErrNotConnected is returned (wrapped) when no chaincode with the needed id
// connects in time.
var ErrNotConnected = errors.New("chaincode is not connected")

// Option configures a Support.
type Option func(*Support)

// WithLogger sets the logger (default slog.Default()).
func WithLogger(l *slog.Logger) Option { return func(s *Support) { s.log = l } }

// WithExecuteTimeout bounds one execution (Fabric's chaincode.executetimeout).
func WithExecuteTimeout(d time.Duration) Option { return func(s *Support) { s.executeTimeout = d } }

// WithConnectTimeout bounds how long Execute waits for a chaincode to connect
// or be dialled.
func WithConnectTimeout(d time.Duration) Option { return func(s *Support) { s.connectTimeout = d } }

// WithKeepalive makes the peer send KEEPALIVE every d (0, the default, is off).
func WithKeepalive(d time.Duration) Option { return func(s *Support) { s.keepalive = d } }

// WithTotalQueryLimit caps the results of one query (Fabric's totalQueryLimit).
func WithTotalQueryLimit(n int32) Option { return func(s *Support) { s.totalQueryLimit = n } }

// WithRegisterAuthorizer installs the stream-level check for dial-in
// chaincodes: it runs after REGISTER with the stream's context (peer TLS
// info) and the id the chaincode claims; an error refuses the stream. This is
// where the TLS client-certificate to chaincode-id binding goes.
func WithRegisterAuthorizer(f func(ctx context.Context, chaincodeID string) error) Option {
	return func(s *Support) { s.authorize = f }
}

// WithChaincodeToChaincodeACL installs the check for INVOKE_CHAINCODE
// (Fabric's peer/ChaincodeToChaincode, Writers by default) against the
// original proposal; nil allows every call.
func WithChaincodeToChaincodeACL(f func(sp *peer.SignedProposal, channel, callee string) error) Option {
	return func(s *Support) { s.c2cACL = f }
}

// WithPackageResolver maps a chaincode name on a channel to the id its
// chaincode registers with, for chaincode-to-chaincode calls. The default is
// the name itself.
func WithPackageResolver(f func(channel, chaincode string) (string, error)) Option {
	return func(s *Support) { s.resolve = f }
}

// Support is the peer's chaincode runtime: the registry of connected
// chaincodes, the dial-in gRPC service and the entry point for execution.
type Support struct {
	peer.UnimplementedChaincodeSupportServer

	log             *slog.Logger
	executeTimeout  time.Duration
	connectTimeout  time.Duration
	keepalive       time.Duration
	totalQueryLimit int32
	authorize       func(ctx context.Context, chaincodeID string) error
	c2cACL          func(sp *peer.SignedProposal, channel, callee string) error
	resolve         func(channel, chaincode string) (string, error)

	mu       sync.Mutex
	handlers map[string]*Handler
	changed  chan struct{} // closed and replaced whenever handlers changes
	external map[string]external
	dialing  map[string]*dialCall
}

type external struct {
	address string
	opts    []grpc.DialOption
}

type dialCall struct {
	done chan struct{}
	err  error
}

// New returns a Support with no chaincodes connected.
func New(opts ...Option) *Support {
	s := &Support{
		log:             slog.Default(),
		executeTimeout:  DefaultExecuteTimeout,
		connectTimeout:  DefaultConnectTimeout,
		totalQueryLimit: DefaultTotalQueryLimit,
		resolve:         func(_, cc string) (string, error) { return cc, nil },
		handlers:        map[string]*Handler{},
		changed:         make(chan struct{}),
		external:        map[string]external{},
		dialing:         map[string]*dialCall{},
	}
	for _, o := range opts {
		o(s)
	}
	return s
}

// streamWorkers is about the calls in flight at a busy peer (most of them
// wait on a chaincode or another peer); an idle worker costs only its stack.
const streamWorkers = 64

// ServerOptions are the gRPC server options the dial-in endpoint needs for
// the shim: 100 MiB messages and tolerance of the shim's 60 s pings. The
// peer serves its other services with them too, so they also keep a few
// stream workers: gRPC otherwise starts a goroutine per call, whose stack
// grows afresh through signature checks and ledger reads every time
// (gRPC falls back to a new goroutine when every worker is busy).
func ServerOptions() []grpc.ServerOption {
	return []grpc.ServerOption{
		grpc.NumStreamWorkers(uint32(max(streamWorkers, 4*runtime.GOMAXPROCS(0)))),
		grpc.MaxRecvMsgSize(MaxMessageSize),
		grpc.MaxSendMsgSize(MaxMessageSize),
		grpc.KeepaliveEnforcementPolicy(keepalive.EnforcementPolicy{MinTime: 30 * time.Second, PermitWithoutStream: true}),
	}
}

// Register implements peer.ChaincodeSupportServer: a dial-in chaincode's
// stream, served until it ends or a reconnect of the same id replaces it.
func (s *Support) Register(stream peer.ChaincodeSupport_RegisterServer) error {
	h := newHandler(s, stream, "")
	return h.serve()
}

// AddExternal declares a chaincode-as-a-service endpoint: when id is needed
// and not connected, the peer dials address (gRPC target) and calls
// Chaincode.Connect. opts must carry transport credentials.
func (s *Support) AddExternal(id, address string, opts ...grpc.DialOption) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.external[id] = external{address: address, opts: opts}
}

// Connect dials the external chaincode id now and returns once it is ready.
func (s *Support) Connect(ctx context.Context, id string) error {
	s.mu.Lock()
	ext, ok := s.external[id]
	if !ok {
		s.mu.Unlock()
		return fmt.Errorf("chaincode %s has no external address", id)
	}
	call, running := s.dialing[id]
	if !running {
		call = &dialCall{done: make(chan struct{})}
		s.dialing[id] = call
	}
	s.mu.Unlock()
	if running {
		select {
		case <-call.done:
			return call.err
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	call.err = s.dial(ctx, id, ext)
	s.mu.Lock()
	delete(s.dialing, id)
	s.mu.Unlock()
	close(call.done)
	return call.err
}

func (s *Support) dial(ctx context.Context, id string, ext external) error {
	opts := append([]grpc.DialOption{grpc.WithDefaultCallOptions(
		grpc.MaxCallRecvMsgSize(MaxMessageSize), grpc.MaxCallSendMsgSize(MaxMessageSize))}, ext.opts...)
	conn, err := grpc.NewClient(ext.address, opts...)
	if err != nil {
		return fmt.Errorf("chaincode %s: dial %s: %w", id, ext.address, err)
	}
	sctx, cancel := context.WithCancel(context.Background())
	stream, err := peer.NewChaincodeClient(conn).Connect(sctx)
	if err != nil {
		cancel()
		conn.Close()
		return fmt.Errorf("chaincode %s: connect to %s: %w", id, ext.address, err)
	}
	h := newHandler(s, stream, id)
	served := make(chan error, 1)
	go func() {
		err := h.serve()
		cancel()
		conn.Close()
		served <- err
	}()
	select {
	case <-h.ready:
		return nil
	case err := <-served:
		return fmt.Errorf("chaincode %s at %s: %w", id, ext.address, err)
	case <-ctx.Done():
		h.stop()
		return fmt.Errorf("chaincode %s at %s: handshake: %w", id, ext.address, ctx.Err())
	}
}

// register makes h the handler of its id, replacing (and stopping) a previous
// one: a chaincode that crashed and reconnected wins over its stale stream.
func (s *Support) register(h *Handler) {
	s.mu.Lock()
	old := s.handlers[h.id]
	s.handlers[h.id] = h
	close(s.changed)
	s.changed = make(chan struct{})
	s.mu.Unlock()
	if old != nil {
		s.log.Info("chaincode reconnected; replacing its previous stream", "chaincode", h.id)
		old.stop()
	} else {
		s.log.Info("chaincode registered", "chaincode", h.id)
	}
}

func (s *Support) deregister(h *Handler) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.handlers[h.id] == h {
		delete(s.handlers, h.id)
		close(s.changed)
		s.changed = make(chan struct{})
	}
}

// Connected reports whether chaincode id has a live stream.
func (s *Support) Connected(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.handlers[id] != nil
}

// WaitForChaincode blocks until chaincode id is connected and ready.
func (s *Support) WaitForChaincode(ctx context.Context, id string) error {
	_, err := s.waitHandler(ctx, id)
	return err
}

func (s *Support) waitHandler(ctx context.Context, id string) (*Handler, error) {
	for {
		s.mu.Lock()
		h, ch := s.handlers[id], s.changed
		s.mu.Unlock()
		if h != nil {
			return h, nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return nil, fmt.Errorf("chaincode %s: %w: %w", id, ErrNotConnected, ctx.Err())
		}
	}
}

// handlerFor returns the connected handler of id, dialling an external
// chaincode or waiting for a dial-in one up to the connect timeout.
func (s *Support) handlerFor(ctx context.Context, id string) (*Handler, error) {
	s.mu.Lock()
	h := s.handlers[id]
	_, isExternal := s.external[id]
	s.mu.Unlock()
	if h != nil {
		return h, nil
	}
	cctx, cancel := context.WithTimeout(ctx, s.connectTimeout)
	defer cancel()
	if isExternal {
		if err := s.Connect(cctx, id); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrNotConnected, err)
		}
	}
	return s.waitHandler(cctx, id)
}

// Execute runs inv on its chaincode and returns the chaincode's response and
// event (with chaincode_id and tx_id filled in). A chaincode error reported
// through the response (status >= 400) is not an error here; an error means
// the execution itself failed (not connected, timeout, stream loss, ERROR
// message from the shim).
func (s *Support) Execute(ctx context.Context, inv Invocation) (*peer.Response, *peer.ChaincodeEvent, error) {
	if err := inv.validate(); err != nil {
		return nil, nil, err
	}
	msg, err := s.execute(ctx, &inv)
	if err != nil {
		return nil, nil, err
	}
	switch msg.GetType() {
	case peer.ChaincodeMessage_COMPLETED:
		resp := &peer.Response{}
		if err := proto.Unmarshal(msg.GetPayload(), resp); err != nil {
			return nil, nil, fmt.Errorf("chaincode %s tx %s: unmarshal response: %w", inv.Chaincode, inv.TxID, err)
		}
		ev := msg.GetChaincodeEvent()
		if ev != nil {
			ev.ChaincodeId = inv.Chaincode
			ev.TxId = inv.TxID
		}
		return resp, ev, nil
	case peer.ChaincodeMessage_ERROR:
		return nil, nil, fmt.Errorf("transaction returned with failure: %s", msg.GetPayload())
	default:
		return nil, nil, fmt.Errorf("chaincode %s tx %s: unexpected completion message %s", inv.Chaincode, inv.TxID, msg.GetType())
	}
}

// execute returns the chaincode's COMPLETED or ERROR message.
func (s *Support) execute(ctx context.Context, inv *Invocation) (*peer.ChaincodeMessage, error) {
	h, err := s.handlerFor(ctx, inv.packageID())
	if err != nil {
		return nil, err
	}
	return h.execute(ctx, inv)
}
