// Package endorser is the peer's Endorser service: it checks a signed
// proposal the way Fabric does, simulates it against a snapshot of the
// channel's state by running the chaincode, and returns a signed endorsement
// of the result (fabric-wire.md §2).
package endorser

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	pb "github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/chaincode"
	"github.com/saharanet/saharanet/network/lifecycle"
	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/policy"
	"github.com/saharanet/saharanet/network/protoutil"
	"github.com/saharanet/saharanet/network/simulation"
	"github.com/saharanet/saharanet/network/validation"
)

// Default ACL resource and policy for proposals to user chaincodes.
const (
	ProposeACL           = "peer/Propose"
	DefaultProposePolicy = "/Channel/Application/Writers"
)

// InitializedKey is the key (in the chaincode's own namespace) that records
// which definition version has run Init, for definitions with init_required.
const InitializedKey = "\x00\U0010FFFFinitialized"

// Option configures an Endorser.
type Option func(*Endorser)

// WithLogger sets the logger (default slog.Default()).
func WithLogger(l *slog.Logger) Option { return func(e *Endorser) { e.log = l } }

// WithExecutor replaces the chaincode runtime (default: the node's).
func WithExecutor(x Executor) Option { return func(e *Endorser) { e.exec = x } }

// WithSystemChaincode routes proposals for name to sc instead of the shim.
func WithSystemChaincode(name string, sc SystemChaincode) Option {
	return func(e *Endorser) { e.system[name] = sc }
}

// WithPrivateDataHandler sets where private write sets go (default: the
// channel's own, when it is a PrivateDataChannel).
func WithPrivateDataHandler(h PrivateDataHandler) Option { return func(e *Endorser) { e.pvt = h } }

// WithOwnEndorsements records every endorsement this endorser signs, so the
// peer's commit path can skip re-verifying its own signatures.
func WithOwnEndorsements(o *validation.OwnEndorsements) Option {
	return func(e *Endorser) { e.own = o }
}

// Endorser implements pb.EndorserServer.
type Endorser struct {
	pb.UnimplementedEndorserServer

	backend Backend
	exec    Executor
	system  map[string]SystemChaincode
	pvt     PrivateDataHandler
	own     *validation.OwnEndorsements
	log     *slog.Logger
	metrics *Metrics
	maxWait time.Duration
}

// NewWithBackend builds an Endorser over any Backend; New wires it to a
// peer.Node.
func NewWithBackend(b Backend, exec Executor, opts ...Option) *Endorser {
	e := &Endorser{backend: b, exec: exec, system: map[string]SystemChaincode{}, log: slog.Default(),
		pvt: channelHandler{b}, maxWait: DefaultMaxHeightWait}
	for _, o := range opts {
		o(e)
	}
	return e
}

// Signer is the identity this endorser signs with.
func (e *Endorser) Signer() msp.SigningIdentity { return e.backend.Signer() }

// ProcessProposal implements pb.EndorserServer. Failures before simulation
// return a status-500 response together with the Go error, as Fabric does;
// simulation failures return the status-500 response alone.
func (e *Endorser) ProcessProposal(ctx context.Context, sp *pb.SignedProposal) (*pb.ProposalResponse, error) {
	return e.process(ctx, sp, true)
}

// Evaluate runs every check and the simulation of ProcessProposal but
// neither signs an endorsement nor keeps private data: the gateway's local
// path for evaluations, whose results are never ordered. The response
// carries the payload (and chaincode response) as ProcessProposal's would.
func (e *Endorser) Evaluate(ctx context.Context, sp *pb.SignedProposal) (*pb.ProposalResponse, error) {
	return e.process(ctx, sp, false)
}

// EndorseUnpacked is ProcessProposal for a proposal the caller has already
// unpacked (the gateway does, to plan endorsement): it saves a second parse.
func (e *Endorser) EndorseUnpacked(ctx context.Context, up *protoutil.UnpackedProposal) (*pb.ProposalResponse, error) {
	return e.processUnpacked(ctx, up, modeEndorse)
}

// EvaluateUnpacked is Evaluate for an unpacked proposal, for a caller that
// needs only the chaincode's Response: the returned ProposalResponse has no
// Payload, which saves serializing the read-write set nobody reads.
func (e *Endorser) EvaluateUnpacked(ctx context.Context, up *protoutil.UnpackedProposal) (*pb.ProposalResponse, error) {
	return e.processUnpacked(ctx, up, modeResult)
}

// mode says how much of a proposal response to build.
type mode int

const (
	modeEndorse  mode = iota // signed endorsement (ProcessProposal)
	modeEvaluate             // payload, no endorsement (Evaluate)
	modeResult               // chaincode Response only (EvaluateUnpacked)
)

func (e *Endorser) process(ctx context.Context, sp *pb.SignedProposal, endorse bool) (*pb.ProposalResponse, error) {
	up, err := protoutil.UnpackProposal(sp)
	if err != nil {
		e.metrics.observe("", "", protoutil.StatusError, time.Now())
		return errorResponse(err), err
	}
	m := modeEvaluate
	if endorse {
		m = modeEndorse
	}
	return e.processUnpacked(ctx, up, m)
}

