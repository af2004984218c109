package orderer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/raft"
	"github.com/hyperledger/fabric-protos-go-apiv2/common"

	"github.com/saharanet/saharanet/network/channelconfig"
	"github.com/saharanet/saharanet/network/protoutil"
)

// RaftTiming holds node-local raft timing. The channel's etcdraft tick
// options are not used: hashicorp/raft has its own timers, and failover
// speed is a property of the deployment (network latency), not the channel.
type RaftTiming struct {
	HeartbeatTimeout   time.Duration // follower waits this long (×1..2) without a leader before an election
	ElectionTimeout    time.Duration
	LeaderLeaseTimeout time.Duration
	CommitTimeout      time.Duration
	SnapshotThreshold  uint64        // raft entries between snapshots (a backstop for small blocks)
	SnapshotInterval   time.Duration // how often raft checks SnapshotThreshold
	// SnapshotIntervalSize: bytes of blocks between snapshots, for channels
	// whose config does not set Orderer.EtcdRaft.Options.SnapshotIntervalSize
	// (the channel's value wins, as in Fabric). 0 turns the size trigger off.
	SnapshotIntervalSize uint64
	// TrailingLogs: entries kept after a snapshot for slow followers. A
	// follower further behind installs the (tiny) snapshot and pulls the
	// blocks from another consenter. A node's raft log holds at most about
	// SnapshotIntervalSize plus TrailingLogs blocks.
	TrailingLogs      uint64
	MaxInflightBlocks int // blocks the leader proposes before the first commits
}

// DefaultRaftTiming suits a LAN: leader failover well under 3 s.
func DefaultRaftTiming() RaftTiming {
	return RaftTiming{
		HeartbeatTimeout:     1000 * time.Millisecond,
		ElectionTimeout:      1000 * time.Millisecond,
		LeaderLeaseTimeout:   1000 * time.Millisecond,
		CommitTimeout:        5 * time.Millisecond,
		SnapshotThreshold:    1024,
		SnapshotInterval:     30 * time.Second,
		SnapshotIntervalSize: 16 << 20, // Fabric's default
		TrailingLogs:         256,
		MaxInflightBlocks:    8,
	}
}

// chainParams is what a Chain needs from its orderer.
type chainParams struct {
	bundle  *channelconfig.Bundle
	genesis *common.Block
	dir     string
	cluster *Cluster
	signer  protoutil.Signer
	timing  RaftTiming
	log     *slog.Logger
	metrics *Metrics
	// serverTLSCert is this node's cluster TLS certificate (PEM), used to find
	// its own entry among the consenters.
	serverTLSCert []byte
}

// Chain is one channel on this orderer: a raft group, a block store, and the
// leader's block cutter.
type Chain struct {
	channel string
	bundle  *channelconfig.Bundle
	store   BlockStore
	raft    *raft.Raft
	trans   *raft.NetworkTransport
	raftdb  raftStorage
	fwd     *forwardClient
	timing  RaftTiming
	self    string
	peers   []string
	log     *slog.Logger
	metrics *Metrics

	fsm     *fsm
	submitC chan *submission
	stopC   chan struct{}
	wg      sync.WaitGroup
	closed  atomic.Bool
}

// submission is an accepted envelope on its way through the leader's
// cutter. Callers are told the outcome through callbacks rather than by
// waiting, so neither a Broadcast stream nor a forwarding connection needs a
// goroutine per envelope in flight.
type submission struct {
	env  []byte
	txid string
	// done is called once per waiter, from the leader loop: it must not block.
	done []func(forwardResult)
	// sameTxID links the in-flight submissions that carry the same tx id
	// but different bytes (see inFlight).
	sameTxID *submission
}

// inFlight is the leader's set of envelopes it has taken but not yet
// stored in a block, by tx id. Each tx id's entry heads a list of
// distinct envelopes; almost always just one.
type inFlight map[string]*submission

// retryOf returns the in-flight submission with s's tx id and exactly s's
// bytes, of which s is a retry, or nil. Bytes are compared outright: the
// leader holds them anyway, and a comparison costs nothing unless a tx id
// is reused, where hashing every arrival would cost every envelope.
func (f inFlight) retryOf(s *submission) *submission {
	for p := f[s.txid]; p != nil; p = p.sameTxID {
		if bytes.Equal(p.env, s.env) {
			return p
		}
	}
	return nil
}

