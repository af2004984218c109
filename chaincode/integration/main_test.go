package integration

import (
	"fmt"
	"os"
	"sync"
	"testing"
)

var (
	binDir  string
	binOnce sync.Once
	bins    *Binaries
	binsErr error
)

// TestMain removes the binaries built for this run.
func TestMain(m *testing.M) {
	d, err := os.MkdirTemp("", "saharanet-ccint-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binDir = d
	code := m.Run()
	os.RemoveAll(d)
	os.Exit(code)
}

// mustBuild builds the binaries once per test binary run.
func mustBuild(t testing.TB) *Binaries {
	t.Helper()
	binOnce.Do(func() { bins, binsErr = Build(binDir) })
	if binsErr != nil {
		t.Fatal(binsErr)
	}
	return bins
}
