package simulation

import (
	"errors"
	"fmt"
	"sync"
	"unicode/utf8"

	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset/kvrwset"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/ledger"
	"github.com/saharanet/saharanet/network/rangequery"
)

// ErrDone is returned (wrapped) by every operation after Results or Done.
var ErrDone = errors.New("transaction simulation is complete")

// ErrReadOnlyQuery is returned (wrapped) when a transaction mixes writes with
// paginated queries or private-data queries, which Fabric permits only in
// read-only transactions because their results cannot be re-validated.
var ErrReadOnlyQuery = errors.New("query allowed only in a read-only transaction")

// ErrAccessDenied is returned (wrapped) when the proposal's creator lacks the
// collection permission an operation needs.
var ErrAccessDenied = errors.New("access denied")

// PrivateRangeReader is implemented by state readers that can scan private
// data of one collection. ledger.StateReader does not require it; without it
// private range queries fail with a clear error.
type PrivateRangeReader interface {
	GetPrivateDataRange(ns, coll, start, end string) (ledger.KVIterator, error)
}

// Option configures a TxSimulator.
type Option func(*TxSimulator)

// WithCollectionAccess sets the collection rules of the proposal's creator.
// Without it every private-data operation fails as an unknown collection.
func WithCollectionAccess(a CollectionAccess) Option {
	return func(s *TxSimulator) { s.access = a }
}

// Results are the simulation's read-write sets, as protos and as the exact
// bytes that go into the endorsement and to private-data dissemination.
type Results struct {
	Public      *rwset.TxReadWriteSet
	PublicBytes []byte
	// Private is nil when the transaction wrote no private data.
	Private      *rwset.TxPvtReadWriteSet
	PrivateBytes []byte
}

// TxSimulator simulates one transaction over a committed-state snapshot.
// It is safe for concurrent use, but a transaction's operations are
// meaningful only in the order the chaincode issued them.
type TxSimulator struct {
	state  ledger.StateReader
	txID   string
	access CollectionAccess

	mu      sync.Mutex
	b       *rwsetBuilder
	ranges  []*RangeIterator // in creation order: their infos are recorded at Results
	done    bool
	written bool
	paged   bool // a paginated query ran
	pvtQry  bool // a private-data range query ran
}

// New returns a simulator for transaction txID reading from state, which must
// be a consistent snapshot for the whole simulation.
func New(state ledger.StateReader, txID string, opts ...Option) *TxSimulator {
	s := &TxSimulator{state: state, txID: txID, access: noCollections{}, b: newRWSetBuilder()}
	for _, o := range opts {
		o(s)
	}
	return s
}

// TxID is the transaction this simulator records.
func (s *TxSimulator) TxID() string { return s.txID }

func version(vv *ledger.VersionedValue) *kvrwset.Version {
	if vv == nil {
		return nil
	}
	return &kvrwset.Version{BlockNum: vv.Version.BlockNum, TxNum: vv.Version.TxNum}
}

func (s *TxSimulator) checkDone() error {
	if s.done {
		return fmt.Errorf("tx %s: %w", s.txID, ErrDone)
	}
	return nil
}

// GetState returns the committed value of key (nil when absent) and records
// the read with the committed version.
func (s *TxSimulator) GetState(ns, key string) ([]byte, error) {
	vv, err := s.getState(ns, key)
	if err != nil || vv == nil {
		return nil, err
	}
	return vv.Value, nil
}

// GetStateMetadata returns the committed metadata of key and records a read.
func (s *TxSimulator) GetStateMetadata(ns, key string) (map[string][]byte, error) {
	vv, err := s.getState(ns, key)
	if err != nil || vv == nil {
		return nil, err
	}
	return vv.Metadata, nil
}

func (s *TxSimulator) getState(ns, key string) (*ledger.VersionedValue, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkDone(); err != nil {
		return nil, err
	}
	vv, err := s.state.GetState(ns, key)
	if err != nil {
		return nil, fmt.Errorf("read %s/%q: %w", ns, key, err)
	}
	s.b.addRead(ns, key, version(vv))
	return vv, nil
}

// SetState records a write; an empty value is a delete.
func (s *TxSimulator) SetState(ns, key string, value []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkWrite(key); err != nil {
		return err
	}
	s.b.addWrite(ns, key, value)
	return nil
}

// DeleteState records a delete of key.
func (s *TxSimulator) DeleteState(ns, key string) error { return s.SetState(ns, key, nil) }

