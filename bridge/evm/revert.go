package evm

import (
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/saharanet/saharanet/bridge/bindings"
)

// RevertError is a contract revert decoded into one of the contracts' custom
// errors. Name is the Solidity error name ("AlreadyClaimed"); Detail is the
// generated bindings value (for example *bindings.RoyaltyDistributorAlreadyClaimed)
// with the error's arguments. A require message or a panic comes back with
// Name "Error" or "Panic" and the reason as a string Detail; anything else
// with a nil Detail and the raw bytes in Data.
type RevertError struct {
	Op     string
	Name   string
	Detail any
	Data   []byte
}

func (e *RevertError) Error() string {
	if e.Detail == nil {
		return fmt.Sprintf("%s: reverted with unknown data %s", e.Op, hexutil.Encode(e.Data))
	}
	return fmt.Sprintf("%s: reverted: %s%s", e.Op, e.Name, formatArgs(e.Detail))
}

// formatArgs renders a decoded error's fields as {name: value, ...}.
func formatArgs(v any) string {
	rv := reflect.Indirect(reflect.ValueOf(v))
	if rv.Kind() != reflect.Struct {
		return fmt.Sprintf("(%v)", v)
	}
	var b strings.Builder
	b.WriteByte('{')
	for i := range rv.NumField() {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s: %v", rv.Type().Field(i).Name, rv.Field(i).Interface())
	}
	b.WriteByte('}')
	return b.String()
}

// IsRevert reports whether err is a decoded revert with the given error name.
func IsRevert(err error, name string) bool {
	var re *RevertError
	return errors.As(err, &re) && re.Name == name
}

var (
	distributorABI = bindings.NewRoyaltyDistributor()
	tokenABI       = bindings.NewSaharaTestToken()
)

// decodeRevert turns an RPC error carrying revert data into a *RevertError;
// other errors are wrapped with op and returned unchanged otherwise.
func decodeRevert(op string, err error) error {
	if err == nil {
		return nil
	}
	var de rpc.DataError
	if !errors.As(err, &de) {
		return fmt.Errorf("%s: %w", op, err)
	}
	hexData, ok := de.ErrorData().(string)
	if !ok {
		return fmt.Errorf("%s: %w", op, err)
	}
	data, derr := hexutil.Decode(hexData)
	if derr != nil || len(data) < 4 {
		return fmt.Errorf("%s: %w", op, err)
	}
	for _, unpack := range []func([]byte) (any, error){distributorABI.UnpackError, tokenABI.UnpackError} {
		if v, uerr := unpack(data); uerr == nil && v != nil {
			return &RevertError{Op: op, Name: errorName(v), Detail: v, Data: data}
		}
	}
	if reason, rerr := abi.UnpackRevert(data); rerr == nil {
		name := "Error"
		if len(data) >= 4 && hexutil.Encode(data[:4]) == "0x4e487b71" {
			name = "Panic"
		}
		return &RevertError{Op: op, Name: name, Detail: reason, Data: data}
	}
	return &RevertError{Op: op, Data: data}
}

// errorName strips the generated type's contract prefix: the Go type
// RoyaltyDistributorAlreadyClaimed is the Solidity error AlreadyClaimed.
func errorName(v any) string {
	t := reflect.TypeOf(v)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	n := t.Name()
	for _, p := range []string{"RoyaltyDistributor", "SaharaTestToken"} {
		if strings.HasPrefix(n, p) {
			return n[len(p):]
		}
	}
	return n
}
