package gateway

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	gp "github.com/hyperledger/fabric-protos-go-apiv2/gateway"
	"google.golang.org/grpc/codes"

	"github.com/saharanet/saharanet/network/channelconfig"
	"github.com/saharanet/saharanet/network/protoutil"
)

// Submit sends the signed transaction to the channel's orderers, trying
// them in random order, and returns once one accepts it (fabric-wire.md §1.6).
func (s *Server) Submit(ctx context.Context, req *gp.SubmitRequest) (_ *gp.SubmitResponse, err error) {
	defer func(start time.Time) { s.metrics.observe("Submit", start, err) }(time.Now())
	if req == nil {
		return nil, rpcError(codes.InvalidArgument, "a submit request is required")
	}
	env := req.GetPreparedTransaction()
	if env == nil {
		return nil, rpcError(codes.InvalidArgument, "a prepared transaction is required")
	}
	if len(env.GetSignature()) == 0 {
		return nil, rpcError(codes.InvalidArgument, "prepared transaction must be signed")
	}
	ue, err := protoutil.UnpackEnvelope(env)
	if err != nil {
		return nil, rpcError(codes.InvalidArgument, fmt.Sprintf("failed to unpack prepared transaction: %v", err))
	}
	channel := ue.ChannelHeader.GetChannelId()
	if req.GetChannelId() != "" && req.GetChannelId() != channel {
		return nil, rpcError(codes.InvalidArgument, fmt.Sprintf("request is for channel %s but the transaction is for channel %s", req.GetChannelId(), channel))
	}
	if req.GetTransactionId() != "" && req.GetTransactionId() != ue.ChannelHeader.GetTxId() {
		return nil, rpcError(codes.InvalidArgument, fmt.Sprintf("request is for transaction %s but the envelope carries %s", req.GetTransactionId(), ue.ChannelHeader.GetTxId()))
	}
	ch, ok := s.backend.Channel(channel)
	if !ok {
		return nil, rpcError(codes.NotFound, fmt.Sprintf("channel %s not found on this peer", channel))
	}
	orderers := ordererEndpoints(ch.Bundle())
	if len(orderers) == 0 {
		return nil, rpcError(codes.Unavailable, fmt.Sprintf("no orderer endpoints configured for channel %s", channel))
	}
	rand.Shuffle(len(orderers), func(i, j int) { orderers[i], orderers[j] = orderers[j], orderers[i] })
	tlsConf := s.peerTLS(ch.Bundle())
	var details []*gp.ErrorDetail
	for _, o := range orderers {
		resp, err := s.broadcast(ctx, o.address, env, tlsConf)
		switch {
		case err != nil:
			details = append(details, detail(o.address, o.mspID, err.Error()))
		case resp.GetStatus() == common.Status_SUCCESS:
			return &gp.SubmitResponse{}, nil
		case resp.GetStatus() >= 400 && resp.GetStatus() < 500:
			// The orderer judged the transaction itself: another orderer
			// would say the same.
			msg := fmt.Sprintf("received unsuccessful response from orderer: status=%s, info=%s", resp.GetStatus(), resp.GetInfo())
			return nil, rpcError(codes.Aborted, msg, detail(o.address, o.mspID, msg))
		default:
			details = append(details, detail(o.address, o.mspID, fmt.Sprintf("received unsuccessful response from orderer: status=%s, info=%s", resp.GetStatus(), resp.GetInfo())))
		}
		if ctx.Err() != nil {
			return nil, contextError(ctx, "submit")
		}
	}
	return nil, rpcError(codes.Unavailable, "no orderers could successfully process transaction", details...)
}

type ordererEndpoint struct{ address, mspID string }

// ordererEndpoints lists the orderers of the channel config: per-org
// endpoints, or the legacy channel-level addresses when no org has any.
func ordererEndpoints(b *channelconfig.Bundle) []ordererEndpoint {
	var out []ordererEndpoint
	if b.Orderer != nil {
		for _, o := range b.Orderer.Orgs {
			for _, e := range o.Endpoints {
				out = append(out, ordererEndpoint{e, o.MSPID})
			}
		}
	}
	if len(out) == 0 {
		for _, a := range b.OrdererAddresses {
			out = append(out, ordererEndpoint{address: a})
		}
	}
	return out
}
