package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
)

// Binaries are the programs a network runs, built from this module.
type Binaries struct {
	Dir     string
	Peer    string // cmd/saharanet-peer
	Orderer string // cmd/saharanet-orderer
	Admin   string // cmd/saharanet-admin
	AssetCC string // network/internal/assetcc: a contract-api chaincode
}

// ModuleRoot is the directory holding go.mod, found from this source file.
func ModuleRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// Build compiles the binaries into dir with one `go build` invocation.
func Build(dir string) (*Binaries, error) {
	b := &Binaries{Dir: dir,
		Peer: filepath.Join(dir, "saharanet-peer"), Orderer: filepath.Join(dir, "saharanet-orderer"),
		Admin: filepath.Join(dir, "saharanet-admin"), AssetCC: filepath.Join(dir, "assetcc")}
	cmd := exec.Command("go", "build", "-o", dir+string(filepath.Separator),
		"./cmd/saharanet-peer", "./cmd/saharanet-orderer", "./cmd/saharanet-admin", "./network/internal/assetcc/cmd/assetcc")
	cmd.Dir = ModuleRoot()
	cmd.Env = os.Environ()
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("e2e: go build: %v\n%s", err, out)
	}
	for _, p := range []string{b.Peer, b.Orderer, b.Admin, b.AssetCC} {
		if _, err := os.Stat(p); err != nil {
			return nil, fmt.Errorf("e2e: build produced no %s: %w", filepath.Base(p), err)
		}
	}
	return b, nil
}