func (f inFlight) add(s *submission) {
	s.sameTxID = f[s.txid]
	f[s.txid] = s
}

// remove takes s out of the set, if it is in it.
func (f inFlight) remove(s *submission) {
	head := f[s.txid]
	if head == s {
		if s.sameTxID == nil {
			delete(f, s.txid)
		} else {
			f[s.txid] = s.sameTxID
		}
		return
	}
	for p := head; p != nil; p = p.sameTxID {
		if p.sameTxID == s {
			p.sameTxID = s.sameTxID
			return
		}
	}
}

func (s *submission) answer(st common.Status, info string) {
	r := forwardResult{st, info}
	for _, d := range s.done {
		d(r)
	}
}

// consenterAddr is the raft id and cluster address of a consenter.
func consenterAddr(host string, port uint32) string {
	return net.JoinHostPort(host, strconv.FormatUint(uint64(port), 10))
}

func newChain(p chainParams) (*Chain, error) {
	oc := p.bundle.Orderer
	if oc == nil {
		return nil, errors.New("channel config has no Orderer group")
	}
	self := ""
	var servers []raft.Server
	var allowed [][]byte
	var consenterIDs []uint64
	var peers []string
	for i, c := range oc.Consenters {
		addr := consenterAddr(c.Host, c.Port)
		servers = append(servers, raft.Server{ID: raft.ServerID(addr), Address: raft.ServerAddress(addr), Suffrage: raft.Voter})
		allowed = append(allowed, c.ClientTlsCert, c.ServerTlsCert)
		consenterIDs = append(consenterIDs, uint64(i+1))
		if self == "" && ((len(p.serverTLSCert) > 0 && samePEM(c.ServerTlsCert, p.serverTLSCert)) || addr == p.cluster.Addr()) {
			self = addr
		} else {
			peers = append(peers, addr)
		}
	}
	if self == "" {
		return nil, fmt.Errorf("channel %s: this orderer (%s) is not among its consenters", p.bundle.ChannelID, p.cluster.Addr())
	}
	if err := os.MkdirAll(p.dir, 0o755); err != nil {
		return nil, err
	}
	store, err := OpenBlockStore(filepath.Join(p.dir, "blocks"))
	if err != nil {
		return nil, err
	}
	c := &Chain{
		channel: p.bundle.ChannelID, bundle: p.bundle, store: store, timing: p.timing, self: self, peers: peers,
		log: p.log.With("channel", p.bundle.ChannelID), metrics: p.metrics,
		submitC: make(chan *submission, 4096), stopC: make(chan struct{}),
	}
	fail := func(err error) (*Chain, error) {
		c.closeStorage()
		return nil, err
	}
	if store.Height() == 0 {
		if err := store.Append(p.genesis); err != nil {
			return fail(fmt.Errorf("store genesis block: %w", err))
		}
	} else if g, err := store.Block(0); err != nil || !bytes.Equal(protoutil.BlockHeaderHash(g.Header), protoutil.BlockHeaderHash(p.genesis.Header)) {
		return fail(fmt.Errorf("channel %s: stored chain has a different genesis block", c.channel))
	}

	hlog := hclog.New(&hclog.LoggerOptions{Name: "raft/" + c.channel, Level: hclog.Warn, Output: hclogOutput()})
	conf := raft.DefaultConfig()
	conf.LocalID = raft.ServerID(self)
	conf.HeartbeatTimeout = p.timing.HeartbeatTimeout
	conf.ElectionTimeout = p.timing.ElectionTimeout
	conf.LeaderLeaseTimeout = p.timing.LeaderLeaseTimeout
	conf.CommitTimeout = p.timing.CommitTimeout
	conf.SnapshotThreshold = p.timing.SnapshotThreshold
	conf.SnapshotInterval = p.timing.SnapshotInterval
	conf.TrailingLogs = p.timing.TrailingLogs
	conf.Logger = hlog
	// Entries are whole blocks (up to PreferredMaxBytes each): keep one
	// AppendEntries RPC to a few of them so heartbeats are not stuck behind
	// tens of megabytes.
	conf.MaxAppendEntries = 8
	// Let the leader loop hand a block to raft without waiting for raft's
	// loop to take it; raft then stores every queued block with one fsync.
	// (It voids Apply's enqueue timeout, which the leader loop does not need:
	// MaxInflightBlocks bounds what it queues.)
	conf.BatchApplyCh = true
	if err := raft.ValidateConfig(conf); err != nil {
		return fail(fmt.Errorf("raft config: %w", err))
	}

	if c.raftdb, err = openRaftStorage(p.dir, c.log); err != nil {
		return fail(err)
	}
	// Entries are whole blocks (up to PreferredMaxBytes each), so the cache
	// holds only the latest few: enough for followers that keep up, whose
	// AppendEntries read the newest entries; a follower further behind reads
	// the store. (1024 cached blocks would pin up to half a gigabyte per channel.)
	logs, err := raft.NewLogCache(64, c.raftdb)
	if err != nil {
		return fail(err)
	}
	snaps, err := raft.NewFileSnapshotStoreWithLogger(p.dir, 2, hlog)
	if err != nil {
		return fail(fmt.Errorf("raft snapshot store: %w", err))
	}
	sl, err := newStreamLayer(p.cluster, c.channel, allowed)
	if err != nil {
		return fail(err)
	}
	c.trans = raft.NewNetworkTransportWithConfig(&raft.NetworkTransportConfig{Stream: sl, MaxPool: 4, Timeout: 10 * time.Second, Logger: hlog})
	f := &fsm{store: store, signer: p.signer, consenters: consenterIDs, log: c.log,
		puller:        &clusterPuller{c: p.cluster, channel: c.channel, peers: func() []string { return c.peers }},
		onApply:       func(b *common.Block) { c.metrics.blockCommitted(c.channel, b) },
		snapshotBytes: p.timing.SnapshotIntervalSize, snapshotDue: make(chan struct{}, 1)}
	if ro := oc.RaftOptions; ro != nil && ro.SnapshotIntervalSize > 0 {
		f.snapshotBytes = uint64(ro.SnapshotIntervalSize)
	}
	c.fsm = f
	has, err := raft.HasExistingState(logs, c.raftdb, snaps)
	if err != nil {
		return fail(err)
	}
	if !has {
		// Every consenter bootstraps the same configuration from the genesis
		// block; raft accepts identical bootstraps on all voters.
		if err := raft.BootstrapCluster(conf, logs, c.raftdb, snaps, c.trans, raft.Configuration{Servers: servers}); err != nil {
			return fail(fmt.Errorf("raft bootstrap: %w", err))
		}
	}
	if c.raft, err = raft.NewRaft(conf, f, logs, c.raftdb, snaps, c.trans); err != nil {
		return fail(fmt.Errorf("start raft: %w", err))
	}
	c.fwd = newForwardClient(p.cluster, c.channel)
	fr, err := p.cluster.register(kindForward, c.channel, allowed)
	if err != nil {
		c.Close()
		return nil, err
	}
	pr, err := p.cluster.register(kindPull, c.channel, allowed)
	if err != nil {
		p.cluster.unregister(kindForward, c.channel)
		c.Close()
		return nil, err
	}
	c.wg.Add(4)
	go func() {
		defer c.wg.Done()
		c.snapshotLoop()
	}()
	go func() {
		defer c.wg.Done()
		defer p.cluster.unregister(kindForward, c.channel)
		c.acceptLoop(fr, func(conn net.Conn) { serveForward(conn, c.submitForwarded, c.stopC) })
	}()
	go func() {
		defer c.wg.Done()
		defer p.cluster.unregister(kindPull, c.channel)
		c.acceptLoop(pr, func(conn net.Conn) { servePull(conn, c.store) })
	}()
	go func() {
		defer c.wg.Done()
		c.run()
	}()
	return c, nil
}

