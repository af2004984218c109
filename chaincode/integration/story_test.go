package integration

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/saharanet/saharanet/api/payout"
	"github.com/saharanet/saharanet/chaincode/consortium"
	"github.com/saharanet/saharanet/network/e2e"
	"github.com/saharanet/saharanet/network/ledger"
)

func addr(n int) string { return fmt.Sprintf("0x%040x", 0xabc000+n) }

func mustAddr(t *testing.T, s string) [20]byte {
	t.Helper()
	a, err := payout.ParseAddress(s)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// wantDenied asserts that err is a chaincode refusal whose text contains want.
func wantDenied(t *testing.T, what string, err error, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: succeeded, want a refusal containing %q", what, want)
	}
	var ce *Error
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), want) {
		t.Fatalf("%s: error %v, want one containing %q", what, err, want)
	}
}

// TestStory is issue 6's integration must-show on a network of processes
// (3 raft orderers; Org1, Org2, Org3 with 2 peers each; the chaincode
// dialing in to every peer) driven by the fabric-gateway client. Org1
// registers a dataset and offers it privately to Org2 (PER_UNIT, terms in
// the transient map); Org2 accepts (both orgs endorse), derives a model
// from it (the licence allows derivatives) and licenses the model to Org1
// with a private FLAT offer, whose fee is booked at acceptance; Org3, on
// the channel but party to nothing, funds a reward. Subtests, in order:
// every party peer holds the terms and Org3 reads them nowhere; the epoch
// closes in pages, raising EpochSettled, and the payout tree and a claim
// check out with api/payout against amounts computed here; usage reports
// reach every party peer, Org3 reads them nowhere, and they are settled.
func TestStory(t *testing.T) {
	if testing.Short() {
		t.Skip("starts 3 orderers, 6 peers and 6 chaincode processes")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	n := Start(t, mustBuild(t), WithPeersPerOrg(2))
	org1, org2, org3 := n.MSPID("org1"), n.MSPID("org2"), n.MSPID("org3")
	u1, a1 := n.Client(t, "org1", "User1"), n.Client(t, "org1", "Admin")
	u2, a2 := n.Client(t, "org2", "User1"), n.Client(t, "org2", "Admin")
	u3, a3 := n.Client(t, "org3", "User1"), n.Client(t, "org3", "Admin")

	// step fails the test on err, else waits until every peer has
	// committed what the step wrote, so the next org sees it.
	step := func(t *testing.T, name string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		n.Sync(t)
	}

	// Epochs of 30 s: the settlement part fits in one.
	genesis := time.Now().Unix()
	wantDenied(t, "Configure by a member", u1.Configure(ctx, genesis, 30, 2), "access denied")
	step(t, "Configure", a1.Configure(ctx, genesis, 30, 2))
	cfg, err := u3.GetConfig(ctx)
	step(t, "GetConfig", err)
	if cfg.GenesisUnix != genesis || cfg.EpochSeconds != 30 || cfg.GraceSeconds != 2 {
		t.Fatalf("config %+v", cfg)
	}
	clock := Clock{cfg}

	payees := []struct {
		c    *Client
		id   string
		addr string
	}{{u1, "alice", addr(1)}, {u1, "bob", addr(2)}, {u2, "carol", addr(3)}, {u3, "dave", addr(4)}}
	for _, p := range payees {
		got, err := p.c.RegisterPayee(ctx, p.id, p.addr)
		step(t, "RegisterPayee "+p.id, err)
		if got.Sponsor != p.c.MSPID() || len(got.Addresses) != 1 || got.Addresses[0].Address != p.addr {
			t.Fatalf("payee %+v", got)
		}
	}

	ds, err := u1.RegisterAsset(ctx, AssetInput{ID: "ds-1", Kind: "DATASET", Name: "clinical notes",
		ContentHash: strings.Repeat("ab", 32), URI: "s3://org1/ds-1",
		Contributors: []consortium.Contributor{{Payee: "alice", ShareBps: 6000}, {Payee: "bob", ShareBps: 4000}}})
	step(t, "RegisterAsset ds-1", err)
	if ds.Owner != org1 || ds.Depth != 0 {
		t.Fatalf("asset %+v", ds)
	}
	model := AssetInput{ID: "m-1", Kind: "MODEL", Name: "triage model", ContentHash: strings.Repeat("cd", 32),
		URI: "s3://org2/m-1", Contributors: []consortium.Contributor{{Payee: "carol", ShareBps: 10000}},
		Parents: []consortium.Parent{{Asset: "ds-1", Relation: "TRAINED_ON", RoyaltyBps: 2000}}}
	_, err = u2.RegisterAsset(ctx, model)
	wantDenied(t, "a derivative without a licence", err, "licen")

	terms1 := consortium.Terms{Asset: "ds-1", Kind: "PER_UNIT", Unit: "record", Price: "1000",
		DerivativesAllowed: true, CommercialUse: true, Buyer: org2, Salt: "6f1d0c2a9e"}
	of1, err := u1.CreatePrivateOffer(ctx, "of-1", terms1)
	step(t, "CreatePrivateOffer of-1", err)
	if !of1.Private || of1.Terms != nil || len(of1.TermsHash) != 64 {
		t.Fatalf("private offer %+v", of1)
	}
	pub, err := u3.evaluate(ctx, "GetOffer", "of-1")
	step(t, "GetOffer by Org3", err)
	if strings.Contains(string(pub), `"1000"`) || strings.Contains(string(pub), "6f1d0c2a9e") {
		t.Fatalf("the public offer record shows private terms: %s", pub)
	}
	wrong := terms1
	wrong.Price = "1"
	_, err = u2.AcceptOffer(ctx, "of-1", "lic-1", org1, &wrong)
	wantDenied(t, "AcceptOffer with other terms", err, "hash")
	_, err = u3.AcceptOffer(ctx, "of-1", "lic-1", org1, &terms1)
	wantDenied(t, "AcceptOffer by an org that is not the buyer", err, "access denied")
	lic1, err := u2.AcceptOffer(ctx, "of-1", "lic-1", org1, &terms1)
	step(t, "AcceptOffer lic-1", err)
	if lic1.Owner != org1 || lic1.Licensee != org2 || lic1.Status != "ACTIVE" || lic1.TermsHash != of1.TermsHash {
		t.Fatalf("licence %+v", lic1)
	}

	m1, err := u2.RegisterAsset(ctx, model)
	step(t, "RegisterAsset m-1", err)
	if m1.Depth != 1 || m1.Owner != org2 {
		t.Fatalf("model %+v", m1)
	}
	terms2 := consortium.Terms{Asset: "m-1", Kind: "FLAT", Unit: "deployment", Price: "5000", Buyer: org1, Salt: "a4417e"}
	_, err = u2.CreatePrivateOffer(ctx, "of-2", terms2)
	step(t, "CreatePrivateOffer of-2", err)

	// The FLAT fee and the reward go to epoch e.
	e, err := clock.EpochWithRoom(ctx, 12*time.Second)
	step(t, "epoch", err)
	_, err = u1.AcceptOffer(ctx, "of-2", "lic-2", org2, &terms2)
	step(t, "AcceptOffer lic-2 (FLAT)", err)
	_, err = u3.RecordReward(ctx, e, "dave", "250", "bug bounty")
	wantDenied(t, "RecordReward by a member", err, "access denied")
	_, err = a3.RecordReward(ctx, e, "dave", "250", "bug bounty")
	step(t, "RecordReward", err)

	t.Run("TermsOnlyAtParties", func(t *testing.T) {
		for _, org := range []string{"org1", "org2"} {
			for _, p := range n.PeersOf(org) {
				var got consortium.Terms
				var err error
				// A peer that did not endorse pulls the data: allow a moment.
				for try := 0; try < 50; try++ {
					if got, err = n.ClientAt(t, p, "User1").GetLicenseTerms(ctx, "lic-1"); err == nil {
						break
					}
					time.Sleep(100 * time.Millisecond)
				}
				if err != nil || got != terms1 {
					t.Fatalf("%s: terms %+v, %v; want %+v", p.Host, got, err, terms1)
				}
			}
		}
		for _, target := range []string{org3, org1, org2} {
			_, err := u3.At(target).GetLicenseTerms(ctx, "lic-1")
			wantDenied(t, "Org3 GetLicenseTerms on a peer of "+target, err, "access denied")
		}
		for _, p := range n.PeersOf("org3") {
			_, err := n.ClientAt(t, p, "User1").GetLicenseTerms(ctx, "lic-2")
			wantDenied(t, "Org3 GetLicenseTerms on "+p.Host, err, "access denied")
		}
		// A party asking a non-party's peer gets nothing either.
		_, err := u1.At(org3).GetLicenseTerms(ctx, "lic-1")
		wantDenied(t, "Org1 GetLicenseTerms on Org3's peer", err, "not a party")
	})

	t.Run("SettledEpoch", func(t *testing.T) {
		evCtx, evCancel := context.WithCancel(ctx)
		defer evCancel()
		events, err := u3.Events(evCtx, 0)
		step(t, "ChaincodeEvents", err)
		start := time.Now()
		st, err := CloseThrough(ctx, a1, clock, e, 2)
		step(t, "CloseThrough", err)
		if st.Status != "SETTLED" || st.Pages < 3 {
			t.Fatalf("epoch %d status %+v, want SETTLED after several pages", e, st)
		}
		t.Logf("epoch %d settled in %d pages, %v after the story (waiting for end+grace included)", e, st.Pages, time.Since(start).Round(time.Millisecond))
		_, err = a1.CloseEpoch(ctx, e, 2)
		wantDenied(t, "closing a settled epoch again", err, "already")

		var settled consortium.Settlement
		for settled.Epoch != e || settled.Root == "" {
			select {
			case ev, ok := <-events:
				if !ok {
					t.Fatal("event stream ended before EpochSettled")
				}
				if ev.EventName == "EpochSettled" {
					settled = consortium.Settlement{}
					step(t, "decode EpochSettled", json.Unmarshal(ev.Payload, &settled))
				}
			case <-time.After(30 * time.Second):
				t.Fatalf("no EpochSettled event for epoch %d", e)
			}
		}
		// Computed here: m-1 earns the FLAT 5000 and passes 20% (1000) to
		// ds-1, split 60/40; carol keeps 4000; dave's reward is 250.
		want := map[string]int64{addr(1): 600, addr(2): 400, addr(3): 4000, addr(4): 250}
		wantTree := checkSettlement(t, e, settled, want, "5000", "250")
		due := map[string]string{}
		for _, f := range settled.FundingDue {
			due[f.Org] = f.Amount
		}
		if due[org1] != "5000" || due[org2] != "" && due[org2] != "0" {
			t.Fatalf("funding due %+v, want Org1 5000 for its licence and nothing from Org2", settled.FundingDue)
		}
		for _, c := range []*Client{u1.At(org1), u2.At(org2), u3.At(org3)} {
			s, err := c.GetSettlement(ctx, e)
			step(t, "GetSettlement", err)
			if s.Root != settled.Root || s.Status != "SETTLED" {
				t.Fatalf("%s's peer has settlement %+v", c.MSPID(), s)
			}
			tree, err := c.GetPayoutTree(ctx, e)
			step(t, "GetPayoutTree", err)
			if tree.Root() != wantTree.Root() || tree.Len() != len(want) {
				t.Fatalf("%s's peer: tree root %x with %d leaves", c.MSPID(), tree.Root(), tree.Len())
			}
		}
		claim, err := u3.GetPayoutClaim(ctx, e, addr(1))
		step(t, "GetPayoutClaim", err)
		if !claim.Verify(wantTree.Root()) || claim.Leaf.Amount.Cmp(big.NewInt(600)) != 0 || claim.Leaf.Account != mustAddr(t, addr(1)) {
			t.Fatalf("claim %+v does not prove 600 to alice under %s", claim, settled.Root)
		}
		forged := claim
		forged.Leaf.Amount = big.NewInt(601)
		if forged.Verify(wantTree.Root()) {
			t.Fatal("a claim with a changed amount verifies")
		}
	})

	// The licence key carries a key-level policy naming both parties: a
	// change endorsed by the owner alone is ordered but invalidated.
	t.Run("LicenceNeedsBothParties", func(t *testing.T) {
		_, err := a2.At(org2).SetLicenseStatus(ctx, "lic-2", "SUSPENDED", org1)
		wantDenied(t, "SetLicenseStatus endorsed by the owner alone", err, "ENDORSEMENT_POLICY_FAILURE")
		n.Sync(t)
		if l, err := u1.GetLicense(ctx, "lic-2"); err != nil || l.Status != "ACTIVE" {
			t.Fatalf("after the invalid change: licence %+v, %v; want ACTIVE", l, err)
		}
		_, err = u2.SetLicenseStatus(ctx, "lic-2", "SUSPENDED", org1)
		wantDenied(t, "SetLicenseStatus by a member", err, "access denied")
		l, err := a2.SetLicenseStatus(ctx, "lic-2", "SUSPENDED", org1)
		step(t, "SetLicenseStatus", err)
		if l.Status != "SUSPENDED" {
			t.Fatalf("licence %+v", l)
		}
		if l, err := u1.At(org1).GetLicense(ctx, "lic-2"); err != nil || l.Status != "SUSPENDED" {
			t.Fatalf("the licensee reads %+v, %v; want SUSPENDED", l, err)
		}
	})

	t.Run("Usage", func(t *testing.T) {
		// A free licence with a unit limit: its reports carry the running
		// total (transient), checked by both endorsers against its hash.
		limited := consortium.Terms{Asset: "ds-1", Kind: "PER_UNIT", Unit: "record", Price: "0", MaxUnits: 10}
		_, err := u1.CreateOffer(ctx, "of-3", limited)
		step(t, "CreateOffer of-3", err)
		_, err = u2.AcceptOffer(ctx, "of-3", "lic-3", org1, nil)
		step(t, "AcceptOffer lic-3", err)

		ue, err := clock.EpochWithRoom(ctx, 15*time.Second)
		step(t, "epoch", err)
		root := "0x" + strings.Repeat("11", 32)
		_, err = u2.ReportUsage(ctx, "lic-3", org1, ue, 6, 1, root)
		step(t, "ReportUsage lic-3 (6 of 10)", err)
		_, err = u2.ReportUsage(ctx, "lic-3", org1, ue, 5, 1, root)
		wantDenied(t, "ReportUsage past maxUnits", err, "pass the limit of 10")
		_, err = u2.ReportUsage(ctx, "lic-3", org1, ue, 4, 1, root)
		step(t, "ReportUsage lic-3 (4 more)", err)
		for _, c := range []*Client{u1.At(org1), u2.At(org2)} {
			if used, err := c.GetUnitsUsed(ctx, "lic-3"); err != nil || used.Used != 10 {
				t.Fatalf("%s's peer: units used %+v, %v; want 10", c.MSPID(), used, err)
			}
		}
		_, err = u3.ReportUsage(ctx, "lic-1", org1, ue, 1, 1, root)
		wantDenied(t, "ReportUsage by a non-party", err, "access denied")
		d1, err := u2.ReportUsage(ctx, "lic-1", org1, ue, 7, 7, root) // 7 × 1000 to ds-1
		step(t, "ReportUsage lic-1", err)
		if d1.Fee != "7000" || d1.TxID == "" {
			t.Fatalf("usage detail %+v", d1)
		}
		for _, org := range []string{"org1", "org2"} {
			for _, p := range n.PeersOf(org) {
				var usage []consortium.UsageDetail
				var err error
				for try := 0; try < 50; try++ {
					if usage, err = n.ClientAt(t, p, "User1").ListUsage(ctx, "lic-1"); err == nil && len(usage) > 0 {
						break
					}
					time.Sleep(100 * time.Millisecond)
				}
				if err != nil || len(usage) != 1 || usage[0].TxID != d1.TxID || usage[0].Units != 7 || usage[0].Fee != "7000" {
					t.Fatalf("%s: usage %+v, %v; want the one report %+v", p.Host, usage, err, d1)
				}
			}
		}
		for _, target := range []string{org3, org1, org2} {
			_, err := u3.At(target).ListUsage(ctx, "lic-1")
			wantDenied(t, "Org3 ListUsage on a peer of "+target, err, "access denied")
		}
		_, err = u1.At(org3).ListUsage(ctx, "lic-1")
		wantDenied(t, "Org1 ListUsage on Org3's peer", err, "not a party")

		st, err := CloseThrough(ctx, a1, clock, ue, 0)
		step(t, "CloseThrough usage epoch", err)
		s, err := a1.GetSettlement(ctx, st.Epoch)
		step(t, "GetSettlement", err)
		checkSettlement(t, ue, s, map[string]int64{addr(1): 4200, addr(2): 2800}, "7000", "0")
	})

	// Last, as it stops peers: on disk, Org3's peers hold only the hashes
	// of the parties' private data (committed with the blocks), never the
	// values; a party's peer that never endorsed holds its own org's copy
	// and not the other party's.
	t.Run("NonPartyPeersStoreNoPrivateData", func(t *testing.T) {
		keyHash := sha256.Sum256([]byte("terms/lic-1"))
		open := func(p *e2e.Peer) *ledger.Ledger {
			p.Kill() // Pebble recovers from its WAL; SIGTERM waits out a grace period
			l, err := ledger.Open(p.LedgerDir(n.Channel))
			if err != nil {
				t.Fatalf("%s ledger: %v", p.Host, err)
			}
			t.Cleanup(func() { l.Close() })
			return l
		}
		canon, err := json.Marshal(terms1)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range append(n.PeersOf("org3"), n.PeersOf("org1")...) {
			l := open(p)
			for _, owner := range []string{org1, org2} {
				coll := "_implicit_org_" + owner
				h, err := l.GetHashedState(ChaincodeName, coll, keyHash[:])
				if err != nil || h == nil {
					t.Fatalf("%s: no hash of terms/lic-1 in %s (%v): the licence was not committed here", p.Host, coll, err)
				}
				v, err := l.GetPrivateData(ChaincodeName, coll, "terms/lic-1")
				if err != nil {
					t.Fatal(err)
				}
				mine := p.Org.MSPID == owner
				switch {
				case !mine && v != nil:
					t.Fatalf("%s stores %s's private terms: %s", p.Host, owner, v.Value)
				case mine && (v == nil || string(v.Value) != string(canon)):
					t.Fatalf("%s lacks its own org's copy of the terms (got %v)", p.Host, v)
				}
			}
		}
	})
}

// checkSettlement compares a settlement with payouts computed by the test
// (address → amount) and returns the expected tree.
func checkSettlement(t *testing.T, e uint64, s consortium.Settlement, want map[string]int64, revenue, rewards string) *payout.Tree {
	t.Helper()
	var pays []payout.Payout
	total := new(big.Int)
	for a, v := range want {
		pays = append(pays, payout.Payout{Account: mustAddr(t, a), Amount: big.NewInt(v)})
		total.Add(total, big.NewInt(v))
	}
	tree, err := payout.NewTree(e, pays)
	if err != nil {
		t.Fatal(err)
	}
	root := payout.FormatHash(tree.Root())
	if s.Epoch != e || s.Root != root || s.Total != total.String() || s.Revenue != revenue || s.Rewards != rewards || s.LeafCount != uint64(len(want)) {
		t.Fatalf("settlement %+v, want epoch %d root %s total %s (revenue %s, rewards %s), %d leaves",
			s, e, root, total, revenue, rewards, len(want))
	}
	return tree
}
