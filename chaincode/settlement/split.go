package settlement

import (
	"errors"
	"fmt"
	"math/big"
)

// BPS is 100% in basis points.
const BPS = 10000

// Share is a contributor's cut of an asset's revenue after royalties.
type Share struct {
	Payee    string
	ShareBps uint32
}

// Royalty is a lineage parent's cut of a child's gross revenue.
type Royalty struct {
	Asset      string
	RoyaltyBps uint32
}

// Asset is what the cascade needs to know about a registered asset.
type Asset struct {
	ID string
	// Depth is the lineage depth: 0 without parents, else 1 + the largest
	// parent depth. Every parent has a smaller depth, so taking assets by
	// descending depth settles every child before its parents.
	Depth        uint64
	Contributors []Share
	Parents      []Royalty
}

// Validate checks the share rules of DOMAIN.md: contributors present, each
// payee once, shares positive and summing to exactly 10000; parents each
// named once with royalties summing to at most 10000.
func (a Asset) Validate() error {
	if a.ID == "" {
		return errors.New("asset: empty id")
	}
	if len(a.Contributors) == 0 {
		return fmt.Errorf("asset %s: no contributors", a.ID)
	}
	var sum uint64
	seen := map[string]bool{}
	for _, c := range a.Contributors {
		if c.Payee == "" {
			return fmt.Errorf("asset %s: contributor with empty payee", a.ID)
		}
		if seen[c.Payee] {
			return fmt.Errorf("asset %s: contributor %s listed twice", a.ID, c.Payee)
		}
		seen[c.Payee] = true
		if c.ShareBps == 0 {
			return fmt.Errorf("asset %s: contributor %s has a zero share", a.ID, c.Payee)
		}
		sum += uint64(c.ShareBps)
	}
	if sum != BPS {
		return fmt.Errorf("asset %s: contributor shares sum to %d bps, want exactly %d", a.ID, sum, BPS)
	}
	sum = 0
	seen = map[string]bool{}
	for _, p := range a.Parents {
		if p.Asset == "" {
			return fmt.Errorf("asset %s: parent with empty id", a.ID)
		}
		if p.Asset == a.ID {
			return fmt.Errorf("asset %s: names itself as a parent", a.ID)
		}
		if seen[p.Asset] {
			return fmt.Errorf("asset %s: parent %s listed twice", a.ID, p.Asset)
		}
		seen[p.Asset] = true
		sum += uint64(p.RoyaltyBps)
	}
	if sum > BPS {
		return fmt.Errorf("asset %s: parent royalties sum to %d bps, over %d", a.ID, sum, BPS)
	}
	return nil
}

// Amount is an amount owed to a named party (a parent asset or a payee).
type Amount struct {
	To     string
	Amount *big.Int
}

// Split divides gross between a's parents and contributors: parent i gets
// floor(gross × royaltyBps_i / 10000); the rest R goes to contributors,
// floor(R × shareBps_j / 10000) each, and the rounding remainder goes to the
// contributor with the largest share (the first such in list order). The
// outputs are in a's list order and always sum to gross exactly. Zero
// amounts are included so callers see every party.
func Split(gross *big.Int, a Asset) (parents, contributors []Amount, err error) {
	if gross == nil || gross.Sign() < 0 {
		return nil, nil, fmt.Errorf("asset %s: gross revenue must be a non-negative integer, got %v", a.ID, gross)
	}
	if err := a.Validate(); err != nil {
		return nil, nil, err
	}
	bps := big.NewInt(BPS)
	rest := new(big.Int).Set(gross)
	parents = make([]Amount, len(a.Parents))
	for i, p := range a.Parents {
		v := new(big.Int).Mul(gross, big.NewInt(int64(p.RoyaltyBps)))
		v.Quo(v, bps)
		rest.Sub(rest, v)
		parents[i] = Amount{To: p.Asset, Amount: v}
	}
	contributors = make([]Amount, len(a.Contributors))
	left := new(big.Int).Set(rest)
	largest := 0
	for j, c := range a.Contributors {
		v := new(big.Int).Mul(rest, big.NewInt(int64(c.ShareBps)))
		v.Quo(v, bps)
		left.Sub(left, v)
		contributors[j] = Amount{To: c.Payee, Amount: v}
		if c.ShareBps > a.Contributors[largest].ShareBps {
			largest = j
		}
	}
	contributors[largest].Amount.Add(contributors[largest].Amount, left)
	return parents, contributors, nil
}
