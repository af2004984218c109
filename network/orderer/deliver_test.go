package orderer

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"io"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	ab "github.com/hyperledger/fabric-protos-go-apiv2/orderer"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/saharanet/saharanet/network/comm"
	"github.com/saharanet/saharanet/network/protoutil"
)

func dialTLS(addr string, cfg *tls.Config) (*grpc.ClientConn, error) { return comm.Dial(addr, cfg) }

func specified(n uint64) *ab.SeekPosition {
	return &ab.SeekPosition{Type: &ab.SeekPosition_Specified{Specified: &ab.SeekSpecified{Number: n}}}
}

var (
	oldest = &ab.SeekPosition{Type: &ab.SeekPosition_Oldest{Oldest: &ab.SeekOldest{}}}
	newest = &ab.SeekPosition{Type: &ab.SeekPosition_Newest{Newest: &ab.SeekNewest{}}}
)

func seekEnv(t *testing.T, tc *TestCluster, s protoutil.Signer, start, stop *ab.SeekPosition, b ab.SeekInfo_SeekBehavior, opts ...protoutil.EnvelopeOption) *common.Envelope {
	t.Helper()
	env, err := protoutil.CreateSignedEnvelope(common.HeaderType_DELIVER_SEEK_INFO, tc.ChannelID, s,
		&ab.SeekInfo{Start: start, Stop: stop, Behavior: b}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return env
}

// deliver sends env and collects block numbers until a status arrives.
func deliver(t *testing.T, conn grpc.ClientConnInterface, env *common.Envelope) ([]uint64, common.Status) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	stream, err := ab.NewAtomicBroadcastClient(conn).Deliver(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := stream.Send(env); err != nil {
		t.Fatal(err)
	}
	var got []uint64
	for {
		resp, err := stream.Recv()
		if err != nil {
			t.Fatalf("deliver: %v after blocks %v", err, got)
		}
		switch r := resp.Type.(type) {
		case *ab.DeliverResponse_Block:
			got = append(got, r.Block.Header.Number)
		case *ab.DeliverResponse_Status:
			return got, r.Status
		}
	}
}

func fill(t *testing.T, tc *TestCluster, n int) {
	t.Helper()
	user := tc.Identity("org1", "User1")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for k := 0; k < n; k++ {
		if err := tc.Submit(ctx, tc.NewTx(user, 10)); err != nil {
			t.Fatal(err)
		}
	}
}

func TestDeliverSeekSemantics(t *testing.T) {
	tc := NewTestCluster(t, 1, WithTestBatch(1, 20*time.Millisecond))
	fill(t, tc, 4) // heights 0..4
	user := tc.Identity("org1", "User1")
	peer := tc.Identity("org2", "User1")
	conn := tc.Dial(0)
	stranger := strangerIdentity(t)
	cases := []struct {
		name       string
		env        *common.Envelope
		wantBlocks []uint64
		wantStatus common.Status
	}{
		{"oldest to specified", seekEnv(t, tc, user, oldest, specified(2), 0), []uint64{0, 1, 2}, common.Status_SUCCESS},
		{"newest to newest", seekEnv(t, tc, peer, newest, newest, 0), []uint64{4}, common.Status_SUCCESS},
		{"specified to newest", seekEnv(t, tc, user, specified(3), newest, 0), []uint64{3, 4}, common.Status_SUCCESS},
		{"oldest stop", seekEnv(t, tc, user, specified(2), oldest, 0), []uint64{2}, common.Status_SUCCESS},
		{"fail if not ready", seekEnv(t, tc, user, specified(3), specified(9), ab.SeekInfo_FAIL_IF_NOT_READY), []uint64{3, 4}, common.Status_NOT_FOUND},
		{"start beyond height", seekEnv(t, tc, user, specified(6), specified(9), 0), nil, common.Status_NOT_FOUND},
		{"stop before start", seekEnv(t, tc, user, specified(3), specified(2), 0), nil, common.Status_BAD_REQUEST},
		{"unknown MSP", seekEnv(t, tc, stranger, oldest, newest, 0), nil, common.Status_FORBIDDEN},
		{"bad signature", func() *common.Envelope {
			e := seekEnv(t, tc, user, oldest, newest, 0)
			e.Signature = e.Signature[:len(e.Signature)-1]
			return e
		}(), nil, common.Status_FORBIDDEN},
		{"wrong channel", func() *common.Envelope {
			e, _ := protoutil.CreateSignedEnvelope(common.HeaderType_DELIVER_SEEK_INFO, "nochannel", user, &ab.SeekInfo{Start: oldest, Stop: newest})
			return e
		}(), nil, common.Status_NOT_FOUND},
		{"no timestamp", func() *common.Envelope {
			e, _ := protoutil.CreateSignedEnvelope(common.HeaderType_DELIVER_SEEK_INFO, tc.ChannelID, user, &ab.SeekInfo{Start: oldest, Stop: newest},
				func(ch *common.ChannelHeader) { ch.Timestamp = nil })
			return e
		}(), nil, common.Status_BAD_REQUEST},
		{"stale timestamp", func() *common.Envelope {
			e, _ := protoutil.CreateSignedEnvelope(common.HeaderType_DELIVER_SEEK_INFO, tc.ChannelID, user, &ab.SeekInfo{Start: oldest, Stop: newest},
				func(ch *common.ChannelHeader) { ch.Timestamp = timestamppb.New(time.Now().Add(-time.Hour)) })
			return e
		}(), nil, common.Status_BAD_REQUEST},
		{"no seek info", func() *common.Envelope {
			e, _ := protoutil.CreateSignedEnvelope(common.HeaderType_DELIVER_SEEK_INFO, tc.ChannelID, user, &ab.SeekInfo{Start: oldest})
			return e
		}(), nil, common.Status_BAD_REQUEST},
		{"wrong TLS binding", seekEnv(t, tc, user, oldest, newest, 0, protoutil.WithTLSCertHash(make([]byte, 32))), nil, common.Status_FORBIDDEN},
		{"malformed", &common.Envelope{Payload: []byte{0xff}}, nil, common.Status_BAD_REQUEST},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, st := deliver(t, conn, c.env)
			if st != c.wantStatus || !equalU64(got, c.wantBlocks) {
				t.Fatalf("got blocks %v status %v; want %v %v", got, st, c.wantBlocks, c.wantStatus)
			}
		})
	}
	// Correct TLS binding: SHA-256 of the client certificate.
	cfg := tc.ClientTLS("org1", "User1")
	sum := sha256.Sum256(cfg.Certificates[0].Certificate[0])
	if got, st := deliver(t, conn, seekEnv(t, tc, user, oldest, specified(1), 0, protoutil.WithTLSCertHash(sum[:]))); st != common.Status_SUCCESS || len(got) != 2 {
		t.Fatalf("bound request: %v %v", got, st)
	}
}

