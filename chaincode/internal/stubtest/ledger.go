// Package stubtest is a ChaincodeStubInterface test double: an in-memory
// ledger (public state with key metadata, private collections, events) and
// per-transaction stubs with Fabric's simulation rules that matter to a
// contract: no read-your-writes, private data readable only on a member
// peer, paginated and private range queries only in read-only transactions,
// one event per transaction, writes applied only on commit, and the
// committer's MVCC validation: a transaction whose reads (public keys,
// private keys, public ranges) changed since it was simulated is invalid,
// so tests can show which transactions may share a block.
//
// It is for unit tests and benchmarks of chaincode; the real network runs
// the real shim.
package stubtest

import (
	"crypto/sha256"
	"errors"
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
	version  map[string]uint64            // public key → commit number of its last write
	pversion map[string]map[string]uint64 // collection → key → commit number
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
		version: map[string]uint64{}, pversion: map[string]map[string]uint64{}, peerOrg: peerOrg, channel: "mychannel", now: time.Unix(1_700_000_000, 0).UTC()}
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
		peerOrg: l.peerOrg, writes: map[string]write{}, pwrites: map[string]map[string]write{}, metaW: map[string][]byte{},
		startCommit: l.txCommit, reads: map[string]uint64{}, preads: map[string]map[string]uint64{}}
}

// Simulate runs one transaction through cc without committing it, as an
// endorsing peer does. Commit the returned stubs with CommitBlock.
func (l *Ledger) Simulate(cc shim.Chaincode, creator []byte, transient map[string][]byte, args ...string) (*peer.Response, *Stub) {
	stub := l.NewStub(creator, transient, args...)
	return cc.Invoke(stub), stub
}

// ErrMVCCConflict marks a transaction invalidated because state it read
// changed between its simulation and its commit (Fabric's
// MVCC_READ_CONFLICT and PHANTOM_READ_CONFLICT).
var ErrMVCCConflict = errors.New("MVCC read conflict")

// CommitBlock validates and commits simulated transactions in block order,
// as Fabric's committer does: each is checked against the state left by the
// ones before it, and an invalid one is skipped. It returns one error per
// transaction, nil for those committed.
func (l *Ledger) CommitBlock(txs ...*Stub) []error {
	errs := make([]error, len(txs))
	for i, tx := range txs {
		errs[i] = tx.Commit()
	}
	return errs
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
	if err := s.validate(); err != nil {
		return fmt.Errorf("transaction %s is invalid: %w", s.txid, err)
	}
	v := uint64(l.txCommit + 1)
	for k, w := range s.writes {
		if w.del {
			delete(l.public, k)
			delete(l.meta, k)
			delete(l.version, k)
		} else {
			l.public[k] = w.value
			l.version[k] = v
		}
	}
	for k, ep := range s.metaW {
		l.meta[k] = ep
		l.version[k] = v // a metadata update is a new version of the key
	}
	for coll, m := range s.pwrites {
		if l.private[coll] == nil {
			l.private[coll] = map[string][]byte{}
			l.pversion[coll] = map[string]uint64{}
		}
		for k, w := range m {
			if w.del {
				delete(l.private[coll], k)
				delete(l.pversion[coll], k)
			} else {
				l.private[coll][k] = w.value
				l.pversion[coll][k] = v
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

// validate is the committer's MVCC check (l.mu held): every key the
// transaction read must still have the version it read, and every public
// range it queried must still hold exactly the keys and versions it saw.
// Ranges are checked whole, like a fully consumed Fabric iterator (the shim
// prefetches results, so the peer has read them even if the contract
// stopped early).
func (s *Stub) validate() error {
	l := s.ledger
	if l.txCommit == s.startCommit {
		return nil // nothing committed since the simulation began
	}
	for _, k := range sortedKeys(s.reads) {
		if l.version[k] != s.reads[k] {
			return fmt.Errorf("%w: key %s changed since it was read", ErrMVCCConflict, k)
		}
	}
	for _, coll := range sortedKeys(s.preads) {
		m := s.preads[coll]
		for _, k := range sortedKeys(m) {
			if l.pversion[coll][k] != m[k] {
				return fmt.Errorf("%w: private key %s of %s changed since it was read", ErrMVCCConflict, k, coll)
			}
		}
	}
	for _, r := range s.ranges {
		now := rangeKeys(l.public, r.start, r.end)
		if len(now) != len(r.keys) {
			return fmt.Errorf("%w: range [%q, %q) now holds %d keys, %d when read (phantom read)", ErrMVCCConflict, r.start, r.end, len(now), len(r.keys))
		}
		for i, k := range now {
			if k != r.keys[i] || l.version[k] != r.versions[i] {
				return fmt.Errorf("%w: range [%q, %q) changed at key %s (phantom read)", ErrMVCCConflict, r.start, r.end, k)
			}
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
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

// Fingerprint hashes everything committed (public state, key metadata,
// private collections, events), so a test can assert that a rejected
// transaction changed nothing at all.
func (l *Ledger) Fingerprint() [32]byte {
	l.mu.Lock()
	defer l.mu.Unlock()
	h := sha256.New()
	put := func(parts ...string) {
		for _, p := range parts {
			fmt.Fprintf(h, "%d:%s", len(p), p)
		}
	}
	for _, k := range sortedKeys(l.public) {
		put("public", k, string(l.public[k]))
	}
	for _, k := range sortedKeys(l.meta) {
		put("meta", k, string(l.meta[k]))
	}
	for _, c := range sortedKeys(l.private) {
		for _, k := range sortedKeys(l.private[c]) {
			put("private", c, k, string(l.private[c][k]))
		}
	}
	for _, e := range l.events {
		put("event", e.TxID, e.Name, string(e.Payload))
	}
	var out [32]byte
	h.Sum(out[:0])
	return out
}
