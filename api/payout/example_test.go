package payout_test

import (
	"fmt"
	"math/big"

	"github.com/saharanet/saharanet/api/payout"
)

func Example() {
	alice, _ := payout.ParseAddress("0x00000000000000000000000000000000000000a1")
	bob, _ := payout.ParseAddress("0x00000000000000000000000000000000000000b2")
	tree, err := payout.NewTree(3, []payout.Payout{
		{Account: bob, Amount: big.NewInt(250)},
		{Account: alice, Amount: big.NewInt(750)},
	})
	if err != nil {
		panic(err)
	}
	i, _ := tree.Find(bob)
	claim, _ := tree.Claim(i)
	fmt.Println("leaves:", tree.Len(), "total:", tree.Total())
	fmt.Println("bob is leaf", claim.Leaf.Index, "verifies:", claim.Verify(tree.Root()))
	// Output:
	// leaves: 2 total: 1000
	// bob is leaf 1 verifies: true
}
