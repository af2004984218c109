package privdata

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"github.com/hyperledger/fabric-protos-go-apiv2/transientstore"
)

// DefaultPushAckTimeout bounds how long dissemination waits for the
// required acknowledgements (Fabric's peer.gossip.pvtData.pushAckTimeout).
const DefaultPushAckTimeout = 3 * time.Second

// ErrDissemination is returned (wrapped) when a collection's private data
// could not reach its required number of peers; the endorsement must fail.
var ErrDissemination = errors.New("private data dissemination failed")

// Pusher sends one transaction's private data to a peer; *Client implements
// it.
type Pusher interface {
	Push(ctx context.Context, endpoint, channel, txid string, data *transientstore.TxPvtReadWriteSetWithConfigInfo) error
}

// Distributor disseminates the private data of endorsed transactions of one
// channel to peers of member orgs (fabric-wire.md §6.2): per collection, to
// at most maximum_peer_count eligible peers, spread across member orgs, and
// it fails unless required_peer_count of them acknowledge. A peer that fails
// is replaced by another eligible peer while any is left.
type Distributor struct {
	channel string
	pusher  Pusher
	peers   PeerSource
	colls   CollectionSource
	info    func() ChannelInfo
	timeout time.Duration
	log     *slog.Logger
	shuffle func([]knownPeer)
}

// DistributorOption configures NewDistributor.
type DistributorOption func(*Distributor)

// WithPushAckTimeout sets the acknowledgement timeout (default 3s).
func WithPushAckTimeout(d time.Duration) DistributorOption {
	return func(x *Distributor) { x.timeout = d }
}

// WithDistributorLogger sets the logger (default slog.Default()).
func WithDistributorLogger(l *slog.Logger) DistributorOption {
	return func(x *Distributor) { x.log = l }
}

// NewDistributor returns the disseminator of a channel.
func NewDistributor(channel string, pusher Pusher, peers PeerSource, colls CollectionSource, info func() ChannelInfo, opts ...DistributorOption) *Distributor {
	d := &Distributor{channel: channel, pusher: pusher, peers: peers, colls: colls, info: info, timeout: DefaultPushAckTimeout,
		log: slog.Default(), shuffle: func(p []knownPeer) { rand.Shuffle(len(p), func(i, j int) { p[i], p[j] = p[j], p[i] }) }}
	for _, o := range opts {
		o(d)
	}
	return d
}

type collKey struct{ ns, coll string }

type collPlan struct {
	key        collKey
	required   int
	acks       int
	pending    int
	candidates []knownPeer // eligible peers not yet tried
}

type pushResult struct {
	peer  knownPeer
	colls []collKey
	err   error
}

// Distribute sends data (the private write set of transaction txid) to
// eligible peers. It returns once every collection has its required
// acknowledgements (pushes beyond that finish in the background, within the
// ack timeout), or an error wrapping ErrDissemination.
func (d *Distributor) Distribute(ctx context.Context, txid string, data *transientstore.TxPvtReadWriteSetWithConfigInfo) error {
	peers := resolvePeers(d.peers.Peers(d.channel), d.info())
	plans := map[collKey]*collPlan{}
	var order []collKey
	for _, ns := range data.GetPvtRwset().GetNsPvtRwset() {
		for _, c := range ns.GetCollectionPvtRwset() {
			k := collKey{ns.GetNamespace(), c.GetCollectionName()}
			coll, err := Lookup(d.colls, k.ns, k.coll)
			if err != nil {
				return fmt.Errorf("%w: transaction %s: %v", ErrDissemination, txid, err)
			}
			var eligible []knownPeer
			for _, p := range peers {
				if p.eligible(coll) {
					eligible = append(eligible, p)
				}
			}
			if len(eligible) < coll.RequiredPeerCount {
				return fmt.Errorf("%w: transaction %s: collection %q of %q requires %d peers, only %d eligible",
					ErrDissemination, txid, k.coll, k.ns, coll.RequiredPeerCount, len(eligible))
			}
			d.shuffle(eligible)
			eligible = spreadOrgs(eligible)
			max := coll.MaximumPeerCount
			if max > len(eligible) {
				max = len(eligible)
			}
			plans[k] = &collPlan{key: k, required: coll.RequiredPeerCount, pending: max, candidates: eligible}
			order = append(order, k)
		}
	}
	// Group the first max peers of every collection into one push per peer.
	byPeer := map[string]*pushResult{}
	var peerOrder []string
	for _, k := range order {
		p := plans[k]
		first := p.candidates[:p.pending]
		p.candidates = p.candidates[p.pending:]
		for _, kp := range first {
			t, ok := byPeer[kp.Endpoint]
			if !ok {
				t = &pushResult{peer: kp}
				byPeer[kp.Endpoint] = t
				peerOrder = append(peerOrder, kp.Endpoint)
			}
			t.colls = append(t.colls, k)
		}
	}
	// Sends outlive an early return, bounded by the ack timeout.
	sendCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), d.timeout)
	results := make(chan pushResult, 16)
	inflight := 0
	send := func(p knownPeer, colls []collKey) {
		inflight++
		msg := subset(data, colls)
		go func() {
			err := d.pusher.Push(sendCtx, p.Endpoint, d.channel, txid, msg)
			results <- pushResult{peer: p, colls: colls, err: err}
		}()
	}
	for _, ep := range peerOrder {
		send(byPeer[ep].peer, byPeer[ep].colls)
	}
	satisfied := func() bool {
		for _, p := range plans {
			if p.acks < p.required {
				return false
			}
		}
		return true
	}
	var failures []string
	for inflight > 0 && !satisfied() {
		var r pushResult
		select {
		case r = <-results:
		case <-ctx.Done():
			cancel()
			return fmt.Errorf("%w: transaction %s: %v", ErrDissemination, txid, ctx.Err())
		}
		inflight--
		if r.err != nil {
			failures = append(failures, r.err.Error())
			d.log.Warn("private data push failed", "channel", d.channel, "txid", txid, "peer", r.peer.Endpoint, "err", r.err)
		}
		for _, k := range r.colls {
			p := plans[k]
			p.pending--
			if r.err == nil {
				p.acks++
				continue
			}
			if p.acks+p.pending < p.required && len(p.candidates) > 0 {
				next := p.candidates[0]
				p.candidates = p.candidates[1:]
				p.pending++
				send(next, []collKey{k})
			}
		}
	}
	if inflight == 0 {
		cancel()
	} else {
		go func() { // release the context once background sends finish
			for ; inflight > 0; inflight-- {
				<-results
			}
			cancel()
		}()
	}
	var short []string
	for _, k := range order {
		if p := plans[k]; p.acks < p.required {
			short = append(short, fmt.Sprintf("collection %q of %q: %d of %d required acknowledgements", k.coll, k.ns, p.acks, p.required))
		}
	}
	if len(short) > 0 {
		return fmt.Errorf("%w: transaction %s: %s (%s)", ErrDissemination, txid, strings.Join(short, "; "), strings.Join(failures, "; "))
	}
	d.log.Debug("private data disseminated", "channel", d.channel, "txid", txid, "collections", len(order))
	return nil
}

