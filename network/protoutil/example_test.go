package protoutil_test

import (
	"encoding/hex"
	"fmt"

	"github.com/saharanet/saharanet/network/protoutil"
)

func ExampleComputeTxID() {
	fmt.Println(protoutil.ComputeTxID([]byte("nonce"), []byte("creator")))
	// Output: 709184f9d24f6ade8fcd4d6521a6eef295fef6c2e67216c58b68ac15e8946492
}

func ExampleNewBlock() {
	b0 := protoutil.NewBlock(0, nil, [][]byte{[]byte("genesis")})
	b1 := protoutil.NewBlock(1, protoutil.BlockHeaderHash(b0.Header), [][]byte{[]byte("a"), []byte("b")})
	fmt.Println(len(b1.Metadata.Metadata), "metadata slots")
	fmt.Println(hex.EncodeToString(b1.Header.PreviousHash) == hex.EncodeToString(protoutil.BlockHeaderHash(b0.Header)))
	fmt.Println(protoutil.VerifyDataHash(b1) == nil)
	// Output:
	// 5 metadata slots
	// true
	// true
}
