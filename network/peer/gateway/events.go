package gateway

import (
	"errors"
	"fmt"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	gp "github.com/hyperledger/fabric-protos-go-apiv2/gateway"
	ab "github.com/hyperledger/fabric-protos-go-apiv2/orderer"
	pb "github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/ledger"
	"github.com/saharanet/saharanet/network/protoutil"
)

// ChaincodeEvents streams the events of one chaincode from committed valid
// transactions, one response per block that has any, resuming from a
// checkpoint (start block plus after-transaction-id, fabric-wire.md §1.8).
func (s *Server) ChaincodeEvents(req *gp.SignedChaincodeEventsRequest, stream gp.Gateway_ChaincodeEventsServer) (err error) {
	defer func(start time.Time) { s.metrics.observe("ChaincodeEvents", start, err) }(time.Now())
	if req == nil || len(req.GetRequest()) == 0 {
		return rpcError(codes.InvalidArgument, "a chaincode events request is required")
	}
	r := &gp.ChaincodeEventsRequest{}
	if err := proto.Unmarshal(req.GetRequest(), r); err != nil {
		return rpcError(codes.InvalidArgument, fmt.Sprintf("invalid chaincode events request: %v", err))
	}
	if r.GetChaincodeId() == "" {
		return rpcError(codes.InvalidArgument, "a chaincode name is required")
	}
	ch, ok := s.backend.Channel(r.GetChannelId())
	if !ok {
		return rpcError(codes.NotFound, fmt.Sprintf("channel %s not found on this peer", r.GetChannelId()))
	}
	if err := checkACL(ch.Bundle(), ChaincodeEventsACL, &protoutil.SignedData{Data: req.GetRequest(), Identity: r.GetIdentity(), Signature: req.GetSignature()}); err != nil {
		return err
	}
	l := ch.Ledger()
	start, err := eventsStart(l, r)
	if err != nil {
		return err
	}
	ctx := stream.Context()
	it := l.Blocks(start)
	defer it.Close()
	after := r.GetAfterTransactionId()
	for {
		b, err := it.Next(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return contextError(ctx, "chaincode events")
			}
			return rpcError(codes.Aborted, fmt.Sprintf("failed to read block %d: %v", start, err))
		}
		start = b.GetHeader().GetNumber() + 1
		events := chaincodeEvents(b, r.GetChaincodeId())
		if after != "" {
			// Skip everything up to and including the checkpointed
			// transaction's event.
			skipped := events
			events = nil
			for i, e := range skipped {
				if e.GetTxId() == after {
					events = skipped[i+1:]
					after = ""
					break
				}
			}
		}
		if len(events) == 0 {
			continue
		}
		if err := stream.Send(&gp.ChaincodeEventsResponse{Events: events, BlockNumber: b.GetHeader().GetNumber()}); err != nil {
			return err
		}
	}
}

// eventsStart is the first block to scan: the checkpointed transaction's
// block when it is committed, else the requested start position.
func eventsStart(l *ledger.Ledger, r *gp.ChaincodeEventsRequest) (uint64, error) {
	if txid := r.GetAfterTransactionId(); txid != "" {
		loc, err := l.TxByID(txid)
		if err == nil {
			return loc.BlockNum, nil
		}
		if !errors.Is(err, ledger.ErrNotFound) {
			return 0, rpcError(codes.Aborted, fmt.Sprintf("failed to look up transaction %s: %v", txid, err))
		}
	}
	switch pos := r.GetStartPosition().GetType().(type) {
	case nil, *ab.SeekPosition_NextCommit:
		return l.Height(), nil
	case *ab.SeekPosition_Specified:
		return pos.Specified.GetNumber(), nil
	default:
		return 0, rpcError(codes.InvalidArgument, fmt.Sprintf("invalid start position type: %T", pos))
	}
}

// chaincodeEvents extracts the named chaincode's events from the block's
// valid endorser transactions, in transaction order.
func chaincodeEvents(b *common.Block, cc string) []*pb.ChaincodeEvent {
	flags := protoutil.TxValidationFlags(b)
	var out []*pb.ChaincodeEvent
	for i, raw := range b.GetData().GetData() {
		if i >= len(flags) || pb.TxValidationCode(flags[i]) != pb.TxValidationCode_VALID {
			continue
		}
		env, err := protoutil.UnmarshalEnvelope(raw)
		if err != nil {
			continue
		}
		ue, err := protoutil.UnpackEnvelope(env)
		if err != nil || common.HeaderType(ue.ChannelHeader.GetType()) != common.HeaderType_ENDORSER_TRANSACTION {
			continue
		}
		tx, err := protoutil.UnmarshalTransaction(ue.Payload.GetData())
		if err != nil {
			continue
		}
		for _, a := range tx.GetActions() {
			ev := actionEvent(a)
			if ev != nil && ev.GetChaincodeId() == cc && ev.GetEventName() != "" && ev.GetTxId() != "" {
				out = append(out, ev)
			}
		}
	}
	return out
}

func actionEvent(a *pb.TransactionAction) *pb.ChaincodeEvent {
	cap, err := protoutil.UnmarshalChaincodeActionPayload(a.GetPayload())
	if err != nil {
		return nil
	}
	prp, err := protoutil.UnmarshalProposalResponsePayload(cap.GetAction().GetProposalResponsePayload())
	if err != nil {
		return nil
	}
	act, err := protoutil.UnmarshalChaincodeAction(prp.GetExtension())
	if err != nil || len(act.GetEvents()) == 0 {
		return nil
	}
	ev, err := protoutil.UnmarshalChaincodeEvent(act.GetEvents())
	if err != nil {
		return nil
	}
	return ev
}