// snapshotLoop takes a raft snapshot whenever the FSM reports that
// SnapshotIntervalSize bytes of blocks were applied since the last one; raft
// then compacts its log down to TrailingLogs entries.
func (c *Chain) snapshotLoop() {
	for {
		select {
		case <-c.stopC:
			return
		case <-c.fsm.snapshotDue:
		}
		err := c.raft.Snapshot().Error()
		switch {
		case err == nil:
			c.log.Debug("raft snapshot taken", "height", c.store.Height())
		case errors.Is(err, raft.ErrNothingNewToSnapshot), errors.Is(err, raft.ErrRaftShutdown):
		default:
			c.log.Warn("raft snapshot failed", "err", err)
		}
	}
}

func hclogOutput() io.Writer {
	if os.Getenv("SAHARANET_RAFT_LOG") != "" {
		return os.Stderr
	}
	return io.Discard
}

func samePEM(a, b []byte) bool {
	return bytes.Equal(bytes.TrimSpace(a), bytes.TrimSpace(b))
}

func (c *Chain) acceptLoop(r *route, serve func(net.Conn)) {
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		select {
		case conn := <-r.accept:
			wg.Add(1)
			go func() {
				defer wg.Done()
				serve(conn)
			}()
		case <-r.done:
			return
		case <-c.stopC:
			return
		}
	}
}

