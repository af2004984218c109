package orderer

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	ab "github.com/hyperledger/fabric-protos-go-apiv2/orderer"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/protoutil"
)

// broadcastPipeline bounds the envelopes of one stream being ordered at once.
// Answers still go out in request order; pipelining lets a single stream
// fill blocks instead of waiting a commit per envelope.
const broadcastPipeline = 2048

// Broadcast implements AtomicBroadcast.Broadcast (fabric-wire.md §8.1): one
// BroadcastResponse per envelope, in order; the stream ends after the first
// non-SUCCESS answer. SUCCESS means the envelope is in a block that raft
// committed. Envelopes are checked one by one as they arrive, and reading
// stops at the first rejected one, so nothing after it is ordered; accepted
// envelopes then wait for their commit concurrently.
func (o *Orderer) Broadcast(stream grpc.BidiStreamingServer[common.Envelope, ab.BroadcastResponse]) error {
	ctx, cancel := context.WithCancel(stream.Context())
	defer cancel()
	answers := make(chan chan *ab.BroadcastResponse, broadcastPipeline)
	recvErr := make(chan error, 1)
	go func() {
		defer close(answers)
		for {
			env, err := stream.Recv()
			if err != nil {
				if err != io.EOF && ctx.Err() == nil {
					recvErr <- err
				}
				return
			}
			ch := make(chan *ab.BroadcastResponse, 1)
			select {
			case answers <- ch:
			case <-ctx.Done():
				return
			}
			st, info, chainID := o.checkBroadcast(env)
			if st != common.Status_SUCCESS {
				o.metrics.broadcastAnswered(chainID, st)
				ch <- &ab.BroadcastResponse{Status: st, Info: info}
				return
			}
			go func() {
				st, info := o.order(ctx, chainID, env)
				ch <- &ab.BroadcastResponse{Status: st, Info: info}
			}()
		}
	}()
	for ch := range answers {
		var resp *ab.BroadcastResponse
		select {
		case resp = <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
		if err := stream.Send(resp); err != nil {
			return err
		}
		if resp.Status != common.Status_SUCCESS {
			return nil
		}
	}
	select {
	case err := <-recvErr:
		return err
	default:
		return nil
	}
}

// ProcessBroadcast checks one envelope and orders it, returning the status
// Broadcast answers. The filters run in Fabric's order: empty payload, size,
// signature against /Channel/Writers, creator expiry.
func (o *Orderer) ProcessBroadcast(ctx context.Context, env *common.Envelope) (common.Status, string) {
	st, info, chainID := o.checkBroadcast(env)
	if st != common.Status_SUCCESS {
		o.metrics.broadcastAnswered(chainID, st)
		return st, info
	}
	return o.order(ctx, chainID, env)
}

func (o *Orderer) order(ctx context.Context, chainID string, env *common.Envelope) (common.Status, string) {
	c, ok := o.Chain(chainID)
	if !ok {
		return common.Status_NOT_FOUND, "channel " + chainID + " left"
	}
	raw, err := proto.Marshal(env)
	if err != nil {
		return common.Status_BAD_REQUEST, err.Error()
	}
	st, info := c.Order(ctx, raw)
	o.metrics.broadcastAnswered(chainID, st)
	return st, info
}

func (o *Orderer) checkBroadcast(env *common.Envelope) (common.Status, string, string) {
	if env == nil || len(env.Payload) == 0 {
		return common.Status_BAD_REQUEST, "envelope has an empty payload", ""
	}
	pl, err := protoutil.UnmarshalPayload(env)
	if err != nil || pl.Header == nil {
		return common.Status_BAD_REQUEST, "envelope payload is malformed or has no header", ""
	}
	chdr, err := protoutil.UnmarshalChannelHeader(pl.Header.ChannelHeader)
	if err != nil {
		return common.Status_BAD_REQUEST, "channel header is malformed", ""
	}
	c, ok := o.Chain(chdr.ChannelId)
	if !ok {
		return common.Status_NOT_FOUND, fmt.Sprintf("channel %q does not exist on this orderer", chdr.ChannelId), chdr.ChannelId
	}
	b := c.Bundle()
	switch common.HeaderType(chdr.Type) {
	case common.HeaderType_CONFIG, common.HeaderType_CONFIG_UPDATE, common.HeaderType_ORDERER_TRANSACTION:
		return common.Status_BAD_REQUEST, fmt.Sprintf("%s envelopes are not supported: channel config is fixed at genesis",
			common.HeaderType(chdr.Type)), chdr.ChannelId
	}
	if max := b.Orderer.BatchSize.AbsoluteMaxBytes; uint64(proto.Size(env)) > uint64(max) {
		return common.Status_BAD_REQUEST, fmt.Sprintf("message is %d bytes and exceeds the maximum of %d bytes",
			proto.Size(env), max), chdr.ChannelId
	}
	shdr, err := protoutil.UnmarshalSignatureHeader(pl.Header.SignatureHeader)
	if err != nil || len(shdr.Creator) == 0 {
		return common.Status_BAD_REQUEST, "signature header is malformed or has no creator", chdr.ChannelId
	}
	pol, err := b.Policy("/Channel/Writers")
	if err != nil {
		return common.Status_INTERNAL_SERVER_ERROR, err.Error(), chdr.ChannelId
	}
	sd := []*protoutil.SignedData{{Data: env.Payload, Identity: shdr.Creator, Signature: env.Signature}}
	if err := pol.EvaluateSignedData(sd); err != nil {
		return common.Status_FORBIDDEN, fmt.Sprintf("envelope does not satisfy /Channel/Writers: %v", err), chdr.ChannelId
	}
	if id, err := b.MSPManager.DeserializeIdentity(shdr.Creator); err == nil && !id.ExpiresAt().IsZero() && time.Now().After(id.ExpiresAt()) {
		return common.Status_BAD_REQUEST, "creator certificate expired at " + id.ExpiresAt().UTC().Format(time.RFC3339), chdr.ChannelId
	}
	return common.Status_SUCCESS, "", chdr.ChannelId
}
