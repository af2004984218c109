package chaincode

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hyperledger/fabric-chaincode-go/v2/shim"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/queryresult"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset/kvrwset"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/saharanet/saharanet/network/chaincode/internal/testcc"
)

func nsRWSet(t *testing.T, r txResult, ns string) *kvrwset.KVRWSet {
	t.Helper()
	for _, n := range r.results.Public.GetNsRwset() {
		if n.GetNamespace() == ns {
			kv := &kvrwset.KVRWSet{}
			if err := proto.Unmarshal(n.GetRwset(), kv); err != nil {
				t.Fatal(err)
			}
			return kv
		}
	}
	t.Fatalf("no rwset for namespace %s", ns)
	return nil
}

type fakeHistory map[string][]*queryresult.KeyModification

type sliceHistory struct {
	kms []*queryresult.KeyModification
}

func (s *sliceHistory) Next() (*queryresult.KeyModification, error) {
	if len(s.kms) == 0 {
		return nil, nil
	}
	km := s.kms[0]
	s.kms = s.kms[1:]
	return km, nil
}
func (s *sliceHistory) Close() {}

func (f fakeHistory) GetHistoryForKey(ns, key string) (HistoryIterator, error) {
	return &sliceHistory{kms: f[ns+"/"+key]}, nil
}

