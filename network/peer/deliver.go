package peer

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset"
	ab "github.com/hyperledger/fabric-protos-go-apiv2/orderer"
	pb "github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/grpc/credentials"
	grpcpeer "google.golang.org/grpc/peer"

	"github.com/saharanet/saharanet/network/ledger"
	"github.com/saharanet/saharanet/network/lifecycle"
	"github.com/saharanet/saharanet/network/policy"
	"github.com/saharanet/saharanet/network/privdata"
	"github.com/saharanet/saharanet/network/protoutil"
)

// ACL resources of the Deliver service and their default policy (§7.2).
const (
	ResourceBlock         = "event/Block"
	ResourceFilteredBlock = "event/FilteredBlock"
	DefaultReadersPolicy  = "/Channel/Application/Readers"
)

// DefaultTimeWindow is how far a request's timestamp may be from the
// peer's clock (Fabric's peer.authentication.timewindow).
const DefaultTimeWindow = 15 * time.Minute

// DeliverServer is the peer's protos.Deliver service: committed blocks,
// filtered blocks and blocks with private data, streamed to clients that
// satisfy the channel's event ACLs (fabric-wire.md §7).
type DeliverServer struct {
	pb.UnimplementedDeliverServer
	node          *Node
	timeWindow    time.Duration
	mutualTLS     bool
	now           func() time.Time
	privateFilter PrivateDataFilter
}

// PrivateDataFilter decides whether the requester of a DeliverWithPrivateData
// stream may receive a collection's private data. The default admits members
// of the collection: the owning org for implicit collections, identities
// satisfying member_orgs_policy for explicit ones.
type PrivateDataFilter func(ch *Channel, ns, coll string, requester []*protoutil.SignedData) bool

// DeliverOption adjusts a DeliverServer.
type DeliverOption func(*DeliverServer)

// WithTimeWindow sets the accepted clock skew of requests.
func WithTimeWindow(d time.Duration) DeliverOption {
	return func(s *DeliverServer) { s.timeWindow = d }
}

// WithMutualTLSBinding makes the TLS binding mandatory, as Fabric does when
// client authentication is required: every request must carry the SHA-256 of
// the client's TLS certificate. Without it a binding is checked when present.
func WithMutualTLSBinding(on bool) DeliverOption { return func(s *DeliverServer) { s.mutualTLS = on } }

// WithClock sets the clock (tests).
func WithClock(now func() time.Time) DeliverOption { return func(s *DeliverServer) { s.now = now } }

// WithPrivateDataFilter replaces the collection eligibility check.
func WithPrivateDataFilter(f PrivateDataFilter) DeliverOption {
	return func(s *DeliverServer) { s.privateFilter = f }
}

// NewDeliverServer returns the Deliver service of node.
func NewDeliverServer(node *Node, opts ...DeliverOption) *DeliverServer {
	s := &DeliverServer{node: node, timeWindow: DefaultTimeWindow, now: time.Now, privateFilter: collectionMember}
	for _, o := range opts {
		o(s)
	}
	return s
}

type deliverKind int

const (
	kindBlock deliverKind = iota
	kindFiltered
	kindPrivate
)

func (k deliverKind) String() string {
	return [...]string{"Deliver", "DeliverFiltered", "DeliverWithPrivateData"}[k]
}

// Deliver streams full committed blocks.
func (s *DeliverServer) Deliver(srv pb.Deliver_DeliverServer) error {
	return s.serve(srv.Context(), kindBlock, srv.Recv, srv.Send)
}

// DeliverFiltered streams filtered blocks.
func (s *DeliverServer) DeliverFiltered(srv pb.Deliver_DeliverFilteredServer) error {
	return s.serve(srv.Context(), kindFiltered, srv.Recv, srv.Send)
}

// DeliverWithPrivateData streams blocks with the private data the requester
// is eligible for.
func (s *DeliverServer) DeliverWithPrivateData(srv pb.Deliver_DeliverWithPrivateDataServer) error {
	return s.serve(srv.Context(), kindPrivate, srv.Recv, srv.Send)
}

func (s *DeliverServer) serve(ctx context.Context, kind deliverKind, recv func() (*common.Envelope, error), send func(*pb.DeliverResponse) error) error {
	for {
		env, err := recv()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		status, err := s.handle(ctx, kind, env, send)
		if err != nil {
			return err
		}
		s.node.metrics.Deliver.WithLabelValues(kind.String(), status.String()).Inc()
		if err := send(&pb.DeliverResponse{Type: &pb.DeliverResponse_Status{Status: status}}); err != nil {
			return err
		}
		if status != common.Status_SUCCESS {
			return nil
		}
	}
}

// request is a checked deliver request.
type request struct {
	ch         *Channel
	signedData []*protoutil.SignedData
	creator    []byte
	seek       *ab.SeekInfo
	resource   string
}

