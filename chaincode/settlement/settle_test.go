package settlement

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"reflect"
	"sort"
	"testing"
)

func TestSplitExample(t *testing.T) {
	// Gross 1001: parent p1 10% → 100, p2 5% → 50, rest 851 to 3333/3333/3334
	// → 283, 283, 283 plus the remainder 2 to the largest share (c).
	a := Asset{ID: "m", Depth: 1,
		Parents:      []Royalty{{"p1", 1000}, {"p2", 500}},
		Contributors: []Share{{"a", 3333}, {"b", 3333}, {"c", 3334}}}
	ps, cs, err := Split(big.NewInt(1001), a)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"p1=100", "p2=50", "a=283", "b=283", "c=285"}
	var got []string
	for _, x := range append(ps, cs...) {
		got = append(got, fmt.Sprintf("%s=%s", x.To, x.Amount))
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("split %v, want %v", got, want)
	}
}

func TestSplitRemainderTieGoesToFirstLargest(t *testing.T) {
	a := Asset{ID: "d", Contributors: []Share{{"x", 2000}, {"y", 4000}, {"z", 4000}}}
	_, cs, err := Split(big.NewInt(7), a)
	if err != nil {
		t.Fatal(err)
	}
	// floor(7×0.2)=1, floor(7×0.4)=2, 2; remainder 2 → y (first of the 4000s).
	if cs[0].Amount.Int64() != 1 || cs[1].Amount.Int64() != 4 || cs[2].Amount.Int64() != 2 {
		t.Fatalf("got %v %v %v", cs[0].Amount, cs[1].Amount, cs[2].Amount)
	}
}

