package privdata

import (
	"context"
	"crypto/sha256"
	"fmt"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/gossip"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/saharanet/saharanet/network/protoutil"
)

// The peer-to-peer private data service. It is hand-written (no codegen) and
// carries existing Fabric protobuf messages with gRPC's default proto codec:
//
//	service saharanet.privdata.PrivateData {
//	  // Push: payload.data = transientstore.TxPvtReadWriteSetWithConfigInfo,
//	  //       channel_header.tx_id = the transaction id.
//	  rpc Push(common.Envelope) returns (gossip.Empty);
//	  // Pull: payload.data = gossip.RemotePvtDataRequest.
//	  rpc Pull(common.Envelope) returns (gossip.RemotePvtDataResponse);
//	}
//
// Every request is a common.Envelope signed by the sending peer's MSP
// signing identity (signature header creator + nonce, channel header type
// MESSAGE with channel_id, timestamp and the SHA-256 of the sender's TLS
// client certificate). The receiver verifies the signature, the identity,
// the clock skew and the TLS binding before looking at the data.
const (
	ServiceName = "saharanet.privdata.PrivateData"
	methodPush  = "/" + ServiceName + "/Push"
	methodPull  = "/" + ServiceName + "/Pull"
)

// DefaultTimeWindow is the accepted clock skew of requests (Fabric's
// peer.authentication.timewindow).
const DefaultTimeWindow = 15 * time.Minute

// PrivateDataServer is what the gRPC service dispatches to; *Server
// implements it.
type PrivateDataServer interface {
	Push(ctx context.Context, env *common.Envelope) (*gossip.Empty, error)
	Pull(ctx context.Context, env *common.Envelope) (*gossip.RemotePvtDataResponse, error)
}

// ServiceDesc is the grpc.ServiceDesc of the private data service.
var ServiceDesc = grpc.ServiceDesc{
	ServiceName: ServiceName,
	HandlerType: (*PrivateDataServer)(nil),
	Methods: []grpc.MethodDesc{
		{MethodName: "Push", Handler: pushHandler},
		{MethodName: "Pull", Handler: pullHandler},
	},
	Metadata: "saharanet/privdata.proto",
}

// Register adds the private data service to a gRPC server.
func Register(s *grpc.Server, srv PrivateDataServer) { s.RegisterService(&ServiceDesc, srv) }

func pushHandler(srv any, ctx context.Context, dec func(any) error, icpt grpc.UnaryServerInterceptor) (any, error) {
	in := &common.Envelope{}
	if err := dec(in); err != nil {
		return nil, err
	}
	if icpt == nil {
		return srv.(PrivateDataServer).Push(ctx, in)
	}
	info := &grpc.UnaryServerInfo{Server: srv, FullMethod: methodPush}
	return icpt(ctx, in, info, func(ctx context.Context, req any) (any, error) {
		return srv.(PrivateDataServer).Push(ctx, req.(*common.Envelope))
	})
}

func pullHandler(srv any, ctx context.Context, dec func(any) error, icpt grpc.UnaryServerInterceptor) (any, error) {
	in := &common.Envelope{}
	if err := dec(in); err != nil {
		return nil, err
	}
	if icpt == nil {
		return srv.(PrivateDataServer).Pull(ctx, in)
	}
	info := &grpc.UnaryServerInfo{Server: srv, FullMethod: methodPull}
	return icpt(ctx, in, info, func(ctx context.Context, req any) (any, error) {
		return srv.(PrivateDataServer).Pull(ctx, req.(*common.Envelope))
	})
}

// signRequest builds a request envelope signed by s.
func signRequest(s protoutil.Signer, channel, txid string, tlsCertHash []byte, data proto.Message, now time.Time) (*common.Envelope, error) {
	raw, err := proto.Marshal(data)
	if err != nil {
		return nil, fmt.Errorf("privdata: marshal request: %w", err)
	}
	nonce, err := protoutil.NewNonce()
	if err != nil {
		return nil, err
	}
	ch, err := proto.Marshal(&common.ChannelHeader{Type: int32(common.HeaderType_MESSAGE), ChannelId: channel, TxId: txid,
		Timestamp: timestamppb.New(now), TlsCertHash: tlsCertHash})
	if err != nil {
		return nil, err
	}
	sh, err := proto.Marshal(&common.SignatureHeader{Creator: s.Serialize(), Nonce: nonce})
	if err != nil {
		return nil, err
	}
	payload, err := proto.Marshal(&common.Payload{Header: &common.Header{ChannelHeader: ch, SignatureHeader: sh}, Data: raw})
	if err != nil {
		return nil, err
	}
	sig, err := s.Sign(payload)
	if err != nil {
		return nil, fmt.Errorf("privdata: sign request: %w", err)
	}
	return &common.Envelope{Payload: payload, Signature: sig}, nil
}

// CertHash is the TLS binding of a certificate: SHA-256 of its DER bytes.
func CertHash(der []byte) []byte {
	if len(der) == 0 {
		return nil
	}
	h := sha256.Sum256(der)
	return h[:]
}