// handle serves one request envelope. A returned error ends the stream
// without a status (the client went away); otherwise the status is sent.
func (s *DeliverServer) handle(ctx context.Context, kind deliverKind, env *common.Envelope, send func(*pb.DeliverResponse) error) (common.Status, error) {
	logger := s.node.logger.With("service", kind.String())
	req, status := s.check(ctx, kind, env)
	if status != common.Status_SUCCESS {
		logger.Warn("deliver request rejected", "status", status)
		return status, nil
	}
	ch := req.ch
	height := ch.ledger.Height()
	start, stop, status := seekRange(req.seek, height)
	if status != common.Status_SUCCESS {
		return status, nil
	}
	if req.seek.GetBehavior() == ab.SeekInfo_FAIL_IF_NOT_READY && start >= height {
		return common.Status_NOT_FOUND, nil
	}
	it := ch.ledger.Blocks(start)
	defer it.Close()
	checkedBundle := ch.Bundle()
	for n := start; n <= stop; n++ {
		if req.seek.GetBehavior() == ab.SeekInfo_FAIL_IF_NOT_READY && n >= ch.ledger.Height() {
			return common.Status_NOT_FOUND, nil
		}
		block, err := it.Next(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return 0, ctx.Err()
			}
			if errors.Is(err, ledger.ErrClosed) {
				return common.Status_SERVICE_UNAVAILABLE, nil
			}
			logger.Error("read block", "block", n, "err", err)
			return common.Status_INTERNAL_SERVER_ERROR, nil
		}
		// The ACL is re-evaluated whenever the channel config changes.
		if b := ch.Bundle(); b != checkedBundle {
			checkedBundle = b
			if st := s.authorize(ch, req); st != common.Status_SUCCESS {
				return st, nil
			}
		}
		if st := s.checkExpiry(ch, req.creator); st != common.Status_SUCCESS {
			return st, nil
		}
		resp, err := s.response(kind, ch, block, req)
		if err != nil {
			logger.Warn("cannot convert block", "block", n, "err", err)
			return common.Status_BAD_REQUEST, nil
		}
		if err := send(resp); err != nil {
			return 0, err
		}
	}
	return common.Status_SUCCESS, nil
}

// check applies §7.2 steps 1–3 and parses the seek info.
func (s *DeliverServer) check(ctx context.Context, kind deliverKind, env *common.Envelope) (*request, common.Status) {
	payload, err := protoutil.UnmarshalPayload(env)
	if err != nil || payload.GetHeader() == nil {
		return nil, common.Status_BAD_REQUEST
	}
	chdr, err := protoutil.UnmarshalChannelHeader(payload.Header.GetChannelHeader())
	if err != nil {
		return nil, common.Status_BAD_REQUEST
	}
	shdr, err := protoutil.UnmarshalSignatureHeader(payload.Header.GetSignatureHeader())
	if err != nil {
		return nil, common.Status_BAD_REQUEST
	}
	ts := chdr.GetTimestamp()
	if ts == nil {
		return nil, common.Status_BAD_REQUEST
	}
	if d := s.now().Sub(ts.AsTime()); d > s.timeWindow || d < -s.timeWindow {
		return nil, common.Status_BAD_REQUEST
	}
	if !s.bindingOK(ctx, chdr.GetTlsCertHash()) {
		return nil, common.Status_BAD_REQUEST
	}
	ch, ok := s.node.Channel(chdr.GetChannelId())
	if !ok {
		return nil, common.Status_NOT_FOUND
	}
	req := &request{ch: ch, creator: shdr.GetCreator(), resource: ResourceBlock,
		signedData: []*protoutil.SignedData{{Data: env.GetPayload(), Identity: shdr.GetCreator(), Signature: env.GetSignature()}}}
	if kind == kindFiltered {
		req.resource = ResourceFilteredBlock
	}
	if st := s.authorize(ch, req); st != common.Status_SUCCESS {
		return nil, st
	}
	if st := s.checkExpiry(ch, req.creator); st != common.Status_SUCCESS {
		return nil, st
	}
	seek, err := protoutil.UnmarshalSeekInfo(payload.GetData())
	if err != nil || seek.GetStart() == nil || seek.GetStop() == nil {
		return nil, common.Status_BAD_REQUEST
	}
	req.seek = seek
	return req, common.Status_SUCCESS
}

// bindingOK checks the TLS binding: the hash must match the client's TLS
// certificate when present, and must be present under mutual TLS.
func (s *DeliverServer) bindingOK(ctx context.Context, hash []byte) bool {
	var cert []byte
	if p, ok := grpcpeer.FromContext(ctx); ok {
		if ti, ok := p.AuthInfo.(credentials.TLSInfo); ok && len(ti.State.PeerCertificates) > 0 {
			cert = ti.State.PeerCertificates[0].Raw
		}
	}
	if len(hash) == 0 {
		return !s.mutualTLS
	}
	if cert == nil {
		return false
	}
	h := sha256.Sum256(cert)
	return bytes.Equal(h[:], hash)
}

