// Package peer is the saharanet peer node: the channels it has joined, each
// with its ledger, channel config and commit path pulling blocks from the
// orderers, and the Deliver service for clients. The Endorser and Gateway
// services (network/peer/endorser, network/peer/gateway) build on Node.
package peer

import (
	"crypto/tls"
	"crypto/x509"
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

	"github.com/saharanet/saharanet/network/chaincode"
	"github.com/saharanet/saharanet/network/channelconfig"
	"github.com/saharanet/saharanet/network/comm"
	"github.com/saharanet/saharanet/network/ledger"
	"github.com/saharanet/saharanet/network/lifecycle"
	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/privdata"
	"github.com/saharanet/saharanet/network/protoutil"
	"github.com/saharanet/saharanet/network/validation"
)

// PeerEndpoint is another peer this peer may ask for endorsements.
type PeerEndpoint struct {
	Address string
	MSPID   string
	// TLSRootCAs are PEM CA certificates for the endpoint's TLS server
	// certificate; empty means the channel's TLS roots for the org.
	TLSRootCAs [][]byte
	// Channels restricts the endpoint to these channels; empty means all.
	Channels []string
}

// Config is what a Node needs.
type Config struct {
	// ID names the peer in logs, e.g. peer0.org1.example.com.
	ID string
	// MSPID is the peer's org.
	MSPID string
	// Signer is the peer's own identity (endorsements, deliver requests).
	Signer msp.SigningIdentity
	// FileSystemPath holds the ledgers (one directory per channel).
	FileSystemPath string
	// TLS is the peer's TLS certificate, used as client certificate for
	// mutual TLS towards orderers and other peers; RootCAs are local trust
	// anchors added to the channels' TLS roots.
	TLS *comm.NodeTLS
	// Peers is the static list of other peers for endorsement.
	Peers []PeerEndpoint
	// Chaincodes is the chaincode runtime; nil creates a default one.
	Chaincodes *chaincode.Support
}

// Option adjusts a Node.
type Option func(*Node)

// WithLogger sets the logger (default slog.Default()).
func WithLogger(l *slog.Logger) Option { return func(n *Node) { n.logger = l } }

// WithLedgerOptions passes options to every channel ledger.
func WithLedgerOptions(opts ...ledger.Option) Option {
	return func(n *Node) { n.ledgerOpts = append(n.ledgerOpts, opts...) }
}

// WithRetryBackoff sets the first and the maximum pause between attempts to
// reach an orderer (defaults 100ms and 5s).
func WithRetryBackoff(first, max time.Duration) Option {
	return func(n *Node) { n.backoffMin, n.backoffMax = first, max }
}

// WithoutBlockPulling joins channels without pulling blocks from the
// orderers; blocks are then committed through Channel.CommitBlock. For tests
// and tools.
func WithoutBlockPulling() Option { return func(n *Node) { n.noPull = true } }

// WithMetrics sets the metrics sink.
func WithMetrics(m *Metrics) Option { return func(n *Node) { n.metrics = m } }

// Node is the peer process's state.
type Node struct {
	cfg        Config
	logger     *slog.Logger
	ledgerOpts []ledger.Option
	backoffMin time.Duration
	backoffMax time.Duration
	noPull     bool
	metrics    *Metrics
	lifecycle  *lifecycle.SystemChaincode

	// Private data (fabric-wire.md §6): one service and one client for
	// every channel.
	pdServer          *privdata.Server
	pdClient          *privdata.Client
	reconcileInterval time.Duration
	pullTimeout       time.Duration

	// own remembers the endorsements this peer signed, so that validation
	// skips re-verifying them (it still checks identity and policy).
	own *validation.OwnEndorsements

	mu       sync.RWMutex
	channels map[string]*Channel
	closed   bool
}

// OwnEndorsements is where the endorser records what this peer signed; the
// commit path recognises those endorsements without verifying them again.
func (n *Node) OwnEndorsements() *validation.OwnEndorsements { return n.own }

