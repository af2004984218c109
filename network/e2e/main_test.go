package e2e

import "testing"

var binaries = NewBuildOnce("saharanet-e2e-bin-", Build)

func TestMain(m *testing.M) { binaries.Main(m) }

// mustBuild builds the binaries once per test binary run.
func mustBuild(t testing.TB) *Binaries { return binaries.Get(t) }
