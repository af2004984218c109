package validation

import (
	"sync"

	"github.com/saharanet/saharanet/network/msp"
)

// identityCache deserializes and validates each distinct serialized identity
// once per block. A block typically carries many transactions from few
// clients and endorsers, and MSP validation (chain building, CRL checks) costs
// more than a signature check. The cache lives for one block only, so a
// config change (new CRL, removed org) takes effect at the next block.
type identityCache struct {
	d  msp.IdentityDeserializer
	mu sync.Mutex
	m  map[string]*cachedIdentity
}

type cachedIdentity struct {
	once      sync.Once
	id        msp.Identity
	err       error // deserialization error
	validOnce sync.Once
	validErr  error
}

func newIdentityCache(d msp.IdentityDeserializer) *identityCache {
	return &identityCache{d: d, m: make(map[string]*cachedIdentity)}
}

func (c *identityCache) entry(serialized []byte) *cachedIdentity {
	c.mu.Lock()
	e, ok := c.m[string(serialized)]
	if !ok {
		e = &cachedIdentity{}
		c.m[string(serialized)] = e
	}
	c.mu.Unlock()
	e.once.Do(func() { e.id, e.err = c.d.DeserializeIdentity(serialized) })
	return e
}

// deserialized returns the identity without validating it.
func (c *identityCache) deserialized(serialized []byte) (msp.Identity, error) {
	e := c.entry(serialized)
	return e.id, e.err
}

// validated returns the identity after MSP validation.
func (c *identityCache) validated(serialized []byte) (msp.Identity, error) {
	e := c.entry(serialized)
	if e.err != nil {
		return nil, e.err
	}
	e.validOnce.Do(func() { e.validErr = e.id.Validate() })
	if e.validErr != nil {
		return nil, e.validErr
	}
	return e.id, nil
}
