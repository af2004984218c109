package privdata

import (
	"context"
	"crypto/tls"
	"fmt"
	"sync"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/gossip"
	"github.com/hyperledger/fabric-protos-go-apiv2/transientstore"
	"google.golang.org/grpc"

	"github.com/saharanet/saharanet/network/comm"
	"github.com/saharanet/saharanet/network/protoutil"
)

// Client calls the private data service of other peers over mutual TLS,
// signing every request with this peer's MSP signing identity. Connections
// are dialled once per endpoint and reused.
type Client struct {
	signer   protoutil.Signer
	tlsConf  func() *tls.Config
	certHash []byte
	now      func() time.Time
	dialOpts []grpc.DialOption

	mu    sync.Mutex
	conns map[string]*grpc.ClientConn
}

// ClientOption configures NewClient.
type ClientOption func(*Client)

// WithClientClock sets the clock used for request timestamps (tests).
func WithClientClock(now func() time.Time) ClientOption { return func(c *Client) { c.now = now } }

// WithDialOptions adds gRPC dial options.
func WithDialOptions(o ...grpc.DialOption) ClientOption {
	return func(c *Client) { c.dialOpts = append(c.dialOpts, o...) }
}

// WithTLSConfigFunc makes the client build its TLS config for each new
// connection: a peer's trusted roots follow the channels it joins and
// their config updates. The client certificate must not change.
func WithTLSConfigFunc(f func() *tls.Config) ClientOption {
	return func(c *Client) { c.tlsConf = f }
}

// NewClient returns a client signing with signer (the peer's MSP signing
// identity) and connecting with tlsConf, whose first certificate is the
// peer's TLS client certificate that requests are bound to.
func NewClient(signer protoutil.Signer, tlsConf *tls.Config, opts ...ClientOption) *Client {
	c := &Client{signer: signer, tlsConf: func() *tls.Config { return tlsConf }, now: time.Now, conns: map[string]*grpc.ClientConn{}}
	for _, o := range opts {
		o(c)
	}
	if conf := c.tlsConf(); conf != nil && len(conf.Certificates) > 0 && len(conf.Certificates[0].Certificate) > 0 {
		c.certHash = CertHash(conf.Certificates[0].Certificate[0])
	}
	return c
}

func (c *Client) conn(endpoint string) (*grpc.ClientConn, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if cc, ok := c.conns[endpoint]; ok {
		return cc, nil
	}
	cc, err := comm.Dial(endpoint, c.tlsConf(), c.dialOpts...)
	if err != nil {
		return nil, fmt.Errorf("privdata: dial %s: %w", endpoint, err)
	}
	c.conns[endpoint] = cc
	return cc, nil
}

// Push sends one transaction's private data to a peer and waits for its
// acknowledgement.
func (c *Client) Push(ctx context.Context, endpoint, channel, txid string, data *transientstore.TxPvtReadWriteSetWithConfigInfo) error {
	env, err := signRequest(c.signer, channel, txid, c.certHash, data, c.now())
	if err != nil {
		return err
	}
	cc, err := c.conn(endpoint)
	if err != nil {
		return err
	}
	if err := cc.Invoke(ctx, methodPush, env, &gossip.Empty{}); err != nil {
		return fmt.Errorf("privdata: push %s to %s: %w", txid, endpoint, err)
	}
	return nil
}

// Pull asks a peer for the private write sets named by digests.
func (c *Client) Pull(ctx context.Context, endpoint, channel string, digests []*gossip.PvtDataDigest) ([]*gossip.PvtDataElement, error) {
	env, err := signRequest(c.signer, channel, "", c.certHash, &gossip.RemotePvtDataRequest{Digests: digests}, c.now())
	if err != nil {
		return nil, err
	}
	cc, err := c.conn(endpoint)
	if err != nil {
		return nil, err
	}
	out := &gossip.RemotePvtDataResponse{}
	if err := cc.Invoke(ctx, methodPull, env, out); err != nil {
		return nil, fmt.Errorf("privdata: pull from %s: %w", endpoint, err)
	}
	return out.GetElements(), nil
}

// Close closes every connection.
func (c *Client) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for ep, cc := range c.conns {
		cc.Close()
		delete(c.conns, ep)
	}
	return nil
}
