package consortium

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/saharanet/saharanet/chaincode/internal/stubtest"
)

// Tests of each transaction's accepted and refused paths. Every refusal goes
// through mustFail, which also requires the committed ledger (public state,
// key metadata, private data, events) to be unchanged.

// setup configures 60 s epochs with 30 s grace at genesis, registers ann
// (Org1) and bob (Org2), and the dataset ds1 owned by Org1 (ann 100%). The
// clock is at genesis+10, in epoch 0.
func setup(t *testing.T) *net {
	n := newNet(t)
	n.must(n.admin1, nil, "Configure", fmt.Sprint(genesis), "60", "30")
	n.must(n.user1, nil, "RegisterPayee", "ann", addrOf(1))
	n.must(n.user2, nil, "RegisterPayee", "bob", addrOf(2))
	n.must(n.user1, nil, "RegisterAsset", assetJSON("ds1", "ann", ""))
	return n
}

// assetJSON is a DATASET (no parent) or a MODEL with one 10% parent.
func assetJSON(id, payee, parent string) string {
	kind, parents := "DATASET", ""
	if parent != "" {
		kind = "MODEL"
		parents = fmt.Sprintf(`,"parents":[{"asset":%q,"relation":"DERIVED_FROM","royaltyBps":1000}]`, parent)
	}
	return fmt.Sprintf(`{"id":%q,"kind":%q,"name":"n","contentHash":%q,"uri":"u","contributors":[{"payee":%q,"shareBps":10000}]%s}`,
		id, kind, hash64('e'), payee, parents)
}

// termsJSON are public terms on asset (no buyer, no salt).
func termsJSON(asset, kind, price string, maxUnits uint64, validTo int64, derivatives bool) string {
	return fmt.Sprintf(`{"asset":%q,"kind":%q,"unit":"CALL","price":%q,"validFromUnix":0,"validToUnix":%d,"maxUnits":%d,"commercialUse":true,"derivativesAllowed":%t}`,
		asset, kind, price, validTo, maxUnits, derivatives)
}

// publicLicense offers ds1 publicly with terms and lets Org2 accept.
func publicLicense(n *net, offer, license, terms string) License {
	n.t.Helper()
	n.must(n.user1, nil, "CreateOffer", offer, terms)
	var l License
	if err := json.Unmarshal([]byte(n.must(n.user2, nil, "AcceptOffer", offer, license)), &l); err != nil {
		n.t.Fatal(err)
	}
	return l
}

func (n *net) lastEvent() stubtest.Event {
	ev := n.l.Events()
	if len(ev) == 0 {
		n.t.Fatal("no events")
	}
	return ev[len(ev)-1]
}

// settle closes epoch e in pages of 3 and returns its settlement.
func (n *net) settle(e uint64) Settlement {
	n.t.Helper()
	var st EpochStatus
	for i := 0; i < 100 && st.Status != "SETTLED"; i++ {
		if err := json.Unmarshal([]byte(n.must(n.admin1, nil, "CloseEpoch", fmt.Sprint(e), "3")), &st); err != nil {
			n.t.Fatal(err)
		}
	}
	var s Settlement
	if err := json.Unmarshal([]byte(n.must(n.user3, nil, "GetSettlement", fmt.Sprint(e))), &s); err != nil {
		n.t.Fatal(err)
	}
	return s
}

// feeKeys returns the fee keys of epoch e, as "<asset>=<fee>" per key.
func (n *net) feeKeys(e uint64) []string {
	stub := n.l.NewStub(n.user3, nil)
	start, end := prefixRange("fee", pad(e))
	it, err := stub.GetStateByRange(start, end)
	if err != nil {
		n.t.Fatal(err)
	}
	defer it.Close()
	var out []string
	for it.HasNext() {
		kv, _ := it.Next()
		var f feeRecord
		json.Unmarshal(kv.Value, &f)
		out = append(out, f.Asset+"="+f.Fee)
	}
	return out
}

const root0 = "0x" + "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"

