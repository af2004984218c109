package orderer

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	ab "github.com/hyperledger/fabric-protos-go-apiv2/orderer"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/cryptogen"
	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/protoutil"
)

// strangerIdentity is a client of an org that is not on the channel (Org3MSP).
func strangerIdentity(t *testing.T) msp.SigningIdentity {
	t.Helper()
	dir := t.TempDir()
	if err := cryptogen.Generate(cryptogen.TestNetworkConfig("org3"), dir); err != nil {
		t.Fatal(err)
	}
	id, err := msp.LoadSigningIdentity(filepath.Join(cryptogen.PeerOrgDir(dir, "org3.example.com"), "users", "User1@org3.example.com", "msp"), "Org3MSP")
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestBroadcastRejectsBadInput(t *testing.T) {
	tc := NewTestCluster(t, 3, WithTestBatch(10, 50*time.Millisecond), WithTestBatchBytes(4096, 8192))
	user := tc.Identity("org1", "User1")
	stranger := strangerIdentity(t)
	peerID, err := msp.LoadSigningIdentity(filepath.Join(cryptogen.PeerOrgDir(tc.CryptoDir, "org1.example.com"), "peers", "peer0.org1.example.com", "msp"), "Org1MSP")
	if err != nil {
		t.Fatal(err)
	}
	good := tc.NewTx(user, 10)
	tampered := proto.Clone(good).(*common.Envelope)
	tampered.Payload = append([]byte{}, tampered.Payload...)
	tampered.Payload[len(tampered.Payload)-1] ^= 1
	otherChannel, _ := protoutil.CreateSignedEnvelope(common.HeaderType_ENDORSER_TRANSACTION, "otherchannel", user, &peer.Transaction{})
	configUpdate, _ := protoutil.CreateSignedEnvelope(common.HeaderType_CONFIG_UPDATE, tc.ChannelID, user, &common.ConfigUpdateEnvelope{})
	noCreator := &common.Envelope{Payload: protoutil.MarshalOrPanic(&common.Payload{Header: &common.Header{
		ChannelHeader: protoutil.MarshalOrPanic(&common.ChannelHeader{Type: 3, ChannelId: tc.ChannelID})}})}

	cases := []struct {
		name string
		env  *common.Envelope
		want common.Status
		info string
	}{
		{"empty payload", &common.Envelope{Signature: []byte{1}}, common.Status_BAD_REQUEST, "empty payload"},
		{"malformed payload", &common.Envelope{Payload: []byte{0xff, 0xff, 0xff}}, common.Status_BAD_REQUEST, "malformed"},
		{"no creator", noCreator, common.Status_BAD_REQUEST, "creator"},
		{"wrong channel", otherChannel, common.Status_NOT_FOUND, "otherchannel"},
		{"bad signature", tampered, common.Status_FORBIDDEN, "Writers"},
		{"unsigned", &common.Envelope{Payload: good.Payload}, common.Status_FORBIDDEN, "Writers"},
		{"unknown MSP", tc.NewTx(stranger, 10), common.Status_FORBIDDEN, "Writers"},
		{"peer is not a writer", tc.NewTx(peerID, 10), common.Status_FORBIDDEN, "Writers"},
		{"oversize", tc.NewTx(user, 9000), common.Status_BAD_REQUEST, "exceeds the maximum"},
		{"config update", configUpdate, common.Status_BAD_REQUEST, "not supported"},
	}
	before := make([]uint64, 3)
	for i := range tc.Nodes {
		before[i] = tc.Chain(i).Height()
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for i := range tc.Nodes { // leader and followers answer alike
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				stream, err := ab.NewAtomicBroadcastClient(tc.Dial(i)).Broadcast(ctx)
				if err != nil {
					t.Fatal(err)
				}
				// A bad envelope followed by a good one: the stream must end
				// after the failure, so the good one is never ordered.
				if err := stream.Send(c.env); err != nil {
					t.Fatal(err)
				}
				_ = stream.Send(tc.NewTx(user, 10))
				resp, err := stream.Recv()
				if err != nil {
					t.Fatal(err)
				}
				if resp.Status != c.want || !strings.Contains(resp.Info, c.info) {
					t.Fatalf("node %d: got %v %q, want %v containing %q", i, resp.Status, resp.Info, c.want, c.info)
				}
				if _, err := stream.Recv(); err != io.EOF {
					t.Fatalf("node %d: stream continued after %v: %v", i, resp.Status, err)
				}
				cancel()
			}
		})
	}
	time.Sleep(200 * time.Millisecond) // longer than the batch timeout
	for i := range tc.Nodes {
		if h := tc.Chain(i).Height(); h != before[i] {
			t.Fatalf("node %d height %d -> %d: a rejected envelope was ordered", i, before[i], h)
		}
	}
	// And the good envelope still orders.
	resp, err := tc.Broadcast(context.Background(), 0, good)
	if err != nil || resp.Status != common.Status_SUCCESS {
		t.Fatalf("good envelope: %v %v", resp, err)
	}
}

