package privdata

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/saharanet/saharanet/network/ledger"
)

type heightOnly struct {
	h      uint64
	writes int
}

func (f *heightOnly) Height() uint64 { return f.h }
func (f *heightOnly) CommitOldPrivateData(ws []ledger.PrivateWrite) error {
	f.writes += len(ws)
	return nil
}

// TestReconcileDropsExpiredAndForeignEntries: entries whose data has
// expired under block-to-live, or of collections this org is not a member
// of, leave the index without any pull.
func TestReconcileDropsExpiredAndForeignEntries(t *testing.T) {
	m := testMaterial(t)
	dir := t.TempDir()
	ts, err := OpenTransientStore(filepath.Join(dir, "t"), WithTransientLogger(quietLogger()))
	if err != nil {
		t.Fatal(err)
	}
	defer ts.Close()
	mi, err := OpenMissingIndex(filepath.Join(dir, "m"), quietLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer mi.Close()
	c, err := NewCoordinator(CoordinatorConfig{Channel: "ch1", LocalMSP: "Org2MSP", Collections: testSource(t, m, "Org2MSP"),
		Info: m.info, Transient: ts, Missing: mi, Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	_ = mi.Add(
		MissingEntry{Block: 0, Tx: 0, TxID: "a", Namespace: "cc", Collection: "shared", Hash: []byte{1}},   // BTL 5: expired once block 6 committed
		MissingEntry{Block: 3, Tx: 0, TxID: "b", Namespace: "cc", Collection: "shared", Hash: []byte{1}},   // still live
		MissingEntry{Block: 3, Tx: 1, TxID: "c", Namespace: "cc", Collection: "org1only", Hash: []byte{1}}, // Org2 is no member
	)
	f := &heightOnly{h: 7}
	if n, err := c.Reconcile(context.Background(), f, 0); err != nil || n != 0 || f.writes != 0 {
		t.Fatalf("Reconcile = %d, %v (writes %d)", n, err, f.writes)
	}
	left, _ := mi.List(0)
	if len(left) != 1 || left[0].TxID != "b" {
		t.Fatalf("left in index: %+v", left)
	}
	if !expired(0, 5, 7) || expired(0, 5, 6) || expired(0, 0, 1000) {
		t.Error("expiry arithmetic does not follow block N+BTL+1")
	}
}

func TestNewCoordinatorChecksConfig(t *testing.T) {
	if _, err := NewCoordinator(CoordinatorConfig{Channel: "ch1"}); err == nil {
		t.Error("config without MSP accepted")
	}
}
