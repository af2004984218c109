package gateway_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	gp "github.com/hyperledger/fabric-protos-go-apiv2/gateway"
	ab "github.com/hyperledger/fabric-protos-go-apiv2/orderer"
	pb "github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/protoutil"
)

// impostor is a well-formed identity claiming Org1MSP whose certificate
// no Org1 CA issued.
func impostor(t *testing.T) msp.SigningIdentity {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "User1@org1.example.com", OrganizationalUnit: []string{"client"}},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	si, err := msp.NewSigningIdentity("Org1MSP", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), key)
	if err != nil {
		t.Fatal(err)
	}
	return si
}

func wantCode(t *testing.T, what string, err error, code codes.Code, msg string) {
	t.Helper()
	text := fmt.Sprint(err)
	for _, d := range status.Convert(err).Details() {
		if ed, ok := d.(*gp.ErrorDetail); ok {
			text += " | " + ed.GetMessage()
		}
	}
	if status.Code(err) != code || !strings.Contains(text, msg) {
		t.Fatalf("%s: got %v, want code %s containing %q", what, err, code, msg)
	}
}

// TestBadInputRejected sends malformed, tampered and foreign requests to
// every Gateway method and to the Endorser, and checks nothing commits.
func TestBadInputRejected(t *testing.T) {
	tn := newTestNet(t)
	tn.sync(t)
	p1 := tn.Peer("org1", 0)
	conn := tn.Dial(p1, "org1", "User1")
	gw := gp.NewGatewayClient(conn)
	end := pb.NewEndorserClient(conn)
	user := tn.Identity("org1", "User1")
	fake := impostor(t)
	ctx := context.Background()
	heights := func() (out []uint64) {
		for _, tp := range tn.Peers {
			out = append(out, tp.Channel(tn.ChannelID).Ledger().Height())
		}
		return out
	}
	before := heights()

	proposal := func(s protoutil.Signer, channel string, args ...string) (*pb.SignedProposal, string) {
		bargs := [][]byte{}
		for _, a := range args {
			bargs = append(bargs, []byte(a))
		}
		sp, txid, err := protoutil.CreateSignedProposal(s, channel, ccName, bargs, nil)
		if err != nil {
			t.Fatal(err)
		}
		return sp, txid
	}
	tampered := func() *pb.SignedProposal {
		sp, _ := proposal(user, tn.ChannelID, "CreateAsset", "t1", "mallory", "1")
		p, _ := protoutil.UnmarshalProposal(sp.ProposalBytes)
		cpp, _ := protoutil.UnmarshalChaincodeProposalPayload(p.Payload)
		cis, _ := protoutil.UnmarshalChaincodeInvocationSpec(cpp.Input)
		cis.ChaincodeSpec.Input.Args[2] = []byte("eve")
		cpp.Input = protoutil.MarshalOrPanic(cis)
		p.Payload = protoutil.MarshalOrPanic(cpp)
		return &pb.SignedProposal{ProposalBytes: protoutil.MarshalOrPanic(p), Signature: sp.Signature}
	}()
	foreign, _ := proposal(fake, tn.ChannelID, "CreateAsset", "t2", "mallory", "1")
	wrongChannel, _ := proposal(user, "nosuchchannel", "CreateAsset", "t3", "mallory", "1")
	garbage := &pb.SignedProposal{ProposalBytes: []byte("not a proposal"), Signature: []byte{1}}

	t.Run("Evaluate", func(t *testing.T) {
		_, err := gw.Evaluate(ctx, &gp.EvaluateRequest{})
		wantCode(t, "nil proposal", err, codes.InvalidArgument, "signed proposal is required")
		_, err = gw.Evaluate(ctx, &gp.EvaluateRequest{ProposedTransaction: garbage})
		wantCode(t, "garbage", err, codes.InvalidArgument, "unpack")
		_, err = gw.Evaluate(ctx, &gp.EvaluateRequest{ProposedTransaction: tampered})
		wantCode(t, "tampered", err, codes.FailedPrecondition, "signature")
		_, err = gw.Evaluate(ctx, &gp.EvaluateRequest{ProposedTransaction: foreign})
		wantCode(t, "foreign", err, codes.FailedPrecondition, "does not chain to MSP Org1MSP")
		_, err = gw.Evaluate(ctx, &gp.EvaluateRequest{ProposedTransaction: wrongChannel})
		wantCode(t, "wrong channel", err, codes.NotFound, "nosuchchannel")
	})

	t.Run("Endorse", func(t *testing.T) {
		_, err := gw.Endorse(ctx, &gp.EndorseRequest{ProposedTransaction: garbage})
		wantCode(t, "garbage", err, codes.InvalidArgument, "unpack")
		// Endorse reports endorser refusals as Fabric does: Aborted, with
		// the reason in the details.
		_, err = gw.Endorse(ctx, &gp.EndorseRequest{ProposedTransaction: tampered})
		wantCode(t, "tampered", err, codes.Aborted, "signature")
		_, err = gw.Endorse(ctx, &gp.EndorseRequest{ProposedTransaction: foreign})
		wantCode(t, "foreign", err, codes.Aborted, "does not chain to MSP Org1MSP")
		_, err = gw.Endorse(ctx, &gp.EndorseRequest{ProposedTransaction: wrongChannel})
		wantCode(t, "wrong channel", err, codes.NotFound, "nosuchchannel")
	})

	t.Run("Endorser", func(t *testing.T) {
		for name, sp := range map[string]*pb.SignedProposal{"tampered": tampered, "foreign": foreign, "garbage": garbage} {
			resp, err := end.ProcessProposal(ctx, sp)
			if err == nil || resp != nil {
				t.Fatalf("%s: endorser answered %v, %v", name, resp, err)
			}
		}
		resp, err := end.ProcessProposal(ctx, wrongChannel)
		if err != nil || resp.GetResponse().GetStatus() != 500 || resp.GetEndorsement() != nil {
			t.Fatalf("wrong channel: %v %v", resp, err)
		}
	})

	t.Run("Submit", func(t *testing.T) {
		sp, txid := proposal(user, tn.ChannelID, "CreateAsset", "t4", "mallory", "1")
		er, err := gw.Endorse(ctx, &gp.EndorseRequest{TransactionId: txid, ChannelId: tn.ChannelID, ProposedTransaction: sp})
		if err != nil {
			t.Fatalf("endorse: %v", err)
		}
		env := er.GetPreparedTransaction()
		_, err = gw.Submit(ctx, &gp.SubmitRequest{TransactionId: txid, ChannelId: tn.ChannelID})
		wantCode(t, "nil envelope", err, codes.InvalidArgument, "prepared transaction is required")
		_, err = gw.Submit(ctx, &gp.SubmitRequest{TransactionId: txid, ChannelId: tn.ChannelID, PreparedTransaction: env})
		wantCode(t, "unsigned", err, codes.InvalidArgument, "must be signed")
		// Signed by someone else than the creator: the orderers refuse it.
		otherSig, _ := tn.Identity("org2", "User1").Sign(env.Payload)
		bad := &common.Envelope{Payload: env.Payload, Signature: otherSig}
		_, err = gw.Submit(ctx, &gp.SubmitRequest{TransactionId: txid, ChannelId: tn.ChannelID, PreparedTransaction: bad})
		wantCode(t, "wrong signer", err, codes.Aborted, "received unsuccessful response from orderer")
		_, err = gw.Submit(ctx, &gp.SubmitRequest{TransactionId: "other", ChannelId: tn.ChannelID, PreparedTransaction: bad})
		wantCode(t, "txid mismatch", err, codes.InvalidArgument, "carries")
	})

	t.Run("CommitStatus", func(t *testing.T) {
		req := protoutil.MarshalOrPanic(&gp.CommitStatusRequest{ChannelId: tn.ChannelID, TransactionId: "x", Identity: user.Serialize()})
		wrongSig, _ := tn.Identity("org2", "User1").Sign(req)
		_, err := gw.CommitStatus(ctx, &gp.SignedCommitStatusRequest{Request: req, Signature: wrongSig})
		wantCode(t, "bad signature", err, codes.PermissionDenied, "access denied")
		freq := protoutil.MarshalOrPanic(&gp.CommitStatusRequest{ChannelId: tn.ChannelID, TransactionId: "x", Identity: fake.Serialize()})
		fsig, _ := fake.Sign(freq)
		_, err = gw.CommitStatus(ctx, &gp.SignedCommitStatusRequest{Request: freq, Signature: fsig})
		wantCode(t, "foreign", err, codes.PermissionDenied, "access denied")
		_, err = gw.CommitStatus(ctx, &gp.SignedCommitStatusRequest{Request: []byte{0xff}})
		wantCode(t, "garbage", err, codes.InvalidArgument, "invalid commit status request")
		// A valid request for a transaction that never commits waits until
		// the deadline.
		sig, _ := user.Sign(req)
		dctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
		defer cancel()
		_, err = gw.CommitStatus(dctx, &gp.SignedCommitStatusRequest{Request: req, Signature: sig})
		if status.Code(err) != codes.DeadlineExceeded {
			t.Fatalf("unknown tx: %v", err)
		}
	})

	t.Run("ChaincodeEvents", func(t *testing.T) {
		req := protoutil.MarshalOrPanic(&gp.ChaincodeEventsRequest{ChannelId: tn.ChannelID, ChaincodeId: ccName, Identity: user.Serialize()})
		wrongSig, _ := tn.Identity("org2", "User1").Sign(req)
		stream, err := gw.ChaincodeEvents(ctx, &gp.SignedChaincodeEventsRequest{Request: req, Signature: wrongSig})
		if err == nil {
			_, err = stream.Recv()
		}
		wantCode(t, "bad signature", err, codes.PermissionDenied, "access denied")
		oldest := protoutil.MarshalOrPanic(&gp.ChaincodeEventsRequest{ChannelId: tn.ChannelID, ChaincodeId: ccName, Identity: user.Serialize(),
			StartPosition: &ab.SeekPosition{Type: &ab.SeekPosition_Oldest{Oldest: &ab.SeekOldest{}}}})
		sig, _ := user.Sign(oldest)
		stream, err = gw.ChaincodeEvents(ctx, &gp.SignedChaincodeEventsRequest{Request: oldest, Signature: sig})
		if err == nil {
			_, err = stream.Recv()
		}
		wantCode(t, "oldest", err, codes.InvalidArgument, "start position")
	})

	// Give any wrongly accepted transaction time to be ordered and committed.
	time.Sleep(300 * time.Millisecond)
	after := heights()
	for i := range before {
		if after[i] != before[i] {
			t.Fatalf("ledger heights changed from %v to %v", before, after)
		}
	}
	for _, id := range []string{"t1", "t2", "t3", "t4"} {
		if v, err := p1.Channel(tn.ChannelID).Ledger().GetState(ccName, id); err != nil || v != nil {
			t.Fatalf("asset %s exists: %v %v", id, v, err)
		}
	}
}