func TestPublicOfferAndAccept(t *testing.T) {
	n := setup(t)
	terms := termsJSON("ds1", "PER_UNIT", "25", 0, 0, false)
	n.mustFail("members of Org1MSP", n.user2, nil, "CreateOffer", "o1", terms)
	n.mustFail("does not exist", n.user1, nil, "CreateOffer", "o1", termsJSON("nope", "PER_UNIT", "25", 0, 0, false))
	n.mustFail("offer id", n.user1, nil, "CreateOffer", "o/1", terms)
	n.mustFail("unknown field", n.user1, nil, "CreateOffer", "o1", strings.Replace(terms, `"unit"`, `"colour":"red","unit"`, 1))
	n.mustFail("terms price", n.user1, nil, "CreateOffer", "o1", termsJSON("ds1", "PER_UNIT", "-5", 0, 0, false))
	n.mustFail("terms price", n.user1, nil, "CreateOffer", "o1", termsJSON("ds1", "PER_UNIT", "2.5", 0, 0, false))
	n.mustFail("kind", n.user1, nil, "CreateOffer", "o1", termsJSON("ds1", "HOURLY", "25", 0, 0, false))
	n.mustFail("validToUnix must be after", n.user1, nil, "CreateOffer", "o1", strings.Replace(termsJSON("ds1", "PER_UNIT", "25", 0, 3, false), `"validFromUnix":0`, `"validFromUnix":5`, 1))

	var o Offer
	json.Unmarshal([]byte(n.must(n.user1, nil, "CreateOffer", "o1", terms)), &o)
	if o.Private || o.Terms == nil || o.Terms.Price != "25" || o.Status != "OPEN" || o.Owner != "Org1MSP" || len(o.TermsHash) != 64 {
		t.Fatalf("offer %+v", o)
	}
	n.mustFail("already exists", n.user1, nil, "CreateOffer", "o1", terms)
	if got := n.must(n.user3, nil, "GetOffer", "o1"); !strings.Contains(got, `"price":"25"`) {
		t.Fatalf("public terms not readable: %s", got)
	}
	var offers []Offer
	json.Unmarshal([]byte(n.must(n.user3, nil, "ListOffersByAsset", "ds1")), &offers)
	if len(offers) != 1 || offers[0].ID != "o1" {
		t.Fatalf("offers %+v", offers)
	}

	n.mustFail("own asset", n.user1, nil, "AcceptOffer", "o1", "lic1")
	n.mustFail("not found", n.user2, nil, "AcceptOffer", "o9", "lic1")
	n.mustFail("license id", n.user2, nil, "AcceptOffer", "o1", "")
	var l License
	json.Unmarshal([]byte(n.must(n.user2, nil, "AcceptOffer", "o1", "lic1")), &l)
	if l.Status != "ACTIVE" || l.Licensee != "Org2MSP" || l.Owner != "Org1MSP" || l.TermsHash != o.TermsHash || l.DerivativesAllowed {
		t.Fatalf("license %+v", l)
	}
	if ev := n.lastEvent(); ev.Name != "LicenseIssued" || !strings.Contains(string(ev.Payload), `"licensee":"Org2MSP"`) {
		t.Fatalf("event %s %s", ev.Name, ev.Payload)
	}
	if n.l.ValidationParameter(kLicense("lic1")) == nil {
		t.Fatal("no key-level endorsement policy on the license")
	}
	for _, org := range []string{"Org1MSP", "Org2MSP"} {
		if got := n.l.GetPrivate(stubtest.ImplicitCollection(org), kTerms("lic1")); !strings.Contains(string(got), `"price":"25"`) {
			t.Fatalf("terms in %s: %s", org, got)
		}
	}
	n.mustFail("already exists", n.user2, nil, "AcceptOffer", "o1", "lic1")
	// A public offer can be accepted by several orgs.
	n.must(n.user3, nil, "AcceptOffer", "o1", "lic3")
	var byAsset, byOrg []License
	json.Unmarshal([]byte(n.must(n.user1, nil, "ListLicensesByAsset", "ds1")), &byAsset)
	json.Unmarshal([]byte(n.must(n.user1, nil, "ListLicensesByLicensee", "Org2MSP")), &byOrg)
	if len(byAsset) != 2 || byAsset[0].ID != "lic1" || byAsset[1].ID != "lic3" || len(byOrg) != 1 || byOrg[0].ID != "lic1" {
		t.Fatalf("by asset %+v, by licensee %+v", byAsset, byOrg)
	}

	// The licence allows no derivatives, so Org2 cannot build on ds1.
	n.mustFail("holds no active license", n.user2, nil, "RegisterAsset", assetJSON("m2", "bob", "ds1"))
	// PER_UNIT: fee = units × price, booked under the report's own tx id.
	n.l.SetPeerOrg("Org2MSP")
	var d UsageDetail
	json.Unmarshal([]byte(n.must(n.user2, n.usage("lic1"), "ReportUsage", "lic1", "0", "4", "1", root0)), &d)
	if d.Fee != "100" || d.FeeID != d.TxID {
		t.Fatalf("usage %+v", d)
	}
}