// SetStateMetadata replaces the whole metadata map of key; nil or empty
// deletes it.
func (s *TxSimulator) SetStateMetadata(ns, key string, md map[string][]byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkWrite(key); err != nil {
		return err
	}
	s.b.addMetadataWrite(ns, key, md)
	return nil
}

// DeleteStateMetadata records a metadata write that removes all metadata.
func (s *TxSimulator) DeleteStateMetadata(ns, key string) error {
	return s.SetStateMetadata(ns, key, nil)
}

// checkWrite enforces Fabric's write preconditions; it must run with mu held.
func (s *TxSimulator) checkWrite(key string) error {
	if err := s.checkDone(); err != nil {
		return err
	}
	if key == "" {
		return fmt.Errorf("tx %s: write with an empty key", s.txID)
	}
	if !utf8.ValidString(key) {
		return fmt.Errorf("tx %s: invalid key %x: must be a UTF-8 string", s.txID, key)
	}
	if s.pvtQry {
		return fmt.Errorf("tx %s: write after a private-data query: %w", s.txID, ErrReadOnlyQuery)
	}
	if s.paged {
		return fmt.Errorf("tx %s: write after a paginated query: %w", s.txID, ErrReadOnlyQuery)
	}
	s.written = true
	return nil
}

// GetStateRange scans keys start <= k < end (end "" = to the end of the
// namespace) and records a RangeQueryInfo for phantom-read validation.
func (s *TxSimulator) GetStateRange(ns, start, end string) (*RangeIterator, error) {
	return s.newRange(ns, start, end, 0)
}

// GetStateRangeWithPagination scans at most pageSize keys; the iterator's
// Bookmark then gives the key where the next page starts. Allowed only in
// read-only transactions.
func (s *TxSimulator) GetStateRangeWithPagination(ns, start, end string, pageSize int32) (*RangeIterator, error) {
	if pageSize <= 0 {
		return nil, fmt.Errorf("tx %s: page size %d must be positive", s.txID, pageSize)
	}
	return s.newRange(ns, start, end, pageSize)
}

func (s *TxSimulator) newRange(ns, start, end string, pageSize int32) (*RangeIterator, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkDone(); err != nil {
		return nil, err
	}
	if pageSize > 0 {
		if s.written {
			return nil, fmt.Errorf("tx %s: paginated query after a write: %w", s.txID, ErrReadOnlyQuery)
		}
		s.paged = true
	}
	it, err := s.state.GetStateRange(ns, start, end)
	if err != nil {
		return nil, fmt.Errorf("range %s [%q, %q): %w", ns, start, end, err)
	}
	r := &RangeIterator{
		sim:     s,
		ns:      ns,
		end:     end,
		it:      it,
		limit:   pageSize,
		info:    &kvrwset.RangeQueryInfo{StartKey: start},
		results: rangequery.NewSummarizer(rangequery.MaxDegree),
	}
	s.ranges = append(s.ranges, r)
	return r, nil
}

// permission validates the collection name and, with need != "", that the
// creator holds that right.
func (s *TxSimulator) permission(ns, coll, need string) error {
	if coll == "" {
		return fmt.Errorf("tx %s: empty collection name", s.txID)
	}
	p, err := s.access.CollectionPermission(ns, coll)
	if err != nil {
		return fmt.Errorf("tx %s: %w", s.txID, err)
	}
	switch {
	case need == "read" && !p.Read, need == "write" && !p.Write:
		return fmt.Errorf("tx creator does not have %s access permission on privatedata in chaincodeName:%s collectionName: %s: %w",
			need, ns, coll, ErrAccessDenied)
	}
	return nil
}

// GetPrivateData returns the private value of key, provided this peer holds
// the version that the committed hash refers to, and records a hashed read.
func (s *TxSimulator) GetPrivateData(ns, coll, key string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkDone(); err != nil {
		return nil, err
	}
	if err := s.permission(ns, coll, "read"); err != nil {
		return nil, err
	}
	hv, err := s.state.GetHashedState(ns, coll, hashString(key))
	if err != nil {
		return nil, fmt.Errorf("read hash of %s/%s/%q: %w", ns, coll, key, err)
	}
	pv, err := s.state.GetPrivateData(ns, coll, key)
	if err != nil {
		return nil, fmt.Errorf("read private %s/%s/%q: %w", ns, coll, key, err)
	}
	hver, pver := version(hv), version(pv)
	if !proto.Equal(hver, pver) {
		return nil, fmt.Errorf("private data matching public hash version is not available. Public hash version = %v, Private data version = %v",
			fmtVersion(hver), fmtVersion(pver))
	}
	s.b.addHashedRead(ns, coll, key, pver)
	if pv == nil {
		return nil, nil
	}
	return pv.Value, nil
}

