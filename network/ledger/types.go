// Package ledger stores a channel's blocks, world state, private data, hashed
// private state and key history, and commits each block with its state
// updates in one atomic storage batch.
package ledger

// Height is the version of a committed write: the block number and the index
// of the transaction inside that block. Fabric calls it a version.
type Height struct {
	BlockNum uint64
	TxNum    uint64
}

// Less orders heights by block, then by transaction.
func (h Height) Less(o Height) bool {
	return h.BlockNum < o.BlockNum || (h.BlockNum == o.BlockNum && h.TxNum < o.TxNum)
}

// VersionedValue is a committed value with its version and key metadata.
type VersionedValue struct {
	Value    []byte
	Metadata map[string][]byte // e.g. "VALIDATION_PARAMETER"; nil when none
	Version  Height
}

// KV is one result of a range scan.
type KV struct {
	Key string
	VersionedValue
}

// KVIterator walks a range scan in key byte order.
type KVIterator interface {
	// Next returns the next entry, or nil at the end.
	Next() (*KV, error)
	Close()
}

// StateReader reads committed state. Validation and simulation read through it.
type StateReader interface {
	// GetState returns nil, nil when the key is absent.
	GetState(ns, key string) (*VersionedValue, error)
	// GetStateRange iterates keys k with start <= k < end in byte order; an
	// empty end means to the end of the namespace.
	GetStateRange(ns, start, end string) (KVIterator, error)
	// GetHashedState reads hashed private state: keyHash is SHA-256 of the
	// private key; Value is SHA-256 of the private value. nil, nil when absent.
	GetHashedState(ns, coll string, keyHash []byte) (*VersionedValue, error)
	// GetPrivateData reads a private value a member peer holds; nil, nil when absent.
	GetPrivateData(ns, coll, key string) (*VersionedValue, error)
}

// Write is one public state update of a valid transaction.
type Write struct {
	Namespace string
	Key       string
	Value     []byte // nil with IsDelete
	IsDelete  bool
	// MetadataSet means the transaction wrote metadata for the key; Metadata
	// then replaces the key's whole metadata map (nil deletes it). When
	// MetadataSet is false the key keeps its committed metadata.
	MetadataSet bool
	Metadata    map[string][]byte
	Version     Height
}

// HashedWrite is one update of hashed private state (what every peer stores).
type HashedWrite struct {
	Namespace   string
	Collection  string
	KeyHash     []byte
	ValueHash   []byte // nil with IsDelete
	IsDelete    bool
	IsPurge     bool
	MetadataSet bool
	Metadata    map[string][]byte
	Version     Height
	// ExpiresAtBlock is the block whose commit removes this hash under the
	// collection's block-to-live (0 = never). Fabric expires the hash together
	// with the private value, on every peer, so set it exactly as for the
	// matching PrivateWrite.
	ExpiresAtBlock uint64
}

// PrivateWrite is one update of private data, stored only by member peers.
type PrivateWrite struct {
	Namespace  string
	Collection string
	Key        string
	Value      []byte
	IsDelete   bool
	IsPurge    bool
	Version    Height
	// ExpiresAtBlock is the block whose commit purges this value under the
	// collection's block-to-live (0 = never).
	ExpiresAtBlock uint64
}

// HistoryEntry records that a transaction wrote a public key.
type HistoryEntry struct {
	Namespace string
	Key       string
	Version   Height
	IsDelete  bool
}

// UpdateBatch is everything one block changes in state, in the order the
// valid transactions made the changes. Later entries for the same key win.
type UpdateBatch struct {
	Public  []Write
	Hashed  []HashedWrite
	Private []PrivateWrite
	History []HistoryEntry
}