func TestWithdrawOffer(t *testing.T) {
	n := setup(t)
	n.must(n.user1, nil, "CreateOffer", "o1", termsJSON("ds1", "PER_UNIT", "1", 0, 0, true))
	n.mustFail("not found", n.user1, nil, "WithdrawOffer", "o9")
	n.mustFail("members of Org1MSP", n.user2, nil, "WithdrawOffer", "o1")
	var o Offer
	json.Unmarshal([]byte(n.must(n.user1, nil, "WithdrawOffer", "o1")), &o)
	if o.Status != "WITHDRAWN" {
		t.Fatalf("offer %+v", o)
	}
	if got := n.must(n.user3, nil, "GetOffer", "o1"); !strings.Contains(got, `"status":"WITHDRAWN"`) {
		t.Fatalf("stored offer %s", got)
	}
	n.mustFail("already WITHDRAWN", n.user1, nil, "WithdrawOffer", "o1")
	n.mustFail("is WITHDRAWN", n.user2, nil, "AcceptOffer", "o1", "lic1")
}

func TestExpireLicense(t *testing.T) {
	n := setup(t)
	validTo := int64(genesis + 100)
	publicLicense(n, "o1", "lic1", termsJSON("ds1", "PER_UNIT", "1", 0, validTo, true))
	publicLicense(n, "o2", "open", termsJSON("ds1", "PER_UNIT", "1", 0, 0, true))
	n.mustFail("not found", n.user1, nil, "ExpireLicense", "nope")
	n.mustFail("valid until", n.user2, nil, "ExpireLicense", "lic1")
	n.must(n.user2, nil, "RegisterAsset", assetJSON("m1", "bob", "ds1")) // derivatives allowed while valid

	n.l.SetTime(time.Unix(validTo, 0))
	n.mustFail("access denied", n.user3, nil, "ExpireLicense", "lic1")
	n.mustFail("valid until 0", n.user1, nil, "ExpireLicense", "open")
	n.l.SetPeerOrg("Org2MSP")
	n.mustFail("not valid at", n.user2, n.usage("lic1"), "ReportUsage", "lic1", "1", "1", "1", root0) // terms ended, even before ExpireLicense
	var l License
	json.Unmarshal([]byte(n.must(n.user1, nil, "ExpireLicense", "lic1")), &l)
	if l.Status != "EXPIRED" {
		t.Fatalf("license %+v", l)
	}
	if ev := n.lastEvent(); ev.Name != "LicenseStatusChanged" || !strings.Contains(string(ev.Payload), "EXPIRED") {
		t.Fatalf("event %s %s", ev.Name, ev.Payload)
	}
	n.mustFail("already EXPIRED", n.user2, nil, "ExpireLicense", "lic1")
	n.mustFail("is EXPIRED", n.user2, n.usage("lic1"), "ReportUsage", "lic1", "1", "1", "1", root0)
	n.mustFail("cannot become", n.admin1, nil, "SetLicenseStatus", "lic1", "ACTIVE")
	// m2 is registered through the open-ended licence; a revoked one cannot be expired.
	n.must(n.user2, nil, "RegisterAsset", assetJSON("m2", "bob", "ds1"))
	n.must(n.admin1, nil, "SetLicenseStatus", "open", "REVOKED")
	n.mustFail("holds no active license", n.user2, nil, "RegisterAsset", assetJSON("m3", "bob", "ds1"))
}

