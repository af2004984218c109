package peer

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	ab "github.com/hyperledger/fabric-protos-go-apiv2/orderer"

	"github.com/saharanet/saharanet/network/channelconfig"
	"github.com/saharanet/saharanet/network/comm"
	"github.com/saharanet/saharanet/network/protoutil"
)

// OrdererEndpoints lists the channel's orderer addresses from the current
// config: the per-org Endpoints values, else the legacy channel-level list.
func (c *Channel) OrdererEndpoints() []string {
	b := c.Bundle()
	var out []string
	if b.Orderer != nil {
		for _, o := range sortedOrgList(b.Orderer.Orgs) {
			out = append(out, o...)
		}
	}
	if len(out) == 0 {
		out = append(out, b.OrdererAddresses...)
	}
	return out
}

// pull is the commit path: it streams blocks from one orderer at a time,
// starting at the ledger height, and commits them. On any failure (stream
// error, bad status, a block failing verification) it moves to another
// orderer after a backoff that grows while nothing succeeds.
func (c *Channel) pull(ctx context.Context) {
	backoff := c.node.backoffMin
	next := rand.IntN(1 << 16)
	for ctx.Err() == nil {
		eps := c.OrdererEndpoints()
		if len(eps) == 0 {
			c.logger.Error("channel config names no orderer endpoints")
			if !sleepCtx(ctx, c.node.backoffMax) {
				return
			}
			continue
		}
		ep := eps[next%len(eps)]
		next++
		progressed, err := c.pullFrom(ctx, ep)
		if ctx.Err() != nil {
			return
		}
		if progressed {
			backoff = c.node.backoffMin
		}
		c.logger.Warn("block delivery from orderer ended; trying the next orderer", "orderer", ep, "err", err, "retry_in", backoff)
		c.node.metrics.ordererFailover(c.id)
		if !sleepCtx(ctx, backoff) {
			return
		}
		backoff = min(backoff*2, c.node.backoffMax)
	}
}

func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// pullFrom streams blocks from one orderer until an error; progressed says
// whether at least one block was committed.
func (c *Channel) pullFrom(ctx context.Context, addr string) (progressed bool, err error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	tlsConf := c.node.ClientTLS()
	conn, err := comm.Dial(addr, tlsConf)
	if err != nil {
		return false, fmt.Errorf("dial: %w", err)
	}
	defer conn.Close()
	stream, err := ab.NewAtomicBroadcastClient(conn).Deliver(ctx)
	if err != nil {
		return false, fmt.Errorf("open deliver stream: %w", err)
	}
	env, err := c.seekEnvelope(c.ledger.Height())
	if err != nil {
		return false, err
	}
	if err := stream.Send(env); err != nil {
		return false, fmt.Errorf("send seek: %w", err)
	}
	// An idle channel sends nothing: a connected stream counts as ready.
	c.pullerOK.Store(true)
	for {
		resp, err := stream.Recv()
		if err == io.EOF {
			return progressed, errors.New("orderer closed the stream")
		}
		if err != nil {
			return progressed, fmt.Errorf("receive: %w", err)
		}
		switch t := resp.Type.(type) {
		case *ab.DeliverResponse_Status:
			return progressed, fmt.Errorf("orderer answered status %v", t.Status)
		case *ab.DeliverResponse_Block:
			if _, err := c.CommitBlock(ctx, t.Block, nil); err != nil {
				return progressed, err
			}
			progressed = true
		default:
			return progressed, fmt.Errorf("unexpected deliver response %T", resp.Type)
		}
	}
}

// seekEnvelope asks for every block from start on, signed by the peer and
// bound to its TLS certificate (§8.2).
func (c *Channel) seekEnvelope(start uint64) (*common.Envelope, error) {
	seek := &ab.SeekInfo{
		Start:    &ab.SeekPosition{Type: &ab.SeekPosition_Specified{Specified: &ab.SeekSpecified{Number: start}}},
		Stop:     &ab.SeekPosition{Type: &ab.SeekPosition_Specified{Specified: &ab.SeekSpecified{Number: math.MaxUint64}}},
		Behavior: ab.SeekInfo_BLOCK_UNTIL_READY,
	}
	var opts []protoutil.EnvelopeOption
	if der := c.node.tlsCertDER(); der != nil {
		h := sha256.Sum256(der)
		opts = append(opts, protoutil.WithTLSCertHash(h[:]))
	}
	env, err := protoutil.CreateSignedEnvelope(common.HeaderType_DELIVER_SEEK_INFO, c.id, c.node.cfg.Signer, seek, opts...)
	if err != nil {
		return nil, fmt.Errorf("seek envelope: %w", err)
	}
	return env, nil
}

func sortedOrgList(orgs map[string]*channelconfig.Org) [][]string {
	names := make([]string, 0, len(orgs))
	for n := range orgs {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([][]string, 0, len(names))
	for _, n := range names {
		out = append(out, orgs[n].Endpoints)
	}
	return out
}
