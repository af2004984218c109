package loadgen

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/hyperledger/fabric-gateway/pkg/client"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
)

// commitObserver matches the transactions of one filtered-block event
// stream to the workers waiting for them.
type commitObserver struct {
	fallback time.Duration

	mu      sync.Mutex
	waiting map[string]chan peer.TxValidationCode
	err     error         // set when the stream has ended
	ended   chan struct{} // closed when the stream ends
}

// invalidCommit is a transaction the peer committed with a code other than
// VALID (what client.CommitError says for the CommitStatus path).
type invalidCommit struct {
	txID string
	code peer.TxValidationCode
}

func (e *invalidCommit) Error() string {
	return fmt.Sprintf("transaction %s failed to commit with status code %d (%s)", e.txID, int32(e.code), e.code)
}

// observeCommits opens the event stream from the next block the peer
// commits. The peer resolves that position when its Deliver handler reads
// the request, so a transaction committed before then would never be
// reported: submit falls back to CommitStatus for any transaction the
// stream has not reported within fallbackAfter.
func observeCommits(ctx context.Context, network *client.Network, fallback time.Duration) (*commitObserver, error) {
	events, err := network.FilteredBlockEvents(ctx)
	if err != nil {
		return nil, fmt.Errorf("open filtered block events on %s: %w", network.Name(), err)
	}
	if fallback <= 0 {
		fallback = DefaultCommitFallback
	}
	o := &commitObserver{fallback: fallback, waiting: map[string]chan peer.TxValidationCode{}, ended: make(chan struct{})}
	go o.run(ctx, events)
	return o, nil
}

// DefaultCommitFallback is how long a transaction waits for the event
// stream before it asks the peer with CommitStatus: far above a loaded
// network's p99, so the fallback is for transactions the stream missed.
const DefaultCommitFallback = 5 * time.Second

func (o *commitObserver) run(ctx context.Context, events <-chan *peer.FilteredBlock) {
	for b := range events {
		o.mu.Lock()
		for _, tx := range b.GetFilteredTransactions() {
			if ch, ok := o.waiting[tx.GetTxid()]; ok {
				delete(o.waiting, tx.GetTxid())
				ch <- tx.GetTxValidationCode()
			}
		}
		o.mu.Unlock()
	}
	o.mu.Lock()
	o.err = ctx.Err()
	if o.err == nil {
		o.err = errors.New("the filtered block event stream ended")
	}
	o.mu.Unlock()
	close(o.ended)
}

// submit endorses and submits one transaction and waits for its block.
func (o *commitObserver) submit(ctx context.Context, c *client.Contract, fn string, args []string) error {
	prop, err := c.NewProposal(fn, client.WithArguments(args...))
	if err != nil {
		return err
	}
	tx, err := prop.EndorseWithContext(ctx)
	if err != nil {
		return err
	}
	id := tx.TransactionID()
	// Registered before the submit, so an answer cannot arrive unseen. Once
	// the stream has ended, every transaction asks with CommitStatus.
	ch := make(chan peer.TxValidationCode, 1)
	o.mu.Lock()
	live := o.err == nil
	if live {
		o.waiting[id] = ch
	}
	o.mu.Unlock()
	forget := func() {
		o.mu.Lock()
		delete(o.waiting, id)
		o.mu.Unlock()
	}
	commit, err := tx.SubmitWithContext(ctx)
	if err != nil {
		forget()
		return err
	}
	if live {
		timer := time.NewTimer(o.fallback)
		defer timer.Stop()
		select {
		case code := <-ch:
			if code != peer.TxValidationCode_VALID {
				return &invalidCommit{txID: id, code: code}
			}
			return nil
		case <-o.ended:
		case <-timer.C:
		case <-ctx.Done():
			forget()
			return ctx.Err()
		}
		forget()
	}
	status, err := commit.StatusWithContext(ctx)
	if err != nil {
		return err
	}
	if !status.Successful {
		return &invalidCommit{txID: id, code: status.Code}
	}
	return nil
}
