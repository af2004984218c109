package consortium

import (
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
	"github.com/saharanet/saharanet/api/payout"
	"github.com/saharanet/saharanet/chaincode/internal/stubtest"
	"github.com/saharanet/saharanet/chaincode/settlement"
)

const genesis = 1_700_000_000

type net struct {
	t      *testing.T
	l      *stubtest.Ledger
	cc     *contractapi.ContractChaincode
	admin1 []byte // Org1MSP admin (NodeOU)
	user1  []byte
	admin2 []byte // Org2MSP admin (certificate attribute)
	user2  []byte
	user3  []byte // Org3MSP, not a party
}

func newNet(t testing.TB) *net {
	l := stubtest.NewLedger("Org1MSP")
	cc, err := NewChaincode(WithLocalMSP(func() (string, error) { return l.PeerOrg(), nil }))
	if err != nil {
		t.Fatal(err)
	}
	n := &net{l: l, cc: cc,
		admin1: stubtest.Identity("Org1MSP", "admin1", []string{"admin"}, nil),
		user1:  stubtest.Identity("Org1MSP", "user1", []string{"client"}, nil),
		admin2: stubtest.Identity("Org2MSP", "admin2", []string{"client"}, map[string]string{RoleAttribute: "admin"}),
		user2:  stubtest.Identity("Org2MSP", "user2", []string{"client"}, nil),
		user3:  stubtest.Identity("Org3MSP", "user3", []string{"client"}, nil),
	}
	if tt, ok := t.(*testing.T); ok {
		n.t = tt
	}
	l.SetTime(time.Unix(genesis+10, 0))
	return n
}

func (n *net) call(who []byte, transient map[string][]byte, args ...string) (string, error) {
	resp, _ := n.l.Invoke(n.cc, who, transient, args...)
	if resp.Status >= 400 {
		return "", fmt.Errorf("%s", resp.Message)
	}
	return string(resp.Payload), nil
}

func (n *net) must(who []byte, transient map[string][]byte, args ...string) string {
	n.t.Helper()
	out, err := n.call(who, transient, args...)
	if err != nil {
		n.t.Fatalf("%s: %v", args[0], err)
	}
	return out
}

func (n *net) mustFail(substr string, who []byte, transient map[string][]byte, args ...string) {
	n.t.Helper()
	before := n.l.Fingerprint()
	_, err := n.call(who, transient, args...)
	if err == nil || !strings.Contains(err.Error(), substr) {
		n.t.Fatalf("%s: error %v, want one containing %q", args[0], err, substr)
	}
	if n.l.Fingerprint() != before {
		n.t.Fatalf("%s failed but changed the ledger", args[0])
	}
}

// usage returns ReportUsage's transient map for a licence as its licensee
// would build it (GetLicenseTerms, GetUnitsUsed): the agreed terms and the
// committed running total, read from the owner's copy. Nil for an unknown
// licence.
func (n *net) usage(lic string) map[string][]byte {
	var l License
	if b := n.l.Get(kLicense(lic)); b == nil || json.Unmarshal(b, &l) != nil {
		return nil
	}
	tr := map[string][]byte{TransientTerms: n.l.GetPrivate(stubtest.ImplicitCollection(l.Owner), kTerms(lic))}
	if b := n.l.GetPrivate(stubtest.ImplicitCollection(l.Owner), kUsed(lic)); b != nil {
		tr[TransientUsed] = b
	}
	return tr
}

func addrOf(i int) string { return fmt.Sprintf("0x%040x", 0xa000+i) }

func hash64(c byte) string { return strings.Repeat(string(c), 64) }