func (e *Endorser) processUnpacked(ctx context.Context, up *protoutil.UnpackedProposal, m mode) (resp *pb.ProposalResponse, err error) {
	start := time.Now()
	var channel, cc string
	defer func() { e.metrics.observe(channel, cc, resp.GetResponse().GetStatus(), start) }()
	ch, ok := e.backend.Channel(up.ChannelID())
	if !ok {
		return protoutil.ErrorProposalResponse(protoutil.StatusError, "channel '%s' not found", up.ChannelID()), nil
	}
	channel = ch.ID()
	creator, err := e.preProcess(up, ch)
	if err != nil {
		e.log.Debug("proposal rejected", "channel", up.ChannelID(), "txid", up.TxID(), "err", err)
		return errorResponse(err), err
	}
	// Label by chaincode only for authorized proposals, so that anonymous
	// input cannot grow the metric's label set.
	cc = up.ChaincodeName
	e.awaitMinHeight(ctx, ch, up.TxID())
	resp, err = e.simulate(ctx, up, ch, creator, m)
	if err != nil {
		e.log.Debug("simulation failed", "channel", up.ChannelID(), "chaincode", up.ChaincodeName, "txid", up.TxID(), "err", err)
		return errorResponse(err), nil
	}
	return resp, nil
}

func errorResponse(err error) *pb.ProposalResponse {
	return &pb.ProposalResponse{Response: &pb.Response{Status: protoutil.StatusError, Message: err.Error()}}
}

// preProcess runs Fabric's checks in Fabric's order (fabric-wire.md §2.1
// steps 6–8) and returns the verified creator.
func (e *Endorser) preProcess(up *protoutil.UnpackedProposal, ch Channel) (msp.Identity, error) {
	if err := up.Validate(); err != nil {
		return nil, err
	}
	bundle := ch.Bundle()
	creator, err := bundle.MSPManager.DeserializeIdentity(up.Creator())
	if err != nil {
		return nil, fmt.Errorf("access denied: channel [%s] creator org unknown: %w", up.ChannelID(), err)
	}
	if err := creator.Validate(); err != nil {
		return nil, fmt.Errorf("access denied: channel [%s] creator org [%s]: identity is not valid: %w", up.ChannelID(), creator.MSPID(), err)
	}
	if err := creator.Verify(up.SignedProposal.GetProposalBytes(), up.SignedProposal.GetSignature()); err != nil {
		return nil, fmt.Errorf("access denied: channel [%s] creator org [%s]: the creator's signature over the proposal is not valid: %w", up.ChannelID(), creator.MSPID(), err)
	}
	exists, err := ch.Ledger().TxIDExists(up.TxID())
	if err != nil {
		return nil, fmt.Errorf("failed to check transaction id %s: %w", up.TxID(), err)
	}
	if exists {
		return nil, fmt.Errorf("duplicate transaction found [%s]. Creator [%s]", up.TxID(), creator.MSPID())
	}
	if _, isSystem := e.system[up.ChaincodeName]; !isSystem {
		// The signature was verified above, so evaluate the identity directly
		// instead of verifying it a second time inside the policy.
		path := bundle.ACLPolicyPath(ProposeACL, DefaultProposePolicy)
		pol, err := bundle.Policy(path)
		if err != nil {
			return nil, fmt.Errorf("access denied for [%s]: %w", ProposeACL, err)
		}
		if err := policy.EvaluateIdentities(pol, []msp.Identity{creator}); err != nil {
			return nil, fmt.Errorf("access denied for [%s]: policy %s: %w", ProposeACL, path, err)
		}
	}
	return creator, nil
}