// exercise runs every shim request type through the contract.
func exercise(t *testing.T, e *env, cc string) {
	t.Run("put get delete", func(t *testing.T) {
		w := e.ok(cc, "Put", "k1", "v1")
		if kv := nsRWSet(t, w, cc); len(kv.Writes) != 1 || kv.Writes[0].Key != "k1" || string(kv.Writes[0].Value) != "v1" {
			t.Fatalf("Put rwset = %v", kv)
		}
		if r := e.ok(cc, "Get", "k1"); string(r.resp.Payload) != "v1" {
			t.Fatalf("Get = %q", r.resp.Payload)
		} else if kv := nsRWSet(t, r, cc); len(kv.Reads) != 1 || kv.Reads[0].Version.GetBlockNum() == 0 {
			t.Fatalf("Get rwset reads = %v", kv.Reads)
		}
		e.ok(cc, "Del", "k1")
		r := e.invoke(cc, "Get", []string{"k1"}, nil)
		if r.err != nil || r.resp.Status != 500 || !strings.Contains(r.resp.Message, "does not exist") {
			t.Fatalf("Get after delete: %v %v", r.resp, r.err)
		}
	})
	t.Run("composite key range over 100 keys", func(t *testing.T) {
		e.ok(cc, "PutAssets", "250")
		r := e.ok(cc, "CountAssets")
		if string(r.resp.Payload) != "250" {
			t.Fatalf("CountAssets = %s, want 250 (batches of 100 through QUERY_STATE_NEXT)", r.resp.Payload)
		}
		kv := nsRWSet(t, r, cc)
		if len(kv.RangeQueriesInfo) != 1 || !kv.RangeQueriesInfo[0].ItrExhausted || kv.RangeQueriesInfo[0].GetReadsMerkleHashes() == nil {
			t.Fatalf("range info = %v", kv.RangeQueriesInfo)
		}
	})
	t.Run("pagination with bookmarks", func(t *testing.T) {
		e.ok(cc, "PutMany", "p", "25")
		var all []string
		bookmark := ""
		for page := 0; ; page++ {
			r := e.ok(cc, "Page", "p", "q", "10", bookmark)
			var got struct {
				Keys     []string
				Bookmark string
				Count    int
			}
			if err := json.Unmarshal(r.resp.Payload, &got); err != nil {
				t.Fatal(err)
			}
			if got.Count != len(got.Keys) {
				t.Fatalf("page %d: count %d for %d keys", page, got.Count, len(got.Keys))
			}
			all = append(all, got.Keys...)
			want := map[int]string{0: "p0010", 1: "p0020", 2: ""}[page]
			if got.Bookmark != want {
				t.Fatalf("page %d bookmark = %q, want %q", page, got.Bookmark, want)
			}
			if got.Bookmark == "" {
				break
			}
			bookmark = got.Bookmark
		}
		if len(all) != 25 || all[0] != "p0000" || all[24] != "p0024" {
			t.Fatalf("pages gave %v", all)
		}
		// Paginated queries are read-only.
		r := e.invoke(cc, "Page", []string{"p", "q", "0", ""}, nil)
		if r.err != nil || r.resp.Status != 200 {
			t.Fatalf("unpaginated Page: %v %v", r.resp, r.err)
		}
	})
	t.Run("key-level endorsement metadata", func(t *testing.T) {
		e.ok(cc, "Put", "asset1", "x")
		w := e.ok(cc, "SetEP", "asset1", "policy-bytes")
		kv := nsRWSet(t, w, cc)
		if len(kv.MetadataWrites) != 1 || kv.MetadataWrites[0].Entries[0].Name != "VALIDATION_PARAMETER" || string(kv.MetadataWrites[0].Entries[0].Value) != "policy-bytes" {
			t.Fatalf("metadata write = %v", kv.MetadataWrites)
		}
		if r := e.ok(cc, "GetEP", "asset1"); string(r.resp.Payload) != "policy-bytes" {
			t.Fatalf("GetEP = %q", r.resp.Payload)
		}
	})
	t.Run("private data", func(t *testing.T) {
		w := e.invoke(cc, "PutPrivate", []string{"pvt", "secret1"}, map[string][]byte{"value": []byte("s3cr3t")})
		if w.err != nil || w.resp.Status != 200 {
			t.Fatalf("PutPrivate: %v %v", w.resp, w.err)
		}
		if w.results.Private == nil || strings.Contains(string(w.results.PublicBytes), "s3cr3t") {
			t.Fatal("private value missing from the private set or leaked into the public one")
		}
		if r := e.ok(cc, "GetPrivate", "pvt", "secret1"); string(r.resp.Payload) != "s3cr3t" {
			t.Fatalf("GetPrivate = %q", r.resp.Payload)
		}
		sum := sha256.Sum256([]byte("s3cr3t"))
		if r := e.ok(cc, "PrivateHash", "pvt", "secret1"); string(r.resp.Payload) != hex.EncodeToString(sum[:]) {
			t.Fatalf("PrivateHash = %s", r.resp.Payload)
		}
		r := e.invoke(cc, "GetPrivate", []string{"others", "x"}, nil)
		if r.err != nil || r.resp.Status != 500 || !strings.Contains(r.resp.Message, "does not have read access") {
			t.Fatalf("member-only read: %v %v", r.resp, r.err)
		}
		r = e.invoke(cc, "GetPrivate", []string{"nosuch", "x"}, nil)
		if r.err != nil || r.resp.Status != 500 || !strings.Contains(r.resp.Message, "not defined") {
			t.Fatalf("unknown collection: %v %v", r.resp, r.err)
		}
		e.invoke(cc, "PutPrivate", []string{"pvt", "secret2"}, map[string][]byte{"value": []byte("two")})
		if r := e.ok(cc, "PrivateRange", "pvt", "", ""); string(r.resp.Payload) != "secret1,secret2" {
			t.Fatalf("PrivateRange = %q", r.resp.Payload)
		}
		e.ok(cc, "PurgePrivate", "pvt", "secret1")
		if r := e.ok(cc, "PrivateHash", "pvt", "secret1"); len(r.resp.Payload) != 0 {
			t.Fatalf("hash after purge = %s", r.resp.Payload)
		}
	})
	t.Run("event", func(t *testing.T) {
		r := e.ok(cc, "Emit", "Created", "payload-1")
		if r.event == nil || r.event.EventName != "Created" || string(r.event.Payload) != "payload-1" || r.event.ChaincodeId != cc || r.event.TxId != r.txid {
			t.Fatalf("event = %v (txid %s)", r.event, r.txid)
		}
	})
	t.Run("transient", func(t *testing.T) {
		r := e.invoke(cc, "Transient", []string{"price"}, map[string][]byte{"price": []byte("42")})
		if r.err != nil || string(r.resp.GetPayload()) != "42" {
			t.Fatalf("Transient: %v %v", r.resp, r.err)
		}
	})
	t.Run("chaincode error is status 500", func(t *testing.T) {
		r := e.invoke(cc, "Fail", []string{"license expired"}, nil)
		if r.err != nil || r.resp.Status != 500 || r.resp.Message != "license expired" {
			t.Fatalf("Fail: %v %v", r.resp, r.err)
		}
	})
	t.Run("rich query is refused clearly", func(t *testing.T) {
		r := e.invoke(cc, "Rich", []string{`{"selector":{}}`}, nil)
		if r.err != nil || r.resp.Status != 500 || !strings.Contains(r.resp.Message, "rich queries are not supported") {
			t.Fatalf("Rich: %v %v", r.resp, r.err)
		}
	})
	t.Run("history", func(t *testing.T) {
		r := e.invoke(cc, "History", []string{"h"}, nil)
		if r.err != nil || r.resp.Status != 500 || !strings.Contains(r.resp.Message, "history queries are not enabled") {
			t.Fatalf("History without index: %v %v", r.resp, r.err)
		}
		var kms []*queryresult.KeyModification
		for i := 0; i < 130; i++ {
			kms = append(kms, &queryresult.KeyModification{TxId: fmt.Sprint(i), Value: []byte("v"), Timestamp: timestamppb.Now()})
		}
		e.history = fakeHistory{cc + "/h": kms}
		defer func() { e.history = nil }()
		if r := e.ok(cc, "History", "h"); string(r.resp.Payload) != "130" {
			t.Fatalf("History = %s", r.resp.Payload)
		}
	})
	t.Run("50 concurrent transactions", func(t *testing.T) {
		var wg sync.WaitGroup
		errs := make(chan error, 50)
		for i := 0; i < 50; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				key := fmt.Sprintf("c%02d", i)
				r := e.invoke(cc, "Put", []string{key, "val-" + key}, nil)
				if r.err != nil || r.resp.Status != 200 {
					errs <- fmt.Errorf("%s: %v %v", key, r.resp, r.err)
					return
				}
				kv := &kvrwset.KVRWSet{}
				_ = proto.Unmarshal(r.results.Public.NsRwset[0].Rwset, kv)
				if len(kv.Writes) != 1 || kv.Writes[0].Key != key || string(kv.Writes[0].Value) != "val-"+key {
					errs <- fmt.Errorf("%s: rwset of another tx: %v", key, kv)
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
	})
}

func TestDialIn(t *testing.T) {
	e := newEnv(t)
	dialIn(t, e.peerServer(), "testcc")
	exercise(t, e, "testcc")
}

func TestChaincodeAsAService(t *testing.T) {
	// The shim's own ChaincodeServer.Start (its listener, its gRPC server) on
	// a port from our range; it cannot be stopped, which is fine for a test.
	addr := freeAddr(t)
	cc, err := testcc.New()
	if err != nil {
		t.Fatal(err)
	}
	cs := &shim.ChaincodeServer{CCID: "testcc", Address: addr, CC: cc, TLSProps: shim.TLSProperties{Disabled: true}}
	go func() { _ = cs.Start() }()

	e := newEnv(t)
	e.sup.AddExternal("testcc", addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	waitUntil(t, func() bool { return e.sup.Connect(context.Background(), "testcc") == nil })
	exercise(t, e, "testcc")
}

func freeAddr(t *testing.T) string {
	for p := 28100; p < 28999; p++ {
		l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p))
		if err == nil {
			l.Close()
			return l.Addr().String()
		}
	}
	t.Fatal("no free port in 28100-28999")
	return ""
}

