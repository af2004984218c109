package evm

import (
	"context"
	"crypto/ecdsa"
	"encoding/hex"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// DevKey derives a well-known dev-network key from a label ("deployer",
// "signer-0" ...). These keys are public by construction: dev networks only.
func DevKey(label string) *ecdsa.PrivateKey {
	k, err := crypto.ToECDSA(crypto.Keccak256([]byte("saharanet devnet key " + label)))
	if err != nil {
		panic(err) // a keccak output is a valid key with overwhelming probability
	}
	return k
}

// DevDeployment describes the contracts of a dev network, as written to the
// JSON file the dev network's bridge signers and relayer read.
type DevDeployment struct {
	Endpoint    string         `json:"endpoint"`
	ChainID     string         `json:"chainId"` // decimal
	Token       common.Address `json:"token"`
	Distributor common.Address `json:"distributor"`
	Threshold   uint8          `json:"threshold"`
	Funded      string         `json:"funded"` // base units, decimal
	Deployer    DevAccount     `json:"deployer"`
	Signers     []DevAccount   `json:"signers"` // one per org
}

// DevAccount is an address with its (well-known, dev-only) private key.
type DevAccount struct {
	Address    common.Address `json:"address"`
	PrivateKey string         `json:"privateKey"` // hex, no 0x
}

func devAccount(k *ecdsa.PrivateKey) DevAccount {
	return DevAccount{Address: crypto.PubkeyToAddress(k.PublicKey), PrivateKey: hex.EncodeToString(crypto.FromECDSA(k))}
}

// DevNetworkConfig sizes a dev deployment.
type DevNetworkConfig struct {
	Orgs   int      // signer keys, one per org
	Supply *big.Int // test tokens minted to the deployer
	Fund   *big.Int // of which moved into the distributor
	Limits Limits
}

// DeployDevNetwork deploys a SaharaTestToken and a RoyaltyDistributor whose
// signers are DevKey("signer-<i>") with the smallest allowed threshold, and
// funds the distributor. The deployer (DevKey("deployer")) is minter,
// guardian and treasury.
func DeployDevNetwork(ctx context.Context, b Backend, endpoint string, cfg DevNetworkConfig, opts ...Option) (*DevDeployment, error) {
	if cfg.Orgs < 1 || cfg.Orgs > 32 {
		return nil, fmt.Errorf("dev network: %d orgs, want 1-32", cfg.Orgs)
	}
	if cfg.Supply == nil || cfg.Fund == nil || cfg.Fund.Sign() < 0 || cfg.Fund.Cmp(cfg.Supply) > 0 {
		return nil, fmt.Errorf("dev network: fund %v must be within supply %v", cfg.Fund, cfg.Supply)
	}
	id, err := b.ChainID(ctx)
	if err != nil {
		return nil, fmt.Errorf("dev network: chain id: %w", err)
	}
	dk := DevKey("deployer")
	from := bind.NewKeyedTransactor(dk, id)
	out := &DevDeployment{Endpoint: endpoint, ChainID: id.String(), Deployer: devAccount(dk), Funded: cfg.Fund.String()}
	addrs := make([]common.Address, cfg.Orgs)
	for i := range addrs {
		k := DevKey(fmt.Sprintf("signer-%d", i))
		out.Signers = append(out.Signers, devAccount(k))
		addrs[i] = out.Signers[i].Address
	}
	out.Threshold = uint8(MinThreshold(cfg.Orgs))
	token, _, err := DeployTestToken(ctx, b, from, from.From, from.From, cfg.Supply, opts...)
	if err != nil {
		return nil, err
	}
	dist, _, err := DeployDistributor(ctx, b, from, DeployConfig{
		Token: token.Address(), Signers: addrs, Threshold: out.Threshold,
		Guardian: from.From, Treasury: from.From, Limits: cfg.Limits,
	}, opts...)
	if err != nil {
		return nil, err
	}
	if cfg.Fund.Sign() > 0 {
		if _, err := token.Approve(ctx, dist.Address(), cfg.Fund); err != nil {
			return nil, err
		}
		if _, err := dist.Fund(ctx, cfg.Fund); err != nil {
			return nil, err
		}
	}
	out.Token, out.Distributor = token.Address(), dist.Address()
	return out, nil
}
