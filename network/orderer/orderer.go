package orderer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	ab "github.com/hyperledger/fabric-protos-go-apiv2/orderer"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/channelconfig"
	"github.com/saharanet/saharanet/network/protoutil"
)

// Orderer is one ordering node: the channels it has joined, each a raft
// group over the shared cluster port, and the AtomicBroadcast service.
type Orderer struct {
	ab.UnimplementedAtomicBroadcastServer

	dir           string
	cluster       *Cluster
	signer        protoutil.Signer
	serverTLSCert []byte
	timing        RaftTiming
	log           *slog.Logger
	metrics       *Metrics
	timeWindow    time.Duration

	requireTLSBinding bool

	mu     sync.RWMutex
	chains map[string]*Chain
	closed bool
}

// Option configures an Orderer.
type Option func(*Orderer)

// WithRaftTiming overrides DefaultRaftTiming.
func WithRaftTiming(t RaftTiming) Option { return func(o *Orderer) { o.timing = t } }

// WithLogger sets the logger (default slog.Default()).
func WithLogger(l *slog.Logger) Option { return func(o *Orderer) { o.log = l } }

// WithMetrics shares a metrics set (default: a new one).
func WithMetrics(m *Metrics) Option { return func(o *Orderer) { o.metrics = m } }

// WithTimeWindow bounds the clock skew accepted on Deliver requests (default 15m).
func WithTimeWindow(d time.Duration) Option { return func(o *Orderer) { o.timeWindow = d } }

// WithClusterCert tells the orderer its cluster TLS certificate (PEM) so that
// it finds itself among the consenters by certificate, as Fabric does, rather
// than by address.
func WithClusterCert(pem []byte) Option { return func(o *Orderer) { o.serverTLSCert = pem } }

// WithRequiredTLSBinding makes Deliver refuse requests without a
// tls_cert_hash matching the client's TLS certificate.
func WithRequiredTLSBinding() Option { return func(o *Orderer) { o.requireTLSBinding = true } }

// New starts an orderer that keeps its channels under dir and rejoins the
// channels found there.
func New(dir string, cluster *Cluster, signer protoutil.Signer, opts ...Option) (*Orderer, error) {
	if cluster == nil || signer == nil {
		return nil, errors.New("orderer: cluster and signer are required")
	}
	o := &Orderer{dir: dir, cluster: cluster, signer: signer, timing: DefaultRaftTiming(),
		log: slog.Default(), timeWindow: 15 * time.Minute, chains: map[string]*Chain{}}
	for _, opt := range opts {
		opt(o)
	}
	if o.metrics == nil {
		o.metrics = NewMetrics()
	}
	if err := os.MkdirAll(filepath.Join(dir, "channels"), 0o755); err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(filepath.Join(dir, "channels"))
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		raw, err := os.ReadFile(filepath.Join(dir, "channels", e.Name(), "genesis.block"))
		if err != nil {
			continue
		}
		g := &common.Block{}
		if err := proto.Unmarshal(raw, g); err != nil {
			o.Close()
			return nil, fmt.Errorf("channel %s: genesis block: %w", e.Name(), err)
		}
		if _, err := o.join(g, false); err != nil {
			o.Close()
			return nil, fmt.Errorf("rejoin channel %s: %w", e.Name(), err)
		}
	}
	return o, nil
}

// Metrics returns the orderer's metrics.
func (o *Orderer) Metrics() *Metrics { return o.metrics }

// JoinChannel joins the channel whose genesis (config) block is given, as
// Fabric's channel participation API does. It fails if the channel is joined
// already or this node is not one of its consenters.
func (o *Orderer) JoinChannel(genesis *common.Block) (*Chain, error) {
	return o.join(genesis, true)
}

func (o *Orderer) join(genesis *common.Block, persist bool) (*Chain, error) {
	if genesis.GetHeader().GetNumber() != 0 {
		return nil, errors.New("join needs the channel's genesis block (number 0)")
	}
	if err := protoutil.VerifyDataHash(genesis); err != nil {
		return nil, err
	}
	b, err := channelconfig.NewBundleFromBlock(genesis)
	if err != nil {
		return nil, fmt.Errorf("parse genesis block: %w", err)
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed {
		return nil, errors.New("orderer closed")
	}
	if _, dup := o.chains[b.ChannelID]; dup {
		return nil, fmt.Errorf("channel %s already joined", b.ChannelID)
	}
	dir := filepath.Join(o.dir, "channels", b.ChannelID)
	c, err := newChain(chainParams{bundle: b, genesis: genesis, dir: dir, cluster: o.cluster, signer: o.signer,
		timing: o.timing, log: o.log, metrics: o.metrics, serverTLSCert: o.serverTLSCert})
	if err != nil {
		if persist {
			os.RemoveAll(dir)
		}
		return nil, err
	}
	if persist {
		raw, err := proto.Marshal(genesis)
		if err == nil {
			err = writeFileAtomic(filepath.Join(dir, "genesis.block"), raw)
		}
		if err != nil {
			c.Close()
			return nil, err
		}
	}
	o.chains[b.ChannelID] = c
	o.log.Info("joined channel", "channel", b.ChannelID, "height", c.Height())
	return c, nil
}

func writeFileAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// Chain returns a joined channel.
func (o *Orderer) Chain(channel string) (*Chain, bool) {
	o.mu.RLock()
	defer o.mu.RUnlock()
	c, ok := o.chains[channel]
	return c, ok
}

// Channels lists the joined channels, sorted.
func (o *Orderer) Channels() []string {
	o.mu.RLock()
	defer o.mu.RUnlock()
	return slices.Sorted(maps.Keys(o.chains))
}

// WaitForLeader waits until every joined channel has a raft leader.
func (o *Orderer) WaitForLeader(ctx context.Context) error {
	for _, ch := range o.Channels() {
		c, _ := o.Chain(ch)
		for c.Leader() == "" {
			select {
			case <-ctx.Done():
				return fmt.Errorf("channel %s has no leader: %w", ch, ctx.Err())
			case <-time.After(20 * time.Millisecond):
			}
		}
	}
	return nil
}

// Close stops every chain. The cluster listener is the caller's to close.
func (o *Orderer) Close() error {
	o.mu.Lock()
	o.closed = true
	chains := o.chains
	o.chains = map[string]*Chain{}
	o.mu.Unlock()
	var errs []error
	for _, c := range chains {
		if err := c.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
