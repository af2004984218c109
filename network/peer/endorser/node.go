package endorser

import (
	"github.com/saharanet/saharanet/network/lifecycle"
	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/peer"
)

// New returns the Endorser of a peer node: the node's chaincode runtime for
// user chaincodes and its _lifecycle system chaincode.
func New(node *peer.Node, opts ...Option) *Endorser {
	base := []Option{WithLogger(node.Logger()), WithOwnEndorsements(node.OwnEndorsements())}
	if lc := node.Lifecycle(); lc != nil {
		base = append(base, WithSystemChaincode(lifecycle.Namespace, lc))
	}
	var exec Executor
	if cc := node.Chaincodes(); cc != nil {
		exec = cc
	}
	return NewWithBackend(nodeBackend{node}, exec, append(base, opts...)...)
}

type nodeBackend struct{ n *peer.Node }

func (b nodeBackend) Channel(id string) (Channel, bool) {
	c, ok := b.n.Channel(id)
	if !ok {
		return nil, false
	}
	return c, true
}

func (b nodeBackend) Signer() msp.SigningIdentity { return b.n.Signer() }

var _ PrivateDataChannel = (*peer.Channel)(nil)
