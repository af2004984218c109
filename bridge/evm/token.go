package evm

import (
	"context"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/saharanet/saharanet/bridge/bindings"
)

// Token drives an ERC-20: the SaharaTestToken on dev networks (Mint works
// only there) or the real SAHARA token (the ERC-20 methods are the same).
type Token struct {
	s   txSender
	abi *bindings.SaharaTestToken
}

// DeployTestToken deploys a SaharaTestToken whose minter is minter and mints
// supply to holder.
func DeployTestToken(ctx context.Context, b Backend, from *bind.TransactOpts, minter, holder common.Address, supply *big.Int, opts ...Option) (*Token, *types.Receipt, error) {
	if supply == nil || supply.Sign() < 0 {
		return nil, nil, fmt.Errorf("deploy token: supply must be non-negative, got %v", supply)
	}
	a := bindings.NewSaharaTestToken()
	addr, rcpt, err := deploy(ctx, b, from, "deploy token", bindings.SaharaTestTokenMetaData.Bin, a.PackConstructor(minter, holder, supply), buildOptions(opts).poll)
	if err != nil {
		return nil, rcpt, err
	}
	return NewToken(b, from, addr, opts...), rcpt, nil
}

// NewToken binds an existing token contract.
func NewToken(b Backend, from *bind.TransactOpts, addr common.Address, opts ...Option) *Token {
	o := buildOptions(opts)
	a := bindings.NewSaharaTestToken()
	return &Token{
		s:   txSender{backend: b, from: from, address: addr, contract: a.Instance(b, addr), log: o.log, poll: o.poll},
		abi: a,
	}
}

// Address of the token contract.
func (t *Token) Address() common.Address { return t.s.address }

// As returns a copy of the driver that sends transactions as from.
func (t *Token) As(from *bind.TransactOpts) *Token {
	c := *t
	c.s.from = from
	return &c
}

// Mint creates amount for to (SaharaTestToken only; the caller must be the minter).
func (t *Token) Mint(ctx context.Context, to common.Address, amount *big.Int) (*types.Receipt, error) {
	return t.s.transact(ctx, "mint", t.abi.PackMint(to, amount))
}

// Approve lets spender move up to amount of the sender's tokens.
func (t *Token) Approve(ctx context.Context, spender common.Address, amount *big.Int) (*types.Receipt, error) {
	return t.s.transact(ctx, "approve", t.abi.PackApprove(spender, amount))
}

// Transfer sends amount to to.
func (t *Token) Transfer(ctx context.Context, to common.Address, amount *big.Int) (*types.Receipt, error) {
	return t.s.transact(ctx, "transfer", t.abi.PackTransfer(to, amount))
}

// BalanceOf returns who's balance in base units.
func (t *Token) BalanceOf(ctx context.Context, who common.Address) (*big.Int, error) {
	return call(ctx, &t.s, "balanceOf", t.abi.PackBalanceOf(who), t.abi.UnpackBalanceOf)
}

// Decimals returns the token's decimals (18 for SAHARA).
func (t *Token) Decimals(ctx context.Context) (uint8, error) {
	return call(ctx, &t.s, "decimals", t.abi.PackDecimals(), t.abi.UnpackDecimals)
}