// PulledBlocks counts blocks this node fetched from other consenters while
// restoring a raft snapshot (catch-up after a long absence).
func (c *Chain) PulledBlocks() uint64 { return c.fsm.pulled.Load() }

// ChannelID names the chain's channel.
func (c *Chain) ChannelID() string { return c.channel }

// Bundle is the channel's config.
func (c *Chain) Bundle() *channelconfig.Bundle { return c.bundle }

// Store is the channel's block store.
func (c *Chain) Store() BlockStore { return c.store }

// Height is the number of blocks this node stores.
func (c *Chain) Height() uint64 { return c.store.Height() }

// IsLeader reports whether this node leads the channel's raft group.
func (c *Chain) IsLeader() bool { return c.raft.State() == raft.Leader }

// Leader is the cluster address of the current leader ("" when unknown).
func (c *Chain) Leader() string {
	addr, _ := c.raft.LeaderWithID()
	return string(addr)
}

// Order submits an accepted envelope and returns once it is in a block
// committed by raft (SUCCESS) or cannot be (SERVICE_UNAVAILABLE with why).
// A follower forwards to the leader.
func (c *Chain) Order(ctx context.Context, env []byte) (common.Status, string) {
	ch := make(chan forwardResult, 1)
	c.orderAsync(ctx, env, envelopeTxID(env), func(r forwardResult) { ch <- r })
	select {
	case r := <-ch:
		return r.status, r.info
	case <-c.stopC:
		return common.Status_SERVICE_UNAVAILABLE, "orderer is shutting down"
	}
}

// orderAsync is Order reporting through done, which is called exactly once
// unless the chain stops first, and must not block. txid is the envelope's
// channel header tx_id (the caller has parsed it already). It blocks only
// while no leader is known or the leader's queue is full.
func (c *Chain) orderAsync(ctx context.Context, env []byte, txid string, done func(forwardResult)) {
	deadline := time.Now().Add(2 * c.timing.HeartbeatTimeout)
	for {
		if c.closed.Load() {
			done(forwardResult{common.Status_SERVICE_UNAVAILABLE, "orderer is shutting down"})
			return
		}
		if c.IsLeader() {
			c.submitAsLeader(ctx, env, txid, done)
			return
		}
		if leader := c.Leader(); leader != "" && leader != c.self {
			c.fwd.submit(ctx, leader, env, done)
			return
		}
		// No leader yet (election under way): wait a little rather than fail.
		if time.Now().After(deadline) {
			done(forwardResult{common.Status_SERVICE_UNAVAILABLE, "no raft leader for channel " + c.channel})
			return
		}
		select {
		case <-time.After(20 * time.Millisecond):
		case <-ctx.Done():
			done(forwardResult{common.Status_SERVICE_UNAVAILABLE, "request cancelled"})
			return
		case <-c.stopC:
			done(forwardResult{common.Status_SERVICE_UNAVAILABLE, "orderer is shutting down"})
			return
		}
	}
}

// submitForwarded is the leader's side of envelope forwarding. The
// forwarding node is a consenter, authenticated by mutual TLS on the cluster
// port, and has run the Broadcast checks (signature against
// /Channel/Writers included), so the envelope is not checked again; only
// its tx id is read, for de-duplication.
func (c *Chain) submitForwarded(ctx context.Context, env []byte, done func(forwardResult)) {
	c.submitAsLeader(ctx, env, envelopeTxID(env), done)
}