func TestSetLicenseStatusSuspendAndReinstate(t *testing.T) {
	n := setup(t)
	publicLicense(n, "o1", "lic1", termsJSON("ds1", "PER_UNIT", "1", 0, 0, false))
	n.mustFail("members of Org1MSP", n.admin2, nil, "SetLicenseStatus", "lic1", "SUSPENDED")
	n.mustFail("status", n.admin1, nil, "SetLicenseStatus", "lic1", "PAUSED")
	n.mustFail("cannot become", n.admin1, nil, "SetLicenseStatus", "lic1", "ACTIVE")
	n.mustFail("not found", n.admin1, nil, "SetLicenseStatus", "nope", "SUSPENDED")
	n.must(n.admin1, nil, "SetLicenseStatus", "lic1", "SUSPENDED")
	n.l.SetPeerOrg("Org2MSP")
	n.mustFail("is SUSPENDED", n.user2, n.usage("lic1"), "ReportUsage", "lic1", "0", "1", "1", root0)
	n.must(n.admin1, nil, "SetLicenseStatus", "lic1", "ACTIVE")
	n.must(n.user2, n.usage("lic1"), "ReportUsage", "lic1", "0", "1", "1", root0)
}

func TestSubscriptionFeeOncePerEpoch(t *testing.T) {
	n := setup(t)
	publicLicense(n, "o1", "sub", termsJSON("ds1", "SUBSCRIPTION", "700", 0, 0, false))
	n.l.SetPeerOrg("Org2MSP")
	var d1, d2 UsageDetail
	json.Unmarshal([]byte(n.must(n.user2, n.usage("sub"), "ReportUsage", "sub", "0", "3", "1", root0)), &d1)
	json.Unmarshal([]byte(n.must(n.user2, n.usage("sub"), "ReportUsage", "sub", "0", "5", "2", root0)), &d2)
	if d1.Fee != "700" || d1.FeeID == "" || d1.FeeID != d2.FeeID || d1.FeeID == d1.TxID || d1.TxID == d2.TxID {
		t.Fatalf("reports %+v %+v: want the period fee under one shared fee id", d1, d2)
	}
	if got := n.feeKeys(0); len(got) != 1 || got[0] != "ds1=700" {
		t.Fatalf("epoch 0 fee keys %v, want one of 700", got)
	}
	if u := n.must(n.user2, nil, "ListUsage", "sub"); strings.Count(u, `"units"`) != 2 {
		t.Fatalf("both reports must keep their detail: %s", u)
	}
	n.l.SetTime(time.Unix(genesis+65, 0)) // epoch 1 (epoch 0 still in grace)
	var d3 UsageDetail
	json.Unmarshal([]byte(n.must(n.user2, n.usage("sub"), "ReportUsage", "sub", "1", "1", "1", root0)), &d3)
	if d3.Fee != "700" || d3.FeeID == d1.FeeID {
		t.Fatalf("epoch 1 report %+v", d3)
	}
	n.l.SetTime(time.Unix(genesis+95, 0))
	if s := n.settle(0); s.Revenue != "700" || s.Total != "700" || s.FundingDue[0].Org != "Org2MSP" || s.FundingDue[0].Amount != "700" {
		t.Fatalf("settlement %+v", s)
	}
}

func TestFlatFeeAtIssue(t *testing.T) {
	n := setup(t)
	n.must(n.user1, nil, "CreateOffer", "o1", termsJSON("ds1", "FLAT", "900", 10, 0, false))
	n.l.SetTime(time.Unix(genesis+70, 0)) // accepted in epoch 1: the fee belongs to epoch 1
	n.must(n.user2, nil, "AcceptOffer", "o1", "flat")
	if got := n.feeKeys(1); len(got) != 1 || got[0] != "ds1=900" {
		t.Fatalf("epoch 1 fee keys %v, want the flat fee once", got)
	}
	n.l.SetPeerOrg("Org2MSP")
	var d UsageDetail
	json.Unmarshal([]byte(n.must(n.user2, n.usage("flat"), "ReportUsage", "flat", "1", "6", "1", root0)), &d)
	if d.Fee != "0" || d.FeeID != "" {
		t.Fatalf("flat report %+v", d)
	}
	n.mustFail("pass the limit of 10", n.user2, n.usage("flat"), "ReportUsage", "flat", "1", "5", "1", root0)
	n.must(n.user2, n.usage("flat"), "ReportUsage", "flat", "1", "4", "1", root0)
	if got := n.feeKeys(1); len(got) != 1 {
		t.Fatalf("reports on a FLAT licence booked fees: %v", got)
	}
	n.l.SetTime(time.Unix(genesis+200, 0))
	if s := n.settle(0); s.Revenue != "0" || s.LeafCount != 0 || s.Root != "0x"+strings.Repeat("0", 64) {
		t.Fatalf("epoch 0 %+v", s)
	}
	if s := n.settle(1); s.Revenue != "900" || s.LeafCount != 1 {
		t.Fatalf("epoch 1 %+v", s)
	}
}

