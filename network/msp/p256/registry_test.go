package p256

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"errors"
	"math/big"
	"runtime"
	"sync"
	"testing"
	"time"
)

func TestRegistrySharesTables(t *testing.T) {
	reg := NewRegistry(4)
	key := testKey(t, 20)
	a, err := reg.Get(&key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	// A different *ecdsa.PublicKey value for the same point gets the same table.
	clone := &ecdsa.PublicKey{Curve: elliptic.P256(), X: new(big.Int).Set(key.X), Y: new(big.Int).Set(key.Y)}
	b, err := reg.Get(clone)
	if err != nil {
		t.Fatal(err)
	}
	if a != b {
		t.Error("two Gets for one key built two tables")
	}
	if got := reg.Live(); got != 1 {
		t.Errorf("Live = %d, want 1", got)
	}
	runtime.KeepAlive(a)
}

func TestRegistryConcurrentGet(t *testing.T) {
	reg := NewRegistry(4)
	key := testKey(t, 21)
	tabs := make([]*Table, 8)
	var wg sync.WaitGroup
	for i := range tabs {
		wg.Go(func() {
			tab, err := reg.Get(&key.PublicKey)
			if err != nil {
				t.Error(err)
			}
			tabs[i] = tab
		})
	}
	wg.Wait()
	for i, tab := range tabs {
		if tab == nil || tab != tabs[0] {
			t.Fatalf("Get %d returned a different table", i)
		}
	}
	if got := reg.Live(); got != 1 {
		t.Errorf("Live = %d after concurrent Gets of one key, want 1", got)
	}
}

func TestRegistryCapAndRelease(t *testing.T) {
	reg := NewRegistry(2)
	k1, k2, k3 := testKey(t, 30), testKey(t, 31), testKey(t, 32)
	t1, err := reg.Get(&k1.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	t2, err := reg.Get(&k2.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := reg.Get(&k3.PublicKey); !errors.Is(err, ErrRegistryFull) {
		t.Fatalf("third key: err = %v, want ErrRegistryFull", err)
	}
	// A key that already has a live table is still served when full.
	if again, err := reg.Get(&k1.PublicKey); err != nil || again != t1 {
		t.Fatalf("existing key when full: %v, %v", again, err)
	}
	runtime.KeepAlive(t2)

	// Drop t1: once collected, its slot is free for k3.
	t1 = nil
	deadline := time.Now().Add(5 * time.Second)
	for reg.Live() > 1 {
		if time.Now().After(deadline) {
			t.Fatalf("Live = %d: collected table never released its slot", reg.Live())
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	t3, err := reg.Get(&k3.PublicKey)
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	if reg.Live() != 2 {
		t.Errorf("Live = %d, want 2", reg.Live())
	}
	runtime.KeepAlive(t2)
	runtime.KeepAlive(t3)
}

func TestRegistryRejectsBadKey(t *testing.T) {
	reg := NewRegistry(1)
	bad := &ecdsa.PublicKey{Curve: elliptic.P256(), X: big.NewInt(1), Y: big.NewInt(1)}
	if _, err := reg.Get(bad); err == nil {
		t.Fatal("Get accepted an off-curve key")
	}
	if _, err := reg.Get(nil); err == nil {
		t.Fatal("Get accepted a nil key")
	}
	if reg.Live() != 0 {
		t.Errorf("Live = %d after failed Gets, want 0", reg.Live())
	}
}