func waitUntil(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 10s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestDialInKilledAndReconnected(t *testing.T) {
	e := newEnv(t)
	addr := e.peerServer()
	kill := dialIn(t, addr, "testcc")
	e.ok("testcc", "Put", "a", "1")

	// A transaction in flight when the chaincode dies fails promptly.
	res := make(chan txResult, 1)
	go func() { res <- e.invoke("testcc", "Sleep", []string{"3000"}, nil) }()
	time.Sleep(200 * time.Millisecond)
	kill()
	select {
	case r := <-res:
		if r.err == nil || !strings.Contains(r.err.Error(), "chaincode stream terminated") {
			t.Fatalf("in-flight tx after crash: %v", r.err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("in-flight tx not failed after the chaincode died")
	}
	waitUntil(t, func() bool { return !e.sup.Connected("testcc") })

	// Execute waits for the chaincode to come back.
	go func() {
		time.Sleep(300 * time.Millisecond)
		dialIn(t, addr, "testcc")
	}()
	if r := e.ok("testcc", "Get", "a"); string(r.resp.Payload) != "1" {
		t.Fatalf("Get after reconnect = %q", r.resp.Payload)
	}
}

func TestReconnectReplacesStaleStream(t *testing.T) {
	e := newEnv(t)
	addr := e.peerServer()
	dialIn(t, addr, "testcc")
	waitUntil(t, func() bool { return e.sup.Connected("testcc") })
	e.sup.mu.Lock()
	first := e.sup.handlers["testcc"]
	e.sup.mu.Unlock()
	dialIn(t, addr, "testcc") // the "restarted" process registers while the old stream still looks alive
	waitUntil(t, func() bool {
		e.sup.mu.Lock()
		defer e.sup.mu.Unlock()
		return e.sup.handlers["testcc"] != nil && e.sup.handlers["testcc"] != first
	})
	select {
	case <-first.done:
	case <-time.After(5 * time.Second):
		t.Fatal("stale handler not stopped")
	}
	e.ok("testcc", "Put", "b", "2")
}

func TestCCaaSKilledAndRedialled(t *testing.T) {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := lis.Addr().String()
	stop := ccaasServer(t, lis, "testcc")
	e := newEnv(t)
	e.sup.AddExternal("testcc", addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	e.ok("testcc", "Put", "a", "1") // dialled on demand
	stop()
	waitUntil(t, func() bool { return !e.sup.Connected("testcc") })

	lis2, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	ccaasServer(t, lis2, "testcc")
	if r := e.ok("testcc", "Get", "a"); string(r.resp.Payload) != "1" {
		t.Fatalf("Get after redial = %q", r.resp.Payload)
	}
}

func TestCCaaSWrongID(t *testing.T) {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ccaasServer(t, lis, "other:1")
	e := newEnv(t)
	e.sup.AddExternal("testcc", lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	err = e.sup.Connect(context.Background(), "testcc")
	if err == nil || !strings.Contains(err.Error(), "registered as other:1") {
		t.Fatalf("Connect to a chaincode with another id: %v", err)
	}
	if e.sup.Connected("other:1") {
		t.Fatal("mismatched chaincode was registered")
	}
}

func TestExecuteTimeout(t *testing.T) {
	e := newEnv(t, WithExecuteTimeout(300*time.Millisecond))
	dialIn(t, e.peerServer(), "testcc")
	start := time.Now()
	r := e.invoke("testcc", "Sleep", []string{"2000"}, nil)
	if r.err == nil || !strings.Contains(r.err.Error(), "timeout expired while executing transaction") {
		t.Fatalf("slow tx: %v", r.err)
	}
	if d := time.Since(start); d > 1500*time.Millisecond {
		t.Fatalf("timeout took %s", d)
	}
}

func TestNotConnected(t *testing.T) {
	e := newEnv(t, WithConnectTimeout(200*time.Millisecond))
	r := e.invoke("nobody", "Put", []string{"a", "b"}, nil)
	if r.err == nil || !strings.Contains(r.err.Error(), ErrNotConnected.Error()) {
		t.Fatalf("execute without chaincode: %v", r.err)
	}
}

func TestChaincodeToChaincode(t *testing.T) {
	e := newEnv(t)
	addr := e.peerServer()
	dialIn(t, addr, "caller")
	dialIn(t, addr, "callee")
	e.ok("callee", "Put", "k", "from-callee")
	r := e.ok("caller", "Call", "callee", "Get", "k")
	if string(r.resp.Payload) != "from-callee" {
		t.Fatalf("Call = %q", r.resp.Payload)
	}
	// The callee's read is recorded in its own namespace of the same tx.
	if kv := nsRWSet(t, r, "callee"); len(kv.Reads) != 1 || kv.Reads[0].Key != "k" {
		t.Fatalf("callee reads = %v", kv.Reads)
	}
	r = e.invoke("caller", "Call", []string{"callee/otherchannel", "Get", "k"}, nil)
	if r.err != nil || r.resp.Status != 500 || !strings.Contains(r.resp.Message, "cross-channel") {
		t.Fatalf("cross-channel call: %v %v", r.resp, r.err)
	}
	// Calling itself collides on (channel, txid), as in Fabric.
	r = e.invoke("caller", "Call", []string{"caller", "Get", "k"}, nil)
	if r.err != nil || r.resp.Status != 500 || !strings.Contains(r.resp.Message, "exists") {
		t.Fatalf("self call: %v %v", r.resp, r.err)
	}
}

func TestChaincodeToChaincodeACL(t *testing.T) {
	e := newEnv(t, WithChaincodeToChaincodeACL(func(_ *peer.SignedProposal, _, callee string) error {
		return fmt.Errorf("creator is not a writer for %s", callee)
	}))
	addr := e.peerServer()
	dialIn(t, addr, "caller")
	dialIn(t, addr, "callee")
	r := e.invoke("caller", "Call", []string{"callee", "Get", "k"}, nil)
	if r.err != nil || r.resp.Status != 500 || !strings.Contains(r.resp.Message, "not a writer") {
		t.Fatalf("denied call: %v %v", r.resp, r.err)
	}
}

func TestRegisterAuthorizer(t *testing.T) {
	e := newEnv(t, WithRegisterAuthorizer(func(_ context.Context, id string) error {
		if id != "allowed" {
			return fmt.Errorf("no TLS binding for %s", id)
		}
		return nil
	}))
	addr := e.peerServer()
	dialIn(t, addr, "intruder")
	dialIn(t, addr, "allowed")
	waitUntil(t, func() bool { return e.sup.Connected("allowed") })
	if e.sup.Connected("intruder") {
		t.Fatal("refused chaincode registered")
	}
}

func TestInvocationValidation(t *testing.T) {
	e := newEnv(t)
	_, _, err := e.sup.Execute(context.Background(), Invocation{Channel: "c", TxID: "t", Chaincode: "cc"})
	if err == nil || !strings.Contains(err.Error(), "signed proposal") {
		t.Fatalf("invocation without proposal: %v", err)
	}
}

func BenchmarkExecutePut(b *testing.B) {
	e := newEnv(b)
	dialIn(b, e.peerServer(), "testcc")
	e.invoke("testcc", "Put", []string{"warm", "up"}, nil)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := e.invoke("testcc", "Put", []string{fmt.Sprintf("key%d", i), "value"}, nil)
		if r.err != nil || r.resp.Status != 200 {
			b.Fatal(r.resp, r.err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tx/s")
}

func BenchmarkExecutePutParallel(b *testing.B) {
	e := newEnv(b)
	dialIn(b, e.peerServer(), "testcc")
	b.SetParallelism(16)
	var n sync.Mutex
	i := 0
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			n.Lock()
			i++
			k := i
			n.Unlock()
			r := e.invoke("testcc", "Put", []string{fmt.Sprintf("key%d", k), "value"}, nil)
			if r.err != nil || r.resp.Status != 200 {
				b.Error(r.resp, r.err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tx/s")
}

func TestInit(t *testing.T) {
	e := newEnv(t)
	dialIn(t, e.peerServer(), "testcc")
	r := e.run("testcc", "Put", []string{"init", "done"}, nil, true)
	if r.err != nil || r.resp.Status != 200 {
		t.Fatalf("Init Put: %v %v", r.resp, r.err)
	}
	if kv := nsRWSet(t, r, "testcc"); len(kv.Writes) != 1 || kv.Writes[0].Key != "init" {
		t.Fatalf("Init rwset = %v", kv)
	}
	// Private data is off limits in Init; the shim turns the 500 into ERROR.
	r = e.run("testcc", "PutPrivate", []string{"pvt", "k"}, map[string][]byte{"value": []byte("v")}, true)
	if r.err == nil || !strings.Contains(r.err.Error(), "private data APIs are not allowed in chaincode Init()") {
		t.Fatalf("private write in Init: %v %v", r.resp, r.err)
	}
}

func TestPaginatedRangeRecordsPage(t *testing.T) {
	e := newEnv(t)
	dialIn(t, e.peerServer(), "testcc")
	e.ok("testcc", "PutMany", "p", "5")
	// As in Fabric the page limit is the query's total limit, so the peer stops
	// after pageSize results without touching the next key: the range info
	// ends at the last key returned and is not exhausted.
	r := e.ok("testcc", "Page", "p", "q", "2", "")
	kv := nsRWSet(t, r, "testcc")
	if len(kv.Writes) != 0 || len(kv.RangeQueriesInfo) != 1 {
		t.Fatalf("Page rwset = %v", kv)
	}
	rq := kv.RangeQueriesInfo[0]
	if rq.StartKey != "p" || rq.EndKey != "p0001" || rq.ItrExhausted || len(rq.GetRawReads().GetKvReads()) != 2 {
		t.Fatalf("Page range info = %v", rq)
	}
}
