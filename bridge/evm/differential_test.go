package evm

import (
	"context"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/saharanet/saharanet/api/payout"
)

// checkClaim runs claim as an eth_call: nil means the contract would pay.
func checkClaim(ctx context.Context, d *Distributor, c Claim) error {
	data := d.abi.PackClaim(c.Epoch, new(big.Int).SetUint64(c.Index), c.Account, c.Amount, hashes(c.Proof))
	_, err := bind.Call(d.s.contract, &bind.CallOpts{Context: ctx}, data, func([]byte) (struct{}, error) { return struct{}{}, nil })
	return decodeRevert("claim", err)
}

func flipBit(b []byte, bit int) { b[bit/8] ^= 1 << (bit % 8) }

// TestDifferentialTrees builds random payout trees in Go (api/payout), posts
// their roots and checks that every sampled leaf verifies on chain and that
// flipping any single bit of the leaf or its proof makes it fail.
func TestDifferentialTrees(t *testing.T) {
	f := newFixture(t)
	rng := rand.New(rand.NewPCG(7, 11))
	sizes := []int{1, 2, 3, 5, 8, 13, 64, 127, 128, 129, 255, 1000}
	for e, n := range sizes {
		epoch := uint64(e)
		ps := make([]payout.Payout, n)
		for i := range ps {
			for j := range ps[i].Account {
				ps[i].Account[j] = byte(rng.Uint32())
			}
			ps[i].Amount = new(big.Int).SetUint64(rng.Uint64N(1<<62) + 1)
		}
		tr, err := payout.NewTree(epoch, ps)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.post(EpochRootOf(tr)); err != nil {
			t.Fatalf("tree of %d: %v", n, err)
		}
		samples := []int{0, n - 1, rng.IntN(n)}
		for _, i := range samples {
			c := claimOf(t, tr, i)
			if err := checkClaim(f.ctx, f.dist, c); err != nil {
				t.Fatalf("tree of %d leaf %d does not verify: %v", n, i, err)
			}
			// Flip a random bit of every proof element and of every leaf field.
			for k := range c.Proof {
				bad := c
				bad.Proof = append([]common.Hash{}, c.Proof...)
				flipBit(bad.Proof[k][:], rng.IntN(256))
				if checkClaim(f.ctx, f.dist, bad) == nil {
					t.Fatalf("tree of %d leaf %d: flipped proof element %d verifies", n, i, k)
				}
			}
			bad := c
			bad.Amount = new(big.Int).Xor(c.Amount, new(big.Int).Lsh(big.NewInt(1), uint(rng.IntN(96))))
			if checkClaim(f.ctx, f.dist, bad) == nil {
				t.Fatalf("tree of %d leaf %d: flipped amount verifies", n, i)
			}
			bad = c
			flipBit(bad.Account[:], rng.IntN(160))
			if checkClaim(f.ctx, f.dist, bad) == nil {
				t.Fatalf("tree of %d leaf %d: flipped account verifies", n, i)
			}
			bad = c
			bad.Index ^= 1 << rng.IntN(64)
			if checkClaim(f.ctx, f.dist, bad) == nil {
				t.Fatalf("tree of %d leaf %d: flipped index verifies", n, i)
			}
			bad = c
			bad.Epoch ^= 1 << rng.IntN(64)
			if checkClaim(f.ctx, f.dist, bad) == nil {
				t.Fatalf("tree of %d leaf %d: flipped epoch verifies", n, i)
			}
			if len(c.Proof) > 0 {
				bad = c
				bad.Proof = c.Proof[:len(c.Proof)-1]
				if checkClaim(f.ctx, f.dist, bad) == nil {
					t.Fatalf("tree of %d leaf %d: truncated proof verifies", n, i)
				}
			}
		}
	}
}

// TestDifferentialEveryBit flips every single bit of one leaf's encoding and
// proof (about 4,000 variants) and expects each to be refused.
func TestDifferentialEveryBit(t *testing.T) {
	f := newFixture(t)
	tr := randomTree(t, 0, 200, 99, 1_000_000_000)
	if err := f.post(EpochRootOf(tr)); err != nil {
		t.Fatal(err)
	}
	c := claimOf(t, tr, 77)
	if err := checkClaim(f.ctx, f.dist, c); err != nil {
		t.Fatal(err)
	}
	variants := 0
	try := func(bad Claim, what string, bit int) {
		t.Helper()
		variants++
		if checkClaim(f.ctx, f.dist, bad) == nil {
			t.Fatalf("flipping %s bit %d still verifies", what, bit)
		}
	}
	for k := range c.Proof {
		for bit := range 256 {
			bad := c
			bad.Proof = append([]common.Hash{}, c.Proof...)
			flipBit(bad.Proof[k][:], bit)
			try(bad, "proof element", k*256+bit)
		}
	}
	for bit := range 160 {
		bad := c
		flipBit(bad.Account[:], bit)
		try(bad, "account", bit)
	}
	for bit := range 64 {
		bad := c
		bad.Index ^= 1 << bit
		try(bad, "index", bit)
		bad = c
		bad.Epoch ^= 1 << bit
		try(bad, "epoch", bit)
	}
	for bit := range 96 {
		bad := c
		bad.Amount = new(big.Int).Xor(c.Amount, new(big.Int).Lsh(big.NewInt(1), uint(bit)))
		try(bad, "amount", bit)
	}
	// And a root with any one bit flipped verifies nothing.
	r := EpochRootOf(tr)
	r.Epoch = 1
	t1 := randomTree(t, 1, 200, 99, 1_000_000_000)
	r.Root = t1.Root()
	flipBit(r.Root[:], 131)
	r.Total = t1.Total()
	r.LeafCount = uint64(t1.Len())
	if err := f.post(r); err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, 50, 199} {
		variants++
		if checkClaim(f.ctx, f.dist, claimOf(t, t1, i)) == nil {
			t.Fatalf("leaf %d verifies against a root with a flipped bit", i)
		}
	}
	t.Logf("%d single-bit variants refused", variants)
}
