package privdata

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/gossip"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset/kvrwset"
	mspproto "github.com/hyperledger/fabric-protos-go-apiv2/msp"
	"github.com/hyperledger/fabric-protos-go-apiv2/transientstore"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	grpcpeer "google.golang.org/grpc/peer"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/ledger"
	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/policy"
	"github.com/saharanet/saharanet/network/protoutil"
)

// MaxPullDigests bounds the digests of one Pull request.
const MaxPullDigests = 1000

// PrivateDataReader reads the private data a peer committed for a block;
// *ledger.Ledger implements it.
type PrivateDataReader interface {
	PrivateWritesByBlock(n uint64) ([]ledger.PrivateWrite, error)
}

// ChannelBackend is what the server needs of one channel.
type ChannelBackend struct {
	Collections CollectionSource
	// Info supplies the channel's MSP manager, to authenticate senders.
	Info func() ChannelInfo
	// Transient holds endorsed, not yet committed private data.
	Transient *TransientStore
	// Ledger serves committed private data to pulling peers; nil serves
	// transient data only.
	Ledger PrivateDataReader
}

// Server is the receiving side of the private data service: it stores data
// pushed by endorsing peers when this peer's org is a member of every
// collection pushed, and serves Pull requests only for collections whose
// member_orgs_policy the signed request satisfies.
type Server struct {
	localMSP   string
	window     time.Duration
	now        func() time.Time
	requireTLS bool
	log        *slog.Logger

	mu       sync.RWMutex
	channels map[string]*ChannelBackend
}

// ServerOption configures NewServer.
type ServerOption func(*Server)

// WithServerClock sets the clock (tests).
func WithServerClock(now func() time.Time) ServerOption { return func(s *Server) { s.now = now } }

// WithServerTimeWindow sets the accepted clock skew (default 15 minutes).
func WithServerTimeWindow(d time.Duration) ServerOption { return func(s *Server) { s.window = d } }

// WithServerLogger sets the logger (default slog.Default()).
func WithServerLogger(l *slog.Logger) ServerOption { return func(s *Server) { s.log = l } }

// WithoutClientTLS accepts requests over connections without a client
// certificate (the signature still authenticates the sender, but nothing
// binds it to the connection). For tests on plaintext loopback only.
func WithoutClientTLS() ServerOption { return func(s *Server) { s.requireTLS = false } }

// NewServer returns the private data service of a peer of org localMSP.
func NewServer(localMSP string, opts ...ServerOption) *Server {
	s := &Server{localMSP: localMSP, window: DefaultTimeWindow, now: time.Now, requireTLS: true,
		log: slog.Default(), channels: map[string]*ChannelBackend{}}
	for _, o := range opts {
		o(s)
	}
	return s
}

// AddChannel serves a channel (replacing an earlier backend).
func (s *Server) AddChannel(id string, b *ChannelBackend) {
	s.mu.Lock()
	s.channels[id] = b
	s.mu.Unlock()
}

type request struct {
	ue      *protoutil.UnpackedEnvelope
	creator msp.Identity
	backend *ChannelBackend
}

// authenticate applies the checks every request must pass, in order:
// well-formed header, clock skew, known channel, TLS binding, a valid
// identity of the channel's MSPs, and its signature over the payload.
func (s *Server) authenticate(ctx context.Context, env *common.Envelope) (*request, error) {
	ue, err := protoutil.UnpackEnvelope(env)
	if err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "privdata: malformed request: %v", err)
	}
	ch := ue.ChannelHeader
	if ch.GetType() != int32(common.HeaderType_MESSAGE) {
		return nil, status.Errorf(codes.InvalidArgument, "privdata: request header type %d, want MESSAGE", ch.GetType())
	}
	if ch.GetTimestamp() == nil {
		return nil, status.Error(codes.InvalidArgument, "privdata: request has no timestamp")
	}
	if d := s.now().Sub(ch.GetTimestamp().AsTime()); d > s.window || d < -s.window {
		return nil, status.Errorf(codes.InvalidArgument, "privdata: request timestamp is %v away from now, beyond %v", d.Round(time.Second), s.window)
	}
	s.mu.RLock()
	b := s.channels[ch.GetChannelId()]
	s.mu.RUnlock()
	if b == nil {
		return nil, status.Errorf(codes.NotFound, "privdata: channel %q is not served here", ch.GetChannelId())
	}
	if err := s.checkTLSBinding(ctx, ch.GetTlsCertHash()); err != nil {
		return nil, err
	}
	creator := ue.SignatureHeader.GetCreator()
	if len(creator) == 0 || len(ue.SignatureHeader.GetNonce()) == 0 {
		return nil, status.Error(codes.InvalidArgument, "privdata: request has no creator or nonce")
	}
	id, err := b.Info().Deserializer.DeserializeIdentity(creator)
	if err != nil {
		return nil, status.Errorf(codes.Unauthenticated, "privdata: request creator: %v", err)
	}
	if err := id.Validate(); err != nil {
		return nil, status.Errorf(codes.Unauthenticated, "privdata: request creator of %s is not valid: %v", id.MSPID(), err)
	}
	if err := id.Verify(env.GetPayload(), env.GetSignature()); err != nil {
		return nil, status.Errorf(codes.Unauthenticated, "privdata: request signature of %s: %v", id.MSPID(), err)
	}
	// Only peers exchange private data, as in Fabric's gossip: a client of a
	// member org must not be able to fill a peer's transient store.
	if err := id.SatisfiesPrincipal(policy.RolePrincipal(id.MSPID(), mspproto.MSPRole_PEER)); err != nil {
		return nil, status.Errorf(codes.PermissionDenied, "privdata: request creator of %s is not a peer: %v", id.MSPID(), err)
	}
	return &request{ue: ue, creator: id, backend: b}, nil
}