func (c *Chain) submitAsLeader(ctx context.Context, env []byte, txid string, done func(forwardResult)) {
	if c.raft.State() != raft.Leader {
		done(forwardResult{common.Status_SERVICE_UNAVAILABLE, "not the raft leader of channel " + c.channel})
		return
	}
	s := &submission{env: env, txid: txid, done: []func(forwardResult){done}}
	select {
	case c.submitC <- s:
		// Close sets closed before its last drain; a submission that got in
		// after that drain is answered here, so done is always called.
		if c.closed.Load() {
			c.drainSubmissions()
		}
	case <-ctx.Done():
		done(forwardResult{common.Status_SERVICE_UNAVAILABLE, "request cancelled"})
	case <-c.stopC:
		done(forwardResult{common.Status_SERVICE_UNAVAILABLE, "orderer is shutting down"})
	}
}

// run starts a leader loop whenever this node becomes leader.
func (c *Chain) run() {
	var cancel context.CancelFunc
	var done chan struct{}
	stopLeader := func() {
		if cancel != nil {
			cancel()
			<-done
			cancel = nil
		}
	}
	defer stopLeader()
	leaderCh := c.raft.LeaderCh()
	// A submission can slip into submitC just as leadership ends; while not
	// leading, answer such strays so no client waits forever.
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			if cancel == nil {
				c.drainSubmissions()
			}
		case isLeader := <-leaderCh:
			c.metrics.setLeader(c.channel, isLeader)
			stopLeader()
			if isLeader {
				c.log.Info("became raft leader")
				ctx, cancelLeader := context.WithCancel(context.Background())
				cancel = cancelLeader
				done = make(chan struct{})
				go func() {
					defer close(done)
					c.leaderLoop(ctx)
				}()
			}
		case <-c.stopC:
			return
		}
	}
}

func (c *Chain) drainSubmissions() {
	for {
		select {
		case s := <-c.submitC:
			s.answer(common.Status_SERVICE_UNAVAILABLE, "leadership lost before the envelope was ordered")
		default:
			return
		}
	}
}

type completion struct {
	subs   []*submission
	status common.Status
	info   string
}

