package e2e

import (
	"fmt"
	"os"
	"sync"
	"testing"
)

// BuildOnce builds a test binary's programs once, on first use, into a
// temporary folder that Main removes when the tests end. A package's
// process tests share one:
//
//	var binaries = e2e.NewBuildOnce("saharanet-e2e-bin-", e2e.Build)
//	func TestMain(m *testing.M) { binaries.Main(m) }
//	... bins := binaries.Get(t)
type BuildOnce[T any] struct {
	prefix string
	build  func(dir string) (T, error)

	once sync.Once
	dir  string
	v    T
	err  error
}

// NewBuildOnce returns a BuildOnce whose folder name starts with prefix.
func NewBuildOnce[T any](prefix string, build func(dir string) (T, error)) *BuildOnce[T] {
	return &BuildOnce[T]{prefix: prefix, build: build}
}

// Main runs the tests (call it from TestMain), then removes the folder.
func (b *BuildOnce[T]) Main(m *testing.M) {
	d, err := os.MkdirTemp("", b.prefix)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	b.dir = d
	code := m.Run()
	os.RemoveAll(d)
	os.Exit(code)
}

// Get builds on first use and fails the test if the build failed.
func (b *BuildOnce[T]) Get(t testing.TB) T {
	t.Helper()
	b.once.Do(func() {
		if b.dir == "" {
			b.err = fmt.Errorf("e2e: BuildOnce.Get without BuildOnce.Main in TestMain")
			return
		}
		b.v, b.err = b.build(b.dir)
	})
	if b.err != nil {
		t.Fatal(b.err)
	}
	return b.v
}
