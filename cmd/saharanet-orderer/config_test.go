package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLoadConfigFileEnvAndPaths(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "orderer.yaml")
	yaml := `General:
  ListenPort: 7050
  TLS:
    Certificate: tls/server.crt
    RootCAs: [tls/ca.crt, /abs/ca.crt]
  LocalMSPDir: msp
FileLedger:
  Location: /var/orderer
Raft:
  HeartbeatTimeout: 2s
`
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := loadConfig(path, []string{
		"ORDERER_GENERAL_LISTENPORT=8050",
		"ORDERER_GENERAL_TLS_CLIENTROOTCAS=[a.pem, b.pem]",
		"ORDERER_RAFT_ELECTIONTIMEOUT=750ms",
		"ORDERER_GENERAL_TLS_CLIENTAUTHREQUIRED=false",
		"PATH=/usr/bin",
	})
	if err != nil {
		t.Fatal(err)
	}
	if c.General.ListenPort != 8050 {
		t.Errorf("ListenPort %d, want the env value 8050", c.General.ListenPort)
	}
	if c.Raft.HeartbeatTimeout != 2*time.Second || c.Raft.ElectionTimeout != 750*time.Millisecond {
		t.Errorf("raft %v %v", c.Raft.HeartbeatTimeout, c.Raft.ElectionTimeout)
	}
	if c.General.TLS.ClientAuthRequired {
		t.Error("ClientAuthRequired env override ignored")
	}
	if want := filepath.Join(dir, "tls/server.crt"); c.General.TLS.Certificate != want {
		t.Errorf("Certificate %q, want %q", c.General.TLS.Certificate, want)
	}
	if c.General.TLS.RootCAs[1] != "/abs/ca.crt" || c.General.TLS.ClientRootCAs[1] != filepath.Join(dir, "b.pem") {
		t.Errorf("lists %v %v", c.General.TLS.RootCAs, c.General.TLS.ClientRootCAs)
	}
	if c.FileLedger.Location != "/var/orderer" || c.General.LocalMSPDir != filepath.Join(dir, "msp") {
		t.Errorf("paths %q %q", c.FileLedger.Location, c.General.LocalMSPDir)
	}
	if c.General.Cluster.ListenPort != 7051 || !c.General.TLS.Enabled {
		t.Error("defaults lost")
	}
}

func TestLoadConfigRejectsMistakes(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "orderer.yaml")
	if err := os.WriteFile(path, []byte("General:\n  ListenPrt: 7050\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := loadConfig(path, nil); err == nil || !strings.Contains(err.Error(), "ListenPrt") {
		t.Fatalf("unknown key: %v", err)
	}
	for _, env := range []string{"ORDERER_GENERAL_LISTENPRT=1", "ORDERER_GENERAL_LISTENPORT=abc", "ORDERER_RAFT_HEARTBEATTIMEOUT=fast"} {
		if _, err := loadConfig("", []string{env}); err == nil {
			t.Errorf("%s accepted", env)
		}
	}
	if _, err := loadConfig(filepath.Join(dir, "missing.yaml"), nil); err == nil {
		t.Error("missing file accepted")
	}
}

func TestSampleConfigParses(t *testing.T) {
	c, err := loadConfig("orderer.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.General.ListenPort != 7050 || c.General.Cluster.ListenPort != 7051 || c.Raft.HeartbeatTimeout != time.Second {
		t.Fatalf("sample config: %+v", c.General)
	}
}
