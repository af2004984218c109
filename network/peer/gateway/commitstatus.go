package gateway

import (
	"context"
	"errors"
	"fmt"
	"time"

	gp "github.com/hyperledger/fabric-protos-go-apiv2/gateway"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/channelconfig"
	"github.com/saharanet/saharanet/network/protoutil"
)

// ACL resources of the gateway and their default policy.
const (
	CommitStatusACL    = "gateway/CommitStatus"
	ChaincodeEventsACL = "gateway/ChaincodeEvents"
	DefaultReadersPath = "/Channel/Application/Readers"
)

// checkACL verifies the signed request and evaluates the resource's policy
// on it; either failure is PermissionDenied.
func checkACL(b *channelconfig.Bundle, resource string, sd *protoutil.SignedData) error {
	path := b.ACLPolicyPath(resource, DefaultReadersPath)
	pol, err := b.Policy(path)
	if err == nil {
		err = pol.EvaluateSignedData([]*protoutil.SignedData{sd})
	}
	if err != nil {
		return rpcError(codes.PermissionDenied, fmt.Sprintf("access denied for %s (policy %s): %v", resource, path, err))
	}
	return nil
}

// CommitStatus blocks until the transaction commits and reports its
// validation code and block (fabric-wire.md §1.7).
func (s *Server) CommitStatus(ctx context.Context, req *gp.SignedCommitStatusRequest) (_ *gp.CommitStatusResponse, err error) {
	defer func(start time.Time) { s.metrics.observe("CommitStatus", start, err) }(time.Now())
	if req == nil || len(req.GetRequest()) == 0 {
		return nil, rpcError(codes.InvalidArgument, "a commit status request is required")
	}
	r := &gp.CommitStatusRequest{}
	if err := proto.Unmarshal(req.GetRequest(), r); err != nil {
		return nil, rpcError(codes.InvalidArgument, fmt.Sprintf("invalid commit status request: %v", err))
	}
	if r.GetTransactionId() == "" {
		return nil, rpcError(codes.InvalidArgument, "a transaction id is required")
	}
	ch, ok := s.backend.Channel(r.GetChannelId())
	if !ok {
		return nil, rpcError(codes.NotFound, fmt.Sprintf("channel %s not found on this peer", r.GetChannelId()))
	}
	if err := checkACL(ch.Bundle(), CommitStatusACL, &protoutil.SignedData{Data: req.GetRequest(), Identity: r.GetIdentity(), Signature: req.GetSignature()}); err != nil {
		return nil, err
	}
	loc, err := ch.WaitForTx(ctx, r.GetTransactionId())
	if err != nil {
		if ctx.Err() != nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return nil, contextError(ctx, "commit status")
		}
		return nil, rpcError(codes.Unavailable, fmt.Sprintf("failed to obtain commit status of transaction %s: %v", r.GetTransactionId(), err))
	}
	return &gp.CommitStatusResponse{Result: loc.Code, BlockNumber: loc.BlockNum}, nil
}