func TestReportUsageRejects(t *testing.T) {
	n := setup(t)
	publicLicense(n, "o1", "lic1", termsJSON("ds1", "PER_UNIT", "1", 0, 0, false))
	n.mustFail("units > 0", n.user2, n.usage("lic1"), "ReportUsage", "lic1", "0", "0", "1", root0)
	n.mustFail("eventCount > 0", n.user2, n.usage("lic1"), "ReportUsage", "lic1", "0", "1", "0", root0)
	n.mustFail("eventsRoot", n.user2, n.usage("lic1"), "ReportUsage", "lic1", "0", "1", "1", "0x12")
	n.mustFail("not found", n.user2, n.usage("nope"), "ReportUsage", "nope", "0", "1", "1", root0)
	n.mustFail("transient map", n.user2, nil, "ReportUsage", "lic1", "0", "1", "1", root0)
	forged := n.usage("lic1")
	forged[TransientTerms] = []byte(termsJSON("ds1", "PER_UNIT", "0", 0, 0, false)) // a lower price
	n.mustFail("termsHash", n.user2, forged, "ReportUsage", "lic1", "0", "1", "1", root0)
	forged[TransientTerms] = []byte(`{"asset":"ds1"`)
	n.mustFail("terms", n.user2, forged, "ReportUsage", "lic1", "0", "1", "1", root0)
	n.mustFail("has not started", n.user2, n.usage("lic1"), "ReportUsage", "lic1", "1", "1", "1", root0)
	n.mustFail("members of Org2MSP", n.user1, n.usage("lic1"), "ReportUsage", "lic1", "0", "1", "1", root0)
	n.must(n.user2, n.usage("lic1"), "ReportUsage", "lic1", "0", "1", "1", root0)
}

// A limited licence's running total comes from the caller and is checked
// against the hash of the owner's copy: a stale or forged total, or units
// past maxUnits, are refused and write nothing.
func TestReportUsageRunningTotal(t *testing.T) {
	n := setup(t)
	publicLicense(n, "o1", "lim", termsJSON("ds1", "PER_UNIT", "2", 10, 0, false))
	n.l.SetPeerOrg("Org2MSP")
	with := func(used string) map[string][]byte {
		tr := n.usage("lim")
		if used == "" {
			delete(tr, TransientUsed)
		} else {
			tr[TransientUsed] = []byte(used)
		}
		return tr
	}
	n.mustFail("no units used yet", n.user2, with("5"), "ReportUsage", "lim", "0", "1", "1", root0)
	n.mustFail("pass the limit of 10", n.user2, with(""), "ReportUsage", "lim", "0", "11", "1", root0)
	n.must(n.user2, with(""), "ReportUsage", "lim", "0", "4", "1", root0) // absent = 0
	n.must(n.user2, with("4"), "ReportUsage", "lim", "0", "3", "1", root0)
	n.mustFail("stale or forged", n.user2, with("4"), "ReportUsage", "lim", "0", "1", "1", root0) // stale
	n.mustFail("stale or forged", n.user2, with("0"), "ReportUsage", "lim", "0", "1", "1", root0) // forged low
	n.mustFail("stale or forged", n.user2, with(""), "ReportUsage", "lim", "0", "1", "1", root0)  // omitted
	n.mustFail("decimal unit count", n.user2, with("-7"), "ReportUsage", "lim", "0", "1", "1", root0)
	n.mustFail("pass the limit of 10", n.user2, with("7"), "ReportUsage", "lim", "0", "4", "1", root0)
	n.must(n.user2, with("7"), "ReportUsage", "lim", "0", "3", "1", root0) // exactly to the limit
	n.mustFail("pass the limit of 10", n.user2, with("10"), "ReportUsage", "lim", "0", "1", "1", root0)
	for _, org := range []string{"Org1MSP", "Org2MSP"} {
		if got := string(n.l.GetPrivate(stubtest.ImplicitCollection(org), kUsed("lim"))); got != "10" {
			t.Fatalf("%s's running total %q, want 10", org, got)
		}
	}
	var u UnitsUsed
	if err := json.Unmarshal([]byte(n.must(n.user2, nil, "GetUnitsUsed", "lim")), &u); err != nil || u.Used != 10 {
		t.Fatalf("GetUnitsUsed %+v, %v", u, err)
	}
	n.mustFail("access denied", n.user3, nil, "GetUnitsUsed", "lim")
}

