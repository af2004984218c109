package e2e

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

// impostor claims to be an Org1MSP client with a self-signed certificate.
func impostor(t *testing.T) msp.SigningIdentity {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7),
		Subject:   pkix.Name{CommonName: "User1@org1.example.com", OrganizationalUnit: []string{"client"}},
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

func wantCode(t *testing.T, what string, err error, code codes.Code) {
	t.Helper()
	if status.Code(err) != code {
		t.Errorf("%s: got %v (%v; details %v), want code %v", what, status.Code(err), err, status.Convert(err).Details(), code)
	}
}

// testBadInput sends malformed, tampered, foreign, wrong-channel and
// badly signed requests to the Gateway, Endorser and Deliver services of
// a peer process and checks that each is rejected with the right gRPC code
// or Deliver status, and that no peer's ledger moved and no key was written.
func testBadInput(t *testing.T, n *Network) {
	p := n.PeersOf("org1")[0]
	conn := n.Dial(t, p.Addr, n.ClientTLS(t, "org1", "User1"))
	gw := gp.NewGatewayClient(conn)
	end := pb.NewEndorserClient(conn)
	del := pb.NewDeliverClient(conn)
	user := n.Signer(t, "org1", "User1")
	org3 := n.Signer(t, "org3", "User1") // a real org, not a channel member
	fake := impostor(t)
	ctx := context.Background()

	// Quiesce, then record every peer's height.
	time.Sleep(500 * time.Millisecond)
	before := map[string]uint64{}
	for _, q := range n.Peers {
		before[q.Host] = n.Height(q)
	}
	tag := fmt.Sprint(time.Now().UnixNano())
	key := func(s string) string { return "bad-" + s + "-" + tag }
	proposal := func(s msp.SigningIdentity, channel, id string) (*pb.SignedProposal, string) {
		sp, txid, err := protoutil.CreateSignedProposal(s, channel, "asset",
			[][]byte{[]byte("CreateAsset"), []byte(id), []byte("mallory"), []byte("1")}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return sp, txid
	}
	tampered := func() *pb.SignedProposal {
		sp, _ := proposal(user, n.Channel, key("tampered"))
		prop, _ := protoutil.UnmarshalProposal(sp.ProposalBytes)
		cpp, _ := protoutil.UnmarshalChaincodeProposalPayload(prop.Payload)
		cis, _ := protoutil.UnmarshalChaincodeInvocationSpec(cpp.Input)
		cis.ChaincodeSpec.Input.Args[2] = []byte("eve") // changed after signing
		cpp.Input = protoutil.MarshalOrPanic(cis)
		prop.Payload = protoutil.MarshalOrPanic(cpp)
		return &pb.SignedProposal{ProposalBytes: protoutil.MarshalOrPanic(prop), Signature: sp.Signature}
	}()
	badSig := func() *pb.SignedProposal {
		sp, _ := proposal(user, n.Channel, key("badsig"))
		sig := append([]byte(nil), sp.Signature...)
		sig[len(sig)-3] ^= 0xff
		return &pb.SignedProposal{ProposalBytes: sp.ProposalBytes, Signature: sig}
	}()
	foreign, _ := proposal(org3, n.Channel, key("org3"))
	impost, _ := proposal(fake, n.Channel, key("impostor"))
	wrongChannel, _ := proposal(user, "nosuchchannel", key("wrongchannel"))
	garbage := &pb.SignedProposal{ProposalBytes: []byte("not a proposal"), Signature: []byte{1}}

	bad := map[string]*pb.SignedProposal{"tampered": tampered, "bad signature": badSig, "Org3 identity": foreign,
		"impostor": impost, "garbage": garbage}
	t.Run("Gateway.Evaluate+Endorse", func(t *testing.T) {
		for name, sp := range bad {
			want := codes.FailedPrecondition
			if name == "garbage" {
				want = codes.InvalidArgument
			}
			_, err := gw.Evaluate(ctx, &gp.EvaluateRequest{ProposedTransaction: sp})
			wantCode(t, "Evaluate "+name, err, want)
			_, err = gw.Endorse(ctx, &gp.EndorseRequest{ProposedTransaction: sp})
			if name == "garbage" {
				wantCode(t, "Endorse "+name, err, want)
				continue
			}
			// The gateway reports endorsement refusals as Aborted with one
			// ErrorDetail per peer asked (network/peer/gateway/endorse.go),
			// each of which must carry the endorser's refusal.
			wantCode(t, "Endorse "+name, err, codes.Aborted)
			ds := status.Convert(err).Details()
			if len(ds) == 0 {
				t.Errorf("Endorse %s: no error details", name)
			}
			for _, d := range ds {
				if ed, ok := d.(*gp.ErrorDetail); !ok || !strings.Contains(ed.Message, "access denied") {
					t.Errorf("Endorse %s: detail %v does not say access denied", name, d)
				}
			}
		}
		_, err := gw.Evaluate(ctx, &gp.EvaluateRequest{ProposedTransaction: wrongChannel})
		wantCode(t, "Evaluate wrong channel", err, codes.NotFound)
		_, err = gw.Endorse(ctx, &gp.EndorseRequest{ProposedTransaction: wrongChannel})
		wantCode(t, "Endorse wrong channel", err, codes.NotFound)
		_, err = gw.Evaluate(ctx, &gp.EvaluateRequest{})
		wantCode(t, "Evaluate nothing", err, codes.InvalidArgument)
	})

	t.Run("Endorser.ProcessProposal", func(t *testing.T) {
		for name, sp := range bad {
			resp, err := end.ProcessProposal(ctx, sp)
			if err == nil && (resp.GetResponse().GetStatus() < 400 || resp.GetEndorsement() != nil) {
				t.Errorf("%s: endorsed: %v", name, resp)
			}
		}
		resp, err := end.ProcessProposal(ctx, wrongChannel)
		if err != nil || resp.GetResponse().GetStatus() != 500 || resp.GetEndorsement() != nil {
			t.Errorf("wrong channel: %v %v, want status 500 without endorsement", resp, err)
		}
	})

	t.Run("Gateway.Submit", func(t *testing.T) {
		sp, txid := proposal(user, n.Channel, key("submit"))
		er, err := gw.Endorse(ctx, &gp.EndorseRequest{TransactionId: txid, ChannelId: n.Channel, ProposedTransaction: sp})
		if err != nil {
			t.Fatalf("endorse: %v", err)
		}
		env := er.GetPreparedTransaction()
		_, err = gw.Submit(ctx, &gp.SubmitRequest{TransactionId: txid, ChannelId: n.Channel, PreparedTransaction: env})
		wantCode(t, "unsigned", err, codes.InvalidArgument)
		for name, s := range map[string]msp.SigningIdentity{"signed by another org": n.Signer(t, "org2", "User1"), "signed by Org3": org3} {
			sig, _ := s.Sign(env.Payload)
			_, err = gw.Submit(ctx, &gp.SubmitRequest{TransactionId: txid, ChannelId: n.Channel,
				PreparedTransaction: &common.Envelope{Payload: env.Payload, Signature: sig}})
			wantCode(t, name, err, codes.Aborted)
		}
		good, _ := user.Sign(env.Payload)
		tamperedPayload := append([]byte(nil), env.Payload...)
		tamperedPayload[len(tamperedPayload)-5] ^= 0x01
		_, err = gw.Submit(ctx, &gp.SubmitRequest{TransactionId: txid, ChannelId: n.Channel,
			PreparedTransaction: &common.Envelope{Payload: tamperedPayload, Signature: good}})
		if err == nil {
			t.Error("tampered envelope accepted")
		}
		_, err = gw.Submit(ctx, &gp.SubmitRequest{TransactionId: "other", ChannelId: n.Channel,
			PreparedTransaction: &common.Envelope{Payload: env.Payload, Signature: good}})
		wantCode(t, "txid mismatch", err, codes.InvalidArgument)
	})

	t.Run("Gateway.CommitStatus+ChaincodeEvents", func(t *testing.T) {
		req := protoutil.MarshalOrPanic(&gp.CommitStatusRequest{ChannelId: n.Channel, TransactionId: "x", Identity: user.Serialize()})
		wrongSig, _ := n.Signer(t, "org2", "User1").Sign(req)
		_, err := gw.CommitStatus(ctx, &gp.SignedCommitStatusRequest{Request: req, Signature: wrongSig})
		wantCode(t, "CommitStatus bad signature", err, codes.PermissionDenied)
		for name, s := range map[string]msp.SigningIdentity{"Org3": org3, "impostor": fake} {
			r := protoutil.MarshalOrPanic(&gp.CommitStatusRequest{ChannelId: n.Channel, TransactionId: "x", Identity: s.Serialize()})
			sig, _ := s.Sign(r)
			_, err = gw.CommitStatus(ctx, &gp.SignedCommitStatusRequest{Request: r, Signature: sig})
			wantCode(t, "CommitStatus "+name, err, codes.PermissionDenied)

			er := protoutil.MarshalOrPanic(&gp.ChaincodeEventsRequest{ChannelId: n.Channel, ChaincodeId: "asset", Identity: s.Serialize()})
			esig, _ := s.Sign(er)
			stream, err := gw.ChaincodeEvents(ctx, &gp.SignedChaincodeEventsRequest{Request: er, Signature: esig})
			if err == nil {
				_, err = stream.Recv()
			}
			wantCode(t, "ChaincodeEvents "+name, err, codes.PermissionDenied)
		}
		_, err = gw.CommitStatus(ctx, &gp.SignedCommitStatusRequest{Request: []byte{0xff}})
		wantCode(t, "CommitStatus garbage", err, codes.InvalidArgument)
	})

	t.Run("Deliver", func(t *testing.T) {
		seek := &ab.SeekInfo{Start: &ab.SeekPosition{Type: &ab.SeekPosition_Oldest{Oldest: &ab.SeekOldest{}}},
			Stop:     &ab.SeekPosition{Type: &ab.SeekPosition_Oldest{Oldest: &ab.SeekOldest{}}},
			Behavior: ab.SeekInfo_BLOCK_UNTIL_READY}
		envFor := func(s msp.SigningIdentity, channel string) *common.Envelope {
			e, err := protoutil.CreateSignedEnvelope(common.HeaderType_DELIVER_SEEK_INFO, channel, s, seek)
			if err != nil {
				t.Fatal(err)
			}
			return e
		}
		good := envFor(user, n.Channel)
		badSig := &common.Envelope{Payload: good.Payload, Signature: append(append([]byte(nil), good.Signature[:len(good.Signature)-2]...), 0, 0)}
		tamperedEnv := func() *common.Envelope {
			pl, _ := protoutil.UnmarshalPayload(good)
			pl.Data = protoutil.MarshalOrPanic(&ab.SeekInfo{Start: seek.Start,
				Stop: &ab.SeekPosition{Type: &ab.SeekPosition_Newest{Newest: &ab.SeekNewest{}}}})
			return &common.Envelope{Payload: protoutil.MarshalOrPanic(pl), Signature: good.Signature}
		}()
		cases := []struct {
			name string
			env  *common.Envelope
			want common.Status
		}{
			{"valid", good, common.Status_SUCCESS},
			{"Org3 identity", envFor(org3, n.Channel), common.Status_FORBIDDEN},
			{"impostor", envFor(fake, n.Channel), common.Status_FORBIDDEN},
			{"bad signature", badSig, common.Status_FORBIDDEN},
			{"tampered", tamperedEnv, common.Status_FORBIDDEN},
			{"wrong channel", envFor(user, "nosuchchannel"), common.Status_NOT_FOUND},
			{"garbage", &common.Envelope{Payload: []byte("junk")}, common.Status_BAD_REQUEST},
		}
		for _, c := range cases {
			for _, filtered := range []bool{false, true} {
				got, blocks := deliverStatus(t, del, c.env, filtered)
				if got != c.want {
					t.Errorf("Deliver(filtered=%v) %s: status %v, want %v", filtered, c.name, got, c.want)
				}
				if c.want != common.Status_SUCCESS && blocks > 0 {
					t.Errorf("Deliver(filtered=%v) %s: %d blocks sent before refusing", filtered, c.name, blocks)
				}
				if c.want == common.Status_SUCCESS && blocks != 1 {
					t.Errorf("Deliver(filtered=%v) %s: %d blocks, want the genesis block", filtered, c.name, blocks)
				}
			}
		}
	})

	// Anything wrongly accepted would be ordered within a batch timeout.
	time.Sleep(time.Second)
	for _, q := range n.Peers {
		if h := n.Height(q); h != before[q.Host] {
			t.Errorf("%s height moved from %d to %d during the bad-input test", q.Host, before[q.Host], h)
		}
	}
	ev := n.Gateway(t, p, "org1", "User1").GetNetwork(n.Channel).GetContract("asset")
	for _, k := range []string{"tampered", "badsig", "org3", "impostor", "wrongchannel", "submit"} {
		if v, err := ev.EvaluateTransaction("ReadAsset", key(k)); err == nil || !strings.Contains(err.Error()+fmt.Sprint(status.Convert(err).Details()), "does not exist") {
			t.Errorf("asset %s: %s %v, want 'does not exist'", key(k), v, err)
		}
	}
}

// deliverStatus runs one Deliver or DeliverFiltered request and returns
// the final status and how many blocks came before it.
func deliverStatus(t *testing.T, del pb.DeliverClient, env *common.Envelope, filtered bool) (common.Status, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var send func(*common.Envelope) error
	var recv func() (*pb.DeliverResponse, error)
	if filtered {
		s, err := del.DeliverFiltered(ctx)
		if err != nil {
			t.Fatal(err)
		}
		send, recv = s.Send, s.Recv
	} else {
		s, err := del.Deliver(ctx)
		if err != nil {
			t.Fatal(err)
		}
		send, recv = s.Send, s.Recv
	}
	if err := send(env); err != nil {
		t.Fatal(err)
	}
	blocks := 0
	for {
		r, err := recv()
		if err != nil {
			t.Fatalf("deliver stream: %v", err)
		}
		if r.GetBlock() != nil || r.GetFilteredBlock() != nil {
			blocks++
			continue
		}
		return r.GetStatus(), blocks
	}
}
