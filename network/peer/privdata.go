package peer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset"
	pb "github.com/hyperledger/fabric-protos-go-apiv2/peer"

	"github.com/saharanet/saharanet/network/lifecycle"
	"github.com/saharanet/saharanet/network/privdata"
	"github.com/saharanet/saharanet/network/protoutil"
	"github.com/saharanet/saharanet/network/simulation"
	"github.com/saharanet/saharanet/network/validation"
)

// DefaultReconcileInterval is how often a channel retries pulling the
// private data it missed at commit (Fabric's reconcileSleepInterval).
const DefaultReconcileInterval = time.Minute

// WithReconcileInterval sets how often missing private data is reconciled
// (default DefaultReconcileInterval).
func WithReconcileInterval(d time.Duration) Option {
	return func(n *Node) { n.reconcileInterval = d }
}

// WithPrivateDataPullTimeout bounds how long a commit waits for private
// data pulled from other peers (default privdata.DefaultPullTimeout).
func WithPrivateDataPullTimeout(d time.Duration) Option {
	return func(n *Node) { n.pullTimeout = d }
}

// PrivateDataServer is the peer-to-peer private data service of this node,
// to register on its gRPC server with privdata.Register.
func (n *Node) PrivateDataServer() *privdata.Server { return n.pdServer }

// privdataDir holds a channel's transient store and missing-data index.
func (n *Node) privdataDir(channel string) string {
	return filepath.Join(n.cfg.FileSystemPath, "privdata", channel)
}

// privatePeers lists the configured peers of a channel as private data
// peers. They are known by org: the configuration names each peer's MSP ID
// and address, and the receiving peer authorises every request on its
// signature (fabric-wire.md §6.2).
func (n *Node) privatePeers(channel string) []privdata.PeerInfo {
	eps := n.Endpoints(channel)
	out := make([]privdata.PeerInfo, 0, len(eps))
	for _, ep := range eps {
		out = append(out, privdata.PeerInfo{Endpoint: ep.Address, MSPID: ep.MSPID})
	}
	return out
}

// channelPrivateData is the private data machinery of one channel.
type channelPrivateData struct {
	colls     *privdata.ChannelCollections
	transient *privdata.TransientStore
	missing   *privdata.MissingIndex
	coord     *privdata.Coordinator
	handler   *privdata.EndorsementHandler
	wg        sync.WaitGroup
}

// openPrivateData opens the channel's transient store and missing-data
// index and wires the coordinator, the distributor and the private data
// service for it.
func (c *Channel) openPrivateData() (*channelPrivateData, error) {
	n := c.node
	dir := n.privdataDir(c.id)
	transient, err := privdata.OpenTransientStore(filepath.Join(dir, "transient"), privdata.WithTransientLogger(c.logger))
	if err != nil {
		return nil, err
	}
	missing, err := privdata.OpenMissingIndex(filepath.Join(dir, "missing"), c.logger)
	if err != nil {
		transient.Close()
		return nil, err
	}
	peers := privdata.PeerSourceFunc(n.privatePeers)
	colls := privdata.NewChannelCollections(definitions{c.policies}, c.privdataInfo, privdata.WithLocalMSP(n.cfg.MSPID))
	coord, err := privdata.NewCoordinator(privdata.CoordinatorConfig{Channel: c.id, LocalMSP: n.cfg.MSPID,
		Collections: colls, Info: c.privdataInfo, Transient: transient, Missing: missing,
		Puller: n.pdClient, Peers: peers, PullTimeout: n.pullTimeout, Logger: c.logger})
	if err != nil {
		missing.Close()
		transient.Close()
		return nil, err
	}
	dist := privdata.NewDistributor(c.id, n.pdClient, peers, colls, c.privdataInfo, privdata.WithDistributorLogger(c.logger))
	pd := &channelPrivateData{colls: colls, transient: transient, missing: missing, coord: coord,
		handler: &privdata.EndorsementHandler{Store: transient, Distributor: dist}}
	n.pdServer.AddChannel(c.id, &privdata.ChannelBackend{Collections: colls, Info: c.privdataInfo, Transient: transient, Ledger: c.ledger})
	return pd, nil
}

// startReconciler runs the reconciliation loop until ctx ends.
func (pd *channelPrivateData) startReconciler(ctx context.Context, c *Channel, interval time.Duration) {
	pd.wg.Add(1)
	go func() {
		defer pd.wg.Done()
		pd.coord.RunReconciler(ctx, c.ledger, interval)
	}()
}

