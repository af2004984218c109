package stubtest

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hyperledger/fabric-chaincode-go/v2/shim"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/queryresult"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// Stub is one transaction's view of a Ledger. It implements
// shim.ChaincodeStubInterface.
type Stub struct {
	ledger    *Ledger
	txid      string
	creator   []byte
	transient map[string][]byte
	args      [][]byte
	ts        time.Time
	peerOrg   string

	writes  map[string]write
	pwrites map[string]map[string]write
	metaW   map[string][]byte
	event   *struct {
		name    string
		payload []byte
	}
	readOnlyQuery string // the first query kind that Fabric allows only in read-only transactions
	committed     bool

	// The read set, for MVCC validation at commit.
	startCommit int
	reads       map[string]uint64            // public key → version read (0: absent)
	preads      map[string]map[string]uint64 // collection → key → version read
	ranges      []rangeRead

	// Reads counts state reads (keys and range results), for benchmarks.
	Reads int
}

var _ shim.ChaincodeStubInterface = (*Stub)(nil)

// rangeRead is a public range query as the committer re-checks it.
type rangeRead struct {
	start, end string
	keys       []string
	versions   []uint64
}

// ErrNotSupported is returned by the few stub calls this double omits.
var ErrNotSupported = errors.New("stubtest: not supported by the test double")

func (s *Stub) GetArgs() [][]byte { return s.args }

func (s *Stub) GetStringArgs() []string {
	out := make([]string, len(s.args))
	for i, a := range s.args {
		out[i] = string(a)
	}
	return out
}

func (s *Stub) GetFunctionAndParameters() (string, []string) {
	a := s.GetStringArgs()
	if len(a) == 0 {
		return "", nil
	}
	return a[0], a[1:]
}

func (s *Stub) GetArgsSlice() ([]byte, error) {
	var out []byte
	for _, a := range s.args {
		out = append(out, a...)
	}
	return out, nil
}

func (s *Stub) GetTxID() string      { return s.txid }
func (s *Stub) GetChannelID() string { return s.ledger.channel }

func (s *Stub) InvokeChaincode(string, [][]byte, string) *peer.Response {
	return shim.Error(ErrNotSupported.Error())
}

func validKey(key string) error {
	if key == "" {
		return errors.New("key must not be an empty string")
	}
	if !utf8.ValidString(key) {
		return fmt.Errorf("key %q is not valid UTF-8", key)
	}
	return nil
}

// GetState reads committed state: like Fabric, a transaction does not see
// its own writes.
func (s *Stub) GetState(key string) ([]byte, error) {
	if err := validKey(key); err != nil {
		return nil, err
	}
	s.Reads++
	l := s.ledger
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, seen := s.reads[key]; !seen {
		s.reads[key] = l.version[key]
	}
	return l.public[key], nil
}

