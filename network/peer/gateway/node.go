package gateway

import (
	"crypto/tls"

	"github.com/saharanet/saharanet/network/peer"
	"github.com/saharanet/saharanet/network/peer/endorser"
)

// New returns the Gateway service of a peer node, endorsing locally with
// local and remotely with the node's configured peers.
func New(node *peer.Node, local *endorser.Endorser, opts ...Option) *Server {
	// ErrorDetails name this peer by its ID unless the caller passes its
	// endpoint with WithLocalAddress.
	base := []Option{WithLogger(node.Logger()), WithLocalAddress(node.ID())}
	return NewWithBackend(nodeBackend{node}, local, append(base, opts...)...)
}

type nodeBackend struct{ n *peer.Node }

func (b nodeBackend) Channel(id string) (Channel, bool) {
	c, ok := b.n.Channel(id)
	if !ok {
		return nil, false
	}
	return c, true
}

func (b nodeBackend) MSPID() string { return b.n.MSPID() }

func (b nodeBackend) Endpoints(channel string) []Endpoint {
	eps := b.n.Endpoints(channel)
	out := make([]Endpoint, len(eps))
	for i, e := range eps {
		out[i] = Endpoint{Address: e.Address, MSPID: e.MSPID}
	}
	return out
}

func (b nodeBackend) ClientTLS() *tls.Config { return b.n.ClientTLS() }
