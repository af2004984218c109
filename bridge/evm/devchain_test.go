package evm

import (
	"context"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/saharanet/saharanet/network/e2e"
)

// freeLoopbackAddr reserves a loopback port with the e2e harness's
// machine-wide reservation, so nothing takes it before the chain binds it.
func freeLoopbackAddr(t *testing.T) string {
	t.Helper()
	a, err := e2e.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestDevChainOverHTTP drives the contracts through a real JSON-RPC client
// against a DevChain on loopback: receipts arrive by polling, as on a real chain.
func TestDevChainOverHTTP(t *testing.T) {
	dk := testKey("deployer", 0)
	from := bind.NewKeyedTransactor(dk, big.NewInt(31337))
	dev, err := StartDevChain(freeLoopbackAddr(t), big.NewInt(31337), 100*time.Millisecond, from.From)
	if err != nil {
		t.Fatal(err)
	}
	defer dev.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	client, err := ethclient.DialContext(ctx, dev.Endpoint())
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	if id, err := client.ChainID(ctx); err != nil || id.Int64() != 31337 {
		t.Fatalf("chain id %v, %v", id, err)
	}
	fast := WithPollInterval(20 * time.Millisecond)
	token, _, err := DeployTestToken(ctx, client, from, from.From, from.From, tokens(1000), fast)
	if err != nil {
		t.Fatal(err)
	}
	s := NewKeySigner(testKey("signer", 0))
	dist, _, err := DeployDistributor(ctx, client, from, DeployConfig{Token: token.Address(), Signers: []common.Address{s.Address()}, Threshold: 1, Guardian: from.From, Limits: defaultLimits()}, fast)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := token.Approve(ctx, dist.Address(), tokens(100)); err != nil {
		t.Fatal(err)
	}
	if _, err := dist.Fund(ctx, tokens(100)); err != nil {
		t.Fatal(err)
	}
	tr := randomTree(t, 0, 5, 40, 1000)
	r := EpochRootOf(tr)
	dg, _ := dist.Domain().EpochRootDigest(r)
	sigs, _ := SignAll(dg, s)
	if _, err := dist.PostRoot(ctx, r, sigs); err != nil {
		t.Fatal(err)
	}
	c := claimOf(t, tr, 2)
	if _, err := dist.Claim(ctx, c); err != nil {
		t.Fatal(err)
	}
	if b, _ := token.BalanceOf(ctx, c.Account); b.Cmp(c.Amount) != 0 {
		t.Fatalf("balance %s, want %s", b, c.Amount)
	}
	// Custom errors survive the HTTP round trip.
	_, err = dist.Claim(ctx, c)
	wantRevert(t, err, "AlreadyClaimed")
}

func TestDevChainRefusesNonLoopback(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:8545", "10.0.0.1:8545", "example.com:8545", "127.0.0.1:0", "127.0.0.1"} {
		if d, err := StartDevChain(addr, big.NewInt(1337), time.Second); err == nil {
			d.Close()
			t.Fatalf("%s accepted", addr)
		} else if !strings.Contains(err.Error(), "devchain") {
			t.Fatalf("%s: unclear error %v", addr, err)
		}
	}
}

func TestDeployDevNetwork(t *testing.T) {
	deployer := DevKey("deployer")
	dev, err := StartDevChain(freeLoopbackAddr(t), big.NewInt(1337), 50*time.Millisecond, crypto.PubkeyToAddress(deployer.PublicKey))
	if err != nil {
		t.Fatal(err)
	}
	defer dev.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	client, err := ethclient.DialContext(ctx, dev.Endpoint())
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	fast := WithPollInterval(10 * time.Millisecond)
	_, err = DeployDevNetwork(ctx, client, dev.Endpoint(), DevNetworkConfig{Orgs: 0, Supply: tokens(1), Fund: tokens(1), Limits: defaultLimits()}, fast)
	if err == nil {
		t.Fatal("0 orgs accepted")
	}
	d, err := DeployDevNetwork(ctx, client, dev.Endpoint(), DevNetworkConfig{Orgs: 4, Supply: tokens(1000), Fund: tokens(600), Limits: defaultLimits()}, fast)
	if err != nil {
		t.Fatal(err)
	}
	if d.Threshold != 3 || len(d.Signers) != 4 || d.ChainID != "1337" {
		t.Fatalf("deployment %+v", d)
	}
	dist, err := NewDistributor(ctx, client, nil, d.Distributor, fast)
	if err != nil {
		t.Fatal(err)
	}
	if a, _ := dist.Available(ctx); a.Cmp(tokens(600)) != 0 {
		t.Fatalf("available %s", a)
	}
	// The signer keys in the file really are the distributor's signers.
	onChain, _ := dist.Signers(ctx)
	want := map[common.Address]bool{}
	for _, s := range d.Signers {
		k, err := crypto.HexToECDSA(s.PrivateKey)
		if err != nil || crypto.PubkeyToAddress(k.PublicKey) != s.Address {
			t.Fatalf("signer key/address mismatch: %v", err)
		}
		want[s.Address] = true
	}
	for _, a := range onChain {
		if !want[a] {
			t.Fatalf("on-chain signer %s not in the file", a)
		}
	}
	// A read-only driver refuses to send.
	if _, err := dist.Pause(ctx); err == nil || !strings.Contains(err.Error(), "no transactor") {
		t.Fatalf("read-only driver sent a transaction: %v", err)
	}
}
