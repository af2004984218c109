package comm

import (
	"crypto/tls"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/keepalive"
)

// MaxMsgSize is Fabric's default gRPC message limit (100 MiB) for both directions.
const MaxMsgSize = 100 << 20

// ServerOptions are the gRPC server options peers and orderers use: TLS when
// tlsConf is non-nil, Fabric's message limits, and keepalive settings that
// let clients ping every 10 s without being cut off.
func ServerOptions(tlsConf *tls.Config, extra ...grpc.ServerOption) []grpc.ServerOption {
	opts := []grpc.ServerOption{
		grpc.MaxRecvMsgSize(MaxMsgSize),
		grpc.MaxSendMsgSize(MaxMsgSize),
		grpc.KeepaliveParams(keepalive.ServerParameters{Time: 2 * time.Minute, Timeout: 20 * time.Second}),
		grpc.KeepaliveEnforcementPolicy(keepalive.EnforcementPolicy{MinTime: 10 * time.Second, PermitWithoutStream: true}),
	}
	if tlsConf != nil {
		opts = append(opts, grpc.Creds(credentials.NewTLS(tlsConf)))
	}
	return append(opts, extra...)
}

// NewServer returns a gRPC server with ServerOptions.
func NewServer(tlsConf *tls.Config, extra ...grpc.ServerOption) *grpc.Server {
	return grpc.NewServer(ServerOptions(tlsConf, extra...)...)
}

// DialOptions are the matching client options; nil tlsConf dials in plaintext.
func DialOptions(tlsConf *tls.Config, extra ...grpc.DialOption) []grpc.DialOption {
	creds := insecure.NewCredentials()
	if tlsConf != nil {
		creds = credentials.NewTLS(tlsConf)
	}
	opts := []grpc.DialOption{
		grpc.WithTransportCredentials(creds),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(MaxMsgSize), grpc.MaxCallSendMsgSize(MaxMsgSize)),
		grpc.WithKeepaliveParams(keepalive.ClientParameters{Time: 20 * time.Second, Timeout: 10 * time.Second, PermitWithoutStream: true}),
	}
	return append(opts, extra...)
}

// Dial creates a client connection to addr (connections are made lazily).
func Dial(addr string, tlsConf *tls.Config, extra ...grpc.DialOption) (*grpc.ClientConn, error) {
	return grpc.NewClient(addr, DialOptions(tlsConf, extra...)...)
}
