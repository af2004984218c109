// Package stubtest is a ChaincodeStubInterface test double: an in-memory
// ledger (public state with key metadata, private collections, events) and
// per-transaction stubs with Fabric's simulation rules that matter to a
// contract: no read-your-writes, private data readable only on a member
// peer, paginated and private range queries only in read-only transactions,
// one event per transaction, writes applied only on commit.
//
// It is for unit tests and benchmarks of chaincode; the real network runs
// the real shim.
package stubtest

import (
	"crypto/sha256"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/hyperledger/fabric-chaincode-go/v2/shim"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
)

// ImplicitCollection returns Fabric's implicit private collection of an org.
func ImplicitCollection(mspID string) string { return "_implicit_org_" + mspID }

// Event is a chaincode event of a committed transaction.
type Event struct {
	TxID    string
	Name    string
	Payload []byte
}

// Ledger is committed state shared by the stubs of successive transactions.
type Ledger struct {
	mu       sync.Mutex
	public   map[string][]byte
	meta     map[string][]byte // key → validation parameter (key-level endorsement policy)
	private  map[string]map[string][]byte
	events   []Event
	peerOrg  string // the org whose peer simulates: decides private read access
	channel  string
	txSeq    int
	now      time.Time
	txCommit int
}

// NewLedger returns an empty ledger simulated on a peer of peerOrg.
func NewLedger(peerOrg string) *Ledger {
	return &Ledger{public: map[string][]byte{}, meta: map[string][]byte{}, private: map[string]map[string][]byte{},
		peerOrg: peerOrg, channel: "mychannel", now: time.Unix(1_700_000_000, 0).UTC()}
}

// SetPeerOrg changes which org's peer simulates the next transactions.
func (l *Ledger) SetPeerOrg(org string) { l.mu.Lock(); l.peerOrg = org; l.mu.Unlock() }

// PeerOrg returns the org whose peer simulates.
func (l *Ledger) PeerOrg() string { l.mu.Lock(); defer l.mu.Unlock(); return l.peerOrg }

// SetTime sets the timestamp of the next transactions.
func (l *Ledger) SetTime(t time.Time) { l.mu.Lock(); l.now = t; l.mu.Unlock() }

// Now returns the timestamp the next transaction gets.
func (l *Ledger) Now() time.Time { l.mu.Lock(); defer l.mu.Unlock(); return l.now }

// Get returns a committed public value.
func (l *Ledger) Get(key string) []byte { l.mu.Lock(); defer l.mu.Unlock(); return l.public[key] }

// GetPrivate returns a committed private value, regardless of peer org (the
// test's view of every peer).
func (l *Ledger) GetPrivate(coll, key string) []byte {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.private[coll][key]
}

// ValidationParameter returns a committed key-level endorsement policy.
func (l *Ledger) ValidationParameter(key string) []byte {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.meta[key]
}

// Events returns every committed event in commit order.
func (l *Ledger) Events() []Event {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Event(nil), l.events...)
}

// Keys returns the number of public keys.
func (l *Ledger) Keys() int { l.mu.Lock(); defer l.mu.Unlock(); return len(l.public) }

// Commits returns how many transactions committed.
func (l *Ledger) Commits() int { l.mu.Lock(); defer l.mu.Unlock(); return l.txCommit }

// NewStub starts a transaction by creator (serialized identity bytes, see
// Identity) with args (function name first) and transient data.
func (l *Ledger) NewStub(creator []byte, transient map[string][]byte, args ...string) *Stub {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.txSeq++
	txid := fmt.Sprintf("%064x", sha256.Sum256([]byte(fmt.Sprintf("tx-%d-%d", l.txSeq, l.now.UnixNano()))))
	bargs := make([][]byte, len(args))
	for i, a := range args {
		bargs[i] = []byte(a)
	}
	return &Stub{ledger: l, txid: txid, creator: creator, transient: transient, args: bargs, ts: l.now,
		peerOrg: l.peerOrg, writes: map[string]write{}, pwrites: map[string]map[string]write{}, metaW: map[string][]byte{}}
}

// Invoke runs one transaction through cc and commits its writes if the
// response status is below 400, as a peer would after a valid endorsement.
func (l *Ledger) Invoke(cc shim.Chaincode, creator []byte, transient map[string][]byte, args ...string) (*peer.Response, *Stub) {
	stub := l.NewStub(creator, transient, args...)
	resp := cc.Invoke(stub)
	if resp.Status < 400 {
		if err := stub.Commit(); err != nil {
			return &peer.Response{Status: 500, Message: "commit: " + err.Error()}, stub
		}
	}
	return resp, stub
}

type write struct {
	value []byte
	del   bool
}

// Commit applies the transaction's writes, metadata and event to the ledger.
// It fails, changing nothing, if the transaction broke a simulation rule
// that Fabric enforces at the end (paginated or private range queries in a
// transaction that writes).
func (s *Stub) Commit() error {
	if s.committed {
		return fmt.Errorf("transaction %s already committed", s.txid)
	}
	writes := len(s.writes) + len(s.metaW)
	for _, m := range s.pwrites {
		writes += len(m)
	}
	if writes > 0 && s.readOnlyQuery != "" {
		return fmt.Errorf("transaction writes after a %s, which Fabric allows only in read-only transactions", s.readOnlyQuery)
	}
	l := s.ledger
	l.mu.Lock()
	defer l.mu.Unlock()
	for k, w := range s.writes {
		if w.del {
			delete(l.public, k)
			delete(l.meta, k)
		} else {
			l.public[k] = w.value
		}
	}
	for k, ep := range s.metaW {
		l.meta[k] = ep
	}
	for coll, m := range s.pwrites {
		if l.private[coll] == nil {
			l.private[coll] = map[string][]byte{}
		}
		for k, w := range m {
			if w.del {
				delete(l.private[coll], k)
			} else {
				l.private[coll][k] = w.value
			}
		}
	}
	if s.event != nil {
		l.events = append(l.events, Event{TxID: s.txid, Name: s.event.name, Payload: s.event.payload})
	}
	l.txCommit++
	s.committed = true
	return nil
}

// rangeKeys returns the sorted keys of m in [start, end) ("" end = no bound).
func rangeKeys(m map[string][]byte, start, end string) []string {
	var ks []string
	for k := range m {
		if k >= start && (end == "" || k < end) {
			ks = append(ks, k)
		}
	}
	sort.Strings(ks)
	return ks
}

func checkCollection(coll string) error {
	if coll == "" {
		return fmt.Errorf("collection must not be empty")
	}
	if !strings.HasPrefix(coll, "_implicit_org_") {
		return fmt.Errorf("collection %s is not defined (only implicit org collections exist in this double)", coll)
	}
	return nil
}
