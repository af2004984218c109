package config

import (
	"os"
	"path/filepath"
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

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "core.yaml")
	if err := os.WriteFile(path, []byte("peer:\n  address: file:1\n  workers: 2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var c testConfig
	base, unknown, err := Load(&c, path, "CORE", []string{"CORE_PEER_WORKERS=4", "CORE_VM_ENDPOINT=x", "OTHER=y"})
	if err != nil {
		t.Fatal(err)
	}
	if base != dir || c.Peer.Address != "file:1" || c.Peer.Workers != 4 {
		t.Fatalf("base %q, config %+v: the file must load and the environment override it", base, c.Peer)
	}
	if len(unknown) != 1 || unknown[0] != "CORE_VM_ENDPOINT" {
		t.Fatalf("unknown %v, want [CORE_VM_ENDPOINT]", unknown)
	}
	if err := os.WriteFile(path, []byte("peer:\n  adress: typo\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Load(&testConfig{}, path, "CORE", nil); err == nil {
		t.Fatal("an unknown key in the file was accepted")
	}
	if base, _, err := Load(&testConfig{}, "", "CORE", nil); err != nil || base != "." {
		t.Fatalf("no file: base %q, %v", base, err)
	}
}
