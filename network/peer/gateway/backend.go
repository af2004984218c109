package gateway

import (
	"context"
	"crypto/tls"

	"github.com/saharanet/saharanet/network/ledger"
	"github.com/saharanet/saharanet/network/peer/endorser"
)

// Channel is what the gateway needs of one joined channel. *peer.Channel
// implements it.
type Channel interface {
	endorser.Channel
	// WaitForTx blocks until txid is committed (or ctx ends).
	WaitForTx(ctx context.Context, txid string) (*ledger.TxLocation, error)
}

// Endpoint is another peer that can endorse for its org.
type Endpoint struct {
	Address string
	MSPID   string
}

// Backend is what the gateway needs of the peer node.
type Backend interface {
	Channel(id string) (Channel, bool)
	// MSPID is this peer's org.
	MSPID() string
	// Endpoints lists the other peers known for channel.
	Endpoints(channel string) []Endpoint
	// ClientTLS is the mTLS client config for peer and orderer connections;
	// nil dials without TLS (tests only).
	ClientTLS() *tls.Config
}