func fmtVersion(v *kvrwset.Version) string {
	if v == nil {
		return "<nil>"
	}
	return fmt.Sprintf("%d:%d", v.BlockNum, v.TxNum)
}

// GetPrivateDataHash returns SHA-256 of the committed private value (nil when
// absent). Any peer can answer it and it needs no read permission.
func (s *TxSimulator) GetPrivateDataHash(ns, coll, key string) ([]byte, error) {
	hv, err := s.getHashed(ns, coll, key)
	if err != nil || hv == nil {
		return nil, err
	}
	return hv.Value, nil
}

// GetPrivateDataMetadata returns the metadata of a private key from hashed
// state and records a hashed read. It needs read permission.
func (s *TxSimulator) GetPrivateDataMetadata(ns, coll, key string) (map[string][]byte, error) {
	s.mu.Lock()
	err := s.permission(ns, coll, "read")
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	hv, err := s.getHashed(ns, coll, key)
	if err != nil || hv == nil {
		return nil, err
	}
	return hv.Metadata, nil
}

func (s *TxSimulator) getHashed(ns, coll, key string) (*ledger.VersionedValue, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkDone(); err != nil {
		return nil, err
	}
	if err := s.permission(ns, coll, ""); err != nil {
		return nil, err
	}
	hv, err := s.state.GetHashedState(ns, coll, hashString(key))
	if err != nil {
		return nil, fmt.Errorf("read hash of %s/%s/%q: %w", ns, coll, key, err)
	}
	s.b.addHashedRead(ns, coll, key, version(hv))
	return hv, nil
}

// SetPrivateData records a private write (value in the private set, hashes in
// the public set); an empty value is a delete.
func (s *TxSimulator) SetPrivateData(ns, coll, key string, value []byte) error {
	return s.pvtWrite(ns, coll, key, value, false)
}

// DeletePrivateData records a private delete.
func (s *TxSimulator) DeletePrivateData(ns, coll, key string) error {
	return s.pvtWrite(ns, coll, key, nil, false)
}

// PurgePrivateData records a delete that also purges the key's history from
// the private store at commit.
func (s *TxSimulator) PurgePrivateData(ns, coll, key string) error {
	return s.pvtWrite(ns, coll, key, nil, true)
}

func (s *TxSimulator) pvtWrite(ns, coll, key string, value []byte, purge bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkDone(); err != nil {
		return err
	}
	if err := s.permission(ns, coll, "write"); err != nil {
		return err
	}
	if err := s.checkWrite(key); err != nil {
		return err
	}
	s.b.addPvtWrite(ns, coll, key, value, purge)
	return nil
}

// SetPrivateDataMetadata replaces the metadata of a private key; the entries
// go in clear into the hashed set.
func (s *TxSimulator) SetPrivateDataMetadata(ns, coll, key string, md map[string][]byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkDone(); err != nil {
		return err
	}
	if err := s.permission(ns, coll, "write"); err != nil {
		return err
	}
	if err := s.checkWrite(key); err != nil {
		return err
	}
	s.b.addPvtMetadataWrite(ns, coll, key, md)
	return nil
}

// GetPrivateDataRange scans private keys start <= k < end. Like Fabric it
// records nothing (there is no phantom protection for private data), so it is
// allowed only in read-only transactions.
func (s *TxSimulator) GetPrivateDataRange(ns, coll, start, end string) (ledger.KVIterator, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkDone(); err != nil {
		return nil, err
	}
	if err := s.permission(ns, coll, "read"); err != nil {
		return nil, err
	}
	if s.written {
		return nil, fmt.Errorf("tx %s: private-data query after a write: %w", s.txID, ErrReadOnlyQuery)
	}
	pr, ok := s.state.(PrivateRangeReader)
	if !ok {
		return nil, fmt.Errorf("tx %s: private data range queries are not supported by this state store", s.txID)
	}
	it, err := pr.GetPrivateDataRange(ns, coll, start, end)
	if err != nil {
		return nil, fmt.Errorf("private range %s/%s [%q, %q): %w", ns, coll, start, end, err)
	}
	s.pvtQry = true
	return it, nil
}

