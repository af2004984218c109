package p256

import (
	"crypto/ecdsa"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"weak"
)

// ErrRegistryFull is returned by Registry.Get when the registry already
// holds its maximum number of live tables.
var ErrRegistryFull = errors.New("p256: table registry is full")

// Registry shares tables between everything that verifies for the same key
// (one identity per channel, per certificate encoding, per MSP generation)
// and caps how many tables are alive at once, so memory stays bounded
// (maxTables × ~227 KB) whatever the callers cache.
//
// It holds tables weakly: a table lives as long as a caller keeps it, and
// its slot is released once the garbage collector has reclaimed it.
type Registry struct {
	max int

	mu     sync.Mutex
	live   int // tables built and not yet collected, plus builds in flight
	tables map[[65]byte]weak.Pointer[Table]
}

// NewRegistry returns a registry that keeps at most maxTables tables alive
// (minimum 1).
func NewRegistry(maxTables int) *Registry {
	return &Registry{max: max(maxTables, 1), tables: make(map[[65]byte]weak.Pointer[Table])}
}

// Get returns the table for pub, building it (~1 ms) if no live table for
// that key exists. It returns ErrRegistryFull, without building, when
// maxTables tables are alive; callers then fall back to crypto/ecdsa. The
// caller must keep the returned table for as long as it wants it: the
// registry does not.
func (r *Registry) Get(pub *ecdsa.PublicKey) (*Table, error) {
	key, err := keyBytes(pub)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	if t := r.tables[key].Value(); t != nil {
		r.mu.Unlock()
		return t, nil
	}
	if r.live >= r.max {
		r.mu.Unlock()
		return nil, ErrRegistryFull
	}
	r.live++ // reserve the slot: the build runs unlocked
	r.mu.Unlock()

	t, err := NewTable(pub)

	r.mu.Lock()
	defer r.mu.Unlock()
	if err != nil {
		r.live--
		return nil, err
	}
	if other := r.tables[key].Value(); other != nil { // a concurrent Get won
		r.live--
		return other, nil
	}
	wp := weak.Make(t)
	r.tables[key] = wp
	runtime.AddCleanup(t, r.release, key)
	return t, nil
}

// release runs once the table for key has been collected.
func (r *Registry) release(key [65]byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.live--
	if r.tables[key].Value() == nil { // not replaced by a newer live table
		delete(r.tables, key)
	}
}

// Live returns how many tables the registry counts against its cap.
func (r *Registry) Live() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.live
}

// keyBytes is the uncompressed encoding of pub, used as the map key.
func keyBytes(pub *ecdsa.PublicKey) ([65]byte, error) {
	var k [65]byte
	q, err := publicPoint(pub)
	if err != nil {
		return k, err
	}
	if n := copy(k[:], q.Bytes()); n != len(k) {
		return k, fmt.Errorf("p256: unexpected public key encoding length %d", n)
	}
	return k, nil
}
