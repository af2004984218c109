package endorser

import (
	"context"
	"strconv"
	"time"

	"google.golang.org/grpc/metadata"
)

// MinHeightMetadataKey is the gRPC metadata key by which a gateway tells a
// peer it asks for an endorsement the ledger height the gateway's own peer
// has reached. The endorser waits (bounded) until its ledger of the
// proposal's channel is at least that high, so that a client reading its
// own committed writes through another org's peer does not race that peer's
// commit. Fabric peers ignore the key.
const MinHeightMetadataKey = "saharanet-min-height"

// DefaultMaxHeightWait bounds the wait for MinHeightMetadataKey.
const DefaultMaxHeightWait = 5 * time.Second

// WithMaxHeightWait bounds how long a proposal waits for the ledger height
// the caller asked for (default DefaultMaxHeightWait; 0 disables waiting).
func WithMaxHeightWait(d time.Duration) Option { return func(e *Endorser) { e.maxWait = d } }

// minHeight reads MinHeightMetadataKey from the incoming metadata; absent
// or malformed values mean no wait.
func minHeight(ctx context.Context) (uint64, bool) {
	md, ok := metadata.FromIncomingContext(ctx)
	if !ok {
		return 0, false
	}
	vs := md.Get(MinHeightMetadataKey)
	if len(vs) == 0 {
		return 0, false
	}
	h, err := strconv.ParseUint(vs[0], 10, 64)
	if err != nil {
		return 0, false
	}
	return h, true
}

// awaitMinHeight waits until the channel's ledger reaches the height the
// caller asked for, the wait bound passes or ctx ends, whichever is first.
// Simulation goes ahead either way: a peer that is behind answers from what
// it has, as it would without the hint.
func (e *Endorser) awaitMinHeight(ctx context.Context, ch Channel, txid string) {
	want, ok := minHeight(ctx)
	if !ok || e.maxWait <= 0 {
		return
	}
	l := ch.Ledger()
	if l.Height() >= want {
		return
	}
	updates, stop := l.Subscribe()
	defer stop()
	t := time.NewTimer(e.maxWait)
	defer t.Stop()
	for l.Height() < want {
		select {
		case _, open := <-updates:
			if !open {
				return // ledger closed
			}
		case <-t.C:
			e.log.Info("endorsing below the requested ledger height", "channel", ch.ID(), "txid", txid,
				"height", l.Height(), "requested", want, "waited", e.maxWait)
			return
		case <-ctx.Done():
			return
		}
	}
}