func (s *Server) checkTLSBinding(ctx context.Context, bound []byte) error {
	var cert []byte
	if p, ok := grpcpeer.FromContext(ctx); ok && p.AuthInfo != nil {
		if ti, ok := p.AuthInfo.(credentials.TLSInfo); ok && len(ti.State.PeerCertificates) > 0 {
			cert = ti.State.PeerCertificates[0].Raw
		}
	}
	if cert == nil {
		if s.requireTLS {
			return status.Error(codes.Unauthenticated, "privdata: a TLS client certificate is required")
		}
		return nil
	}
	if !bytes.Equal(bound, CertHash(cert)) {
		return status.Error(codes.Unauthenticated, "privdata: request is not bound to this connection's TLS client certificate")
	}
	return nil
}

// Push implements PrivateDataServer: store a transaction's private data in
// the transient store. The whole push is refused when this peer's org is not
// a member of one of its collections: a non-member must never hold the data.
func (s *Server) Push(ctx context.Context, env *common.Envelope) (*gossip.Empty, error) {
	r, err := s.authenticate(ctx, env)
	if err != nil {
		return nil, err
	}
	txid := r.ue.ChannelHeader.GetTxId()
	if checkTxID(txid) != nil {
		return nil, status.Error(codes.InvalidArgument, "privdata: push has no transaction id")
	}
	data := &transientstore.TxPvtReadWriteSetWithConfigInfo{}
	if err := proto.Unmarshal(r.ue.Payload.GetData(), data); err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "privdata: push of %s: malformed private data: %v", txid, err)
	}
	n := 0
	for _, ns := range data.GetPvtRwset().GetNsPvtRwset() {
		for _, c := range ns.GetCollectionPvtRwset() {
			coll, err := Lookup(r.backend.Collections, ns.GetNamespace(), c.GetCollectionName())
			if err != nil {
				return nil, status.Errorf(codes.InvalidArgument, "privdata: push of %s: %v", txid, err)
			}
			if !coll.IsMemberOrg(s.localMSP) {
				return nil, status.Errorf(codes.PermissionDenied, "privdata: push of %s: %s is not a member of collection %q of %q",
					txid, s.localMSP, c.GetCollectionName(), ns.GetNamespace())
			}
			n++
		}
	}
	if n == 0 {
		return nil, status.Errorf(codes.InvalidArgument, "privdata: push of %s holds no collection", txid)
	}
	if err := r.backend.Transient.Persist(txid, data); err != nil {
		return nil, status.Errorf(codes.Internal, "privdata: push of %s: %v", txid, err)
	}
	s.log.Debug("private data received", "channel", r.ue.ChannelHeader.GetChannelId(), "txid", txid, "collections", n, "from", r.creator.MSPID())
	return &gossip.Empty{}, nil
}