// simulate runs the chaincode and builds the response (§2.3–2.5).
func (e *Endorser) simulate(ctx context.Context, up *protoutil.UnpackedProposal, ch Channel, creator msp.Identity, m mode) (*pb.ProposalResponse, error) {
	name := up.ChaincodeName
	bundle := ch.Bundle()
	sc, isSystem := e.system[name]
	var def *lifecycle.Definition
	version := SystemChaincodeVersion
	if !isSystem {
		var err error
		if def, err = ch.Definition(name); err != nil {
			return nil, fmt.Errorf("make sure the chaincode %s has been successfully defined on channel %s and try again: %w", name, ch.ID(), err)
		}
		version = def.Version
	}
	snap, err := ch.Ledger().NewSnapshotReader()
	if err != nil {
		return nil, fmt.Errorf("open state snapshot: %w", err)
	}
	defer snap.Close()
	var colls *pb.CollectionConfigPackage
	if def != nil {
		colls = def.Collections
	}
	// System chaincodes get the implicit per-org collections too: _lifecycle
	// keeps approvals in them.
	var access simulation.CollectionAccess = newCollectionAccess(name, colls, bundle, creator)
	if pc, ok := ch.(PrivateDataChannel); ok && !isSystem {
		// The channel's resolved collections, the same that dissemination
		// and commit use, evaluated on the proposal's signature.
		access = namespaceAccess{ns: name, inner: pc.ProposalCollectionAccess([]*protoutil.SignedData{up.SignedData()})}
	}
	sim := simulation.New(snap, up.TxID(), simulation.WithCollectionAccess(access))
	defer sim.Done()

	var (
		resp  *pb.Response
		event *pb.ChaincodeEvent
	)
	if isSystem {
		resp = sc.Invoke(sim, creator, up.SignedProposal, up.Input.GetArgs(), bundle)
	} else {
		if def.PackageErr != nil {
			// This peer's org has no runnable approval of the committed
			// definition: an operator must approve (or re-approve) a package.
			e.log.Warn("chaincode cannot run on this peer", "channel", ch.ID(), "chaincode", name, "sequence", def.Sequence, "err", def.PackageErr)
			return nil, def.PackageErr
		}
		input, err := e.checkInvocation(sim, name, def, up.Input)
		if err != nil {
			return nil, err
		}
		if e.exec == nil {
			return nil, errors.New("no chaincode runtime configured")
		}
		resp, event, err = e.exec.Execute(ctx, chaincode.Invocation{
			Channel:        ch.ID(),
			TxID:           up.TxID(),
			Chaincode:      name,
			PackageID:      def.PackageID,
			SignedProposal: up.SignedProposal,
			Input:          input,
			Simulator:      sim,
			History:        ledgerHistory{ch.Ledger()},
		})
		if err != nil {
			return nil, err
		}
	}
	if resp == nil {
		return nil, fmt.Errorf("chaincode %s returned no response", name)
	}
	ccid := &pb.ChaincodeID{Name: name, Version: version}
	if st := resp.GetStatus(); st >= protoutil.StatusErrorThreshold && st < protoutil.StatusError {
		return &pb.ProposalResponse{Response: resp}, nil
	}
	if m == modeResult && resp.GetStatus() < protoutil.StatusError {
		return &pb.ProposalResponse{Version: 1, Response: resp}, nil
	}
	res, err := sim.Results()
	if err != nil {
		return nil, fmt.Errorf("collect simulation results: %w", err)
	}
	if resp.GetStatus() >= protoutil.StatusError {
		return protoutil.UnendorsedProposalResponse(up, res.PublicBytes, event, resp, ccid)
	}
	if m == modeEvaluate {
		prp, err := protoutil.ProposalResponsePayloadBytes(up, res.PublicBytes, event, resp, ccid)
		if err != nil {
			return nil, err
		}
		return &pb.ProposalResponse{Version: 1, Response: resp, Payload: prp}, nil
	}
	if res.Private != nil {
		if e.pvt == nil {
			return nil, fmt.Errorf("private data of txid %s cannot be kept: this endorser has no private data handler", up.TxID())
		}
		pd := &PrivateData{
			Channel:     ch.ID(),
			TxID:        up.TxID(),
			EndorsedAt:  snap.Height(),
			RWSet:       res.Private,
			Collections: map[string]*pb.CollectionConfigPackage{name: colls},
		}
		if err := e.pvt.HandlePrivateData(ctx, pd); err != nil {
			return nil, fmt.Errorf("private data dissemination for txid %s failed: %w", up.TxID(), err)
		}
	}
	pr, err := protoutil.CreateProposalResponse(up, res.PublicBytes, event, resp, ccid, e.backend.Signer())
	if err == nil && e.own != nil && pr.GetEndorsement() != nil {
		e.own.Record(pr.Endorsement.Endorser, pr.Payload, pr.Endorsement.Signature)
	}
	return pr, err
}

// checkInvocation records the implicit _lifecycle read of the definition's
// sequence, which makes a redefinition between endorsement and commit an MVCC
// conflict, and enforces the init_required rules (fabric-wire.md §3.4). It
// returns the input to send to the chaincode.
func (e *Endorser) checkInvocation(sim *simulation.TxSimulator, name string, def *lifecycle.Definition, in *pb.ChaincodeInput) (*pb.ChaincodeInput, error) {
	if _, err := sim.GetState(lifecycle.Namespace, lifecycle.SequenceKey(name)); err != nil {
		return nil, fmt.Errorf("read definition sequence of %s: %w", name, err)
	}
	if !def.InitRequired {
		if in.GetIsInit() {
			in = proto.Clone(in).(*pb.ChaincodeInput)
			in.IsInit = false
		}
		return in, nil
	}
	v, err := sim.GetState(name, InitializedKey)
	if err != nil {
		return nil, fmt.Errorf("read initialization state of %s: %w", name, err)
	}
	initialized := string(v) == def.Version
	switch {
	case initialized && in.GetIsInit():
		return nil, fmt.Errorf("chaincode '%s' is already initialized but 'init' called", name)
	case !initialized && !in.GetIsInit():
		return nil, fmt.Errorf("chaincode '%s' has not been initialized for this version, must call as init first", name)
	case !initialized:
		if err := sim.SetState(name, InitializedKey, []byte(def.Version)); err != nil {
			return nil, fmt.Errorf("record initialization of %s: %w", name, err)
		}
	}
	return in, nil
}

// compile-time check against the Fabric service interface.
var _ pb.EndorserServer = (*Endorser)(nil)
