package consortium

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/saharanet/saharanet/chaincode/internal/stubtest"
)

// These tests endorse several transactions against the same committed state
// and commit them in one block through the double's MVCC validation, as a
// REST gateway submitting in parallel would: they show which transactions
// may share a block.

// block simulates every call against the current state, requires each to
// endorse, then commits them in order and returns the commit errors.
func (n *net) block(calls ...[]string) []error {
	n.t.Helper()
	var txs []*stubtest.Stub
	for _, c := range calls {
		who := map[string][]byte{"user1": n.user1, "user2": n.user2}[c[0]]
		var tr map[string][]byte
		if c[1] == "ReportUsage" {
			tr = n.usage(c[2])
		}
		resp, stub := n.l.Simulate(n.cc, who, tr, c[1:]...)
		if resp.Status >= 400 {
			n.t.Fatalf("%v: endorsement failed: %s", c[1:], resp.Message)
		}
		txs = append(txs, stub)
	}
	return n.l.CommitBlock(txs...)
}

func TestConcurrentRegistrationsShareABlock(t *testing.T) {
	n := setup(t)
	publicLicense(n, "o1", "lic1", termsJSON("ds1", "PER_UNIT", "1", 0, 0, true))
	errs := n.block(
		[]string{"user1", "RegisterAsset", assetJSON("root1", "ann", "")},
		[]string{"user2", "RegisterAsset", assetJSON("root2", "bob", "")},
		[]string{"user1", "RegisterAsset", assetJSON("child1", "ann", "ds1")},
		[]string{"user1", "RegisterAsset", assetJSON("child2", "ann", "ds1")},
		[]string{"user2", "RegisterAsset", assetJSON("child3", "bob", "ds1")}, // through Org2's licence
	)
	for i, err := range errs {
		if err != nil {
			t.Fatalf("registration %d did not commit: %v", i, err)
		}
	}
	for id, depth := range map[string]uint64{"root1": 0, "root2": 0, "child1": 1, "child2": 1, "child3": 1} {
		var a Asset
		if err := json.Unmarshal([]byte(n.must(n.user3, nil, "GetAsset", id)), &a); err != nil || a.Depth != depth {
			t.Fatalf("%s: %+v %v, want depth %d", id, a, err, depth)
		}
	}
	var down []LineageNode
	json.Unmarshal([]byte(n.must(n.user3, nil, "GetLineage", "ds1", "down")), &down)
	if len(down) != 3 {
		t.Fatalf("lineage down %+v", down)
	}
	// The one conflict left is the one that must exist: two registrations of
	// the same id.
	errs = n.block(
		[]string{"user1", "RegisterAsset", assetJSON("same", "ann", "")},
		[]string{"user2", "RegisterAsset", assetJSON("same", "bob", "")},
	)
	if errs[0] != nil || !errors.Is(errs[1], stubtest.ErrMVCCConflict) {
		t.Fatalf("duplicate id in one block: %v", errs)
	}
}

func TestConcurrentUsageReports(t *testing.T) {
	n := setup(t)
	publicLicense(n, "o1", "unl", termsJSON("ds1", "PER_UNIT", "3", 0, 0, false))
	publicLicense(n, "o2", "sub", termsJSON("ds1", "SUBSCRIPTION", "700", 0, 0, false))
	publicLicense(n, "o3", "limA", termsJSON("ds1", "PER_UNIT", "5", 100, 0, false))
	publicLicense(n, "o4", "limB", termsJSON("ds1", "PER_UNIT", "7", 100, 0, false))
	n.l.SetPeerOrg("Org2MSP")
	report := func(lic, units string) []string {
		return []string{"user2", "ReportUsage", lic, "0", units, "1", root0}
	}
	errs := n.block(
		report("unl", "10"), report("unl", "20"), // unlimited: fresh keys only
		report("sub", "1"), report("sub", "2"), // subscription: one blind period key
		report("limA", "30"), report("limA", "40"), // limited: the running total conflicts
		report("limB", "50"), // ... but only on its own licence
	)
	want := []bool{true, true, true, true, true, false, true}
	for i, err := range errs {
		if committed := err == nil; committed != want[i] {
			t.Fatalf("report %d: committed %v, want %v (%v)", i, committed, want[i], err)
		}
		if err != nil && !errors.Is(err, stubtest.ErrMVCCConflict) {
			t.Fatalf("report %d: %v, want an MVCC conflict", i, err)
		}
	}
	var used uint64
	json.Unmarshal(n.l.GetPrivate(stubtest.ImplicitCollection("Org2MSP"), kUsed("limA")), &used)
	if used != 30 {
		t.Fatalf("limA used %d, want 30 (the invalid report must not count)", used)
	}
	if n.l.GetPrivate(stubtest.ImplicitCollection("Org2MSP"), kUsed("unl")) != nil {
		t.Fatal("an unlimited licence keeps a running total, which would make its reports conflict")
	}
	// The gateway resubmits the invalidated report; the limit still holds.
	n.must(n.user2, n.usage("limA"), "ReportUsage", "limA", "0", "40", "1", root0)
	n.mustFail("pass the limit of 100", n.user2, n.usage("limA"), "ReportUsage", "limA", "0", "31", "1", root0)

	// Revenue: 10·3 + 20·3 + 700 once + (30+40)·5 + 50·7 = 1490.
	fees := n.feeKeys(0)
	if len(fees) != 6 {
		t.Fatalf("fee keys %v, want 2 unlimited + 1 subscription + 2 limA + 1 limB", fees)
	}
	n.l.SetTime(n.l.Now().Add(120e9))
	if s := n.settle(0); s.Revenue != fmt.Sprint(30+60+700+350+350) {
		t.Fatalf("settlement %+v", s)
	}
}
