package chaincode

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"sync"
	"sync/atomic"

	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
)

// txContext is the peer's state of one transaction running on one stream.
type txContext struct {
	ctx    context.Context
	inv    *Invocation
	result chan *peer.ChaincodeMessage
	busy   atomic.Bool // one outstanding request per transaction

	mu      sync.Mutex
	queries map[string]*queryState
}

func newTxContext(ctx context.Context, inv *Invocation) *txContext {
	return &txContext{ctx: ctx, inv: inv, result: make(chan *peer.ChaincodeMessage, 1), queries: map[string]*queryState{}}
}

// queryState is an open iterator and the results already read from it.
type queryState struct {
	next      func() ([]byte, bool, error) // marshalled result; false at the end
	close     func()
	bookmark  func() (string, error) // paginated queries only
	paginated bool
	limit     int32
	total     int32
	pending   []*peer.QueryResultBytes
}

func newQueryID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func (tc *txContext) addQuery(q *queryState) string {
	id := newQueryID()
	tc.mu.Lock()
	tc.queries[id] = q
	tc.mu.Unlock()
	return id
}

func (tc *txContext) query(id string) *queryState {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	return tc.queries[id]
}

func (tc *txContext) closeQuery(id string) {
	tc.mu.Lock()
	q := tc.queries[id]
	delete(tc.queries, id)
	tc.mu.Unlock()
	if q != nil {
		q.close()
	}
}

// closeQueries releases every iterator still open when the transaction ends.
func (tc *txContext) closeQueries() {
	tc.mu.Lock()
	qs := tc.queries
	tc.queries = map[string]*queryState{}
	tc.mu.Unlock()
	for _, q := range qs {
		q.close()
	}
}
