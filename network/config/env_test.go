package config

import (
	"strings"
	"testing"
	"time"
)

type testConfig struct {
	Peer struct {
		Address string        `yaml:"address"`
		Timeout time.Duration `yaml:"timeout"`
		TLS     struct {
			Enabled bool     `yaml:"enabled"`
			Roots   []string `yaml:"rootcerts"`
		} `yaml:"tls"`
		Workers int    `yaml:"workers"`
		MaxSize uint64 `yaml:"maxSize"`
	} `yaml:"peer"`
	Unsettable map[string]string `yaml:"unsettable"`
}

func TestApplyEnv(t *testing.T) {
	var c testConfig
	vars := map[string]string{
		"CORE_PEER_ADDRESS":       "localhost:7051",
		"CORE_PEER_TIMEOUT":       "1500ms",
		"CORE_PEER_TLS_ENABLED":   "true",
		"CORE_PEER_TLS_ROOTCERTS": "[a.pem, b.pem]",
		"CORE_PEER_WORKERS":       "8",
		"CORE_PEER_MAXSIZE":       "1048576",
		"CORE_UNKNOWN":            "left for the caller",
	}
	if err := ApplyEnv(&c, "CORE", vars); err != nil {
		t.Fatal(err)
	}
	p := c.Peer
	if p.Address != "localhost:7051" || p.Timeout != 1500*time.Millisecond || !p.TLS.Enabled ||
		strings.Join(p.TLS.Roots, ",") != "a.pem,b.pem" || p.Workers != 8 || p.MaxSize != 1<<20 {
		t.Fatalf("applied %+v", p)
	}
	if len(vars) != 1 || vars["CORE_UNKNOWN"] == "" {
		t.Fatalf("used variables were not removed, or unknown ones were: %v", vars)
	}
}

func TestApplyEnvRejects(t *testing.T) {
	for name, val := range map[string]string{
		"CORE_PEER_TIMEOUT":     "soon",
		"CORE_PEER_TLS_ENABLED": "yes please",
		"CORE_PEER_WORKERS":     "many",
		"CORE_PEER_MAXSIZE":     "-1",
		"CORE_UNSETTABLE":       "x",
	} {
		var c testConfig
		if err := ApplyEnv(&c, "CORE", map[string]string{name: val}); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s=%q: got %v, want an error naming the variable", name, val, err)
		}
	}
	if err := ApplyEnv(testConfig{}, "CORE", nil); err == nil {
		t.Error("a non-pointer was accepted")
	}
}