func TestFullStory(t *testing.T) {
	n := newNet(t)
	n.mustFail("needs an admin", n.user1, nil, "Configure", fmt.Sprint(genesis), "60", "30")
	n.must(n.admin1, nil, "Configure", fmt.Sprint(genesis), "60", "30")
	n.mustFail("already configured", n.admin2, nil, "Configure", fmt.Sprint(genesis), "60", "30")

	n.must(n.user1, nil, "RegisterPayee", "ann", addrOf(1))
	n.must(n.user2, nil, "RegisterPayee", "bob", addrOf(2))
	n.mustFail("already exists", n.user2, nil, "RegisterPayee", "bob", addrOf(3))
	n.mustFail("checksum", n.user2, nil, "RegisterPayee", "bad", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD")

	base := fmt.Sprintf(`{"id":"ds1","kind":"DATASET","name":"faces","contentHash":"%s","uri":"s3://x","contributors":[{"payee":"ann","shareBps":10000}]}`, hash64('a'))
	n.must(n.user1, nil, "RegisterAsset", base)
	n.mustFail("sum to 9999", n.user1, nil, "RegisterAsset", strings.Replace(strings.Replace(base, "10000", "9999", 1), "ds1", "ds2", 1))
	model := fmt.Sprintf(`{"id":"m1","kind":"MODEL","name":"m","contentHash":"%s","uri":"","contributors":[{"payee":"bob","shareBps":10000}],"parents":[{"asset":"ds1","relation":"TRAINED_ON","royaltyBps":2500}]}`, hash64('b'))
	n.mustFail("holds no active license", n.user2, nil, "RegisterAsset", model)
	n.mustFail("does not exist", n.user2, nil, "RegisterAsset", strings.Replace(model, `"asset":"ds1"`, `"asset":"nope"`, 1))

	// Org1 offers ds1 privately to Org2, derivatives allowed.
	terms := `{"asset":"ds1","kind":"PER_UNIT","unit":"ROW","price":"1000000000000000000","validFromUnix":0,"validToUnix":0,"maxUnits":1000,"commercialUse":true,"derivativesAllowed":true,"buyer":"Org2MSP","salt":"s3cr3t"}`
	tr := map[string][]byte{TransientTerms: []byte(terms)}
	n.mustFail("members of Org1MSP", n.user2, tr, "CreatePrivateOffer", "o1")
	offer := n.must(n.user1, tr, "CreatePrivateOffer", "o1")
	if strings.Contains(offer, "1000000000000000000") || strings.Contains(n.must(n.user3, nil, "GetOffer", "o1"), "s3cr3t") {
		t.Fatal("private offer terms are public")
	}
	n.mustFail("is for Org2MSP", n.user3, tr, "AcceptOffer", "o1", "lic1")
	bad := map[string][]byte{TransientTerms: []byte(strings.Replace(terms, `"price":"1000000000000000000"`, `"price":"1"`, 1))}
	n.mustFail("hash to", n.user2, bad, "AcceptOffer", "o1", "lic1")
	n.must(n.user2, tr, "AcceptOffer", "o1", "lic1")
	if n.l.ValidationParameter("license/lic1") == nil {
		t.Fatal("no key-level endorsement policy on the license")
	}
	for _, org := range []string{"Org1MSP", "Org2MSP"} {
		if n.l.GetPrivate(stubtest.ImplicitCollection(org), "terms/lic1") == nil {
			t.Fatalf("terms missing from %s's collection", org)
		}
	}
	n.must(n.user2, nil, "RegisterAsset", model) // now licensed

	// Usage in epoch 0, endorsed on a peer of Org2.
	n.l.SetPeerOrg("Org2MSP")
	root := "0x" + hash64('c')
	n.mustFail("members of Org2MSP", n.user3, n.usage("lic1"), "ReportUsage", "lic1", "0", "10", "3", root)
	n.must(n.user2, n.usage("lic1"), "ReportUsage", "lic1", "0", "400", "3", root)
	n.mustFail("pass the limit", n.user2, n.usage("lic1"), "ReportUsage", "lic1", "0", "601", "3", root)
	n.must(n.user2, n.usage("lic1"), "ReportUsage", "lic1", "0", "100", "3", root)
	if u := n.must(n.user2, nil, "ListUsage", "lic1"); strings.Count(u, `"units"`) != 2 {
		t.Fatalf("usage list %s", u)
	}
	n.mustFail("access denied", n.user3, nil, "GetLicenseTerms", "lic1")
	n.mustFail("access denied", n.user3, nil, "ListUsage", "lic1")
	n.l.SetPeerOrg("Org3MSP") // a non-party peer cannot read the terms either
	n.mustFail("not a party", n.user2, nil, "GetLicenseTerms", "lic1")
	n.l.SetPeerOrg("Org1MSP")
	if got := n.must(n.user1, nil, "GetLicenseTerms", "lic1"); !strings.Contains(got, "s3cr3t") {
		t.Fatalf("owner cannot read terms: %s", got)
	}
	n.mustFail("needs an admin", n.user2, nil, "RecordReward", "0", "ann", "5", "labels")
	n.must(n.admin2, nil, "RecordReward", "0", "ann", "5", "labels")

	// Address change takes effect next epoch.
	n.must(n.admin1, nil, "UpdatePayeeAddress", "ann", addrOf(9))

	n.mustFail("can be closed from", n.admin1, nil, "CloseEpoch", "0", "2")
	n.l.SetTime(time.Unix(genesis+60+30, 0))
	n.mustFail("no longer accepts", n.user2, n.usage("lic1"), "ReportUsage", "lic1", "0", "1", "1", root)
	n.mustFail("needs an admin", n.user1, nil, "CloseEpoch", "0", "2")
	var st EpochStatus
	for i := 0; i < 50 && st.Status != "SETTLED"; i++ {
		json.Unmarshal([]byte(n.must(n.admin1, nil, "CloseEpoch", "0", "1")), &st)
	}
	if st.Status != "SETTLED" {
		t.Fatalf("not settled: %+v", st)
	}
	n.mustFail("already SETTLED", n.admin1, nil, "CloseEpoch", "0", "1")
	var s Settlement
	json.Unmarshal([]byte(n.must(n.user3, nil, "GetSettlement", "0")), &s)
	// 500 units × 1e18 = 5e20 of ds1 revenue, all to ann, plus the 5 reward.
	if s.Total != "500000000000000000005" || s.LeafCount != 1 || s.Revenue != "500000000000000000000" {
		t.Fatalf("settlement %+v", s)
	}
	if len(s.FundingDue) != 1 || s.FundingDue[0].Org != "Org2MSP" || s.FundingDue[0].Amount != s.Total {
		t.Fatalf("funding due %+v", s.FundingDue)
	}
	ev := n.l.Events()
	if last := ev[len(ev)-1]; last.Name != "EpochSettled" {
		t.Fatalf("last event %s", last.Name)
	}
	var claim payout.Claim
	if err := json.Unmarshal([]byte(n.must(n.user3, nil, "GetPayoutClaim", "0", addrOf(1))), &claim); err != nil {
		t.Fatal(err)
	}
	r, _ := payout.ParseHash(s.Root)
	if !claim.Verify(r) || claim.Leaf.Amount.String() != "500000000000000000005" {
		t.Fatalf("claim %+v does not verify or is wrong", claim)
	}

	receipt := fmt.Sprintf(`{"chainId":31337,"contract":"%s","txHash":"0x%s","block":12,"finalized":false}`, addrOf(77), hash64('d'))
	n.mustFail("access denied", n.user1, nil, "RecordRelay", "0", receipt)
	n.must(n.admin1, nil, "RecordRelay", "0", receipt)
	n.must(n.admin2, nil, "RecordRelay", "0", receipt) // idempotent
	n.mustFail("different receipt", n.admin1, nil, "RecordRelay", "0", strings.Replace(receipt, `"block":12`, `"block":13`, 1))
	n.must(n.admin1, nil, "RecordRelay", "0", strings.Replace(receipt, `false`, `true`, 1))
	json.Unmarshal([]byte(n.must(n.user3, nil, "GetSettlement", "0")), &s)
	if s.Status != "FINALIZED" {
		t.Fatalf("status %s", s.Status)
	}

	n.mustFail("needs an admin", n.user1, nil, "SetLicenseStatus", "lic1", "SUSPENDED")
	n.must(n.admin1, nil, "SetLicenseStatus", "lic1", "REVOKED")
	n.mustFail("cannot become", n.admin1, nil, "SetLicenseStatus", "lic1", "ACTIVE")
	if lin := n.must(n.user3, nil, "GetLineage", "m1", "up"); !strings.Contains(lin, `"asset":"ds1"`) {
		t.Fatalf("lineage %s", lin)
	}
	if lin := n.must(n.user3, nil, "GetLineage", "ds1", "down"); !strings.Contains(lin, `"asset":"m1"`) {
		t.Fatalf("lineage %s", lin)
	}
}

// populate registers nAssets assets over nPayees payees with random-ish
// lineage (depth <= maxDepth), and writes nReports fee keys directly (the
// ReportUsage path is tested above), returning the reference input.
func populate(tb testing.TB, n *net, nAssets, nPayees, nReports, maxDepth int) settlement.Input {
	stub := n.l.NewStub(n.admin1, nil)
	ctx := &contractapi.TransactionContext{}
	ctx.SetStub(stub)
	in := settlement.Input{Address: map[string][20]byte{}}
	putJSONDirect := func(k string, v any) {
		b, _ := json.Marshal(v)
		stub.PutState(k, b)
	}
	putJSONDirect(kConfig, Config{genesis, 60, 30})
	for i := 0; i < nPayees; i++ {
		id := fmt.Sprintf("p%d", i)
		a := addrOf(i % (nPayees - nPayees/10)) // ~10% share an address
		putJSONDirect(kPayee(id), Payee{ID: id, Sponsor: "Org1MSP", Addresses: []AddressChange{{0, a}}})
		in.Address[id], _ = payout.ParseAddress(a)
	}
	depth := make([]int, nAssets)
	for i := 0; i < nAssets; i++ {
		a := Asset{ID: fmt.Sprintf("a%d", i), Kind: "MODEL", Owner: "Org1MSP"}
		k := 1 + i%3
		for j := 0; j < k; j++ {
			share := uint32(10000 / k)
			if j == 0 {
				share += uint32(10000 % k)
			}
			a.Contributors = append(a.Contributors, Contributor{fmt.Sprintf("p%d", (i*7+j*13)%nPayees), share})
		}
		if i > 0 {
			p := (i * 31) % i
			if depth[p] < maxDepth-1 {
				a.Parents = append(a.Parents, Parent{fmt.Sprintf("a%d", p), "DERIVED_FROM", uint32(500 + i%3000)})
				depth[i] = depth[p] + 1
			}
		}
		a.Depth = uint64(depth[i])
		putJSONDirect(kAsset(a.ID), a)
		in.Assets = append(in.Assets, toSettlementAsset(a))
	}
	for i := 0; i < nReports; i++ {
		asset := fmt.Sprintf("a%d", (i*7919)%nAssets)
		fee := big.NewInt(int64(1 + (i*104729)%1_000_000))
		fee.Mul(fee, big.NewInt(1_000_000_000_000))
		tx := fmt.Sprintf("%064x", i)
		payer := fmt.Sprintf("Org%dMSP", 1+i%3)
		putJSONDirect(kFee(0, asset, tx), feeRecord{asset, fee.String()})
		putJSONDirect(kDue(0, payer, tx), dueRecord{fee.String()})
		in.Fees = append(in.Fees, settlement.Fee{Asset: asset, Payer: payer, Amount: fee})
	}
	if err := stub.Commit(); err != nil {
		tb.Fatal(err)
	}
	n.l.SetTime(time.Unix(genesis+120, 0))
	return in
}

func closeEpoch(tb testing.TB, n *net, page int) (Settlement, int) {
	txs := 0
	for {
		resp, _ := n.l.Invoke(n.cc, n.admin1, nil, "CloseEpoch", "0", fmt.Sprint(page))
		txs++
		if resp.Status >= 400 {
			tb.Fatalf("CloseEpoch: %s", resp.Message)
		}
		var st EpochStatus
		json.Unmarshal(resp.Payload, &st)
		if st.Status == "SETTLED" {
			break
		}
	}
	var s Settlement
	json.Unmarshal(n.l.Get(kSettlement(0)), &s)
	return s, txs
}

// The paged close must agree with the one-shot reference for any page size.
func TestPagedCloseMatchesReference(t *testing.T) {
	for _, page := range []int{1, 3, 50, 5000} {
		n := newNet(t)
		in := populate(t, n, 60, 40, 300, 5)
		ref, err := settlement.Settle(in)
		if err != nil {
			t.Fatal(err)
		}
		s, txs := closeEpoch(t, n, page)
		refTree, _ := payout.NewTree(0, toPayouts(ref.ByAddress))
		if s.Root != payout.FormatHash(refTree.Root()) || s.Total != ref.Total.String() || s.LeafCount != uint64(len(ref.ByAddress)) {
			t.Fatalf("page %d: settlement %+v, reference root %s total %s", page, s, payout.FormatHash(refTree.Root()), ref.Total)
		}
		for i, f := range ref.FundingDue {
			if s.FundingDue[i].Org != f.To || s.FundingDue[i].Amount != f.Amount.String() {
				t.Fatalf("funding %v vs %v", s.FundingDue, ref.FundingDue)
			}
		}
		t.Logf("page %d: %d transactions", page, txs)
	}
}

func toPayouts(ps []settlement.Payout) []payout.Payout {
	out := make([]payout.Payout, len(ps))
	for i, p := range ps {
		out[i] = payout.Payout{Account: p.Account, Amount: p.Amount}
	}
	return out
}