func (s *Stub) GetMultipleStates(keys ...string) ([][]byte, error) {
	out := make([][]byte, len(keys))
	for i, k := range keys {
		v, err := s.GetState(k)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

func (s *Stub) PutState(key string, value []byte) error {
	if err := validKey(key); err != nil {
		return err
	}
	s.writes[key] = write{value: append([]byte(nil), value...)}
	return nil
}

func (s *Stub) DelState(key string) error {
	if err := validKey(key); err != nil {
		return err
	}
	s.writes[key] = write{del: true}
	return nil
}

func (s *Stub) SetStateValidationParameter(key string, ep []byte) error {
	if err := validKey(key); err != nil {
		return err
	}
	s.metaW[key] = append([]byte(nil), ep...)
	return nil
}

func (s *Stub) GetStateValidationParameter(key string) ([]byte, error) {
	if err := validKey(key); err != nil {
		return nil, err
	}
	return s.ledger.ValidationParameter(key), nil
}

// rangeOver snapshots a range; public ranges join the read set.
func (s *Stub) rangeOver(m func(*Ledger) map[string][]byte, start, end string, public bool) *Iterator {
	l := s.ledger
	l.mu.Lock()
	defer l.mu.Unlock()
	src := m(l)
	ks := rangeKeys(src, start, end)
	kvs := make([]*queryresult.KV, len(ks))
	for i, k := range ks {
		kvs[i] = &queryresult.KV{Namespace: "saharanet", Key: k, Value: src[k]}
	}
	if public {
		r := rangeRead{start: start, end: end, keys: ks, versions: make([]uint64, len(ks))}
		for i, k := range ks {
			r.versions[i] = l.version[k]
		}
		s.ranges = append(s.ranges, r)
	}
	s.Reads += len(kvs)
	return &Iterator{kvs: kvs}
}

func (s *Stub) GetStateByRange(startKey, endKey string) (shim.StateQueryIteratorInterface, error) {
	for _, k := range []string{startKey, endKey} {
		if len(k) > 0 && k[0] == 0 {
			return nil, fmt.Errorf("first character of the key [%s] contains a null character which is not allowed", k)
		}
	}
	if startKey == "" {
		startKey = "\x01"
	}
	return s.rangeOver(func(l *Ledger) map[string][]byte { return l.public }, startKey, endKey, true), nil
}

func (s *Stub) paginate(it *Iterator, pageSize int32, bookmark string) (shim.StateQueryIteratorInterface, *peer.QueryResponseMetadata, error) {
	if pageSize <= 0 {
		return nil, nil, fmt.Errorf("pageSize must be positive, got %d", pageSize)
	}
	if s.readOnlyQuery == "" {
		s.readOnlyQuery = "paginated query"
	}
	kvs := it.kvs
	if bookmark != "" {
		i := 0
		for i < len(kvs) && kvs[i].Key < bookmark {
			i++
		}
		kvs = kvs[i:]
	}
	next := ""
	if len(kvs) > int(pageSize) {
		next = kvs[pageSize].Key
		kvs = kvs[:pageSize]
	}
	return &Iterator{kvs: kvs}, &peer.QueryResponseMetadata{FetchedRecordsCount: int32(len(kvs)), Bookmark: next}, nil
}

func (s *Stub) GetStateByRangeWithPagination(startKey, endKey string, pageSize int32, bookmark string) (shim.StateQueryIteratorInterface, *peer.QueryResponseMetadata, error) {
	it, err := s.GetStateByRange(startKey, endKey)
	if err != nil {
		return nil, nil, err
	}
	return s.paginate(it.(*Iterator), pageSize, bookmark)
}

func partialRange(objectType string, attrs []string) (string, string, error) {
	start, err := shim.CreateCompositeKey(objectType, attrs)
	if err != nil {
		return "", "", err
	}
	return start, start + string(utf8.MaxRune), nil
}

func (s *Stub) GetStateByPartialCompositeKey(objectType string, keys []string) (shim.StateQueryIteratorInterface, error) {
	start, end, err := partialRange(objectType, keys)
	if err != nil {
		return nil, err
	}
	return s.rangeOver(func(l *Ledger) map[string][]byte { return l.public }, start, end, true), nil
}

func (s *Stub) GetStateByPartialCompositeKeyWithPagination(objectType string, keys []string, pageSize int32, bookmark string) (shim.StateQueryIteratorInterface, *peer.QueryResponseMetadata, error) {
	it, err := s.GetStateByPartialCompositeKey(objectType, keys)
	if err != nil {
		return nil, nil, err
	}
	return s.paginate(it.(*Iterator), pageSize, bookmark)
}

func (s *Stub) GetAllStatesCompositeKeyWithPagination(pageSize int32, bookmark string) (shim.StateQueryIteratorInterface, *peer.QueryResponseMetadata, error) {
	it := s.rangeOver(func(l *Ledger) map[string][]byte { return l.public }, "\x00", "\x00"+string(utf8.MaxRune), true)
	return s.paginate(it, pageSize, bookmark)
}

func (s *Stub) CreateCompositeKey(objectType string, attributes []string) (string, error) {
	return shim.CreateCompositeKey(objectType, attributes)
}

func (s *Stub) SplitCompositeKey(compositeKey string) (string, []string, error) {
	if !strings.HasPrefix(compositeKey, "\x00") || !strings.HasSuffix(compositeKey, "\x00") {
		return "", nil, fmt.Errorf("%q is not a composite key", compositeKey)
	}
	parts := strings.Split(compositeKey[1:len(compositeKey)-1], "\x00")
	return parts[0], parts[1:], nil
}

func (s *Stub) GetQueryResult(string) (shim.StateQueryIteratorInterface, error) {
	return nil, errors.New("rich queries need CouchDB; this double is a LevelDB-like store")
}

func (s *Stub) GetQueryResultWithPagination(string, int32, string) (shim.StateQueryIteratorInterface, *peer.QueryResponseMetadata, error) {
	return nil, nil, errors.New("rich queries need CouchDB; this double is a LevelDB-like store")
}

func (s *Stub) GetHistoryForKey(string) (shim.HistoryQueryIteratorInterface, error) {
	return nil, ErrNotSupported
}

// canRead applies Fabric's rule that private data is only on member peers:
// an implicit collection is readable only on a peer of its org.
func (s *Stub) canRead(coll string) error {
	if err := checkCollection(coll); err != nil {
		return err
	}
	if coll != ImplicitCollection(s.peerOrg) {
		return fmt.Errorf("private data matching public hash version is not available (peer of %s is not a member of %s)", s.peerOrg, coll)
	}
	return nil
}

func (s *Stub) GetPrivateData(collection, key string) ([]byte, error) {
	if err := validKey(key); err != nil {
		return nil, err
	}
	if err := s.canRead(collection); err != nil {
		return nil, err
	}
	s.Reads++
	s.recordPrivateRead(collection, key)
	return s.ledger.GetPrivate(collection, key), nil
}

// recordPrivateRead adds a private key to the read set: Fabric validates
// private reads by the version of the key's hash, on every peer.
func (s *Stub) recordPrivateRead(coll, key string) {
	l := s.ledger
	l.mu.Lock()
	defer l.mu.Unlock()
	if s.preads[coll] == nil {
		s.preads[coll] = map[string]uint64{}
	}
	if _, seen := s.preads[coll][key]; !seen {
		s.preads[coll][key] = l.pversion[coll][key]
	}
}

func (s *Stub) GetMultiplePrivateData(collection string, keys ...string) ([][]byte, error) {
	out := make([][]byte, len(keys))
	for i, k := range keys {
		v, err := s.GetPrivateData(collection, k)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// GetPrivateDataHash works on every peer, as in Fabric.
func (s *Stub) GetPrivateDataHash(collection, key string) ([]byte, error) {
	if err := validKey(key); err != nil {
		return nil, err
	}
	if err := checkCollection(collection); err != nil {
		return nil, err
	}
	s.recordPrivateRead(collection, key)
	v := s.ledger.GetPrivate(collection, key)
	if v == nil {
		return nil, nil
	}
	h := sha256.Sum256(v)
	return h[:], nil
}

func (s *Stub) putPrivate(collection, key string, w write) error {
	if err := validKey(key); err != nil {
		return err
	}
	if err := checkCollection(collection); err != nil {
		return err
	}
	if s.pwrites[collection] == nil {
		s.pwrites[collection] = map[string]write{}
	}
	s.pwrites[collection][key] = w
	return nil
}

func (s *Stub) PutPrivateData(collection, key string, value []byte) error {
	if len(value) == 0 {
		return fmt.Errorf("value for private key %s is empty", key)
	}
	return s.putPrivate(collection, key, write{value: append([]byte(nil), value...)})
}

func (s *Stub) DelPrivateData(collection, key string) error {
	return s.putPrivate(collection, key, write{del: true})
}

func (s *Stub) PurgePrivateData(collection, key string) error {
	return s.putPrivate(collection, key, write{del: true})
}

func (s *Stub) SetPrivateDataValidationParameter(string, string, []byte) error {
	return ErrNotSupported
}

func (s *Stub) GetPrivateDataValidationParameter(string, string) ([]byte, error) {
	return nil, ErrNotSupported
}

func (s *Stub) privateRange(collection, start, end string) (shim.StateQueryIteratorInterface, error) {
	if err := s.canRead(collection); err != nil {
		return nil, err
	}
	if s.readOnlyQuery == "" {
		s.readOnlyQuery = "private range query"
	}
	return s.rangeOver(func(l *Ledger) map[string][]byte { return l.private[collection] }, start, end, false), nil
}

func (s *Stub) GetPrivateDataByRange(collection, startKey, endKey string) (shim.StateQueryIteratorInterface, error) {
	if startKey == "" {
		startKey = "\x01"
	}
	return s.privateRange(collection, startKey, endKey)
}

func (s *Stub) GetPrivateDataByPartialCompositeKey(collection, objectType string, keys []string) (shim.StateQueryIteratorInterface, error) {
	start, end, err := partialRange(objectType, keys)
	if err != nil {
		return nil, err
	}
	return s.privateRange(collection, start, end)
}

func (s *Stub) GetPrivateDataQueryResult(string, string) (shim.StateQueryIteratorInterface, error) {
	return nil, errors.New("rich queries need CouchDB; this double is a LevelDB-like store")
}

func (s *Stub) GetCreator() ([]byte, error) { return s.creator, nil }

func (s *Stub) GetTransient() (map[string][]byte, error) {
	if s.transient == nil {
		return map[string][]byte{}, nil
	}
	return s.transient, nil
}

func (s *Stub) GetBinding() ([]byte, error) {
	h := sha256.Sum256([]byte(s.txid))
	return h[:], nil
}

func (s *Stub) GetDecorations() map[string][]byte { return nil }

func (s *Stub) GetSignedProposal() (*peer.SignedProposal, error) { return nil, ErrNotSupported }

func (s *Stub) GetTxTimestamp() (*timestamppb.Timestamp, error) { return timestamppb.New(s.ts), nil }

// SetEvent keeps the last event set, as Fabric does.
func (s *Stub) SetEvent(name string, payload []byte) error {
	if name == "" {
		return errors.New("event name can not be empty string")
	}
	s.event = &struct {
		name    string
		payload []byte
	}{name, append([]byte(nil), payload...)}
	return nil
}

func (s *Stub) StartWriteBatch()        {}
func (s *Stub) FinishWriteBatch() error { return nil }

// Writes returns how many public keys the transaction writes.
func (s *Stub) Writes() int { return len(s.writes) }

// PrivateWrites returns the private keys written per collection.
func (s *Stub) PrivateWrites() map[string]int {
	out := map[string]int{}
	for c, m := range s.pwrites {
		out[c] = len(m)
	}
	return out
}

// Event returns the transaction's event name and payload, if any.
func (s *Stub) Event() (string, []byte, bool) {
	if s.event == nil {
		return "", nil, false
	}
	return s.event.name, s.event.payload, true
}

// Iterator iterates a snapshot of query results.
type Iterator struct {
	kvs    []*queryresult.KV
	i      int
	closed bool
}

func (it *Iterator) HasNext() bool { return !it.closed && it.i < len(it.kvs) }

func (it *Iterator) Next() (*queryresult.KV, error) {
	if !it.HasNext() {
		return nil, errors.New("no more results")
	}
	it.i++
	return it.kvs[it.i-1], nil
}

func (it *Iterator) Close() error { it.closed = true; return nil }

// String is used by test failure messages.
func (it *Iterator) String() string { return "iterator of " + strconv.Itoa(len(it.kvs)) }
