package evm

import (
	"context"
	"os"
	"testing"
)

// TestGasTargets measures the issue-7 gas targets on a 100,000-leaf tree
// (about 10 s of tree building; -short uses 4,096 leaves, which only makes
// proofs shorter, so it is checked against the same targets).
func TestGasTargets(t *testing.T) {
	leaves := 100_000
	if testing.Short() {
		leaves = 4096
	}
	rep, err := MeasureGas(context.Background(), leaves)
	if err != nil {
		t.Fatal(err)
	}
	_ = rep.Write(os.Stdout)
	if err := rep.Check(); err != nil {
		t.Fatal(err)
	}
}