// Both parties' peers endorse a report (it writes both implicit
// collections), so their simulations of one proposal must produce the same
// read/write set and payload, whatever org the peer belongs to.
func TestReportUsageEndorsementIsDeterministic(t *testing.T) {
	n := setup(t)
	publicLicense(n, "o1", "lim", termsJSON("ds1", "PER_UNIT", "2", 100, 0, false))
	publicLicense(n, "o2", "sub", termsJSON("ds1", "SUBSCRIPTION", "50", 0, 0, false))
	n.l.SetPeerOrg("Org2MSP")
	n.must(n.user2, n.usage("lim"), "ReportUsage", "lim", "0", "5", "1", root0) // a running total exists
	for _, lic := range []string{"lim", "sub"} {
		var payloads []string
		var digests [][32]byte
		for _, org := range []string{"Org1MSP", "Org2MSP"} {
			n.l.SetPeerOrg(org)
			stub := n.l.NewStub(n.user2, n.usage(lic), "ReportUsage", lic, "0", "3", "1", root0)
			stub.SetTxID(hash64('7'))
			resp := n.cc.Invoke(stub)
			if resp.Status >= 400 {
				t.Fatalf("%s on a peer of %s: %s", lic, org, resp.Message)
			}
			payloads = append(payloads, string(resp.Payload))
			digests = append(digests, stub.RWSetDigest())
		}
		if payloads[0] != payloads[1] || digests[0] != digests[1] {
			t.Fatalf("%s: the parties' peers endorse differently:\n%s\n%s", lic, payloads[0], payloads[1])
		}
	}
}

func TestUpdatePayeeAddress(t *testing.T) {
	n := setup(t)
	n.mustFail("not found", n.admin1, nil, "UpdatePayeeAddress", "zed", addrOf(5))
	n.mustFail("needs an admin", n.user1, nil, "UpdatePayeeAddress", "ann", addrOf(5))
	n.mustFail("members of Org1MSP", n.admin2, nil, "UpdatePayeeAddress", "ann", addrOf(5))
	n.mustFail("zero address", n.admin1, nil, "UpdatePayeeAddress", "ann", "0x"+strings.Repeat("0", 40))
	n.mustFail("address", n.admin1, nil, "UpdatePayeeAddress", "ann", "0x1234")
	n.must(n.admin1, nil, "UpdatePayeeAddress", "ann", addrOf(5))
	var p Payee
	json.Unmarshal([]byte(n.must(n.admin1, nil, "UpdatePayeeAddress", "ann", addrOf(6))), &p)
	// The second change in epoch 0 replaces the pending one.
	if len(p.Addresses) != 2 || p.Addresses[1] != (AddressChange{1, addrOf(6)}) || p.addressFor(0) != addrOf(1) || p.addressFor(1) != addrOf(6) {
		t.Fatalf("payee %+v", p)
	}
}

