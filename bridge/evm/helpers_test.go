package evm

import (
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/saharanet/saharanet/api/payout"
)

var secp256k1N = crypto.S256().Params().N

// addPayee rebuilds tr with one more payee.
func addPayee(tr *payout.Tree, who common.Address, amount *big.Int) (*payout.Tree, error) {
	ps := []payout.Payout{{Account: who, Amount: amount}}
	for _, l := range tr.Leaves() {
		ps = append(ps, payout.Payout{Account: l.Account, Amount: l.Amount})
	}
	return payout.NewTree(tr.Epoch(), ps)
}
