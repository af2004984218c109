package gateway

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	ab "github.com/hyperledger/fabric-protos-go-apiv2/orderer"
	"google.golang.org/grpc"
)

// fakeOrderer answers Broadcast like Fabric's orderer: one envelope at a
// time, in order, and the stream ends after the first non-SUCCESS answer.
// An envelope whose payload starts with "bad" is rejected with BAD_REQUEST.
type fakeOrderer struct {
	ab.UnimplementedAtomicBroadcastServer
	delay     time.Duration
	streams   atomic.Int64
	mu        sync.Mutex
	processed map[string]int // payload -> times processed
}

func (o *fakeOrderer) Broadcast(stream grpc.BidiStreamingServer[common.Envelope, ab.BroadcastResponse]) error {
	o.streams.Add(1)
	for {
		env, err := stream.Recv()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		time.Sleep(o.delay)
		o.mu.Lock()
		o.processed[string(env.Payload)]++
		o.mu.Unlock()
		st := common.Status_SUCCESS
		if strings.HasPrefix(string(env.Payload), "bad") {
			st = common.Status_BAD_REQUEST
		}
		if err := stream.Send(&ab.BroadcastResponse{Status: st, Info: string(env.Payload)}); err != nil {
			return err
		}
		if st != common.Status_SUCCESS {
			return nil
		}
	}
}

func startFakeOrderer(t *testing.T, delay time.Duration) (*fakeOrderer, string, func()) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	o := &fakeOrderer{delay: delay, processed: map[string]int{}}
	srv := grpc.NewServer()
	ab.RegisterAtomicBroadcastServer(srv, o)
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(srv.Stop)
	return o, l.Addr().String(), srv.Stop
}

func noTLS() *tls.Config { return nil }

func env(payload string) *common.Envelope {
	return &common.Envelope{Payload: []byte(payload), Signature: []byte("sig")}
}

func TestBroadcastSharesOneStreamWithPerEnvelopeAnswers(t *testing.T) {
	o, addr, _ := startFakeOrderer(t, 0)
	s := NewWithBackend(nil, nil)
	defer s.Close()
	var wg sync.WaitGroup
	errs := make(chan error, 200)
	for i := range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := fmt.Sprintf("tx-%d", i)
			resp, err := s.broadcast(context.Background(), addr, env(p), noTLS)
			switch {
			case err != nil:
				errs <- err
			case resp.GetStatus() != common.Status_SUCCESS || resp.GetInfo() != p:
				errs <- fmt.Errorf("%s got the answer for %q (%s)", p, resp.GetInfo(), resp.GetStatus())
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := o.streams.Load(); n != 1 {
		t.Fatalf("%d Broadcast streams for 200 submits, want 1", n)
	}
}

func TestBroadcastResendsEnvelopesQueuedBehindARejection(t *testing.T) {
	o, addr, _ := startFakeOrderer(t, 2*time.Millisecond)
	s := NewWithBackend(nil, nil)
	defer s.Close()
	var wg sync.WaitGroup
	var mu sync.Mutex
	got := map[string]common.Status{}
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := fmt.Sprintf("tx-%d", i)
			if i%10 == 3 {
				p = "bad-" + p
			}
			resp, err := s.broadcast(context.Background(), addr, env(p), noTLS)
			if err != nil {
				t.Errorf("%s: %v", p, err)
				return
			}
			if resp.GetInfo() != p {
				t.Errorf("%s got the answer for %q", p, resp.GetInfo())
			}
			mu.Lock()
			got[p] = resp.GetStatus()
			mu.Unlock()
		}()
	}
	wg.Wait()
	for p, st := range got {
		want := common.Status_SUCCESS
		if strings.HasPrefix(p, "bad") {
			want = common.Status_BAD_REQUEST
		}
		if st != want {
			t.Errorf("%s: %s, want %s", p, st, want)
		}
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	for p, n := range o.processed {
		if n != 1 {
			t.Errorf("%s processed %d times, want once", p, n)
		}
	}
	if len(o.processed) != 40 {
		t.Errorf("%d envelopes processed, want 40", len(o.processed))
	}
}

func TestBroadcastOrdererGone(t *testing.T) {
	_, addr, stop := startFakeOrderer(t, 0)
	s := NewWithBackend(nil, nil, WithBroadcastTimeout(5*time.Second))
	defer s.Close()
	if _, err := s.broadcast(context.Background(), addr, env("first"), noTLS); err != nil {
		t.Fatal(err)
	}
	stop()
	start := time.Now()
	_, err := s.broadcast(context.Background(), addr, env("second"), noTLS)
	if err == nil {
		t.Fatal("broadcast to a stopped orderer succeeded")
	}
	if time.Since(start) > 4*time.Second {
		t.Fatalf("failure took %s: the dead stream was not noticed", time.Since(start))
	}
}

func TestBroadcastCancelledWaitLeavesStreamUsable(t *testing.T) {
	o, addr, _ := startFakeOrderer(t, 50*time.Millisecond)
	s := NewWithBackend(nil, nil)
	defer s.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if _, err := s.broadcast(ctx, addr, env("slow"), noTLS); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want the caller's deadline", err)
	}
	resp, err := s.broadcast(context.Background(), addr, env("next"), noTLS)
	if err != nil || resp.GetInfo() != "next" {
		t.Fatalf("after a cancelled wait: %v %v (answer for %q)", resp, err, resp.GetInfo())
	}
	if n := o.streams.Load(); n != 1 {
		t.Fatalf("%d streams, want 1", n)
	}
}

func TestBroadcastTimeoutFailsStream(t *testing.T) {
	_, addr, _ := startFakeOrderer(t, 300*time.Millisecond)
	s := NewWithBackend(nil, nil, WithBroadcastTimeout(50*time.Millisecond))
	defer s.Close()
	if _, err := s.broadcast(context.Background(), addr, env("slow"), noTLS); err == nil || !strings.Contains(err.Error(), "no answer") {
		t.Fatalf("got %v, want a timeout", err)
	}
}

// stuckOrderer accepts Broadcast streams and never reads from them.
type stuckOrderer struct {
	ab.UnimplementedAtomicBroadcastServer
}

func (stuckOrderer) Broadcast(stream grpc.BidiStreamingServer[common.Envelope, ab.BroadcastResponse]) error {
	<-stream.Context().Done()
	return nil
}

func TestBroadcastOrdererThatStopsReading(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer()
	ab.RegisterAtomicBroadcastServer(srv, stuckOrderer{})
	go func() { _ = srv.Serve(l) }()
	defer srv.Stop()
	s := NewWithBackend(nil, nil, WithBroadcastTimeout(300*time.Millisecond))
	defer s.Close()
	// Large envelopes fill the stream's flow-control window, so Send
	// itself blocks while holding the stream.
	big := strings.Repeat("x", 1<<20)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := s.broadcast(context.Background(), l.Addr().String(), env(fmt.Sprint(i)+big), noTLS); err == nil {
				t.Errorf("envelope %d: broadcast to an orderer that never reads succeeded", i)
			}
		}()
	}
	wg.Wait()
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("callers were stuck for %s behind a blocked Send", d)
	}
}