func TestRegisterAssetRejectsAndDepth(t *testing.T) {
	n := setup(t)
	ok := assetJSON("x1", "ann", "")
	cases := []struct{ want, json string }{
		{"asset id", strings.Replace(ok, `"x1"`, `"x 1"`, 1)},
		{"asset kind", strings.Replace(ok, "DATASET", "IMAGE", 1)},
		{"contentHash", strings.Replace(ok, hash64('e'), "abc", 1)},
		{"not registered", strings.Replace(ok, `"ann"`, `"zed"`, 1)},
		{"sum to 9999", strings.Replace(ok, "10000", "9999", 1)},
		{"unknown field", strings.Replace(ok, `"uri"`, `"owner":"Org2MSP","uri"`, 1)},
		{"trailing data", ok + "{}"},
		{"already exists", assetJSON("ds1", "ann", "")},
		{"names itself", assetJSON("x1", "ann", "x1")},
		{"does not exist", assetJSON("x1", "ann", "nope")},
		{"over 10000", strings.Replace(assetJSON("x1", "ann", "ds1"), "1000}", "10001}", 1)},
		{"listed twice", strings.Replace(assetJSON("x1", "ann", "ds1"), `}]}`, `},{"asset":"ds1","relation":"TRAINED_ON","royaltyBps":1}]}`, 1)},
		{"relation", strings.Replace(assetJSON("x1", "ann", "ds1"), "DERIVED_FROM", "COPIED", 1)},
	}
	for _, c := range cases {
		n.mustFail(c.want, n.user1, nil, "RegisterAsset", c.json)
	}
	// Depth: ds1 0 → m1 1 → m2 2; m3 has parents of depth 0 and 2 → 3.
	n.must(n.user1, nil, "RegisterAsset", assetJSON("m1", "ann", "ds1"))
	n.must(n.user1, nil, "RegisterAsset", assetJSON("m2", "ann", "m1"))
	m3 := strings.Replace(assetJSON("m3", "ann", "m2"), `}]}`, `},{"asset":"ds1","relation":"TRAINED_ON","royaltyBps":1}]}`, 1)
	var a Asset
	json.Unmarshal([]byte(n.must(n.user1, nil, "RegisterAsset", m3)), &a)
	if a.Depth != 3 || a.Owner != "Org1MSP" || a.Registered != genesis+10 {
		t.Fatalf("asset %+v", a)
	}
	if ev := n.lastEvent(); ev.Name != "AssetRegistered" || string(ev.Payload) != `{"depth":3,"id":"m3","owner":"Org1MSP"}` {
		t.Fatalf("event %s %s", ev.Name, ev.Payload)
	}
	var owned []Asset
	json.Unmarshal([]byte(n.must(n.user3, nil, "ListAssetsByOwner", "Org1MSP")), &owned)
	var depths []string
	for _, x := range owned {
		depths = append(depths, fmt.Sprintf("%s:%d", x.ID, x.Depth))
	}
	if strings.Join(depths, " ") != "ds1:0 m1:1 m2:2 m3:3" {
		t.Fatalf("assets %v", depths)
	}
}

func TestRecordRewardRejects(t *testing.T) {
	n := setup(t)
	for _, c := range []struct{ want, amount string }{{"must be positive", "0"}, {"reward amount", "-4"}, {"reward amount", "1.5"}, {"reward amount", "1e3"}} {
		n.mustFail(c.want, n.admin1, nil, "RecordReward", "0", "ann", c.amount, "")
	}
	n.mustFail("not found", n.admin1, nil, "RecordReward", "0", "zed", "5", "")
	n.mustFail("256 bytes", n.admin1, nil, "RecordReward", "0", "ann", "5", strings.Repeat("m", 257))
	n.mustFail("has not started", n.admin1, nil, "RecordReward", "1", "ann", "5", "")
	var r Reward
	json.Unmarshal([]byte(n.must(n.admin2, nil, "RecordReward", "0", "ann", "5", "bounty")), &r)
	if r.Funder != "Org2MSP" || r.Amount != "5" || r.Payee != "ann" {
		t.Fatalf("reward %+v", r)
	}
}

