package protoutil

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
)

func TestComputeTxID(t *testing.T) {
	nonce := []byte("nonce")
	creator := []byte("creator")
	sum := sha256.Sum256(append(append([]byte{}, nonce...), creator...))
	if got, want := ComputeTxID(nonce, creator), hex.EncodeToString(sum[:]); got != want {
		t.Fatalf("txid %s, want %s", got, want)
	}
}

func TestBlockHeaderBytesKnownEncoding(t *testing.T) {
	// SEQUENCE(len 9){ INTEGER 1, OCTET STRING 0x01 0x02, OCTET STRING empty }
	got := BlockHeaderBytes(&common.BlockHeader{Number: 1, PreviousHash: []byte{1, 2}})
	want := []byte{0x30, 0x09, 0x02, 0x01, 0x01, 0x04, 0x02, 0x01, 0x02, 0x04, 0x00}
	if !bytes.Equal(got, want) {
		t.Fatalf("header bytes %x, want %x", got, want)
	}
	// Large block numbers stay non-negative INTEGERs (leading zero byte).
	got = BlockHeaderBytes(&common.BlockHeader{Number: 1 << 63})
	if got[2] != 0x02 || got[3] != 0x09 || got[4] != 0x00 {
		t.Fatalf("large number not encoded as positive INTEGER: %x", got)
	}
}

func TestBlockDataHash(t *testing.T) {
	d := &common.BlockData{Data: [][]byte{[]byte("ab"), []byte("c")}}
	want := sha256.Sum256([]byte("abc"))
	if !bytes.Equal(BlockDataHash(d), want[:]) {
		t.Fatal("data hash is not SHA-256 of the concatenation")
	}
}
