package config

import (
	"os"
	"runtime/debug"
)

// DefaultGCPercent is the garbage collector target the node programs use
// when GOGC is not set. Profiles of a loaded peer show Go's default (100)
// spending ~6% of CPU marking a heap of a few tens of megabytes that is
// mostly short-lived protobufs; 400 cuts that work about fourfold for a
// proportionally larger, still small, heap. Pebble's caches live outside the
// Go heap and are not affected.
const DefaultGCPercent = 400

// TuneGC applies DefaultGCPercent unless the operator set GOGC, which always
// wins (as does GOMEMLIMIT, which the runtime reads itself). It returns the
// percentage in effect.
func TuneGC() int {
	if v, ok := os.LookupEnv("GOGC"); ok && v != "" {
		p := debug.SetGCPercent(100)
		debug.SetGCPercent(p)
		return p
	}
	debug.SetGCPercent(DefaultGCPercent)
	return DefaultGCPercent
}
