package endorser

import (
	"context"
	"sync"

	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset"
	pb "github.com/hyperledger/fabric-protos-go-apiv2/peer"
)

// PrivateData is the private part of one endorsed simulation: what Fabric
// puts into the transient store and disseminates to eligible peers.
type PrivateData struct {
	Channel string
	TxID    string
	// EndorsedAt is the ledger height the simulation read.
	EndorsedAt uint64
	RWSet      *rwset.TxPvtReadWriteSet
	// Collections is the definition's collection configuration per namespace.
	Collections map[string]*pb.CollectionConfigPackage
}

// PrivateDataHandler receives private write sets after a successful
// simulation and before the proposal is endorsed; an error fails the
// endorsement, as a failed dissemination does in Fabric. Issue 5 plugs the
// transient store and gossip dissemination in here.
type PrivateDataHandler interface {
	HandlePrivateData(ctx context.Context, pd *PrivateData) error
}

// TransientStore is the default PrivateDataHandler: it keeps the private
// write sets of endorsed transactions in memory, bounded in size, so that the
// local committer can take them when the block arrives.
type TransientStore struct {
	mu    sync.Mutex
	max   int
	order []string
	byTx  map[string]*PrivateData
}

// NewTransientStore keeps at most max entries, dropping the oldest first.
func NewTransientStore(max int) *TransientStore {
	if max <= 0 {
		max = 10000
	}
	return &TransientStore{max: max, byTx: map[string]*PrivateData{}}
}

// HandlePrivateData implements PrivateDataHandler.
func (t *TransientStore) HandlePrivateData(_ context.Context, pd *PrivateData) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, ok := t.byTx[pd.TxID]; !ok {
		t.order = append(t.order, pd.TxID)
	}
	t.byTx[pd.TxID] = pd
	for len(t.order) > t.max {
		delete(t.byTx, t.order[0])
		t.order = t.order[1:]
	}
	return nil
}

// Get returns the private data endorsed for txid, if still held.
func (t *TransientStore) Get(txid string) (*PrivateData, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	pd, ok := t.byTx[txid]
	return pd, ok
}

// PrivateRWSet returns the private write set endorsed for txid, or nil: the
// shape a committer needs to assemble a block's private data (keyed by
// transaction index) without importing this package.
func (t *TransientStore) PrivateRWSet(txid string) *rwset.TxPvtReadWriteSet {
	if pd, ok := t.Get(txid); ok {
		return pd.RWSet
	}
	return nil
}

// Remove forgets txid (after commit).
func (t *TransientStore) Remove(txid string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.byTx, txid)
	for i, id := range t.order {
		if id == txid {
			t.order = append(t.order[:i], t.order[i+1:]...)
			break
		}
	}
}

// Len is the number of held entries.
func (t *TransientStore) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.byTx)
}
