package orderer

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	ab "github.com/hyperledger/fabric-protos-go-apiv2/orderer"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/peer"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/protoutil"
)

// Deliver implements AtomicBroadcast.Deliver (fabric-wire.md §7.2, §8.2).
// Each request envelope carries a SeekInfo; blocks are streamed, then a
// SUCCESS status, and the next request is read. Any other status ends the stream.
func (o *Orderer) Deliver(stream grpc.BidiStreamingServer[common.Envelope, ab.DeliverResponse]) error {
	for {
		env, err := stream.Recv()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		st, err := o.deliverBlocks(stream.Context(), env, func(b *common.Block) error {
			return stream.Send(&ab.DeliverResponse{Type: &ab.DeliverResponse_Block{Block: b}})
		})
		if err != nil {
			return err // stream broken or cancelled: no status can be sent
		}
		if err := stream.Send(&ab.DeliverResponse{Type: &ab.DeliverResponse_Status{Status: st}}); err != nil {
			return err
		}
		if st != common.Status_SUCCESS {
			return nil
		}
	}
}

// deliverBlocks serves one seek request. A non-nil error means the stream
// failed or ended; otherwise the status to send.
func (o *Orderer) deliverBlocks(ctx context.Context, env *common.Envelope, send func(*common.Block) error) (common.Status, error) {
	pl, err := protoutil.UnmarshalPayload(env)
	if err != nil || pl.Header == nil {
		return common.Status_BAD_REQUEST, nil
	}
	chdr, err := protoutil.UnmarshalChannelHeader(pl.Header.ChannelHeader)
	if err != nil || chdr.Timestamp == nil {
		return common.Status_BAD_REQUEST, nil
	}
	if d := time.Since(chdr.Timestamp.AsTime()); d > o.timeWindow || d < -o.timeWindow {
		return common.Status_BAD_REQUEST, nil
	}
	c, ok := o.Chain(chdr.ChannelId)
	if !ok {
		return common.Status_NOT_FOUND, nil
	}
	if !tlsBindingOK(ctx, chdr.TlsCertHash, o.requireTLSBinding) {
		return common.Status_FORBIDDEN, nil
	}
	shdr, err := protoutil.UnmarshalSignatureHeader(pl.Header.SignatureHeader)
	if err != nil {
		return common.Status_BAD_REQUEST, nil
	}
	pol, err := c.Bundle().Policy("/Channel/Readers")
	if err != nil {
		return common.Status_INTERNAL_SERVER_ERROR, nil
	}
	if err := pol.EvaluateSignedData([]*protoutil.SignedData{{Data: env.Payload, Identity: shdr.Creator, Signature: env.Signature}}); err != nil {
		o.log.Debug("deliver refused", "channel", chdr.ChannelId, "err", err)
		return common.Status_FORBIDDEN, nil
	}
	if id, err := c.Bundle().MSPManager.DeserializeIdentity(shdr.Creator); err != nil ||
		(!id.ExpiresAt().IsZero() && time.Now().After(id.ExpiresAt())) {
		return common.Status_FORBIDDEN, nil
	}
	seek := &ab.SeekInfo{}
	if err := proto.Unmarshal(pl.Data, seek); err != nil || seek.Start == nil || seek.Stop == nil {
		return common.Status_BAD_REQUEST, nil
	}
	store := c.Store()
	height := store.Height()
	var start, stop uint64
	switch s := seek.Start.Type.(type) {
	case *ab.SeekPosition_Oldest:
		start = 0
	case *ab.SeekPosition_Newest:
		start = height - 1
	case *ab.SeekPosition_Specified:
		start = s.Specified.GetNumber()
		if start > height {
			return common.Status_NOT_FOUND, nil
		}
	case *ab.SeekPosition_NextCommit:
		start = height
	default:
		return common.Status_BAD_REQUEST, nil
	}
	switch s := seek.Stop.Type.(type) {
	case *ab.SeekPosition_Oldest:
		stop = start
	case *ab.SeekPosition_Newest:
		if proto.Equal(seek.Start, seek.Stop) {
			stop = start
		} else {
			stop = store.Height() - 1
		}
	case *ab.SeekPosition_Specified:
		stop = s.Specified.GetNumber()
		if stop < start {
			return common.Status_BAD_REQUEST, nil
		}
	case *ab.SeekPosition_NextCommit:
		stop = height
	default:
		return common.Status_BAD_REQUEST, nil
	}
	o.metrics.deliverStream(c.channel, 1)
	defer o.metrics.deliverStream(c.channel, -1)
	for n := start; n <= stop; n++ {
		if n >= store.Height() {
			if seek.Behavior == ab.SeekInfo_FAIL_IF_NOT_READY {
				return common.Status_NOT_FOUND, nil
			}
			if err := store.Wait(ctx, n); err != nil {
				return 0, err
			}
		}
		b, err := store.Block(n)
		if err != nil {
			if c.closed.Load() {
				return common.Status_SERVICE_UNAVAILABLE, nil
			}
			return 0, fmt.Errorf("read block %d: %w", n, err)
		}
		if err := send(b); err != nil {
			return 0, err
		}
		o.metrics.blockDelivered(c.channel)
		if n == math.MaxUint64 {
			break
		}
	}
	return common.Status_SUCCESS, nil
}

// tlsBindingOK checks the channel header's tls_cert_hash against the
// client's TLS certificate. A request without a hash passes unless required.
func tlsBindingOK(ctx context.Context, hash []byte, required bool) bool {
	if len(hash) == 0 {
		return !required
	}
	p, ok := peer.FromContext(ctx)
	if !ok {
		return false
	}
	ti, ok := p.AuthInfo.(credentials.TLSInfo)
	if !ok || len(ti.State.PeerCertificates) == 0 {
		return false
	}
	sum := sha256.Sum256(ti.State.PeerCertificates[0].Raw)
	return bytes.Equal(sum[:], hash)
}