func TestSplitRejects(t *testing.T) {
	ok := []Share{{"a", 10000}}
	cases := map[string]Asset{
		"no contributors":  {ID: "x"},
		"sum 9999":         {ID: "x", Contributors: []Share{{"a", 9999}}},
		"sum 10001":        {ID: "x", Contributors: []Share{{"a", 5000}, {"b", 5001}}},
		"zero share":       {ID: "x", Contributors: []Share{{"a", 10000}, {"b", 0}}},
		"dup payee":        {ID: "x", Contributors: []Share{{"a", 5000}, {"a", 5000}}},
		"royalties > 100%": {ID: "x", Contributors: ok, Parents: []Royalty{{"p", 6000}, {"q", 4001}}},
		"self parent":      {ID: "x", Contributors: ok, Parents: []Royalty{{"x", 1}}},
		"dup parent":       {ID: "x", Contributors: ok, Parents: []Royalty{{"p", 1}, {"p", 1}}},
		"empty id":         {Contributors: ok},
	}
	for name, a := range cases {
		if _, _, err := Split(big.NewInt(5), a); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, _, err := Split(big.NewInt(-1), Asset{ID: "x", Contributors: ok}); err == nil {
		t.Error("negative gross accepted")
	}
}

func TestSettleCascade(t *testing.T) {
	// base ← model (20% royalty) ← agent (50% royalty). Revenue 1000 on agent.
	addr := map[string][20]byte{"ann": {1}, "bob": {2}, "cat": {3}}
	in := Input{
		Assets: []Asset{
			{ID: "base", Depth: 0, Contributors: []Share{{"ann", 10000}}},
			{ID: "model", Depth: 1, Contributors: []Share{{"bob", 10000}}, Parents: []Royalty{{"base", 2000}}},
			{ID: "agent", Depth: 2, Contributors: []Share{{"cat", 10000}}, Parents: []Royalty{{"model", 5000}}},
		},
		Fees:    []Fee{{"agent", "Org2MSP", big.NewInt(1000)}},
		Rewards: []Reward{{"ann", "Org1MSP", big.NewInt(7)}},
		Address: addr,
	}
	res, err := Settle(in)
	if err != nil {
		t.Fatal(err)
	}
	// agent: 500 up, 500 cat; model: 100 up, 400 bob; base: 100 ann (+7 reward).
	want := map[string]int64{"ann": 107, "bob": 400, "cat": 500}
	for _, p := range res.ByPayee {
		if p.Amount.Int64() != want[p.To] {
			t.Errorf("%s got %v want %d", p.To, p.Amount, want[p.To])
		}
	}
	if len(res.ByPayee) != 3 || res.Total.Int64() != 1007 {
		t.Fatalf("payees %d total %v", len(res.ByPayee), res.Total)
	}
	if len(res.FundingDue) != 2 || res.FundingDue[0].To != "Org1MSP" || res.FundingDue[0].Amount.Int64() != 7 ||
		res.FundingDue[1].Amount.Int64() != 1000 {
		t.Fatalf("funding due %v", res.FundingDue)
	}
}

func TestSettleRejects(t *testing.T) {
	one := []Share{{"p", 10000}}
	addr := map[string][20]byte{"p": {1}}
	base := func() Input {
		return Input{Assets: []Asset{{ID: "a", Depth: 0, Contributors: one}}, Address: addr,
			Fees: []Fee{{"a", "O", big.NewInt(1)}}}
	}
	mut := map[string]func(*Input){
		"unknown fee asset": func(in *Input) { in.Fees[0].Asset = "zz" },
		"zero fee":          func(in *Input) { in.Fees[0].Amount = big.NewInt(0) },
		"negative fee":      func(in *Input) { in.Fees[0].Amount = big.NewInt(-3) },
		"no payer":          func(in *Input) { in.Fees[0].Payer = "" },
		"no address":        func(in *Input) { in.Address = nil },
		"unknown parent": func(in *Input) {
			in.Assets = append(in.Assets, Asset{ID: "b", Depth: 1, Contributors: one, Parents: []Royalty{{"nope", 1}}})
		},
		"parent as deep": func(in *Input) {
			in.Assets = append(in.Assets, Asset{ID: "b", Depth: 0, Contributors: one, Parents: []Royalty{{"a", 1}}})
		},
		"parent deeper": func(in *Input) {
			in.Assets[0].Depth = 2
			in.Assets = append(in.Assets, Asset{ID: "b", Depth: 1, Contributors: one, Parents: []Royalty{{"a", 1}}})
		},
		"dup asset":  func(in *Input) { in.Assets = append(in.Assets, in.Assets[0]) },
		"bad reward": func(in *Input) { in.Rewards = []Reward{{"p", "O", big.NewInt(0)}} },
		"no funder":  func(in *Input) { in.Rewards = []Reward{{"p", "", big.NewInt(1)}} },
	}
	for name, m := range mut {
		in := base()
		m(&in)
		if _, err := Settle(in); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := Settle(base()); err != nil {
		t.Fatalf("valid input rejected: %v", err)
	}
}

// randomEpoch builds a random lineage DAG (parents always registered
// earlier; depth = 1 + max parent depth, as RegisterAsset computes it, so
// many assets share a depth), random fees, rewards and addresses, with
// several payees sharing one address.
func randomEpoch(r *rand.Rand, nAssets, nPayees, nFees int) Input {
	payees := make([]string, nPayees)
	addr := map[string][20]byte{}
	for i := range payees {
		payees[i] = fmt.Sprintf("payee%d", i)
		a := [20]byte{byte(r.UintN(256)), byte(r.UintN(256)), byte(i), byte(i >> 8), 1}
		if i > 0 && r.UintN(5) == 0 {
			a = addr[payees[r.IntN(i)]]
		}
		addr[payees[i]] = a
	}
	in := Input{Address: addr}
	for i := 0; i < nAssets; i++ {
		a := Asset{ID: fmt.Sprintf("asset%d", i)}
		k := 1 + r.IntN(min(4, nPayees))
		perm := r.Perm(nPayees)[:k]
		left := uint32(BPS)
		for j, p := range perm {
			s := left
			if j < k-1 {
				s = 1 + uint32(r.IntN(int(left)-(k-1-j)))
			}
			left -= s
			a.Contributors = append(a.Contributors, Share{payees[p], s})
		}
		if i > 0 {
			budget := uint32(r.IntN(BPS + 1))
			for _, p := range r.Perm(i)[:r.IntN(min(3, i)+1)] {
				b := uint32(r.IntN(int(budget) + 1))
				budget -= b
				a.Parents = append(a.Parents, Royalty{fmt.Sprintf("asset%d", p), b})
				a.Depth = max(a.Depth, in.Assets[p].Depth+1)
			}
		}
		in.Assets = append(in.Assets, a)
	}
	for i := 0; i < nFees; i++ {
		amt := new(big.Int).SetUint64(1 + r.Uint64N(1<<40))
		if r.UintN(4) == 0 {
			amt.Mul(amt, new(big.Int).Exp(big.NewInt(10), big.NewInt(18), nil))
		}
		in.Fees = append(in.Fees, Fee{fmt.Sprintf("asset%d", r.IntN(nAssets)), fmt.Sprintf("Org%dMSP", r.IntN(3)), amt})
	}
	for i := 0; i < nFees/5; i++ {
		in.Rewards = append(in.Rewards, Reward{payees[r.IntN(nPayees)], fmt.Sprintf("Org%dMSP", r.IntN(3)), big.NewInt(1 + r.Int64N(1000))})
	}
	return in
}

func checkInvariants(t *testing.T, in Input, res Result) {
	t.Helper()
	want := new(big.Int)
	for _, f := range in.Fees {
		want.Add(want, f.Amount)
	}
	for _, r := range in.Rewards {
		want.Add(want, r.Amount)
	}
	sumAddr, sumPayee, sumDue := new(big.Int), new(big.Int), new(big.Int)
	for i, p := range res.ByAddress {
		if p.Amount.Sign() <= 0 {
			t.Fatalf("address %x gets %v", p.Account, p.Amount)
		}
		if i > 0 && string(res.ByAddress[i-1].Account[:]) >= string(p.Account[:]) {
			t.Fatal("addresses not strictly ascending")
		}
		sumAddr.Add(sumAddr, p.Amount)
	}
	for _, p := range res.ByPayee {
		if p.Amount.Sign() < 0 {
			t.Fatalf("payee %s is negative", p.To)
		}
		sumPayee.Add(sumPayee, p.Amount)
	}
	for _, d := range res.FundingDue {
		sumDue.Add(sumDue, d.Amount)
	}
	if sumAddr.Cmp(want) != 0 || sumPayee.Cmp(want) != 0 || sumDue.Cmp(want) != 0 || res.Total.Cmp(want) != 0 {
		t.Fatalf("fees+rewards %v; by address %v, by payee %v, funding %v, total %v", want, sumAddr, sumPayee, sumDue, res.Total)
	}
}

func shuffled(r *rand.Rand, in Input) Input {
	out := in
	out.Assets = append([]Asset(nil), in.Assets...)
	out.Fees = append([]Fee(nil), in.Fees...)
	out.Rewards = append([]Reward(nil), in.Rewards...)
	r.Shuffle(len(out.Assets), func(i, j int) { out.Assets[i], out.Assets[j] = out.Assets[j], out.Assets[i] })
	r.Shuffle(len(out.Fees), func(i, j int) { out.Fees[i], out.Fees[j] = out.Fees[j], out.Fees[i] })
	r.Shuffle(len(out.Rewards), func(i, j int) { out.Rewards[i], out.Rewards[j] = out.Rewards[j], out.Rewards[i] })
	addr := make(map[string][20]byte, len(in.Address)) // a fresh map: new iteration order
	for k, v := range in.Address {
		addr[k] = v
	}
	out.Address = addr
	return out
}

func TestSettleProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	for iter := 0; iter < 200; iter++ {
		in := randomEpoch(r, 1+r.IntN(40), 1+r.IntN(30), r.IntN(120))
		res, err := Settle(in)
		if err != nil {
			t.Fatalf("iter %d: %v", iter, err)
		}
		checkInvariants(t, in, res)
		again, err := Settle(shuffled(r, in))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(res, again) {
			t.Fatalf("iter %d: result depends on input order", iter)
		}
		checkAnyTopologicalOrder(t, r, in, res)
	}
}

// checkAnyTopologicalOrder recomputes the cascade in a random order that
// only respects "every child before its parents" (Kahn's algorithm, picking
// a random ready asset) and requires the same gross per asset and amount per
// payee: the depth order and its id tie-break are one valid order among
// many, and the amounts must not depend on which.
func checkAnyTopologicalOrder(t *testing.T, r *rand.Rand, in Input, res Result) {
	t.Helper()
	byID := map[string]Asset{}
	pending := map[string]int{} // children not yet processed
	for _, a := range in.Assets {
		byID[a.ID] = a
	}
	for _, a := range in.Assets {
		for _, p := range a.Parents {
			pending[p.Asset]++
		}
	}
	var ready []string
	for _, a := range in.Assets {
		if pending[a.ID] == 0 {
			ready = append(ready, a.ID)
		}
	}
	gross, payee := map[string]*big.Int{}, map[string]*big.Int{}
	for _, f := range in.Fees {
		add(gross, f.Asset, f.Amount)
	}
	for _, rw := range in.Rewards {
		add(payee, rw.Payee, rw.Amount)
	}
	done := 0
	for len(ready) > 0 {
		i := r.IntN(len(ready))
		id := ready[i]
		ready = append(ready[:i], ready[i+1:]...)
		done++
		a := byID[id]
		g := gross[id]
		if g == nil {
			g = new(big.Int)
		}
		ps, cs, err := Split(g, a)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			add(gross, p.To, p.Amount)
		}
		for _, c := range cs {
			add(payee, c.To, c.Amount)
		}
		for _, p := range a.Parents {
			if pending[p.Asset]--; pending[p.Asset] == 0 {
				ready = append(ready, p.Asset)
			}
		}
	}
	if done != len(in.Assets) {
		t.Fatalf("lineage has a cycle: processed %d of %d", done, len(in.Assets))
	}
	for _, g := range res.Gross {
		if gross[g.To].Cmp(g.Amount) != 0 {
			t.Fatalf("asset %s: gross %v in depth order, %v in another child-first order", g.To, g.Amount, gross[g.To])
		}
	}
	n := 0
	for _, id := range sortedKeys(payee) {
		if payee[id].Sign() != 0 {
			n++
		}
	}
	if n != len(res.ByPayee) {
		t.Fatalf("%d payees paid in depth order, %d in another order", len(res.ByPayee), n)
	}
	for _, p := range res.ByPayee {
		if payee[p.To].Cmp(p.Amount) != 0 {
			t.Fatalf("payee %s: %v in depth order, %v in another child-first order", p.To, p.Amount, payee[p.To])
		}
	}
}