// Pull implements PrivateDataServer: return the requested collections'
// private write sets this peer holds. The request is refused as a whole if
// its signer does not satisfy the member_orgs_policy of every collection it
// names.
func (s *Server) Pull(ctx context.Context, env *common.Envelope) (*gossip.RemotePvtDataResponse, error) {
	r, err := s.authenticate(ctx, env)
	if err != nil {
		return nil, err
	}
	req := &gossip.RemotePvtDataRequest{}
	if err := proto.Unmarshal(r.ue.Payload.GetData(), req); err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "privdata: malformed pull request: %v", err)
	}
	if len(req.GetDigests()) == 0 || len(req.GetDigests()) > MaxPullDigests {
		return nil, status.Errorf(codes.InvalidArgument, "privdata: pull request must name 1 to %d digests, got %d", MaxPullDigests, len(req.GetDigests()))
	}
	sd := []*protoutil.SignedData{r.ue.SignedData()}
	allowed := map[[2]string]bool{}
	for _, d := range req.GetDigests() {
		k := [2]string{d.GetNamespace(), d.GetCollection()}
		if _, done := allowed[k]; done {
			continue
		}
		coll, err := Lookup(r.backend.Collections, d.GetNamespace(), d.GetCollection())
		if err != nil {
			return nil, status.Errorf(codes.InvalidArgument, "privdata: pull: %v", err)
		}
		if !coll.IsMemberSigned(sd) {
			s.log.Warn("private data pull refused: requester is not a collection member", "channel", r.ue.ChannelHeader.GetChannelId(),
				"requester", r.creator.MSPID(), "namespace", d.GetNamespace(), "collection", d.GetCollection())
			return nil, status.Errorf(codes.PermissionDenied, "privdata: pull: requester of %s is not a member of collection %q of %q",
				r.creator.MSPID(), d.GetCollection(), d.GetNamespace())
		}
		allowed[k] = true
	}
	resp := &gossip.RemotePvtDataResponse{}
	blocks := map[uint64][]ledger.PrivateWrite{}
	for _, d := range req.GetDigests() {
		payloads, err := s.lookupPayloads(r.backend, d, blocks)
		if err != nil {
			return nil, status.Errorf(codes.Internal, "privdata: pull: %v", err)
		}
		resp.Elements = append(resp.Elements, &gossip.PvtDataElement{Digest: d, Payload: payloads})
	}
	return resp, nil
}

// lookupPayloads finds candidate private write sets for a digest: exact
// endorsed bytes from the transient store, else a write set rebuilt from the
// committed private data of the block.
func (s *Server) lookupPayloads(b *ChannelBackend, d *gossip.PvtDataDigest, blocks map[uint64][]ledger.PrivateWrite) ([][]byte, error) {
	if b.Transient != nil && checkTxID(d.GetTxId()) == nil {
		c, err := b.Transient.CollectionRWSets(d.GetTxId(), d.GetNamespace(), d.GetCollection())
		if err != nil {
			return nil, err
		}
		if len(c) > 0 {
			return c, nil
		}
	}
	if b.Ledger == nil {
		return nil, nil
	}
	ws, ok := blocks[d.GetBlockSeq()]
	if !ok {
		var err error
		if ws, err = b.Ledger.PrivateWritesByBlock(d.GetBlockSeq()); err != nil {
			return nil, fmt.Errorf("private writes of block %d: %w", d.GetBlockSeq(), err)
		}
		blocks[d.GetBlockSeq()] = ws
	}
	raw := rebuildRWSet(ws, d.GetSeqInBlock(), d.GetNamespace(), d.GetCollection())
	if raw == nil {
		return nil, nil
	}
	return [][]byte{raw}, nil
}

// rebuildRWSet reconstructs a transaction's private KVRWSet of one
// collection from committed writes, in the simulator's canonical key order.
// It matches the endorsed bytes for write sets of plain writes and deletes;
// a set with metadata writes does not rebuild and the receiver's hash check
// rejects it.
func rebuildRWSet(ws []ledger.PrivateWrite, tx uint64, ns, coll string) []byte {
	var writes []*kvrwset.KVWrite
	for _, w := range ws {
		if w.Version.TxNum != tx || w.Namespace != ns || w.Collection != coll {
			continue
		}
		kw := &kvrwset.KVWrite{Key: w.Key}
		if w.IsDelete || w.IsPurge {
			kw.IsDelete = true
		} else {
			kw.Value = w.Value
		}
		writes = append(writes, kw)
	}
	if len(writes) == 0 {
		return nil
	}
	sort.SliceStable(writes, func(i, j int) bool { return writes[i].Key < writes[j].Key })
	raw, err := proto.Marshal(&kvrwset.KVRWSet{Writes: writes})
	if err != nil {
		return nil
	}
	return raw
}

var _ PrivateDataServer = (*Server)(nil)
