package settlement

import (
	"bytes"
	"fmt"
	"math/big"
	"sort"
)

// Fee is one usage report's fee: revenue of Asset, owed by Payer (an org).
type Fee struct {
	Asset  string
	Payer  string
	Amount *big.Int
}

// Reward is an amount an org (Funder) grants a payee for the epoch.
type Reward struct {
	Payee  string
	Funder string
	Amount *big.Int
}

// Input is everything an epoch's settlement depends on. Order of the slices
// does not matter.
type Input struct {
	Assets  []Asset // every asset with revenue and all of their ancestors
	Fees    []Fee
	Rewards []Reward
	// Address maps each payee to its EVM address for this epoch.
	Address map[string][20]byte
}

// Payout is what one address receives.
type Payout struct {
	Account [20]byte
	Amount  *big.Int
}

// Result is a settled epoch, every list sorted by its key.
type Result struct {
	Gross      []Amount // per asset: own revenue plus royalties from children
	ByPayee    []Amount // per payee id, non-zero only
	ByAddress  []Payout // per address ascending by bytes, non-zero only
	FundingDue []Amount // per org: fees it pays plus rewards it funds
	Revenue    *big.Int // sum of fees
	Rewards    *big.Int // sum of rewards
	Total      *big.Int // Revenue + Rewards == sum of ByAddress
}

// Settle runs the whole cascade in one pass: assets by descending lineage
// depth (ties by ascending id, see Before), each splitting its gross with
// Split. It is the reference the chaincode's paged settlement must agree
// with.
func Settle(in Input) (Result, error) {
	assets := make(map[string]Asset, len(in.Assets))
	order := make([]Asset, 0, len(in.Assets))
	for _, a := range in.Assets {
		if _, dup := assets[a.ID]; dup {
			return Result{}, fmt.Errorf("asset %s given twice", a.ID)
		}
		if err := a.Validate(); err != nil {
			return Result{}, err
		}
		assets[a.ID] = a
		order = append(order, a)
	}
	for _, a := range order {
		for _, p := range a.Parents {
			pa, ok := assets[p.Asset]
			if !ok {
				return Result{}, fmt.Errorf("asset %s: parent %s unknown", a.ID, p.Asset)
			}
			if pa.Depth >= a.Depth {
				return Result{}, fmt.Errorf("asset %s (depth %d): parent %s has depth %d, parents must be shallower", a.ID, a.Depth, p.Asset, pa.Depth)
			}
		}
	}
	sort.Slice(order, func(i, j int) bool { return Before(order[i], order[j]) })

	res := Result{Revenue: new(big.Int), Rewards: new(big.Int), Total: new(big.Int)}
	gross := map[string]*big.Int{}
	due := map[string]*big.Int{}
	for _, f := range in.Fees {
		if err := positive(f.Amount, "fee for asset "+f.Asset); err != nil {
			return Result{}, err
		}
		if _, ok := assets[f.Asset]; !ok {
			return Result{}, fmt.Errorf("fee for unknown asset %s", f.Asset)
		}
		if f.Payer == "" {
			return Result{}, fmt.Errorf("fee for asset %s has no payer", f.Asset)
		}
		add(gross, f.Asset, f.Amount)
		add(due, f.Payer, f.Amount)
		res.Revenue.Add(res.Revenue, f.Amount)
	}
	byPayee := map[string]*big.Int{}
	for _, r := range in.Rewards {
		if err := positive(r.Amount, "reward for payee "+r.Payee); err != nil {
			return Result{}, err
		}
		if r.Payee == "" || r.Funder == "" {
			return Result{}, fmt.Errorf("reward needs a payee and a funder")
		}
		add(byPayee, r.Payee, r.Amount)
		add(due, r.Funder, r.Amount)
		res.Rewards.Add(res.Rewards, r.Amount)
	}
	for _, a := range order {
		g := gross[a.ID]
		if g == nil || g.Sign() == 0 {
			continue
		}
		res.Gross = append(res.Gross, Amount{a.ID, new(big.Int).Set(g)})
		parents, contributors, err := Split(g, a)
		if err != nil {
			return Result{}, err
		}
		for _, p := range parents {
			add(gross, p.To, p.Amount)
		}
		for _, c := range contributors {
			add(byPayee, c.To, c.Amount)
		}
	}
	sort.Slice(res.Gross, func(i, j int) bool { return res.Gross[i].To < res.Gross[j].To })

	byAddr := map[[20]byte]*big.Int{}
	for _, id := range sortedKeys(byPayee) {
		v := byPayee[id]
		if v.Sign() == 0 {
			continue
		}
		addr, ok := in.Address[id]
		if !ok || addr == ([20]byte{}) {
			return Result{}, fmt.Errorf("payee %s has no address for this epoch", id)
		}
		res.ByPayee = append(res.ByPayee, Amount{id, v})
		if byAddr[addr] == nil {
			byAddr[addr] = new(big.Int)
		}
		byAddr[addr].Add(byAddr[addr], v)
	}
	for a, v := range byAddr {
		res.ByAddress = append(res.ByAddress, Payout{a, v})
	}
	sort.Slice(res.ByAddress, func(i, j int) bool {
		return bytes.Compare(res.ByAddress[i].Account[:], res.ByAddress[j].Account[:]) < 0
	})
	for _, org := range sortedKeys(due) {
		res.FundingDue = append(res.FundingDue, Amount{org, due[org]})
	}
	res.Total.Add(res.Revenue, res.Rewards)

	// The invariant of DOMAIN.md: every base unit is paid exactly once.
	paid := new(big.Int)
	for _, p := range res.ByAddress {
		paid.Add(paid, p.Amount)
	}
	if paid.Cmp(res.Total) != 0 {
		return Result{}, fmt.Errorf("settlement: paid %s but revenue plus rewards is %s", paid, res.Total)
	}
	return res, nil
}

// Before is the cascade order: deeper assets first, ties by ascending id.
// Assets of equal depth are never parent and child, so the tie-break only
// makes the order total; it does not change any amount.
func Before(a, b Asset) bool {
	if a.Depth != b.Depth {
		return a.Depth > b.Depth
	}
	return a.ID < b.ID
}

func positive(v *big.Int, what string) error {
	if v == nil || v.Sign() <= 0 {
		return fmt.Errorf("%s: amount must be a positive integer, got %v", what, v)
	}
	return nil
}

func add(m map[string]*big.Int, k string, v *big.Int) {
	if m[k] == nil {
		m[k] = new(big.Int)
	}
	m[k].Add(m[k], v)
}

func sortedKeys(m map[string]*big.Int) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
