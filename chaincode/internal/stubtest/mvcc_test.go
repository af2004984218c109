package stubtest

import (
	"errors"
	"testing"
)

func seed(t *testing.T, l *Ledger, kv map[string]string) {
	t.Helper()
	s := l.NewStub(nil, nil)
	for k, v := range kv {
		if err := s.PutState(k, []byte(v)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
}

func TestReadWriteConflictInOneBlock(t *testing.T) {
	l := NewLedger("Org1MSP")
	seed(t, l, map[string]string{"counter": "1"})
	a, b := l.NewStub(nil, nil), l.NewStub(nil, nil)
	for _, s := range []*Stub{a, b} {
		if v, _ := s.GetState("counter"); string(v) != "1" {
			t.Fatalf("read %q", v)
		}
		s.PutState("counter", []byte("2"))
	}
	errs := l.CommitBlock(a, b)
	if errs[0] != nil || !errors.Is(errs[1], ErrMVCCConflict) {
		t.Fatalf("errors %v, want the second to be an MVCC conflict", errs)
	}
	if string(l.Get("counter")) != "2" || l.Commits() != 2 {
		t.Fatalf("counter %q after %d commits", l.Get("counter"), l.Commits())
	}
}

func TestBlindWritesAndFreshKeysDoNotConflict(t *testing.T) {
	l := NewLedger("Org1MSP")
	seed(t, l, map[string]string{"shared": "x"})
	a, b := l.NewStub(nil, nil), l.NewStub(nil, nil)
	for i, s := range []*Stub{a, b} {
		s.GetState("shared")                                  // read, never written: no conflict
		s.PutState("same", []byte("v"))                       // written, never read: last writer wins
		s.PutState("fresh/"+string(rune('a'+i)), []byte("1")) // a key of its own
		s.GetState("absent-" + string(rune('a'+i)))           // absent key nobody writes
	}
	for i, err := range l.CommitBlock(a, b) {
		if err != nil {
			t.Fatalf("tx %d: %v", i, err)
		}
	}
	if l.Get("fresh/a") == nil || l.Get("fresh/b") == nil {
		t.Fatal("a write was lost")
	}
}

func TestReadOfAbsentKeyConflictsWithItsCreation(t *testing.T) {
	l := NewLedger("Org1MSP")
	a, b := l.NewStub(nil, nil), l.NewStub(nil, nil)
	for _, s := range []*Stub{a, b} {
		if v, _ := s.GetState("id"); v != nil {
			t.Fatal("key exists")
		}
		s.PutState("id", []byte("mine"))
	}
	if errs := l.CommitBlock(a, b); errs[0] != nil || !errors.Is(errs[1], ErrMVCCConflict) {
		t.Fatalf("errors %v: two creations of one key must not both commit", errs)
	}
}

func TestPhantomRead(t *testing.T) {
	l := NewLedger("Org1MSP")
	seed(t, l, map[string]string{"idx/1": "x"})
	reader, writer := l.NewStub(nil, nil), l.NewStub(nil, nil)
	it, _ := reader.GetStateByRange("idx/", "idx0")
	for it.HasNext() {
		it.Next()
	}
	reader.PutState("out", []byte("1"))
	writer.PutState("idx/2", []byte("y"))
	errs := l.CommitBlock(writer, reader)
	if errs[0] != nil || !errors.Is(errs[1], ErrMVCCConflict) {
		t.Fatalf("errors %v, want a phantom read conflict for the range reader", errs)
	}
	if l.Get("out") != nil {
		t.Fatal("invalid transaction's write was applied")
	}
	// A write outside the range does not disturb it.
	reader, writer = l.NewStub(nil, nil), l.NewStub(nil, nil)
	reader.GetStateByRange("idx/", "idx0")
	reader.PutState("out", []byte("1"))
	writer.PutState("other", []byte("z"))
	if errs := l.CommitBlock(writer, reader); errs[0] != nil || errs[1] != nil {
		t.Fatalf("errors %v", errs)
	}
}

func TestPrivateReadConflict(t *testing.T) {
	l := NewLedger("Org1MSP")
	coll := ImplicitCollection("Org1MSP")
	s := l.NewStub(nil, nil)
	s.PutPrivateData(coll, "used", []byte("1"))
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	a, b := l.NewStub(nil, nil), l.NewStub(nil, nil)
	for _, s := range []*Stub{a, b} {
		if _, err := s.GetPrivateData(coll, "used"); err != nil {
			t.Fatal(err)
		}
		s.PutPrivateData(coll, "used", []byte("2"))
	}
	if errs := l.CommitBlock(a, b); errs[0] != nil || !errors.Is(errs[1], ErrMVCCConflict) {
		t.Fatalf("errors %v, want a private MVCC conflict", errs)
	}
	// Reading only the hash counts as a read too (Fabric validates hashed reads).
	a, b = l.NewStub(nil, nil), l.NewStub(nil, nil)
	a.GetPrivateDataHash(coll, "used")
	a.PutState("x", []byte("1"))
	b.PutPrivateData(coll, "used", []byte("3"))
	if errs := l.CommitBlock(b, a); errs[0] != nil || !errors.Is(errs[1], ErrMVCCConflict) {
		t.Fatalf("errors %v, want a conflict on the hashed read", errs)
	}
}

func TestFingerprintSeesEveryKindOfChange(t *testing.T) {
	l := NewLedger("Org1MSP")
	prev := l.Fingerprint()
	changes := map[string]func(s *Stub){
		"public":   func(s *Stub) { s.PutState("k", []byte("v")) },
		"update":   func(s *Stub) { s.PutState("k", []byte("w")) },
		"metadata": func(s *Stub) { s.SetStateValidationParameter("k", []byte("ep")) },
		"private":  func(s *Stub) { s.PutPrivateData(ImplicitCollection("Org1MSP"), "k", []byte("v")) },
		"event":    func(s *Stub) { s.SetEvent("E", nil) },
	}
	for _, name := range []string{"public", "update", "metadata", "private", "event"} {
		s := l.NewStub(nil, nil)
		changes[name](s)
		if err := s.Commit(); err != nil {
			t.Fatal(err)
		}
		now := l.Fingerprint()
		if now == prev {
			t.Fatalf("%s change not in the fingerprint", name)
		}
		prev = now
	}
	if l.Fingerprint() != prev {
		t.Fatal("fingerprint not stable")
	}
}
