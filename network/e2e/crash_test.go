package e2e

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/saharanet/saharanet/network/ledger"
)

// testCrash SIGKILLs peer1.org1 while 16 clients submit CreateAsset through
// the gateways of peer0.org1 and peer0.org2, restarts it, lets it catch up,
// and compares its state with its sibling peer0.org1: ledger heights from
// /metrics while running, then (both stopped with SIGTERM) the Pebble
// state fingerprint of each ledger directory, plus evaluations on the
// restarted peer of keys written while it was down. The peer processes
// expose no state hash, so the fingerprint is read from the ledger files.
func testCrash(t *testing.T, n *Network) {
	victim, sibling := n.PeersOf("org1")[1], n.PeersOf("org1")[0]
	gws := []*Peer{sibling, n.PeersOf("org2")[0]}
	ctx, stopLoad := context.WithCancel(context.Background())
	defer stopLoad()
	var ok, failed atomic.Int64
	var mu sync.Mutex
	var written []string
	var wg sync.WaitGroup
	prefix := fmt.Sprintf("crash-%d-", time.Now().UnixNano())
	for w := 0; w < 16; w++ {
		p := gws[w%2]
		c := n.Gateway(t, p, p.Org.Name, "User1").GetNetwork(n.Channel).GetContract("asset")
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ctx.Err() == nil; i++ {
				id := fmt.Sprintf("%s%d-%d", prefix, w, i)
				if _, err := c.SubmitTransaction("CreateAsset", id, "load", "1"); err != nil {
					failed.Add(1)
					continue
				}
				ok.Add(1)
				mu.Lock()
				written = append(written, id)
				mu.Unlock()
			}
		}()
	}
	for ok.Load() < 50 {
		if time.Sleep(50 * time.Millisecond); ok.Load() == 0 && failed.Load() > 100 {
			t.Fatalf("load does not commit: %d failures", failed.Load())
		}
	}
	victim.Kill()
	killedAt := n.Height(sibling)
	okAtKill := ok.Load()
	time.Sleep(2 * time.Second) // blocks commit while it is down
	if err := victim.Start(); err != nil {
		t.Fatal(err)
	}
	n.WaitReady(t, victim, 30*time.Second)
	time.Sleep(2 * time.Second) // and while it catches up
	stopLoad()
	wg.Wait()
	if ok.Load() <= okAtKill {
		t.Fatalf("no transaction committed after the kill (%d before)", okAtKill)
	}

	// Quiet: wait for the sibling to stop growing, then for the victim.
	h := n.Height(sibling)
	for {
		time.Sleep(700 * time.Millisecond)
		if h2 := n.Height(sibling); h2 == h {
			break
		} else {
			h = h2
		}
	}
	if h <= killedAt+1 {
		t.Fatalf("only %d blocks committed after the kill", h-killedAt)
	}
	n.WaitHeight(t, h, 60*time.Second, victim)
	ev := n.Gateway(t, victim, "org1", "User1").GetNetwork(n.Channel).GetContract("asset")
	mu.Lock()
	last := written[len(written)-1]
	mu.Unlock()
	if v, err := ev.EvaluateTransaction("ReadAsset", last); err != nil || !bytes.Contains(v, []byte(last)) {
		t.Fatalf("restarted peer evaluates the last key %s: %s %v", last, v, err)
	}

	victim.Stop()
	sibling.Stop()
	fp := func(p *Peer) ([]byte, uint64) {
		l, err := ledger.Open(p.LedgerDir(n.Channel))
		if err != nil {
			t.Fatalf("open %s ledger: %v", p.Host, err)
		}
		defer l.Close()
		f, err := l.StateFingerprint()
		if err != nil {
			t.Fatal(err)
		}
		return f, l.Height()
	}
	fv, hv := fp(victim)
	fs, hs := fp(sibling)
	if hv != hs || !bytes.Equal(fv, fs) {
		t.Fatalf("restarted %s: height %d fingerprint %x; sibling %s: height %d fingerprint %x", victim.Host, hv, fv, sibling.Host, hs, fs)
	}
	t.Logf("%d creates committed (%d failed during the crash), killed at height %d, final height %d, state fingerprint %x",
		ok.Load(), failed.Load(), killedAt, hv, fv)
}
