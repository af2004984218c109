package gateway

import (
	"context"
	"errors"
	"fmt"

	gp "github.com/hyperledger/fabric-protos-go-apiv2/gateway"
	pb "github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/protoadapt"
)

// rpcError builds a gRPC status error carrying ErrorDetails, which the
// fabric-gateway client exposes through TransactionError.Details().
func rpcError(code codes.Code, msg string, details ...*gp.ErrorDetail) error {
	st := status.New(code, msg)
	if len(details) == 0 {
		return st.Err()
	}
	ds := make([]protoadapt.MessageV1, len(details))
	for i, d := range details {
		ds[i] = protoadapt.MessageV1Of(d)
	}
	if withDetails, err := st.WithDetails(ds...); err == nil {
		return withDetails.Err()
	}
	return st.Err()
}

func detail(addr, mspID, msg string) *gp.ErrorDetail {
	return &gp.ErrorDetail{Address: addr, MspId: mspID, Message: msg}
}

// contextError maps an ended context to its gRPC code.
func contextError(ctx context.Context, what string) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return status.Errorf(codes.DeadlineExceeded, "%s: %v", what, ctx.Err())
	}
	return status.Errorf(codes.Canceled, "%s: %v", what, ctx.Err())
}

// outcome classifies one endorser's answer as Fabric's gateway does
// (fabric-wire.md §1.10): ok, or the code, message and whether another peer
// of the same org is worth trying.
type outcome struct {
	code  codes.Code
	msg   string
	retry bool
}

func classify(resp *pb.ProposalResponse, err error) outcome {
	if err != nil {
		if resp == nil {
			// No response at all: the peer is unreachable; try another.
			return outcome{codes.Unavailable, err.Error(), true}
		}
		// An error with a response comes from the local endorser's
		// pre-checks (signature, ACL, txid): a client problem, final.
		return outcome{codes.FailedPrecondition, err.Error(), false}
	}
	st := resp.GetResponse().GetStatus()
	if st >= 200 && st < 400 {
		return outcome{code: codes.OK}
	}
	if resp.GetPayload() == nil && st == 500 {
		// A failure of the peer rather than a chaincode answer.
		return outcome{codes.Aborted, resp.GetResponse().GetMessage(), true}
	}
	return outcome{codes.Unknown, fmt.Sprintf("chaincode response %d, %s", st, resp.GetResponse().GetMessage()), false}
}
