package evm

import (
	"errors"
	"fmt"
	"math/big"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/params"
)

// DevChain is a local EVM chain for dev networks and integration tests: the
// simulated backend (MainnetLikeConfig) serving JSON-RPC over HTTP on a
// loopback address and sealing a block every blockTime, like geth --dev with
// a period. No external binary or container is needed.
type DevChain struct {
	sim      *simulated.Backend
	endpoint string
	chainID  *big.Int
	stop     chan struct{}
	done     sync.WaitGroup
	once     sync.Once
}

// StartDevChain listens on addr (host:port, loopback only) and gives each
// funded address 10^6 ether.
func StartDevChain(addr string, chainID *big.Int, blockTime time.Duration, funded ...common.Address) (*DevChain, error) {
	host, portStr, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("devchain: address %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, fmt.Errorf("devchain: %q is not a loopback address; a dev chain has well-known keys", host)
	}
	port, err := strconv.Atoi(portStr)
	if err != nil || port <= 0 || port > 65535 {
		return nil, fmt.Errorf("devchain: port %q: want 1-65535", portStr)
	}
	if blockTime <= 0 {
		return nil, errors.New("devchain: block time must be positive")
	}
	// Fail fast and clearly if the port is taken (the node would only log it).
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("devchain: %w", err)
	}
	_ = l.Close()
	alloc := types.GenesisAlloc{}
	rich := new(big.Int).Mul(big.NewInt(1_000_000), big.NewInt(params.Ether))
	for _, a := range funded {
		alloc[a] = types.Account{Balance: rich}
	}
	cfg := MainnetLikeConfig(chainID)
	sim := simulated.NewBackend(alloc,
		func(nc *node.Config, ec *ethconfig.Config) {
			ec.Genesis.Config = cfg
			nc.HTTPHost = host
			nc.HTTPPort = port
			nc.HTTPModules = []string{"eth", "net", "web3"}
			nc.HTTPVirtualHosts = []string{"localhost", "127.0.0.1", "::1"}
			nc.AuthPort = 0 // never claim the engine API's well-known port
		},
		simulated.WithBlockGasLimit(60_000_000),
	)
	d := &DevChain{sim: sim, endpoint: "http://" + net.JoinHostPort(host, portStr), chainID: cfg.ChainID, stop: make(chan struct{})}
	d.done.Add(1)
	go d.seal(blockTime)
	return d, nil
}

func (d *DevChain) seal(every time.Duration) {
	defer d.done.Done()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-d.stop:
			return
		case <-t.C:
			d.sim.Commit()
		}
	}
}

// Endpoint is the JSON-RPC URL, for ethclient.Dial.
func (d *DevChain) Endpoint() string { return d.endpoint }

// ChainID of the dev chain.
func (d *DevChain) ChainID() *big.Int { return new(big.Int).Set(d.chainID) }

// Close stops sealing and shuts the node down.
func (d *DevChain) Close() error {
	var err error
	d.once.Do(func() {
		close(d.stop)
		d.done.Wait()
		err = d.sim.Close()
	})
	return err
}