// leaderLoop cuts blocks and proposes them through raft until ctx ends.
// Envelopes still in the cutter when leadership ends are answered
// SERVICE_UNAVAILABLE: SUCCESS is only ever sent for committed blocks, so a
// client never loses an envelope it was told is ordered.
func (c *Chain) leaderLoop(ctx context.Context) {
	bs := c.bundle.Orderer.BatchSize
	cutter := NewCutter[*submission](int(bs.MaxMessageCount), int(bs.PreferredMaxBytes))
	pending := inFlight{}
	completeC := make(chan completion, 64)
	inflight := 0
	var height uint64
	var prevHash []byte

	sync := func() bool {
		for ctx.Err() == nil {
			if err := c.raft.Barrier(5 * time.Second).Error(); err == nil {
				height, prevHash = c.store.Height(), c.store.LastHeaderHash()
				return true
			} else if errors.Is(err, raft.ErrNotLeader) || errors.Is(err, raft.ErrLeadershipLost) || errors.Is(err, raft.ErrRaftShutdown) {
				return false
			}
		}
		return false
	}
	finish := func(cp completion) {
		inflight--
		for _, s := range cp.subs {
			pending.remove(s)
			s.answer(cp.status, cp.info)
		}
		c.metrics.ordered(c.channel, cp.status, len(cp.subs))
	}
	defer func() {
		for inflight > 0 {
			finish(<-completeC)
		}
		for _, s := range cutter.Cut() {
			s.answer(common.Status_SERVICE_UNAVAILABLE, "leadership lost before the envelope was ordered")
		}
		c.drainSubmissions()
	}()
	if !sync() {
		return
	}
	// dropOrdered answers SUCCESS for, and removes from batch, envelopes
	// that are already in the chain, same tx id and same bytes (a retry
	// after a lost answer), so no envelope is ordered twice. A different
	// envelope reusing a stored tx id is ordered: the peers mark it
	// DUPLICATE_TXID. Checking here, once per block with one sorted pass
	// over the index, instead of once per arriving envelope, is just as
	// safe: an envelope leaves pending only once its block is stored, so
	// every earlier copy is either pending or stored by now.
	dropOrdered := func(batch []*submission) []*submission {
		ids := make([]string, len(batch))
		envs := make([][]byte, len(batch))
		for i, s := range batch {
			ids[i], envs[i] = s.txid, s.env
		}
		stored, err := c.store.HasEnvelopes(ids, envs)
		if err != nil {
			c.log.Warn("tx id lookup failed; ordering the batch without it", "err", err)
			return batch
		}
		kept := batch[:0]
		for i, s := range batch {
			if !stored[i] {
				kept = append(kept, s)
				continue
			}
			pending.remove(s)
			s.answer(common.Status_SUCCESS, "")
		}
		return kept
	}
	propose := func(batch []*submission) {
		batch = dropOrdered(batch)
		if len(batch) == 0 {
			return
		}
		data := make([][]byte, len(batch))
		for i, s := range batch {
			data[i] = s.env
		}
		blk := protoutil.NewBlock(height, prevHash, data)
		entry, err := encodeBlockEntry(blk)
		if err != nil {
			for _, s := range batch {
				s.answer(common.Status_INTERNAL_SERVER_ERROR, err.Error())
			}
			return
		}
		height++
		prevHash = protoutil.BlockHeaderHash(blk.Header)
		inflight++
		fut := c.raft.Apply(entry, 10*time.Second)
		go func() {
			cp := completion{subs: batch, status: common.Status_SUCCESS}
			if err := fut.Error(); err != nil {
				cp.status, cp.info = common.Status_SERVICE_UNAVAILABLE, "not ordered: "+err.Error()
			} else if res, ok := fut.Response().(*applyResult); !ok {
				cp.status, cp.info = common.Status_SERVICE_UNAVAILABLE, "not ordered: unexpected raft apply result"
			} else if res.err != nil {
				cp.status, cp.info = common.Status_SERVICE_UNAVAILABLE, "not ordered: "+res.err.Error()
			}
			completeC <- cp
		}()
	}

	timer := time.NewTimer(time.Hour)
	timer.Stop()
	timerOn := false
	maxInflight := max(c.timing.MaxInflightBlocks, 1)
	for {
		in := c.submitC
		if inflight >= maxInflight {
			in = nil
		}
		select {
		case <-ctx.Done():
			return
		case s := <-in:
			if s.txid != "" {
				// A retry of an in-flight envelope waits for its outcome; a
				// different envelope with the same tx id is ordered too.
				if p := pending.retryOf(s); p != nil {
					p.done = append(p.done, s.done...)
					continue
				}
				pending.add(s)
			}
			for _, b := range cutter.Ordered(s, len(s.env)) {
				propose(b)
			}
			if cutter.Pending() == 0 && timerOn {
				timer.Stop()
				timerOn = false
			} else if cutter.Pending() > 0 && !timerOn {
				timer.Reset(c.bundle.Orderer.BatchTimeout)
				timerOn = true
			}
		case <-timer.C:
			timerOn = false
			propose(cutter.Cut())
		case cp := <-completeC:
			finish(cp)
			if cp.status != common.Status_SUCCESS {
				// A proposal failed: the blocks proposed after it were built on
				// it and will be skipped by every FSM too. Wait for them, then
				// rebuild from the committed chain.
				for inflight > 0 {
					finish(<-completeC)
				}
				if !sync() {
					return
				}
			}
		}
	}
}

// Close stops the chain: raft, transport, and stores.
func (c *Chain) Close() error {
	if !c.closed.CompareAndSwap(false, true) {
		return nil
	}
	close(c.stopC)
	var err error
	if c.raft != nil {
		err = c.raft.Shutdown().Error()
	}
	c.wg.Wait()
	// A submission can slip into submitC after the leader loop's last drain.
	c.drainSubmissions()
	if c.fwd != nil {
		c.fwd.close()
	}
	if c.trans != nil {
		c.trans.Close()
	}
	c.closeStorage()
	return err
}

func (c *Chain) closeStorage() {
	if c.raftdb != nil {
		c.raftdb.Close()
	}
	if c.store != nil {
		c.store.Close()
	}
}
