package evm

import (
	"errors"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common/hexutil"
)

type dataErr struct{ data string }

func (e dataErr) Error() string  { return "execution reverted" }
func (e dataErr) ErrorCode() int { return 3 }
func (e dataErr) ErrorData() any { return e.data }

func TestDecodeRevert(t *testing.T) {
	// AlreadyClaimed(uint64 epoch = 2, uint256 index = 5)
	sel := alreadyClaimedSelector()
	data := append(sel, make([]byte, 64)...)
	data[4+31], data[4+63] = 2, 5
	err := decodeRevert("claim", dataErr{hexutil.Encode(data)})
	if !IsRevert(err, "AlreadyClaimed") || !strings.Contains(err.Error(), "Epoch: 2, Index: 5") {
		t.Fatalf("got %v", err)
	}
	// Error("nope")
	errData := "0x08c379a0" + "0000000000000000000000000000000000000000000000000000000000000020" +
		"0000000000000000000000000000000000000000000000000000000000000004" + "6e6f706500000000000000000000000000000000000000000000000000000000"
	err = decodeRevert("op", dataErr{errData})
	var re *RevertError
	if !errors.As(err, &re) || re.Name != "Error" || re.Detail != "nope" {
		t.Fatalf("got %v", err)
	}
	// Unknown selector keeps the raw bytes.
	err = decodeRevert("op", dataErr{"0xdeadbeef"})
	if !errors.As(err, &re) || re.Detail != nil || len(re.Data) != 4 {
		t.Fatalf("got %v", err)
	}
	// Not a revert at all: wrapped, not a RevertError.
	err = decodeRevert("op", errors.New("connection refused"))
	if errors.As(err, &re) || !strings.Contains(err.Error(), "op: connection refused") {
		t.Fatalf("got %v", err)
	}
	if decodeRevert("op", nil) != nil {
		t.Fatal("nil error decoded to non-nil")
	}
}

func alreadyClaimedSelector() []byte {
	id := distributorABI.GetABI().Errors["AlreadyClaimed"].ID
	return append([]byte{}, id[:4]...)
}
