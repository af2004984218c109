package integration

import (
	"testing"

	"github.com/saharanet/saharanet/network/e2e"
)

var binaries = e2e.NewBuildOnce("saharanet-ccint-bin-", Build)

func TestMain(m *testing.M) { binaries.Main(m) }

// mustBuild builds the binaries once per test binary run.
func mustBuild(t testing.TB) *Binaries { return binaries.Get(t) }