// close waits for the reconciler (its context must be cancelled) and closes
// the stores.
func (pd *channelPrivateData) close() error {
	pd.wg.Wait()
	return errors.Join(pd.transient.Close(), pd.missing.Close())
}

// privdataInfo is the channel's org list and MSP manager from the current
// config.
func (c *Channel) privdataInfo() privdata.ChannelInfo {
	b := c.Bundle()
	var ids []string
	if b.Application != nil {
		for _, o := range b.Application.Orgs {
			ids = append(ids, o.MSPID)
		}
	}
	sort.Strings(ids)
	return privdata.ChannelInfo{MSPIDs: ids, Deserializer: b.MSPManager}
}

// Collections resolves the private data collections of the channel's
// chaincodes, explicit and implicit.
func (c *Channel) Collections() privdata.CollectionSource { return c.pd.colls }

// TransientStore holds the channel's endorsed, not yet committed private
// data.
func (c *Channel) TransientStore() *privdata.TransientStore { return c.pd.transient }

// MissingPrivateData lists up to limit entries of private data this peer is
// entitled to but has not got yet (limit <= 0: all up to 100).
func (c *Channel) MissingPrivateData(limit int) ([]privdata.MissingEntry, error) {
	if limit <= 0 {
		limit = 100
	}
	return c.pd.missing.List(limit)
}

// ReconcilePrivateData makes one reconciliation pass now and returns how
// many missing collections it stored.
func (c *Channel) ReconcilePrivateData(ctx context.Context) (int, error) {
	return c.pd.coord.Reconcile(ctx, c.ledger, 0)
}

// ProposalCollectionAccess returns the private data permissions of the
// creator of a proposal whose SignedData is sd, for simulation
// (fabric-wire.md §6.3).
func (c *Channel) ProposalCollectionAccess(sd []*protoutil.SignedData) simulation.CollectionAccess {
	return privdata.NewProposalAccess(c.pd.colls, sd)
}

// HandlePrivateData is the endorser's hook after a simulation that wrote
// private data: it disseminates the write set to peers of member orgs and
// keeps it in the transient store; an error must fail the endorsement.
// configs holds each namespace's explicit collection configuration.
func (c *Channel) HandlePrivateData(ctx context.Context, txid string, endorsedAt uint64, pvt *rwset.TxPvtReadWriteSet, configs map[string]*pb.CollectionConfigPackage) error {
	cfg := make(map[string]*pb.CollectionConfigPackage, len(configs))
	for ns, p := range configs {
		if p != nil {
			cfg[ns] = p
		}
	}
	if err := c.pd.handler.HandlePrivateData(ctx, txid, endorsedAt, pvt, cfg); err != nil {
		return fmt.Errorf("channel %s: %w", c.id, err)
	}
	return nil
}

// gatherPrivateData collects the private data of a block about to commit.
func (c *Channel) gatherPrivateData(ctx context.Context, block *common.Block) map[uint64]*rwset.TxPvtReadWriteSet {
	pvt, err := c.pd.coord.Gather(ctx, block)
	if err != nil {
		// The block still commits: what is missing is recorded and
		// reconciled later.
		c.logger.Warn("gathering private data failed", "block", block.GetHeader().GetNumber(), "err", err)
		return nil
	}
	return pvt
}

// privateDataCommitted purges the transient store and records missing data.
func (c *Channel) privateDataCommitted(block *common.Block, res *validation.Result) {
	txids := make([]string, 0, len(res.Txs))
	for _, t := range res.Txs {
		if t.TxID != "" {
			txids = append(txids, t.TxID)
		}
	}
	if err := c.pd.coord.Committed(block, txids, res.MissingPvt); err != nil {
		c.logger.Warn("private data bookkeeping after commit failed", "block", block.GetHeader().GetNumber(), "err", err)
	}
}

// removePrivateDataDir deletes the private data stores of a channel whose
// join failed.
func (n *Node) removePrivateDataDir(channel string) { os.RemoveAll(n.privdataDir(channel)) }

// definitions adds _lifecycle, which has no definition but keeps each org's
// approvals in its implicit collections, to the committed definitions.
type definitions struct{ src privdata.DefinitionSource }

var lifecycleDefinition = &lifecycle.Definition{Name: lifecycle.Namespace}

func (d definitions) Definition(name string) (*lifecycle.Definition, error) {
	if name == lifecycle.Namespace {
		return lifecycleDefinition, nil
	}
	return d.src.Definition(name)
}
