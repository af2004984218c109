package config

import (
	"runtime/debug"
	"testing"
)

func TestTuneGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	t.Setenv("GOGC", "")
	if got := TuneGC(); got != DefaultGCPercent {
		t.Fatalf("TuneGC() = %d without GOGC, want %d", got, DefaultGCPercent)
	}
	if p := debug.SetGCPercent(DefaultGCPercent); p != DefaultGCPercent {
		t.Fatalf("runtime GC percent = %d, want %d", p, DefaultGCPercent)
	}
	// An operator's GOGC is left alone (the runtime parsed it at start; here
	// we set the same value by hand to stand in for that).
	t.Setenv("GOGC", "150")
	debug.SetGCPercent(150)
	if got := TuneGC(); got != 150 {
		t.Fatalf("TuneGC() = %d with GOGC=150, want 150", got)
	}
}