// New opens a node and reopens every channel joined before (one ledger
// directory per channel under FileSystemPath/ledgers), starting their commit
// paths.
func New(cfg Config, opts ...Option) (*Node, error) {
	if cfg.Signer == nil {
		return nil, errors.New("peer: Config.Signer is nil")
	}
	if cfg.MSPID == "" {
		cfg.MSPID = cfg.Signer.MSPID()
	}
	if cfg.Signer.MSPID() != cfg.MSPID {
		return nil, fmt.Errorf("peer: signer is of MSP %q, peer is configured for %q", cfg.Signer.MSPID(), cfg.MSPID)
	}
	if cfg.FileSystemPath == "" {
		return nil, errors.New("peer: Config.FileSystemPath is empty")
	}
	if cfg.ID == "" {
		cfg.ID = cfg.Signer.ID()
	}
	n := &Node{cfg: cfg, logger: slog.Default(), backoffMin: 100 * time.Millisecond, backoffMax: 5 * time.Second,
		channels: map[string]*Channel{}, lifecycle: &lifecycle.SystemChaincode{LocalMSPID: cfg.MSPID},
		own: validation.NewOwnEndorsements(0)}
	for _, o := range opts {
		o(n)
	}
	if n.cfg.Chaincodes == nil {
		n.cfg.Chaincodes = chaincode.New(chaincode.WithLogger(n.logger), chaincode.WithPackageResolver(n.ResolvePackageID))
	}
	if n.metrics == nil {
		n.metrics = NewMetrics(nil)
	}
	n.logger = n.logger.With("peer", cfg.ID)
	if n.reconcileInterval <= 0 {
		n.reconcileInterval = DefaultReconcileInterval
	}
	srvOpts := []privdata.ServerOption{privdata.WithServerLogger(n.logger)}
	clientTLS := n.ClientTLS
	if cfg.TLS == nil {
		// Plaintext peers (tests, loopback): nothing binds a request to a
		// connection, the signature alone authenticates it.
		srvOpts = append(srvOpts, privdata.WithoutClientTLS())
		clientTLS = func() *tls.Config { return nil }
	}
	n.pdServer = privdata.NewServer(cfg.MSPID, srvOpts...)
	n.pdClient = privdata.NewClient(cfg.Signer, nil, privdata.WithTLSConfigFunc(clientTLS))
	if err := os.MkdirAll(n.ledgersDir(), 0o755); err != nil {
		return nil, fmt.Errorf("peer: %w", err)
	}
	entries, err := os.ReadDir(n.ledgersDir())
	if err != nil {
		return nil, fmt.Errorf("peer: list joined channels: %w", err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		ch, err := n.openChannel(e.Name(), nil)
		if err != nil {
			n.Close()
			return nil, fmt.Errorf("peer: reopen channel %q: %w", e.Name(), err)
		}
		// The channel's puller already runs and reads n.channels (ClientTLS).
		n.mu.Lock()
		n.channels[ch.ID()] = ch
		n.mu.Unlock()
	}
	return n, nil
}

func (n *Node) ledgersDir() string { return filepath.Join(n.cfg.FileSystemPath, "ledgers") }

// JoinChannel joins the channel whose genesis (or latest config) block is
// given: it creates the ledger, commits the block and starts pulling the
// channel's blocks from its orderers. Joining a channel already joined with
// the same genesis block is a no-op returning the channel.
func (n *Node) JoinChannel(genesis *common.Block) (*Channel, error) {
	if genesis.GetHeader().GetNumber() != 0 {
		return nil, fmt.Errorf("peer: join: block %d is not a genesis block (joining from a later config block is not supported)", genesis.GetHeader().GetNumber())
	}
	if !protoutil.IsConfigBlock(genesis) {
		return nil, errors.New("peer: join: block is not a config block")
	}
	id, err := protoutil.ChannelID(genesis)
	if err != nil {
		return nil, fmt.Errorf("peer: join: %w", err)
	}
	if err := channelconfig.ValidateChannelID(id); err != nil {
		return nil, fmt.Errorf("peer: join: %w", err)
	}
	// Parse the config before touching the disk: a bad block changes nothing.
	if _, err := channelconfig.NewBundleFromBlock(genesis); err != nil {
		return nil, fmt.Errorf("peer: join channel %q: %w", id, err)
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.closed {
		return nil, errors.New("peer: node is closed")
	}
	if ch, ok := n.channels[id]; ok {
		g, err := ch.Ledger().BlockByNumber(0)
		if err == nil && string(protoutil.BlockHeaderHash(g.GetHeader())) == string(protoutil.BlockHeaderHash(genesis.GetHeader())) {
			return ch, nil
		}
		return nil, fmt.Errorf("peer: channel %q is already joined with a different genesis block", id)
	}
	ch, err := n.openChannel(id, genesis)
	if err != nil {
		os.RemoveAll(filepath.Join(n.ledgersDir(), id))
		n.removePrivateDataDir(id)
		return nil, fmt.Errorf("peer: join channel %q: %w", id, err)
	}
	n.channels[id] = ch
	n.logger.Info("joined channel", "channel", id)
	return ch, nil
}

// Channel returns a joined channel.
func (n *Node) Channel(id string) (*Channel, bool) {
	n.mu.RLock()
	defer n.mu.RUnlock()
	ch, ok := n.channels[id]
	return ch, ok
}

// Channels lists the joined channels' IDs, sorted.
func (n *Node) Channels() []string {
	n.mu.RLock()
	defer n.mu.RUnlock()
	return slices.Sorted(maps.Keys(n.channels))
}

// Signer is the peer's own identity.
func (n *Node) Signer() msp.SigningIdentity { return n.cfg.Signer }

// MSPID is the peer's org.
func (n *Node) MSPID() string { return n.cfg.MSPID }

// ID is the peer's name.
func (n *Node) ID() string { return n.cfg.ID }

// Chaincodes is the chaincode runtime.
func (n *Node) Chaincodes() *chaincode.Support { return n.cfg.Chaincodes }

// Lifecycle is the _lifecycle system chaincode, bound to this peer's org.
func (n *Node) Lifecycle() *lifecycle.SystemChaincode { return n.lifecycle }

// Logger is the node's logger.
func (n *Node) Logger() *slog.Logger { return n.logger }

// Metrics is the node's metrics.
func (n *Node) Metrics() *Metrics { return n.metrics }

// Endpoints returns the configured peers usable for endorsement on channel,
// excluding none (the local peer is not in the list unless configured).
func (n *Node) Endpoints(channel string) []PeerEndpoint {
	var out []PeerEndpoint
	for _, p := range n.cfg.Peers {
		if len(p.Channels) == 0 || contains(p.Channels, channel) {
			out = append(out, p)
		}
	}
	return out
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// ClientTLS returns this peer's mutual-TLS client config: its TLS
// certificate and, as roots, the local TLS CAs plus the TLS roots of every
// joined channel. Build it per dial, as channel configs may change.
func (n *Node) ClientTLS() *tls.Config {
	roots := x509.NewCertPool()
	if n.cfg.TLS != nil && n.cfg.TLS.RootCAs != nil {
		roots = n.cfg.TLS.RootCAs.Clone()
	}
	n.mu.RLock()
	for _, ch := range n.channels {
		for _, c := range ch.Bundle().TLSRootCerts() {
			roots.AddCert(c)
		}
	}
	n.mu.RUnlock()
	var cert *tls.Certificate
	if n.cfg.TLS != nil {
		cert = &n.cfg.TLS.Certificate
	}
	return comm.ClientConfig(cert, roots, "")
}

// tlsCertHash is SHA-256 of the client TLS certificate, for TLS binding.
func (n *Node) tlsCertDER() []byte {
	if n.cfg.TLS == nil || len(n.cfg.TLS.Certificate.Certificate) == 0 {
		return nil
	}
	return n.cfg.TLS.Certificate.Certificate[0]
}

// Ready reports whether every joined channel's commit path has reached an
// orderer at least once since start.
func (n *Node) Ready() error {
	n.mu.RLock()
	defer n.mu.RUnlock()
	if n.closed {
		return errors.New("node is closed")
	}
	for id, ch := range n.channels {
		if err := ch.ready(); err != nil {
			return fmt.Errorf("channel %s: %w", id, err)
		}
	}
	return nil
}

// Close stops every channel's commit path and closes the ledgers.
func (n *Node) Close() error {
	n.mu.Lock()
	if n.closed {
		n.mu.Unlock()
		return nil
	}
	n.closed = true
	chs := n.channels
	n.mu.Unlock()
	var errs []error
	for _, ch := range chs {
		if err := ch.close(); err != nil {
			errs = append(errs, err)
		}
	}
	errs = append(errs, n.pdClient.Close())
	return errors.Join(errs...)
}

// ResolvePackageID maps a chaincode name on a channel to the package id
// this peer runs for it: the one its own org approved for the committed
// sequence (the id a dial-in chaincode registers with or a
// chaincode-as-a-service entry is keyed by). It fails, naming channel,
// chaincode, sequence and org, when the org has not approved the committed
// definition or approved it without a package. It suits
// chaincode.WithPackageResolver.
func (n *Node) ResolvePackageID(channel, name string) (string, error) {
	ch, ok := n.Channel(channel)
	if !ok {
		return "", fmt.Errorf("peer: channel %q is not joined", channel)
	}
	def, err := ch.Definition(name)
	if err != nil {
		return "", err
	}
	if def.PackageErr != nil {
		return "", def.PackageErr
	}
	if def.PackageID == "" {
		return "", fmt.Errorf("peer: channel %q, chaincode %q: no package resolved", channel, name)
	}
	return def.PackageID, nil
}
