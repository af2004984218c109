package orderer

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"sync/atomic"
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

// broadcastSlot is one envelope's place in a stream's answer order.
type broadcastSlot struct {
	resp chan *ab.BroadcastResponse // buffered: filled once
	// stop is closed when the chain the envelope went to shuts down, so the
	// stream does not wait for an answer that can no longer come.
	stop atomic.Pointer[chan struct{}]
}

// broadcastItem is a received envelope whose checks are running.
type broadcastItem struct {
	env     *common.Envelope
	checked chan broadcastCheck // buffered: filled once
	slot    *broadcastSlot
}

// Broadcast implements AtomicBroadcast.Broadcast (fabric-wire.md §8.1): one
// BroadcastResponse per envelope, in order; the stream ends after the first
// non-SUCCESS answer. SUCCESS means the envelope is in a block that raft
// committed.
//
// The checks (signature against /Channel/Writers above all) of up to
// GOMAXPROCS envelopes of a stream run at once, so even a single stream uses
// every core; accepted envelopes are still submitted in stream order, and
// none after the first rejected one is submitted. Accepted envelopes then
// wait for their commit concurrently.
func (o *Orderer) Broadcast(stream grpc.BidiStreamingServer[common.Envelope, ab.BroadcastResponse]) error {
	ctx, cancel := context.WithCancel(stream.Context())
	defer cancel()
	answers := make(chan *broadcastSlot, broadcastPipeline)
	checking := make(chan *broadcastItem, broadcastPipeline)
	recvErr := make(chan error, 1)
	// Checkers are started on demand, up to GOMAXPROCS per stream, and live
	// as long as the stream: a goroutine per envelope would grow a fresh
	// stack for every signature check.
	work := make(chan *broadcastItem)
	checkers, maxCheckers := 0, runtime.GOMAXPROCS(0)
	checker := func() {
		for it := range work {
			it.checked <- o.checkBroadcast(it.env)
		}
	}
	// Receive, start the checks, queue the answer slots in order.
	go func() {
		defer close(answers)
		defer close(checking)
		defer close(work)
		for {
			env, err := stream.Recv()
			if err != nil {
				if err != io.EOF && ctx.Err() == nil {
					recvErr <- err
				}
				return
			}
			it := &broadcastItem{env: env, checked: make(chan broadcastCheck, 1),
				slot: &broadcastSlot{resp: make(chan *ab.BroadcastResponse, 1)}}
			select {
			case answers <- it.slot:
			case <-ctx.Done():
				return
			}
			select {
			case work <- it: // an idle checker took it
			default:
				if checkers < maxCheckers {
					checkers++
					go checker()
				}
				select {
				case work <- it:
				case <-ctx.Done():
					return
				}
			}
			select {
			case checking <- it:
			case <-ctx.Done():
				return
			}
		}
	}()
	// Submit in stream order; stop at the first rejected envelope.
	go func() {
		for it := range checking {
			var chk broadcastCheck
			select {
			case chk = <-it.checked:
			case <-ctx.Done():
				return
			}
			if chk.status != common.Status_SUCCESS {
				o.metrics.broadcastAnswered(chk.channel, chk.status)
				it.slot.resp <- &ab.BroadcastResponse{Status: chk.status, Info: chk.info}
				return
			}
			slot := it.slot
			o.orderAsync(ctx, chk, it.env, slot, func(st common.Status, info string) {
				slot.resp <- &ab.BroadcastResponse{Status: st, Info: info}
			})
		}
	}()
	for slot := range answers {
		var resp *ab.BroadcastResponse
		select {
		case resp = <-slot.resp:
		case <-ctx.Done():
			return ctx.Err()
		case <-slot.stopped():
			resp = &ab.BroadcastResponse{Status: common.Status_SERVICE_UNAVAILABLE, Info: "orderer is shutting down"}
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

// stopped is closed once the envelope's chain stops; nil (never ready) until
// the envelope is handed to a chain.
func (s *broadcastSlot) stopped() <-chan struct{} {
	if p := s.stop.Load(); p != nil {
		return *p
	}
	return nil
}

// ProcessBroadcast checks one envelope and orders it, returning the status
// Broadcast answers. The filters run in Fabric's order: empty payload, size,
// signature against /Channel/Writers, creator expiry.
func (o *Orderer) ProcessBroadcast(ctx context.Context, env *common.Envelope) (common.Status, string) {
	chk := o.checkBroadcast(env)
	if chk.status != common.Status_SUCCESS {
		o.metrics.broadcastAnswered(chk.channel, chk.status)
		return chk.status, chk.info
	}
	slot := &broadcastSlot{resp: make(chan *ab.BroadcastResponse, 1)}
	o.orderAsync(ctx, chk, env, slot, func(st common.Status, info string) {
		slot.resp <- &ab.BroadcastResponse{Status: st, Info: info}
	})
	select {
	case r := <-slot.resp:
		return r.Status, r.Info
	case <-slot.stopped():
		return common.Status_SERVICE_UNAVAILABLE, "orderer is shutting down"
	}
}

// orderAsync hands an accepted envelope to its chain; done is called once
// with the outcome and must not block. slot learns the chain's stop channel.
func (o *Orderer) orderAsync(ctx context.Context, chk broadcastCheck, env *common.Envelope, slot *broadcastSlot, done func(common.Status, string)) {
	finish := func(st common.Status, info string) {
		o.metrics.broadcastAnswered(chk.channel, st)
		done(st, info)
	}
	c, ok := o.Chain(chk.channel)
	if !ok {
		finish(common.Status_NOT_FOUND, "channel "+chk.channel+" left")
		return
	}
	stop := c.stopC
	slot.stop.Store(&stop)
	raw, err := proto.Marshal(env)
	if err != nil {
		finish(common.Status_BAD_REQUEST, err.Error())
		return
	}
	c.orderAsync(ctx, raw, chk.txid, func(r forwardResult) { finish(r.status, r.info) })
}

// broadcastCheck is the outcome of the Broadcast filters.
type broadcastCheck struct {
	status  common.Status
	info    string
	channel string
	txid    string
}

func (o *Orderer) checkBroadcast(env *common.Envelope) broadcastCheck {
	reject := func(st common.Status, info, channel string) broadcastCheck {
		return broadcastCheck{status: st, info: info, channel: channel}
	}
	if env == nil || len(env.Payload) == 0 {
		return reject(common.Status_BAD_REQUEST, "envelope has an empty payload", "")
	}
	pl, err := protoutil.UnmarshalPayload(env)
	if err != nil || pl.Header == nil {
		return reject(common.Status_BAD_REQUEST, "envelope payload is malformed or has no header", "")
	}
	chdr, err := protoutil.UnmarshalChannelHeader(pl.Header.ChannelHeader)
	if err != nil {
		return reject(common.Status_BAD_REQUEST, "channel header is malformed", "")
	}
	c, ok := o.Chain(chdr.ChannelId)
	if !ok {
		return reject(common.Status_NOT_FOUND, fmt.Sprintf("channel %q does not exist on this orderer", chdr.ChannelId), chdr.ChannelId)
	}
	b := c.Bundle()
	switch common.HeaderType(chdr.Type) {
	case common.HeaderType_CONFIG, common.HeaderType_CONFIG_UPDATE, common.HeaderType_ORDERER_TRANSACTION:
		return reject(common.Status_BAD_REQUEST, fmt.Sprintf("%s envelopes are not supported: channel config is fixed at genesis",
			common.HeaderType(chdr.Type)), chdr.ChannelId)
	}
	if max := b.Orderer.BatchSize.AbsoluteMaxBytes; uint64(proto.Size(env)) > uint64(max) {
		return reject(common.Status_BAD_REQUEST, fmt.Sprintf("message is %d bytes and exceeds the maximum of %d bytes",
			proto.Size(env), max), chdr.ChannelId)
	}
	shdr, err := protoutil.UnmarshalSignatureHeader(pl.Header.SignatureHeader)
	if err != nil || len(shdr.Creator) == 0 {
		return reject(common.Status_BAD_REQUEST, "signature header is malformed or has no creator", chdr.ChannelId)
	}
	pol, err := b.Policy("/Channel/Writers")
	if err != nil {
		return reject(common.Status_INTERNAL_SERVER_ERROR, err.Error(), chdr.ChannelId)
	}
	sd := []*protoutil.SignedData{{Data: env.Payload, Identity: shdr.Creator, Signature: env.Signature}}
	if err := pol.EvaluateSignedData(sd); err != nil {
		return reject(common.Status_FORBIDDEN, fmt.Sprintf("envelope does not satisfy /Channel/Writers: %v", err), chdr.ChannelId)
	}
	if id, err := b.MSPManager.DeserializeIdentity(shdr.Creator); err == nil && !id.ExpiresAt().IsZero() && time.Now().After(id.ExpiresAt()) {
		return reject(common.Status_BAD_REQUEST, "creator certificate expired at "+id.ExpiresAt().UTC().Format(time.RFC3339), chdr.ChannelId)
	}
	return broadcastCheck{status: common.Status_SUCCESS, channel: chdr.ChannelId, txid: chdr.TxId}
}