// spreadOrgs reorders peers so that consecutive picks come from different
// orgs first (round-robin over orgs), keeping the shuffled order within an
// org: a collection with max peers N then reaches as many orgs as possible.
func spreadOrgs(ps []knownPeer) []knownPeer {
	byOrg := map[string][]knownPeer{}
	var orgs []string
	for _, p := range ps {
		m := p.mspID
		if _, ok := byOrg[m]; !ok {
			orgs = append(orgs, m)
		}
		byOrg[m] = append(byOrg[m], p)
	}
	out := make([]knownPeer, 0, len(ps))
	for len(out) < len(ps) {
		for _, m := range orgs {
			if q := byOrg[m]; len(q) > 0 {
				out = append(out, q[0])
				byOrg[m] = q[1:]
			}
		}
	}
	return out
}

// subset is the part of data for the given collections, with their
// namespaces' collection configs.
func subset(data *transientstore.TxPvtReadWriteSetWithConfigInfo, colls []collKey) *transientstore.TxPvtReadWriteSetWithConfigInfo {
	out := &transientstore.TxPvtReadWriteSetWithConfigInfo{EndorsedAt: data.GetEndorsedAt(),
		PvtRwset:          &rwset.TxPvtReadWriteSet{DataModel: data.GetPvtRwset().GetDataModel()},
		CollectionConfigs: map[string]*peer.CollectionConfigPackage{}}
	want := map[collKey]bool{}
	for _, k := range colls {
		want[k] = true
	}
	for _, ns := range data.GetPvtRwset().GetNsPvtRwset() {
		var cs []*rwset.CollectionPvtReadWriteSet
		for _, c := range ns.GetCollectionPvtRwset() {
			if want[collKey{ns.GetNamespace(), c.GetCollectionName()}] {
				cs = append(cs, c)
			}
		}
		if len(cs) == 0 {
			continue
		}
		out.PvtRwset.NsPvtRwset = append(out.PvtRwset.NsPvtRwset, &rwset.NsPvtReadWriteSet{Namespace: ns.GetNamespace(), CollectionPvtRwset: cs})
		if cfg, ok := data.GetCollectionConfigs()[ns.GetNamespace()]; ok {
			out.CollectionConfigs[ns.GetNamespace()] = cfg
		}
	}
	return out
}

// EndorsementHandler is the endorser's hook after a successful simulation
// that wrote private data: disseminate, then keep the data in the local
// transient store. An error must fail the endorsement.
type EndorsementHandler struct {
	Store       *TransientStore
	Distributor *Distributor
}

// HandlePrivateData disseminates and stores the private write set of
// transaction txid simulated at ledger height endorsedAt. configs holds each
// written namespace's explicit collection configuration.
func (h *EndorsementHandler) HandlePrivateData(ctx context.Context, txid string, endorsedAt uint64, pvt *rwset.TxPvtReadWriteSet, configs map[string]*peer.CollectionConfigPackage) error {
	if len(pvt.GetNsPvtRwset()) == 0 {
		return nil
	}
	data := &transientstore.TxPvtReadWriteSetWithConfigInfo{EndorsedAt: endorsedAt, PvtRwset: pvt, CollectionConfigs: configs}
	if h.Distributor != nil {
		if err := h.Distributor.Distribute(ctx, txid, data); err != nil {
			return err
		}
	}
	return h.Store.Persist(txid, data)
}
