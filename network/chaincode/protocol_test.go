package chaincode

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/protoutil"
	"github.com/saharanet/saharanet/network/simulation"
)

// rawChaincode speaks the shim protocol by hand, to drive the peer into
// states a conforming shim never reaches.
type rawChaincode struct {
	t      *testing.T
	stream peer.ChaincodeSupport_RegisterClient
	cancel context.CancelFunc
}

func newRaw(t *testing.T, addr string) *rawChaincode {
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	st, err := peer.NewChaincodeSupportClient(conn).Register(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); conn.Close() })
	return &rawChaincode{t: t, stream: st, cancel: cancel}
}

func (r *rawChaincode) send(m *peer.ChaincodeMessage) {
	r.t.Helper()
	if err := r.stream.Send(m); err != nil {
		r.t.Fatal(err)
	}
}

func (r *rawChaincode) recv() *peer.ChaincodeMessage {
	r.t.Helper()
	m, err := r.stream.Recv()
	if err != nil {
		r.t.Fatal(err)
	}
	return m
}

func (r *rawChaincode) register(id string) {
	r.t.Helper()
	payload, _ := proto.Marshal(&peer.ChaincodeID{Name: id})
	r.send(&peer.ChaincodeMessage{Type: peer.ChaincodeMessage_REGISTER, Payload: payload})
	if m := r.recv(); m.Type != peer.ChaincodeMessage_REGISTERED {
		r.t.Fatalf("got %s, want REGISTERED", m.Type)
	}
	if m := r.recv(); m.Type != peer.ChaincodeMessage_READY || len(m.Payload) != 0 {
		r.t.Fatalf("got %s payload %x, want READY with empty payload", m.Type, m.Payload)
	}
}