func equalU64(a, b []uint64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestDeliverBlocksUntilReadyAndServesNextRequest(t *testing.T) {
	tc := NewTestCluster(t, 3, WithTestBatch(1, 20*time.Millisecond))
	user := tc.Identity("org1", "User1")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	stream, err := ab.NewAtomicBroadcastClient(tc.Dial(2)).Deliver(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := stream.Send(seekEnv(t, tc, user, specified(1), specified(2), 0)); err != nil {
		t.Fatal(err)
	}
	got := make(chan uint64, 10)
	done := make(chan common.Status, 1)
	go func() {
		for {
			resp, err := stream.Recv()
			if err != nil {
				close(done)
				return
			}
			if b := resp.GetBlock(); b != nil {
				got <- b.Header.Number
			} else {
				done <- resp.GetStatus()
				return
			}
		}
	}()
	select {
	case n := <-got:
		t.Fatalf("block %d delivered before it existed", n)
	case <-time.After(200 * time.Millisecond):
	}
	fill(t, tc, 2)
	if st := <-done; st != common.Status_SUCCESS {
		t.Fatalf("status %v", st)
	}
	if a, b := <-got, <-got; a != 1 || b != 2 {
		t.Fatalf("blocks %d %d", a, b)
	}
	// The same stream serves a second request.
	if err := stream.Send(seekEnv(t, tc, user, oldest, oldest, 0)); err != nil {
		t.Fatal(err)
	}
	resp, err := stream.Recv()
	if err != nil || resp.GetBlock().GetHeader().GetNumber() != 0 {
		t.Fatalf("second request: %v %v", resp, err)
	}
	if resp, err := stream.Recv(); err != nil || resp.GetStatus() != common.Status_SUCCESS {
		t.Fatalf("second status: %v %v", resp, err)
	}
	stream.CloseSend()
	if _, err := stream.Recv(); err != io.EOF {
		t.Fatalf("after CloseSend: %v", err)
	}
}

// 100 concurrent streams from the oldest block, following the chain as
// blocks are cut: every stream must see every block, in order, once.
func TestDeliverManyConcurrentStreams(t *testing.T) {
	tc := NewTestCluster(t, 3, WithTestBatch(5, 20*time.Millisecond))
	user := tc.Identity("org1", "User1")
	const streams, blocks = 100, 30
	conns := []grpc.ClientConnInterface{tc.Dial(0), tc.Dial(1), tc.Dial(2)}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	hashes := make([][][]byte, streams)
	for s := 0; s < streams; s++ {
		wg.Add(1)
		go func(s int) {
			defer wg.Done()
			stream, err := ab.NewAtomicBroadcastClient(conns[s%3]).Deliver(ctx)
			if err != nil {
				t.Error(err)
				return
			}
			if err := stream.Send(seekEnv(t, tc, user, oldest, specified(math.MaxUint64), 0)); err != nil {
				t.Error(err)
				return
			}
			for n := uint64(0); n < blocks; n++ {
				resp, err := stream.Recv()
				if err != nil {
					t.Errorf("stream %d: %v at block %d", s, err, n)
					return
				}
				b := resp.GetBlock()
				if b == nil || b.Header.Number != n {
					t.Errorf("stream %d: got %v, want block %d", s, resp, n)
					return
				}
				hashes[s] = append(hashes[s], protoutil.BlockHeaderHash(b.Header))
			}
		}(s)
	}
	// Produce blocks while the streams wait.
	stream, err := ab.NewAtomicBroadcastClient(conns[0]).Broadcast(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sent := 0
	for tc.Chain(0).Height() < blocks {
		for k := 0; k < 5; k++ {
			if err := stream.Send(tc.NewTx(user, 100)); err != nil {
				t.Fatal(err)
			}
			sent++
		}
		for k := 0; k < 5; k++ {
			if resp, err := stream.Recv(); err != nil || resp.Status != common.Status_SUCCESS {
				t.Fatalf("%v %v", resp, err)
			}
		}
	}
	wg.Wait()
	for s := 1; s < streams; s++ {
		for n := range hashes[s] {
			if !bytes.Equal(hashes[s][n], hashes[0][n]) {
				t.Fatalf("stream %d block %d differs", s, n)
			}
		}
	}
}
