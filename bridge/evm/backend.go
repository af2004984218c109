package evm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Backend is what the drivers need from a chain: an ethclient.Client, or
// SimChain.Client() in tests.
type Backend interface {
	bind.ContractBackend
	bind.DeployBackend
	ChainID(ctx context.Context) (*big.Int, error)
}

// Option tunes a driver.
type Option func(*options)

type options struct {
	log  *slog.Logger
	poll time.Duration
}

// WithLogger sets the logger for sent transactions (default slog.Default()).
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.log = l } }

// WithPollInterval sets how often receipts are polled while waiting for a
// transaction (default 1 s; a dev chain sealing fast wants less).
func WithPollInterval(d time.Duration) Option { return func(o *options) { o.poll = d } }

func buildOptions(opts []Option) options {
	o := options{log: slog.Default(), poll: time.Second}
	for _, f := range opts {
		f(&o)
	}
	return o
}

// txSender is the send-and-wait core shared by the drivers.
type txSender struct {
	backend  Backend
	from     *bind.TransactOpts
	address  common.Address
	contract *bind.BoundContract
	log      *slog.Logger
	poll     time.Duration
}

// transact sends data to the contract and waits for the receipt. Gas
// estimation runs the call first, so a call that would revert is refused with
// the decoded custom error before anything is sent.
func (s *txSender) transact(ctx context.Context, op string, data []byte) (*types.Receipt, error) {
	if s.from == nil {
		return nil, fmt.Errorf("%s: driver has no transactor", op)
	}
	opts := *s.from
	opts.Context = ctx
	tx, err := s.contract.RawTransact(&opts, data)
	if err != nil {
		return nil, decodeRevert(op, err)
	}
	rcpt, err := waitMined(ctx, s.backend, tx.Hash(), s.poll)
	if err != nil {
		return nil, fmt.Errorf("%s: wait for tx %s: %w", op, tx.Hash(), err)
	}
	if rcpt.Status != types.ReceiptStatusSuccessful {
		// Replay on the parent state to learn the reason (the chain moved
		// between estimation and inclusion).
		parent := new(big.Int).Sub(rcpt.BlockNumber, big.NewInt(1))
		_, cerr := s.backend.CallContract(ctx, ethereum.CallMsg{From: opts.From, To: &s.address, Data: data, Gas: tx.Gas()}, parent)
		if cerr != nil {
			return rcpt, fmt.Errorf("tx %s failed on chain: %w", tx.Hash(), decodeRevert(op, cerr))
		}
		return rcpt, fmt.Errorf("%s: tx %s failed on chain (status 0, gas used %d)", op, tx.Hash(), rcpt.GasUsed)
	}
	s.log.Debug("evm tx mined", "op", op, "contract", s.address, "tx", tx.Hash(), "block", rcpt.BlockNumber, "gas", rcpt.GasUsed)
	return rcpt, nil
}

func call[T any](ctx context.Context, s *txSender, op string, data []byte, unpack func([]byte) (T, error)) (T, error) {
	v, err := bind.Call(s.contract, &bind.CallOpts{Context: ctx}, data, unpack)
	if err != nil {
		var zero T
		return zero, decodeRevert(op, err)
	}
	return v, nil
}

// waitMined polls for the receipt of hash until it exists or ctx ends. Like
// go-ethereum's bind.WaitMined it retries on every error: nodes answer
// "not found" and "indexing in progress" alike while a receipt is on its way.
func waitMined(ctx context.Context, b Backend, hash common.Hash, every time.Duration) (*types.Receipt, error) {
	if every <= 0 {
		every = time.Second
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		rcpt, err := b.TransactionReceipt(ctx, hash)
		if err == nil {
			return rcpt, nil
		}
		select {
		case <-ctx.Done():
			if !errors.Is(err, ethereum.NotFound) {
				return nil, fmt.Errorf("%w (last error: %v)", ctx.Err(), err)
			}
			return nil, ctx.Err()
		case <-t.C:
		}
	}
}

func deploy(ctx context.Context, b Backend, from *bind.TransactOpts, op, bin string, ctorArgs []byte, poll time.Duration) (common.Address, *types.Receipt, error) {
	if from == nil {
		return common.Address{}, nil, fmt.Errorf("%s: no transactor", op)
	}
	opts := *from
	opts.Context = ctx
	addr, tx, err := bind.DeployContract(&opts, common.FromHex(bin), b, ctorArgs)
	if err != nil {
		return common.Address{}, nil, decodeRevert(op, err)
	}
	rcpt, err := waitMined(ctx, b, tx.Hash(), poll)
	if err != nil {
		return common.Address{}, nil, fmt.Errorf("%s: wait for tx %s: %w", op, tx.Hash(), err)
	}
	if rcpt.Status != types.ReceiptStatusSuccessful {
		return common.Address{}, rcpt, fmt.Errorf("%s: deployment tx %s failed", op, tx.Hash())
	}
	return addr, rcpt, nil
}