func TestCloseEpochAndRelayRejects(t *testing.T) {
	n := newNet(t)
	n.mustFail("not configured", n.admin1, nil, "CloseEpoch", "0", "10")
	n.mustFail("Configure", n.admin1, nil, "Configure", "0", "0", "30")
	n = setup(t)
	n.l.SetTime(time.Unix(genesis+200, 0))
	n.mustFail("must be settled before", n.admin1, nil, "CloseEpoch", "1", "10")
	bridge := stubtest.Identity("Org2MSP", "bridge", []string{"client"}, map[string]string{RoleAttribute: "bridge"})
	receipt := fmt.Sprintf(`{"chainId":1,"contract":"%s","txHash":"0x%s","block":3,"finalized":false}`, addrOf(7), hash64('f'))
	n.mustFail("not settled", bridge, nil, "RecordRelay", "0", receipt)
	s := n.settle(0)
	if s.Status != "SETTLED" || s.LeafCount != 0 || s.Total != "0" {
		t.Fatalf("empty epoch %+v", s)
	}
	n.mustFail("has no payouts", n.user3, nil, "GetPayoutTree", "0")
	n.mustFail("RecordRelay", n.admin1, nil, "RecordRelay", "0", `{"chainId":0}`)
	n.mustFail("bad JSON", n.admin1, nil, "RecordRelay", "0", `{"chainId":1,"extra":2}`)
	n.mustFail("access denied", n.user2, nil, "RecordRelay", "0", receipt)
	n.must(bridge, nil, "RecordRelay", "0", receipt)
	var st EpochStatus
	json.Unmarshal([]byte(n.must(n.user3, nil, "GetEpochStatus", "0")), &st)
	if st.Status != "RELAYED" || st.CloseFrom != genesis+90 {
		t.Fatalf("status %+v", st)
	}
}

func TestQueriesAndTheirErrors(t *testing.T) {
	n := setup(t)
	if got := n.must(n.user3, nil, "GetConfig"); got != fmt.Sprintf(`{"genesisUnix":%d,"epochSeconds":60,"graceSeconds":30}`, genesis) {
		t.Fatalf("config %s", got)
	}
	if got := n.must(n.user3, nil, "GetPayee", "ann"); !strings.Contains(got, addrOf(1)) || !strings.Contains(got, `"sponsor":"Org1MSP"`) {
		t.Fatalf("payee %s", got)
	}
	n.mustFail("not found", n.user3, nil, "GetPayee", "zed")
	n.mustFail("not found", n.user3, nil, "GetAsset", "zed")
	n.mustFail("not found", n.user3, nil, "GetOffer", "zed")
	n.mustFail("not found", n.user3, nil, "GetLicense", "zed")
	n.mustFail("direction", n.user3, nil, "GetLineage", "ds1", "sideways")
	n.mustFail("not found", n.user3, nil, "GetLineage", "zed", "up")
	n.mustFail("not found", n.user3, nil, "GetSettlement", "0")
	n.mustFail("not settled", n.user3, nil, "GetPayoutTree", "0")
	n.mustFail("address", n.user3, nil, "GetPayoutClaim", "0", "0xzz")
	if got := n.must(n.user3, nil, "ListAssetsByOwner", "Org9MSP"); got != "[]" {
		t.Fatalf("no assets must be [] not %s", got)
	}

	publicLicense(n, "o1", "lic1", termsJSON("ds1", "PER_UNIT", "3", 0, 0, false))
	if got := n.must(n.user3, nil, "GetLicense", "lic1"); !strings.Contains(got, `"status":"ACTIVE"`) {
		t.Fatalf("license %s", got)
	}
	n.l.SetPeerOrg("Org2MSP")
	n.must(n.user2, n.usage("lic1"), "ReportUsage", "lic1", "0", "10", "1", root0)
	n.must(n.admin1, nil, "RecordReward", "0", "bob", "4", "")
	n.l.SetTime(time.Unix(genesis+95, 0))
	s := n.settle(0)
	var tree struct {
		Root      string `json:"root"`
		Total     string `json:"total"`
		LeafCount int    `json:"leafCount"`
	}
	json.Unmarshal([]byte(n.must(n.user3, nil, "GetPayoutTree", "0")), &tree)
	if tree.Root != s.Root || tree.Total != "34" || tree.LeafCount != 2 {
		t.Fatalf("tree %+v, settlement %+v", tree, s)
	}
	n.mustFail("no payout", n.user3, nil, "GetPayoutClaim", "0", addrOf(3))
	if got := n.must(n.user3, nil, "GetPayoutClaim", "0", addrOf(2)); !strings.Contains(got, `"amount":"4"`) {
		t.Fatalf("claim %s", got)
	}
}