func (s *DeliverServer) authorize(ch *Channel, req *request) common.Status {
	b := ch.Bundle()
	path := b.ACLPolicyPath(req.resource, DefaultReadersPolicy)
	pol, err := b.Policy(path)
	if err != nil {
		return common.Status_FORBIDDEN
	}
	if err := pol.EvaluateSignedData(req.signedData); err != nil {
		s.node.logger.Warn("deliver request not authorized", "channel", ch.id, "policy", path, "err", err)
		return common.Status_FORBIDDEN
	}
	return common.Status_SUCCESS
}

func (s *DeliverServer) checkExpiry(ch *Channel, creator []byte) common.Status {
	id, err := ch.Bundle().MSPManager.DeserializeIdentity(creator)
	if err != nil {
		return common.Status_FORBIDDEN
	}
	if exp := id.ExpiresAt(); !exp.IsZero() && s.now().After(exp) {
		return common.Status_FORBIDDEN
	}
	return common.Status_SUCCESS
}

// seekRange resolves start and stop positions against the ledger height.
func seekRange(seek *ab.SeekInfo, height uint64) (start, stop uint64, st common.Status) {
	switch t := seek.GetStart().GetType().(type) {
	case *ab.SeekPosition_Oldest:
		start = 0
	case *ab.SeekPosition_Newest:
		if height == 0 {
			return 0, 0, common.Status_NOT_FOUND
		}
		start = height - 1
	case *ab.SeekPosition_Specified:
		start = t.Specified.GetNumber()
		if start > height {
			return 0, 0, common.Status_NOT_FOUND
		}
	case *ab.SeekPosition_NextCommit:
		start = height
	default:
		return 0, 0, common.Status_BAD_REQUEST
	}
	switch t := seek.GetStop().GetType().(type) {
	case *ab.SeekPosition_Oldest:
		stop = start
	case *ab.SeekPosition_Newest:
		stop = height - 1
		if _, ok := seek.GetStart().GetType().(*ab.SeekPosition_Newest); ok || height == 0 {
			stop = start
		}
	case *ab.SeekPosition_Specified:
		stop = t.Specified.GetNumber()
	case *ab.SeekPosition_NextCommit:
		stop = height
	default:
		return 0, 0, common.Status_BAD_REQUEST
	}
	if stop < start {
		return 0, 0, common.Status_BAD_REQUEST
	}
	return start, stop, common.Status_SUCCESS
}

func (s *DeliverServer) response(kind deliverKind, ch *Channel, block *common.Block, req *request) (*pb.DeliverResponse, error) {
	switch kind {
	case kindFiltered:
		fb, err := FilterBlock(ch.id, block)
		if err != nil {
			return nil, err
		}
		return &pb.DeliverResponse{Type: &pb.DeliverResponse_FilteredBlock{FilteredBlock: fb}}, nil
	case kindPrivate:
		pvt, err := s.privateData(ch, block.GetHeader().GetNumber(), req.signedData)
		if err != nil {
			return nil, err
		}
		return &pb.DeliverResponse{Type: &pb.DeliverResponse_BlockAndPrivateData{BlockAndPrivateData: &pb.BlockAndPrivateData{
			Block: block, PrivateDataMap: pvt}}}, nil
	default:
		return &pb.DeliverResponse{Type: &pb.DeliverResponse_Block{Block: block}}, nil
	}
}

// FilterBlock converts a committed block to Fabric's FilteredBlock: per
// transaction its id, type and validation code, and the chaincode event's
// name without payload (§7.3).
func FilterBlock(channel string, block *common.Block) (*pb.FilteredBlock, error) {
	flags := protoutil.TxValidationFlags(block)
	fb := &pb.FilteredBlock{ChannelId: channel, Number: block.GetHeader().GetNumber()}
	for i, raw := range block.GetData().GetData() {
		env, err := protoutil.UnmarshalEnvelope(raw)
		if err != nil {
			return nil, fmt.Errorf("tx %d: %w", i, err)
		}
		payload, err := protoutil.UnmarshalPayload(env)
		if err != nil {
			return nil, fmt.Errorf("tx %d: %w", i, err)
		}
		chdr, err := protoutil.UnmarshalChannelHeader(payload.GetHeader().GetChannelHeader())
		if err != nil {
			return nil, fmt.Errorf("tx %d: %w", i, err)
		}
		ft := &pb.FilteredTransaction{Txid: chdr.GetTxId(), Type: common.HeaderType(chdr.GetType())}
		if i < len(flags) {
			ft.TxValidationCode = pb.TxValidationCode(flags[i])
		}
		if ft.Type == common.HeaderType_ENDORSER_TRANSACTION {
			actions, err := filteredActions(payload.GetData())
			switch {
			case err == nil:
				ft.Data = &pb.FilteredTransaction_TransactionActions{TransactionActions: actions}
			case ft.TxValidationCode == pb.TxValidationCode_VALID:
				return nil, fmt.Errorf("tx %d: %w", i, err)
			default:
				// An invalid transaction may be garbage; it must not make
				// the block undeliverable, so it goes out without actions.
			}
		}
		fb.FilteredTransactions = append(fb.FilteredTransactions, ft)
	}
	return fb, nil
}