func TestSettleOrdersByDepthThenID(t *testing.T) {
	// Two roots and two children at depth 1; "z" is deeper than everything.
	one := func(p string) []Share { return []Share{{p, 10000}} }
	in := Input{
		Assets: []Asset{
			{ID: "r1", Depth: 0, Contributors: one("p")},
			{ID: "r2", Depth: 0, Contributors: one("p")},
			{ID: "b", Depth: 1, Contributors: one("p"), Parents: []Royalty{{"r1", 5000}, {"r2", 5000}}},
			{ID: "a", Depth: 1, Contributors: one("p"), Parents: []Royalty{{"r1", 10000}}},
			{ID: "z", Depth: 2, Contributors: one("p"), Parents: []Royalty{{"a", 1000}, {"r2", 1000}}},
		},
		Fees:    []Fee{{"z", "O", big.NewInt(1000)}, {"b", "O", big.NewInt(10)}},
		Address: map[string][20]byte{"p": {1}},
	}
	var order []string
	as := append([]Asset(nil), in.Assets...)
	sort.Slice(as, func(i, j int) bool { return Before(as[i], as[j]) })
	for _, a := range as {
		order = append(order, a.ID)
	}
	if want := []string{"z", "a", "b", "r1", "r2"}; !reflect.DeepEqual(order, want) {
		t.Fatalf("order %v, want %v", order, want)
	}
	res, err := Settle(in)
	if err != nil {
		t.Fatal(err)
	}
	// z: 100 to a, 100 to r2, 800 to p. a: 100 all to r1. b: 5 to r1, 5 to r2.
	want := map[string]int64{"z": 1000, "a": 100, "b": 10, "r1": 105, "r2": 105}
	if len(res.Gross) != len(want) {
		t.Fatalf("gross %v", res.Gross)
	}
	for _, g := range res.Gross {
		if g.Amount.Int64() != want[g.To] {
			t.Errorf("gross of %s = %v, want %d", g.To, g.Amount, want[g.To])
		}
	}
}

func FuzzSettle(f *testing.F) {
	f.Add(uint64(1), uint8(5), uint8(4), uint8(20))
	f.Add(uint64(99), uint8(1), uint8(1), uint8(0))
	f.Fuzz(func(t *testing.T, seed uint64, nAssets, nPayees, nFees uint8) {
		if nAssets == 0 || nPayees == 0 {
			return
		}
		r := rand.New(rand.NewPCG(seed, 1))
		in := randomEpoch(r, int(nAssets), int(nPayees), int(nFees))
		res, err := Settle(in)
		if err != nil {
			t.Fatal(err)
		}
		checkInvariants(t, in, res)
		again, err := Settle(shuffled(r, in))
		if err != nil || !reflect.DeepEqual(res, again) {
			t.Fatalf("order dependence or error: %v", err)
		}
		checkAnyTopologicalOrder(t, r, in, res)
	})
}
