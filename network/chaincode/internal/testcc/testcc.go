// Package testcc is a small contract written with fabric-contract-api-go,
// used by the chaincode runtime's tests to exercise every shim request
// through the real shim.
package testcc

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// Contract is the test contract.
type Contract struct {
	contractapi.Contract
}

// New returns the contract-api chaincode (a shim.Chaincode).
func New() (*contractapi.ContractChaincode, error) {
	return contractapi.NewChaincode(&Contract{})
}

// Put writes a public key.
func (c *Contract) Put(ctx contractapi.TransactionContextInterface, key, value string) error {
	return ctx.GetStub().PutState(key, []byte(value))
}

// Get reads a public key; a missing key is an error.
func (c *Contract) Get(ctx contractapi.TransactionContextInterface, key string) (string, error) {
	v, err := ctx.GetStub().GetState(key)
	if err != nil {
		return "", err
	}
	if v == nil {
		return "", fmt.Errorf("key %s does not exist", key)
	}
	return string(v), nil
}

// Del deletes a public key.
func (c *Contract) Del(ctx contractapi.TransactionContextInterface, key string) error {
	return ctx.GetStub().DelState(key)
}

// PutMany writes n simple keys prefix0000.. with value i.
func (c *Contract) PutMany(ctx contractapi.TransactionContextInterface, prefix string, n int) error {
	for i := 0; i < n; i++ {
		if err := ctx.GetStub().PutState(fmt.Sprintf("%s%04d", prefix, i), []byte(fmt.Sprint(i))); err != nil {
			return err
		}
	}
	return nil
}

// PutAssets writes n composite keys asset~<id>.
func (c *Contract) PutAssets(ctx contractapi.TransactionContextInterface, n int) error {
	stub := ctx.GetStub()
	for i := 0; i < n; i++ {
		k, err := stub.CreateCompositeKey("asset", []string{fmt.Sprintf("%04d", i)})
		if err != nil {
			return err
		}
		if err := stub.PutState(k, []byte(fmt.Sprint(i))); err != nil {
			return err
		}
	}
	return nil
}

// CountAssets iterates every asset composite key.
func (c *Contract) CountAssets(ctx contractapi.TransactionContextInterface) (int, error) {
	it, err := ctx.GetStub().GetStateByPartialCompositeKey("asset", nil)
	if err != nil {
		return 0, err
	}
	defer it.Close()
	n := 0
	last := ""
	for it.HasNext() {
		kv, err := it.Next()
		if err != nil {
			return 0, err
		}
		if kv.Key <= last {
			return 0, fmt.Errorf("keys out of order: %q after %q", kv.Key, last)
		}
		last = kv.Key
		n++
	}
	return n, nil
}

// Page returns one page of simple keys in [start, end) as JSON.
func (c *Contract) Page(ctx contractapi.TransactionContextInterface, start, end string, pageSize int32, bookmark string) (string, error) {
	it, md, err := ctx.GetStub().GetStateByRangeWithPagination(start, end, pageSize, bookmark)
	if err != nil {
		return "", err
	}
	defer it.Close()
	keys := []string{}
	for it.HasNext() {
		kv, err := it.Next()
		if err != nil {
			return "", err
		}
		keys = append(keys, kv.Key)
	}
	b, err := json.Marshal(map[string]any{"keys": keys, "bookmark": md.GetBookmark(), "count": md.GetFetchedRecordsCount()})
	return string(b), err
}

// SetEP sets a key-level endorsement parameter.
func (c *Contract) SetEP(ctx contractapi.TransactionContextInterface, key, ep string) error {
	return ctx.GetStub().SetStateValidationParameter(key, []byte(ep))
}

// GetEP reads a key-level endorsement parameter.
func (c *Contract) GetEP(ctx contractapi.TransactionContextInterface, key string) (string, error) {
	ep, err := ctx.GetStub().GetStateValidationParameter(key)
	return string(ep), err
}

// PutPrivate writes the transient field "value" to a collection.
func (c *Contract) PutPrivate(ctx contractapi.TransactionContextInterface, coll, key string) error {
	tm, err := ctx.GetStub().GetTransient()
	if err != nil {
		return err
	}
	v, ok := tm["value"]
	if !ok {
		return errors.New("transient field value is missing")
	}
	return ctx.GetStub().PutPrivateData(coll, key, v)
}

// GetPrivate reads a private key.
func (c *Contract) GetPrivate(ctx contractapi.TransactionContextInterface, coll, key string) (string, error) {
	v, err := ctx.GetStub().GetPrivateData(coll, key)
	return string(v), err
}

// PrivateHash returns the hex hash of a private value.
func (c *Contract) PrivateHash(ctx contractapi.TransactionContextInterface, coll, key string) (string, error) {
	h, err := ctx.GetStub().GetPrivateDataHash(coll, key)
	return hex.EncodeToString(h), err
}

// PurgePrivate purges a private key.
func (c *Contract) PurgePrivate(ctx contractapi.TransactionContextInterface, coll, key string) error {
	return ctx.GetStub().PurgePrivateData(coll, key)
}

// Emit sets a chaincode event.
func (c *Contract) Emit(ctx contractapi.TransactionContextInterface, name, payload string) error {
	return ctx.GetStub().SetEvent(name, []byte(payload))
}

// Transient returns one transient field.
func (c *Contract) Transient(ctx contractapi.TransactionContextInterface, key string) (string, error) {
	tm, err := ctx.GetStub().GetTransient()
	return string(tm[key]), err
}

// Fail returns an error.
func (c *Contract) Fail(ctx contractapi.TransactionContextInterface, msg string) error {
	return errors.New(msg)
}

// Rich runs a rich query.
func (c *Contract) Rich(ctx contractapi.TransactionContextInterface, query string) error {
	it, err := ctx.GetStub().GetQueryResult(query)
	if err != nil {
		return err
	}
	return it.Close()
}

// History counts the modifications of key.
func (c *Contract) History(ctx contractapi.TransactionContextInterface, key string) (int, error) {
	it, err := ctx.GetStub().GetHistoryForKey(key)
	if err != nil {
		return 0, err
	}
	defer it.Close()
	n := 0
	for it.HasNext() {
		if _, err := it.Next(); err != nil {
			return 0, err
		}
		n++
	}
	return n, nil
}

// Call invokes fn(arg) of another chaincode on the same channel.
func (c *Contract) Call(ctx contractapi.TransactionContextInterface, cc, fn, arg string) (string, error) {
	r := ctx.GetStub().InvokeChaincode(cc, [][]byte{[]byte(fn), []byte(arg)}, "")
	if r.Status != 200 {
		// The shim puts a peer-side error's text in the payload.
		return "", fmt.Errorf("call %s.%s: status %d: %s%s", cc, fn, r.Status, r.Message, r.Payload)
	}
	return string(r.Payload), nil
}

// Sleep waits ms milliseconds (execute-timeout tests).
func (c *Contract) Sleep(ctx contractapi.TransactionContextInterface, ms int) error {
	time.Sleep(time.Duration(ms) * time.Millisecond)
	return nil
}

// PrivateRange lists the keys of a collection in [start, end).
func (c *Contract) PrivateRange(ctx contractapi.TransactionContextInterface, coll, start, end string) (string, error) {
	it, err := ctx.GetStub().GetPrivateDataByRange(coll, start, end)
	if err != nil {
		return "", err
	}
	defer it.Close()
	var keys []string
	for it.HasNext() {
		kv, err := it.Next()
		if err != nil {
			return "", err
		}
		keys = append(keys, kv.Key)
	}
	return strings.Join(keys, ","), nil
}
