package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"math/big"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/saharanet/saharanet/bridge/evm"
)

func init() {
	register("evm", "EVM contracts: gas-report, devchain", runEVM)
}

func runEVM(args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(os.Stderr, "usage: saharanet-admin evm <subcommand> [flags]\n\nsubcommands:\n"+
			"  gas-report   deploy on a simulated chain (mainnet-like fork rules) and measure gas against the targets\n"+
			"  devchain     run a local EVM chain on loopback with the test token and distributor deployed")
		return nil
	}
	switch args[0] {
	case "gas-report":
		return runGasReport(args[1:])
	case "devchain":
		return runDevChain(args[1:])
	default:
		return fmt.Errorf("unknown subcommand %q (try: gas-report, devchain)", args[0])
	}
}

func runGasReport(args []string) error {
	fs := flag.NewFlagSet("evm gas-report", flag.ContinueOnError)
	leaves := fs.Int("leaves", 100_000, "payout tree size for the claim measurements")
	check := fs.Bool("check", true, "exit non-zero if a target is missed")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	rep, err := evm.MeasureGas(ctx, *leaves)
	if err != nil {
		return err
	}
	if err := rep.Write(os.Stdout); err != nil {
		return err
	}
	if *check {
		return rep.Check()
	}
	return nil
}

func runDevChain(args []string) error {
	fs := flag.NewFlagSet("evm devchain", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8545", "loopback host:port for JSON-RPC")
	chainID := fs.Int64("chain-id", 1337, "chain id")
	blockTime := fs.Duration("block-time", time.Second, "seal a block this often")
	orgs := fs.Int("orgs", 2, "bridge signer keys, one per org (threshold = ceil(2N/3))")
	out := fs.String("out", "", "write the deployment (addresses, dev keys) as JSON to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	deployer := evm.DevKey("deployer")
	dev, err := evm.StartDevChain(*addr, big.NewInt(*chainID), *blockTime, crypto.PubkeyToAddress(deployer.PublicKey))
	if err != nil {
		return err
	}
	defer dev.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	client, err := ethclient.DialContext(ctx, dev.Endpoint())
	if err != nil {
		return err
	}
	defer client.Close()
	token := new(big.Int).Exp(big.NewInt(10), big.NewInt(18), nil)
	mul := func(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), token) }
	d, err := evm.DeployDevNetwork(ctx, client, dev.Endpoint(), evm.DevNetworkConfig{
		Orgs: *orgs, Supply: mul(1_000_000_000), Fund: mul(10_000_000),
		// Dev limits: generous, with a short veto window so it can be seen working.
		Limits: evm.Limits{BucketCapacity: mul(1_000_000), RefillPerSecond: mul(100), LargeRootThreshold: mul(100_000), LargeRootDelay: 60, ClaimWindow: 0},
	}, evm.WithPollInterval(*blockTime/4))
	if err != nil {
		return err
	}
	js, _ := json.MarshalIndent(d, "", "  ")
	if *out != "" {
		if err := os.WriteFile(*out, append(js, '\n'), 0o600); err != nil {
			return err
		}
	}
	fmt.Println(string(js))
	slog.Info("devchain running; keys are well-known, never use them elsewhere", "endpoint", dev.Endpoint(), "distributor", d.Distributor)
	<-ctx.Done()
	return nil
}
