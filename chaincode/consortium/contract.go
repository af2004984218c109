package consortium

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/big"

	"github.com/hyperledger/fabric-chaincode-go/v2/shim"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
	"github.com/saharanet/saharanet/api/payout"
)

// Contract holds every saharanet transaction.
type Contract struct {
	contractapi.Contract
	localMSP func() (string, error)
	maxPage  uint32
}

// Option configures a Contract.
type Option func(*Contract)

// WithLocalMSP sets how the contract learns the MSP ID of the peer it runs
// on, which decides the implicit collection it reads private terms from.
// The default is shim.GetMSPID (env CORE_PEER_LOCALMSPID).
func WithLocalMSP(f func() (string, error)) Option { return func(c *Contract) { c.localMSP = f } }

// WithMaxPage caps CloseEpoch's page size (default 5000 items).
func WithMaxPage(n uint32) Option { return func(c *Contract) { c.maxPage = n } }

// New returns the contract.
func New(opts ...Option) *Contract {
	c := &Contract{localMSP: shim.GetMSPID, maxPage: 5000}
	for _, o := range opts {
		o(c)
	}
	c.Name = "saharanet"
	c.Info.Title = "saharanet consortium chaincode"
	c.Info.Version = "1.0.0"
	return c
}

// NewChaincode wraps the contract for the shim.
func NewChaincode(opts ...Option) (*contractapi.ContractChaincode, error) {
	cc, err := contractapi.NewChaincode(New(opts...))
	if err != nil {
		return nil, err
	}
	cc.DefaultContract = "saharanet"
	cc.Info.Title = "saharanet"
	cc.Info.Version = "1.0.0"
	return cc, nil
}

type ctxT = contractapi.TransactionContextInterface

func getJSON(ctx ctxT, k string, v any) (bool, error) {
	b, err := ctx.GetStub().GetState(k)
	if err != nil {
		return false, fmt.Errorf("reading %s: %w", k, err)
	}
	if b == nil {
		return false, nil
	}
	if err := json.Unmarshal(b, v); err != nil {
		return false, fmt.Errorf("decoding %s: %w", k, err)
	}
	return true, nil
}

func putJSON(ctx ctxT, k string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return ctx.GetStub().PutState(k, b)
}

func putPrivateJSON(ctx ctxT, coll, k string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return ctx.GetStub().PutPrivateData(coll, k, b)
}

func toJSON(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

func txUnix(ctx ctxT) (int64, error) {
	ts, err := ctx.GetStub().GetTxTimestamp()
	if err != nil {
		return 0, fmt.Errorf("transaction timestamp: %w", err)
	}
	return ts.GetSeconds(), nil
}

func (c *Contract) config(ctx ctxT) (Config, error) {
	var cfg Config
	ok, err := getJSON(ctx, kConfig, &cfg)
	if err != nil {
		return cfg, err
	}
	if !ok {
		return cfg, errors.New("chaincode is not configured: an org admin must call Configure first")
	}
	return cfg, nil
}

func (cfg Config) epochAt(unix int64) (uint64, bool) {
	if unix < cfg.GenesisUnix {
		return 0, false
	}
	return uint64((unix - cfg.GenesisUnix) / cfg.EpochSeconds), true
}

func (cfg Config) start(e uint64) int64 { return cfg.GenesisUnix + int64(e)*cfg.EpochSeconds }
func (cfg Config) end(e uint64) int64   { return cfg.start(e + 1) }

// parseAmount parses a base-unit amount; positive requires > 0.
func parseAmount(what, s string, positive bool) (*big.Int, error) {
	v, err := payout.ParseAmount(s)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if positive && v.Sign() == 0 {
		return nil, fmt.Errorf("%s: must be positive", what)
	}
	return v, nil
}

func bigOf(s string) *big.Int {
	v, ok := new(big.Int).SetString(s, 10)
	if !ok {
		return new(big.Int)
	}
	return v
}

func setEvent(ctx ctxT, name string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return ctx.GetStub().SetEvent(name, b)
}
