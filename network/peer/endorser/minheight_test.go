package endorser

import (
	"context"
	"strconv"
	"testing"
	"time"

	"google.golang.org/grpc/metadata"

	"github.com/saharanet/saharanet/network/ledger"
)

func withMinHeight(h string) context.Context {
	return metadata.NewIncomingContext(context.Background(), metadata.Pairs(MinHeightMetadataKey, h))
}

// A proposal asking for a height the peer has not reached waits for the
// commit and then reads the committed value: the read-your-writes race of
// a gateway asking another org's peer right after its own peer committed.
func TestMinHeightWaitsForCommit(t *testing.T) {
	f := newFixture(t)
	put, _ := f.proposal(f.user1, testChannel, "basic", "put", "k", "v1")
	resp, err := f.endorser.ProcessProposal(context.Background(), put)
	if err != nil {
		t.Fatal(err)
	}
	want := f.ledger.Height() + 1
	go func() {
		time.Sleep(150 * time.Millisecond)
		f.commitTx(put, resp, ledger.Write{Namespace: "basic", Key: "k", Value: []byte("v1")})
	}()
	get, _ := f.proposal(f.user1, testChannel, "basic", "get", "k")
	start := time.Now()
	resp, err = f.endorser.ProcessProposal(withMinHeight(strconv.FormatUint(want, 10)), get)
	if err != nil || resp.GetResponse().GetStatus() != 200 {
		t.Fatalf("get: %v %v", resp.GetResponse(), err)
	}
	if string(resp.GetResponse().GetPayload()) != "v1" {
		t.Fatalf("read %q before the commit it waited for", resp.GetResponse().GetPayload())
	}
	if d := time.Since(start); d < 100*time.Millisecond {
		t.Fatalf("returned after %v without waiting", d)
	}
}

func TestMinHeightWaitIsBounded(t *testing.T) {
	f := newFixture(t, WithMaxHeightWait(200*time.Millisecond))
	get, _ := f.proposal(f.user1, testChannel, "basic", "get", "k")
	start := time.Now()
	resp, err := f.endorser.ProcessProposal(withMinHeight("1000000"), get)
	if err != nil || resp.GetResponse().GetStatus() != 200 {
		t.Fatalf("get: %v %v", resp.GetResponse(), err)
	}
	if d := time.Since(start); d < 200*time.Millisecond || d > 3*time.Second {
		t.Fatalf("waited %v, want the 200ms bound", d)
	}
	// The request context bounds the wait too.
	ctx, cancel := context.WithTimeout(withMinHeight("1000000"), 50*time.Millisecond)
	defer cancel()
	get, _ = f.proposal(f.user1, testChannel, "basic", "get", "k")
	start = time.Now()
	f.endorser.ProcessProposal(ctx, get)
	if d := time.Since(start); d > 180*time.Millisecond {
		t.Fatalf("ignored the request deadline: %v", d)
	}
}

func TestMinHeightAbsentOrGarbageDoesNotWait(t *testing.T) {
	f := newFixture(t, WithMaxHeightWait(2*time.Second))
	for _, ctx := range []context.Context{context.Background(), withMinHeight("not-a-number"), withMinHeight("-3"),
		withMinHeight(""), withMinHeight("1")} {
		get, _ := f.proposal(f.user1, testChannel, "basic", "get", "k")
		start := time.Now()
		resp, err := f.endorser.ProcessProposal(ctx, get)
		if err != nil || resp.GetResponse().GetStatus() != 200 {
			t.Fatalf("get: %v %v", resp.GetResponse(), err)
		}
		if d := time.Since(start); d > time.Second {
			t.Fatalf("waited %v", d)
		}
	}
}
