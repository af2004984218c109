package privdata

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/saharanet/saharanet/network/lifecycle"
	"github.com/saharanet/saharanet/network/msp"
)

// CollectionSource resolves the collections of a chaincode namespace on one
// channel. Implementations are safe for concurrent use.
type CollectionSource interface {
	// Collections returns the collections of chaincode ns, or an error
	// wrapping ErrUnknownCollection when ns has no definition.
	Collections(ns string) (*Collections, error)
}

// Lookup finds one collection through a CollectionSource.
func Lookup(src CollectionSource, ns, coll string) (*Collection, error) {
	cs, err := src.Collections(ns)
	if err != nil {
		return nil, err
	}
	return cs.Get(coll)
}

// DefinitionSource yields committed chaincode definitions; the peer's
// *lifecycle.PolicySource (Channel.Definition) satisfies it.
type DefinitionSource interface {
	Definition(name string) (*lifecycle.Definition, error)
}

// ChannelInfo is what resolution needs of the current channel config.
type ChannelInfo struct {
	// MSPIDs are the channel's application org MSP IDs.
	MSPIDs []string
	// Deserializer is the channel's MSP manager.
	Deserializer msp.IdentityDeserializer
}

// ChannelCollections is the CollectionSource of a channel: it resolves
// definitions from defs against the current channel info, caching each
// resolution until the definition or the channel info changes.
type ChannelCollections struct {
	defs DefinitionSource
	info func() ChannelInfo
	opts []ResolveOption

	mu    sync.Mutex
	cache map[string]cachedCollections
}

type cachedCollections struct {
	def  *lifecycle.Definition
	key  string
	d    msp.IdentityDeserializer
	coll *Collections
}

// NewChannelCollections returns the CollectionSource of a channel.
func NewChannelCollections(defs DefinitionSource, info func() ChannelInfo, opts ...ResolveOption) *ChannelCollections {
	return &ChannelCollections{defs: defs, info: info, opts: opts, cache: map[string]cachedCollections{}}
}

// Collections implements CollectionSource.
func (c *ChannelCollections) Collections(ns string) (*Collections, error) {
	def, err := c.defs.Definition(ns)
	if errors.Is(err, lifecycle.ErrNotDefined) {
		return nil, fmt.Errorf("chaincode %q has no definition: %w", ns, ErrUnknownCollection)
	}
	if err != nil {
		return nil, fmt.Errorf("privdata: definition of %q: %w", ns, err)
	}
	info := c.info()
	key := strings.Join(info.MSPIDs, "\x00")
	c.mu.Lock()
	e, ok := c.cache[ns]
	c.mu.Unlock()
	if ok && e.def == def && e.key == key && e.d == info.Deserializer {
		return e.coll, nil
	}
	cs, err := Resolve(def, info.MSPIDs, info.Deserializer, c.opts...)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.cache[ns] = cachedCollections{def: def, key: key, d: info.Deserializer, coll: cs}
	c.mu.Unlock()
	return cs, nil
}

// StaticSource is a fixed CollectionSource by namespace, for tools and tests.
type StaticSource map[string]*Collections

// Collections implements CollectionSource.
func (s StaticSource) Collections(ns string) (*Collections, error) {
	if cs, ok := s[ns]; ok {
		return cs, nil
	}
	return nil, fmt.Errorf("chaincode %q has no collections: %w", ns, ErrUnknownCollection)
}
