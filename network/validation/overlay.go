package validation

import (
	"sort"
	"strings"

	"github.com/saharanet/saharanet/network/ledger"
)

// overlay holds the updates of the valid transactions of the block so far,
// so that later transactions are checked against committed state plus these.
type overlay struct {
	pub    map[keyID]*pending // coll empty
	hashed map[keyID]*pending // key = raw key hash
	pvt    map[keyID]*pending
	// pubKeys indexes public keys per namespace for range re-runs; sorted
	// lazily when a range query needs it.
	pubKeys map[string]*sortedKeys
}

type pending struct {
	value     []byte
	deleted   bool
	metaKnown bool // meta is the key's full metadata after this block's updates
	meta      map[string][]byte
	ver       ledger.Height
}

type sortedKeys struct {
	keys   []string
	sorted bool
}

func newOverlay() *overlay {
	return &overlay{
		pub:     make(map[keyID]*pending),
		hashed:  make(map[keyID]*pending),
		pvt:     make(map[keyID]*pending),
		pubKeys: make(map[string]*sortedKeys),
	}
}

func (o *overlay) putPub(ns, key string, p *pending) {
	k := keyID{ns: ns, key: key}
	if _, ok := o.pub[k]; !ok {
		sk := o.pubKeys[ns]
		if sk == nil {
			sk = &sortedKeys{}
			o.pubKeys[ns] = sk
		}
		sk.keys = append(sk.keys, key)
		sk.sorted = false
	}
	o.pub[k] = p
}

// keysInRange returns the namespace's updated keys k with start <= k and
// (k < end, or k <= end when inclusive); an empty end is unbounded.
func (o *overlay) keysInRange(ns, start, end string, inclusive bool) []string {
	sk := o.pubKeys[ns]
	if sk == nil {
		return nil
	}
	if !sk.sorted {
		sort.Strings(sk.keys)
		sk.sorted = true
	}
	i := sort.SearchStrings(sk.keys, start)
	j := len(sk.keys)
	if end != "" {
		j = sort.Search(len(sk.keys), func(n int) bool {
			c := strings.Compare(sk.keys[n], end)
			return c > 0 || (c == 0 && !inclusive)
		})
	}
	if j < i {
		return nil
	}
	return sk.keys[i:j]
}
