package evm_test

import (
	"context"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/saharanet/saharanet/api/payout"
	"github.com/saharanet/saharanet/bridge/evm"
)

// Example walks one epoch through the distributor: deploy, fund, sign and
// post the root with a 2-of-3 signer set, and claim.
func Example() {
	ctx := context.Background()
	key := func(s string) *evm.KeySigner {
		k, _ := crypto.ToECDSA(crypto.Keccak256([]byte(s)))
		return evm.NewKeySigner(k)
	}
	admin, _ := crypto.ToECDSA(crypto.Keccak256([]byte("example admin")))
	chain := evm.NewSimChain(big.NewInt(1337), admin)
	defer chain.Close()
	from := bind.NewKeyedTransactor(admin, chain.ChainID())
	unit := big.NewInt(1_000_000_000_000_000_000)

	token, _, _ := evm.DeployTestToken(ctx, chain.Client(), from, from.From, from.From, new(big.Int).Mul(big.NewInt(1000), unit))
	orgs := []evm.Signer{key("org1"), key("org2"), key("org3")}
	dist, _, err := evm.DeployDistributor(ctx, chain.Client(), from, evm.DeployConfig{
		Token:     token.Address(),
		Signers:   []common.Address{orgs[0].Address(), orgs[1].Address(), orgs[2].Address()},
		Threshold: 2,
		Guardian:  from.From,
		Limits: evm.Limits{BucketCapacity: new(big.Int).Mul(big.NewInt(500), unit), RefillPerSecond: unit,
			LargeRootThreshold: new(big.Int).Mul(big.NewInt(100), unit), LargeRootDelay: 3600},
	})
	if err != nil {
		panic(err)
	}
	_, _ = token.Approve(ctx, dist.Address(), new(big.Int).Mul(big.NewInt(100), unit))
	_, _ = dist.Fund(ctx, new(big.Int).Mul(big.NewInt(100), unit))

	alice := common.HexToAddress("0x00000000000000000000000000000000000a11ce")
	bob := common.HexToAddress("0x0000000000000000000000000000000000000b0b")
	tree, _ := payout.NewTree(0, []payout.Payout{{Account: alice, Amount: big.NewInt(700)}, {Account: bob, Amount: big.NewInt(300)}})

	root := evm.EpochRootOf(tree)
	digest, _ := dist.Domain().EpochRootDigest(root)
	sigs, _ := evm.SignAll(digest, orgs[0], orgs[2]) // any two orgs
	if _, err := dist.PostRoot(ctx, root, sigs); err != nil {
		panic(err)
	}
	i, _ := tree.Find(bob)
	claim, _ := evm.ClaimFromTree(tree, i)
	if _, err := dist.Claim(ctx, claim); err != nil {
		panic(err)
	}
	bal, _ := token.BalanceOf(ctx, bob)
	_, err = dist.Claim(ctx, claim)
	fmt.Println("bob:", bal, "again:", evm.IsRevert(err, "AlreadyClaimed"))
	// Output: bob: 300 again: true
}
