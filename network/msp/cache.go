package msp

import "sync"

// identityCache is a size-capped map from certificate bytes to identities.
// When full, an arbitrary entry is dropped: cheaper than LRU bookkeeping on
// the read path, and hot identities (a few endorsers and clients) are
// re-inserted on their next use anyway.
type identityCache struct {
	mu  sync.RWMutex
	m   map[string]*identity
	max int
}

func newIdentityCache(max int) *identityCache {
	return &identityCache{m: make(map[string]*identity), max: max}
}

func (c *identityCache) get(key []byte) (*identity, bool) {
	c.mu.RLock()
	id, ok := c.m[string(key)] // no allocation for the lookup
	c.mu.RUnlock()
	return id, ok
}

func (c *identityCache) put(key []byte, id *identity) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[string(key)]; ok {
		return
	}
	for k := range c.m {
		if len(c.m) < c.max {
			break
		}
		delete(c.m, k)
	}
	c.m[string(key)] = id
}

func (c *identityCache) len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.m)
}