// Results finishes the simulation and returns its read-write sets. Range
// queries are recorded as far as the chaincode iterated them. Results may be
// called once; afterwards every operation fails with ErrDone.
func (s *TxSimulator) Results() (*Results, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkDone(); err != nil {
		return nil, err
	}
	s.done = true
	for _, r := range s.ranges {
		if err := r.record(); err != nil {
			return nil, err
		}
		r.closeLocked()
	}
	pub, pvt, err := s.b.build()
	if err != nil {
		return nil, fmt.Errorf("tx %s: %w", s.txID, err)
	}
	res := &Results{Public: pub, Private: pvt}
	if res.PublicBytes, err = proto.Marshal(pub); err != nil {
		return nil, fmt.Errorf("tx %s: marshal rwset: %w", s.txID, err)
	}
	if pvt != nil {
		if res.PrivateBytes, err = proto.Marshal(pvt); err != nil {
			return nil, fmt.Errorf("tx %s: marshal private rwset: %w", s.txID, err)
		}
	}
	return res, nil
}

// Done abandons the simulation and releases its iterators.
func (s *TxSimulator) Done() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.done = true
	for _, r := range s.ranges {
		r.closeLocked()
	}
}

// HasPrivateWrites reports whether Results will carry a private rwset.
func (s *TxSimulator) HasPrivateWrites() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.b.pvt) > 0
}

// RangeIterator walks a public range query and records what it returned.
type RangeIterator struct {
	sim     *TxSimulator
	ns, end string
	it      ledger.KVIterator
	limit   int32 // 0 = unpaginated
	count   int32
	info    *kvrwset.RangeQueryInfo
	results *rangequery.Summarizer
	closed  bool
	exhaust bool
	srcDone bool // the underlying scan returned its end
	bmDone  bool
	bm      string
}

// Next returns the next committed entry, or nil at the end of the range (or
// of the page).
func (r *RangeIterator) Next() (*ledger.KV, error) {
	r.sim.mu.Lock()
	defer r.sim.mu.Unlock()
	if r.closed {
		return nil, fmt.Errorf("tx %s: range iterator is closed", r.sim.txID)
	}
	if r.exhaust {
		return nil, nil
	}
	if r.limit > 0 && r.count >= r.limit {
		return r.exhausted(), nil
	}
	kv, err := r.it.Next()
	if err != nil {
		return nil, fmt.Errorf("range %s: %w", r.ns, err)
	}
	if kv == nil {
		r.srcDone = true
		return r.exhausted(), nil
	}
	r.count++
	if err := r.results.Add(&kvrwset.KVRead{Key: kv.Key, Version: version(&kv.VersionedValue)}); err != nil {
		return nil, err
	}
	// The caller may stop at any time, so the end of what it saw is the last key.
	r.info.EndKey = kv.Key
	return kv, nil
}

// exhausted marks the query complete up to the requested end, as Fabric does
// also when a page limit ends the iteration.
func (r *RangeIterator) exhausted() *ledger.KV {
	r.exhaust = true
	r.info.ItrExhausted = true
	r.info.EndKey = r.end
	return nil
}

// Bookmark is, for a paginated query, the first key after the page ("" when
// the range has no more keys). It reads ahead one entry and must be called
// after the page has been consumed.
func (r *RangeIterator) Bookmark() (string, error) {
	r.sim.mu.Lock()
	defer r.sim.mu.Unlock()
	if r.bmDone || r.closed || r.srcDone {
		return r.bm, nil
	}
	kv, err := r.it.Next()
	if err != nil {
		return "", fmt.Errorf("range %s: bookmark: %w", r.ns, err)
	}
	r.bmDone = true
	if kv != nil {
		r.bm = kv.Key
	}
	return r.bm, nil
}

// Close releases the underlying scan. What was read stays recorded.
func (r *RangeIterator) Close() {
	r.sim.mu.Lock()
	defer r.sim.mu.Unlock()
	r.closeLocked()
}

func (r *RangeIterator) closeLocked() {
	if !r.closed {
		r.closed = true
		r.it.Close()
	}
}

func (r *RangeIterator) record() error {
	raw, summary, err := r.results.Done()
	if err != nil {
		return fmt.Errorf("tx %s: range %s: %w", r.sim.txID, r.ns, err)
	}
	switch {
	case summary != nil:
		r.info.ReadsInfo = &kvrwset.RangeQueryInfo_ReadsMerkleHashes{ReadsMerkleHashes: summary}
	case raw != nil:
		r.info.ReadsInfo = &kvrwset.RangeQueryInfo_RawReads{RawReads: &kvrwset.QueryReads{KvReads: raw}}
	}
	r.sim.b.addRange(r.ns, r.info)
	return nil
}