func TestBroadcastRequiresClientTLSCert(t *testing.T) {
	tc := NewTestCluster(t, 1)
	cfg := tc.ClientTLS("org1", "User1")
	cfg.Certificates = nil
	conn, err := dialTLS(tc.Nodes[0].Addr, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	stream, err := ab.NewAtomicBroadcastClient(conn).Broadcast(ctx)
	if err == nil {
		if err = stream.Send(tc.NewTx(tc.Identity("org1", "User1"), 1)); err == nil {
			_, err = stream.Recv()
		}
	}
	if err == nil {
		t.Fatal("broadcast without a client certificate succeeded")
	}
}

// TestBroadcastPipelineStopsAtFirstRejection: a stream's checks run in
// parallel, yet answers come in order, everything before a rejected
// envelope is ordered, and nothing after it is, even though later envelopes
// may have passed their checks already.
func TestBroadcastPipelineStopsAtFirstRejection(t *testing.T) {
	tc := NewTestCluster(t, 3, WithTestBatch(10, 50*time.Millisecond))
	user := tc.Identity("org1", "User1")
	var before, after []*common.Envelope
	for i := 0; i < 30; i++ {
		before = append(before, tc.NewTx(user, 10))
		after = append(after, tc.NewTx(user, 10))
	}
	bad := proto.Clone(before[0]).(*common.Envelope)
	bad.Signature = append([]byte{}, bad.Signature...)
	bad.Signature[len(bad.Signature)-1] ^= 1
	for i := range tc.Nodes { // the leader orders itself, followers forward
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		stream, err := ab.NewAtomicBroadcastClient(tc.Dial(i)).Broadcast(ctx)
		if err != nil {
			t.Fatal(err)
		}
		envs := append(append(append([]*common.Envelope{}, before[i*10:i*10+10]...), bad), after[i*10:i*10+10]...)
		go func() {
			for _, env := range envs {
				if stream.Send(env) != nil {
					return
				}
			}
		}()
		for k := 0; k <= 10; k++ {
			resp, err := stream.Recv()
			if err != nil {
				t.Fatalf("node %d answer %d: %v", i, k, err)
			}
			want := common.Status_SUCCESS
			if k == 10 {
				want = common.Status_FORBIDDEN
			}
			if resp.Status != want {
				t.Fatalf("node %d answer %d: %v %q, want %v", i, k, resp.Status, resp.Info, want)
			}
		}
		if _, err := stream.Recv(); err != io.EOF {
			t.Fatalf("node %d: stream went on after the rejection: %v", i, err)
		}
		cancel()
	}
	time.Sleep(200 * time.Millisecond) // longer than the batch timeout
	counts := txCounts(t, tc, tc.WaitForLeader(5*time.Second))
	for i := 0; i < 30; i++ {
		if n := counts[txID(t, before[i])]; n != 1 {
			t.Errorf("envelope %d before the rejection ordered %d times", i, n)
		}
		if n := counts[txID(t, after[i])]; n != 0 {
			t.Errorf("envelope %d after the rejection ordered %d times", i, n)
		}
	}
}