func TestProtocolHandshakeAndErrors(t *testing.T) {
	e := newEnv(t)
	addr := e.peerServer()
	raw := newRaw(t, addr)
	raw.register("raw")
	waitUntil(t, func() bool { return e.sup.Connected("raw") })

	// A request outside any transaction gets an ERROR, not silence.
	gs, _ := proto.Marshal(&peer.GetState{Key: "k"})
	raw.send(&peer.ChaincodeMessage{Type: peer.ChaincodeMessage_KEEPALIVE})
	raw.send(&peer.ChaincodeMessage{Type: peer.ChaincodeMessage_GET_STATE, Payload: gs, Txid: "nope", ChannelId: "mychannel"})
	if m := raw.recv(); m.Type != peer.ChaincodeMessage_ERROR || !strings.Contains(string(m.Payload), "no transaction context") || m.Txid != "nope" || m.ChannelId != "mychannel" {
		t.Fatalf("reply to request without tx: %v", m)
	}

	// Start a transaction and answer it by hand.
	sp, txid, err := protoutil.CreateSignedProposal(e.signer, "mychannel", "raw", [][]byte{[]byte("f")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	e.state.Put("raw", "k", []byte("committed"), nil, ledgerHeight(3))
	sim := simulation.New(e.state, txid)
	type out struct {
		resp *peer.Response
		ev   *peer.ChaincodeEvent
		err  error
	}
	done := make(chan out, 1)
	go func() {
		resp, ev, err := e.sup.Execute(context.Background(), Invocation{Channel: "mychannel", TxID: txid, Chaincode: "raw", SignedProposal: sp, Input: &peer.ChaincodeInput{Args: [][]byte{[]byte("f")}}, Simulator: sim})
		done <- out{resp, ev, err}
	}()
	m := raw.recv()
	if m.Type != peer.ChaincodeMessage_TRANSACTION || m.Txid != txid || m.ChannelId != "mychannel" || !proto.Equal(m.Proposal, sp) {
		t.Fatalf("TRANSACTION message = %v", m)
	}
	in := &peer.ChaincodeInput{}
	if err := proto.Unmarshal(m.Payload, in); err != nil || string(in.Args[0]) != "f" {
		t.Fatalf("input = %v, %v", in, err)
	}
	// The same txid again while running is refused.
	if _, _, err := e.sup.Execute(context.Background(), Invocation{Channel: "mychannel", TxID: txid, Chaincode: "raw", SignedProposal: sp, Input: in, Simulator: sim}); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Fatalf("duplicate txid: %v", err)
	}

	raw.send(&peer.ChaincodeMessage{Type: peer.ChaincodeMessage_GET_STATE, Payload: gs, Txid: txid, ChannelId: "mychannel"})
	if m := raw.recv(); m.Type != peer.ChaincodeMessage_RESPONSE || string(m.Payload) != "committed" {
		t.Fatalf("GET_STATE reply = %v", m)
	}

	// A second request while one is in progress gets an ERROR.
	tc := e.sup.handlers["raw"].lookup("mychannel", txid)
	tc.busy.Store(true)
	raw.send(&peer.ChaincodeMessage{Type: peer.ChaincodeMessage_GET_STATE, Payload: gs, Txid: txid, ChannelId: "mychannel"})
	if m := raw.recv(); m.Type != peer.ChaincodeMessage_ERROR || !strings.Contains(string(m.Payload), "still being processed") {
		t.Fatalf("concurrent request reply = %v", m)
	}
	tc.busy.Store(false)

	// Unknown query iterator ids are errors.
	qn, _ := proto.Marshal(&peer.QueryStateNext{Id: "bogus"})
	raw.send(&peer.ChaincodeMessage{Type: peer.ChaincodeMessage_QUERY_STATE_NEXT, Payload: qn, Txid: txid, ChannelId: "mychannel"})
	if m := raw.recv(); m.Type != peer.ChaincodeMessage_ERROR || !strings.Contains(string(m.Payload), "query iterator not found") {
		t.Fatalf("QUERY_STATE_NEXT bogus = %v", m)
	}

	// Garbage payloads are errors.
	raw.send(&peer.ChaincodeMessage{Type: peer.ChaincodeMessage_PUT_STATE, Payload: []byte{0xff, 0xff}, Txid: txid, ChannelId: "mychannel"})
	if m := raw.recv(); m.Type != peer.ChaincodeMessage_ERROR || !strings.Contains(string(m.Payload), "unmarshal") {
		t.Fatalf("bad PUT_STATE = %v", m)
	}

	respBytes, _ := proto.Marshal(&peer.Response{Status: 200, Payload: []byte("ok")})
	raw.send(&peer.ChaincodeMessage{Type: peer.ChaincodeMessage_COMPLETED, Payload: respBytes, Txid: txid, ChannelId: "mychannel",
		ChaincodeEvent: &peer.ChaincodeEvent{EventName: "E", Payload: []byte("p")}})
	select {
	case o := <-done:
		if o.err != nil || string(o.resp.GetPayload()) != "ok" || o.ev.GetChaincodeId() != "raw" || o.ev.GetTxId() != txid {
			t.Fatalf("Execute = %v %v %v", o.resp, o.ev, o.err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Execute did not return")
	}

	// ERROR as completion becomes an execution error with the chaincode's text.
	sp2, txid2, _ := protoutil.CreateSignedProposal(e.signer, "mychannel", "raw", [][]byte{[]byte("f")}, nil)
	go func() {
		resp, ev, err := e.sup.Execute(context.Background(), Invocation{Channel: "mychannel", TxID: txid2, Chaincode: "raw", SignedProposal: sp2, Input: &peer.ChaincodeInput{}, Simulator: simulation.New(e.state, txid2)})
		done <- out{resp, ev, err}
	}()
	raw.recv()
	raw.send(&peer.ChaincodeMessage{Type: peer.ChaincodeMessage_ERROR, Payload: []byte("stub creation failed"), Txid: txid2, ChannelId: "mychannel"})
	if o := <-done; o.err == nil || o.err.Error() != "transaction returned with failure: stub creation failed" {
		t.Fatalf("ERROR completion: %v", o.err)
	}

	// An unexpected message type ends the stream.
	raw.send(&peer.ChaincodeMessage{Type: peer.ChaincodeMessage_REGISTER})
	waitUntil(t, func() bool { return !e.sup.Connected("raw") })
}

func TestProtocolBadRegister(t *testing.T) {
	e := newEnv(t)
	addr := e.peerServer()
	raw := newRaw(t, addr)
	raw.send(&peer.ChaincodeMessage{Type: peer.ChaincodeMessage_GET_STATE})
	if m := raw.recv(); m.Type != peer.ChaincodeMessage_ERROR || !strings.Contains(string(m.Payload), "want REGISTER") {
		t.Fatalf("reply to non-REGISTER first message: %v", m)
	}
	raw2 := newRaw(t, addr)
	raw2.send(&peer.ChaincodeMessage{Type: peer.ChaincodeMessage_REGISTER, Payload: nil})
	if m := raw2.recv(); m.Type != peer.ChaincodeMessage_ERROR || !strings.Contains(string(m.Payload), "empty chaincode id") {
		t.Fatalf("reply to empty id: %v", m)
	}
}

func TestPeerKeepalive(t *testing.T) {
	e := newEnv(t, WithKeepalive(50*time.Millisecond))
	raw := newRaw(t, e.peerServer())
	raw.register("ka")
	if m := raw.recv(); m.Type != peer.ChaincodeMessage_KEEPALIVE {
		t.Fatalf("got %s, want KEEPALIVE", m.Type)
	}
	// Echoing it back (as the shim does) must not be answered.
	raw.send(&peer.ChaincodeMessage{Type: peer.ChaincodeMessage_KEEPALIVE})
	if m := raw.recv(); m.Type != peer.ChaincodeMessage_KEEPALIVE {
		t.Fatalf("got %s after echo, want only periodic KEEPALIVE", m.Type)
	}
}