func filteredActions(txBytes []byte) (*pb.FilteredTransactionActions, error) {
	tx, err := protoutil.UnmarshalTransaction(txBytes)
	if err != nil {
		return nil, err
	}
	out := &pb.FilteredTransactionActions{}
	for _, a := range tx.GetActions() {
		ccap, err := protoutil.UnmarshalChaincodeActionPayload(a.GetPayload())
		if err != nil {
			return nil, err
		}
		prp, err := protoutil.UnmarshalProposalResponsePayload(ccap.GetAction().GetProposalResponsePayload())
		if err != nil {
			return nil, err
		}
		cca, err := protoutil.UnmarshalChaincodeAction(prp.GetExtension())
		if err != nil {
			return nil, err
		}
		if len(cca.GetEvents()) == 0 {
			continue
		}
		ev, err := protoutil.UnmarshalChaincodeEvent(cca.GetEvents())
		if err != nil {
			return nil, err
		}
		if ev.GetChaincodeId() == "" {
			continue
		}
		out.ChaincodeActions = append(out.ChaincodeActions, &pb.FilteredChaincodeAction{ChaincodeEvent: &pb.ChaincodeEvent{
			ChaincodeId: ev.GetChaincodeId(), TxId: ev.GetTxId(), EventName: ev.GetEventName()}})
	}
	return out, nil
}

// privateData assembles the block's stored private writes into per-tx
// private read-write sets, keeping only collections the requester may see.
func (s *DeliverServer) privateData(ch *Channel, num uint64, requester []*protoutil.SignedData) (map[uint64]*rwset.TxPvtReadWriteSet, error) {
	writes, err := ch.ledger.PrivateWritesByBlock(num)
	if err != nil {
		return nil, err
	}
	type collKey struct {
		tx       uint64
		ns, coll string
	}
	allowed := map[[2]string]bool{}
	byColl := map[collKey]*kvWrites{}
	var order []collKey
	for _, w := range writes {
		ac := [2]string{w.Namespace, w.Collection}
		ok, seen := allowed[ac]
		if !seen {
			ok = s.privateFilter(ch, w.Namespace, w.Collection, requester)
			allowed[ac] = ok
		}
		if !ok {
			continue
		}
		k := collKey{w.Version.TxNum, w.Namespace, w.Collection}
		if byColl[k] == nil {
			byColl[k] = &kvWrites{}
			order = append(order, k)
		}
		byColl[k].add(w)
	}
	out := map[uint64]*rwset.TxPvtReadWriteSet{}
	for _, k := range order {
		tx := out[k.tx]
		if tx == nil {
			tx = &rwset.TxPvtReadWriteSet{DataModel: rwset.TxReadWriteSet_KV}
			out[k.tx] = tx
		}
		var ns *rwset.NsPvtReadWriteSet
		for _, n := range tx.NsPvtRwset {
			if n.Namespace == k.ns {
				ns = n
			}
		}
		if ns == nil {
			ns = &rwset.NsPvtReadWriteSet{Namespace: k.ns}
			tx.NsPvtRwset = append(tx.NsPvtRwset, ns)
		}
		raw, err := byColl[k].marshal()
		if err != nil {
			return nil, err
		}
		ns.CollectionPvtRwset = append(ns.CollectionPvtRwset, &rwset.CollectionPvtReadWriteSet{CollectionName: k.coll, Rwset: raw})
	}
	return out, nil
}

// collectionMember is the default PrivateDataFilter: the channel's
// resolved collections decide (privdata), so Deliver, endorsement and
// commit agree on membership. _lifecycle's implicit collections, which no
// chaincode definition describes, admit their own org.
func collectionMember(ch *Channel, ns, coll string, requester []*protoutil.SignedData) bool {
	c, err := privdata.Lookup(ch.pd.colls, ns, coll)
	if err == nil {
		return c.IsMemberSigned(requester)
	}
	if id, ok := privdata.ImplicitCollectionMSP(coll); ok && ns == lifecycle.Namespace {
		pol, err := policy.NewSignaturePolicy(policy.SignedByMspMember(id), ch.Bundle().MSPManager)
		return err == nil && pol.EvaluateSignedData(requester) == nil
	}
	return false
}
