package evm

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/params"
)

// MainnetLikeConfig returns a copy of the dev chain config with the
// experimental forks (Bogota, Amsterdam) switched off, so gas costs are those
// of the current mainnet fork. chainID may be nil to keep the dev default.
func MainnetLikeConfig(chainID *big.Int) *params.ChainConfig {
	cfg := *params.AllDevChainProtocolChanges
	cfg.BogotaTime = nil
	cfg.AmsterdamTime = nil
	if chainID != nil {
		cfg.ChainID = new(big.Int).Set(chainID)
	}
	return &cfg
}

// SimChain is an in-process chain for tests, the gas report and local
// experiments: go-ethereum's simulated backend with MainnetLikeConfig and a
// client that mines a block after every transaction, so drivers can wait for
// receipts exactly as they would on a real chain.
type SimChain struct {
	Backend *simulated.Backend
	client  *autoMiningClient
	chainID *big.Int
}

// NewSimChain starts a simulated chain with the given chain id whose genesis
// gives each funded key 10^6 ether for gas.
func NewSimChain(chainID *big.Int, funded ...*ecdsa.PrivateKey) *SimChain {
	alloc := types.GenesisAlloc{}
	rich := new(big.Int).Mul(big.NewInt(1_000_000), big.NewInt(params.Ether))
	for _, k := range funded {
		alloc[crypto.PubkeyToAddress(k.PublicKey)] = types.Account{Balance: rich}
	}
	cfg := MainnetLikeConfig(chainID)
	b := simulated.NewBackend(alloc,
		func(_ *node.Config, ec *ethconfig.Config) { ec.Genesis.Config = cfg },
		simulated.WithBlockGasLimit(60_000_000),
	)
	return &SimChain{Backend: b, client: &autoMiningClient{Client: b.Client(), commit: b.Commit}, chainID: cfg.ChainID}
}

// Client is the chain client to hand to drivers; it mines after each send.
func (s *SimChain) Client() Backend { return s.client }

// ChainID is the chain id the simulated chain signs and validates with.
func (s *SimChain) ChainID() *big.Int { return new(big.Int).Set(s.chainID) }

// AdvanceTime moves the chain clock forward by d, sealing a new block.
func (s *SimChain) AdvanceTime(d time.Duration) error {
	// The simulated beacon refuses to adjust time while the transaction pool
	// has pending transactions, and the pool promotes new transactions
	// asynchronously: a transaction sent just before may still be pending.
	// Mine it first, then retry, for a bounded time.
	var err error
	for i := 0; i < 100; i++ {
		if err = s.Backend.AdjustTime(d); err == nil {
			return nil
		}
		s.Backend.Commit()
		time.Sleep(10 * time.Millisecond)
	}
	return fmt.Errorf("simchain: advance time by %s: %w", d, err)
}

// Now returns the timestamp of the latest block.
func (s *SimChain) Now(ctx context.Context) (uint64, error) {
	h, err := s.client.HeaderByNumber(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("simchain: latest header: %w", err)
	}
	return h.Time, nil
}

// Close stops the chain.
func (s *SimChain) Close() error { return s.Backend.Close() }

type autoMiningClient struct {
	simulated.Client
	commit func() common.Hash
}

func (c *autoMiningClient) SendTransaction(ctx context.Context, tx *types.Transaction) error {
	if err := c.Client.SendTransaction(ctx, tx); err != nil {
		return err
	}
	c.commit()
	return nil
}
