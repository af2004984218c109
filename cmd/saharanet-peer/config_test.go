package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestLoadConfigFileAndEnv(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "core.yaml")
	yaml := "peer:\n  id: peer0.org2.example.com\n  localMspId: Org2MSP\n  listenAddress: 127.0.0.1:9051\n  tls:\n    cert:\n      file: tls/server.crt\n" +
		"  gateway:\n    peers:\n      - address: 127.0.0.1:7051\n        mspid: Org1MSP\nchaincode:\n  external:\n    - packageId: basic_1.0:abc\n      address: 127.0.0.1:9999\n"
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := loadConfig(path, []string{"CORE_PEER_ADDRESS=peer0.org2.example.com:9051", "CORE_PEER_TLS_CLIENTAUTHREQUIRED=true",
		"CORE_PEER_AUTHENTICATION_TIMEWINDOW=5m", "CORE_PEER_TLS_KEY_FILE=/abs/key.pem", "CORE_VM_ENDPOINT=ignored"})
	if err != nil {
		t.Fatal(err)
	}
	p := c.Peer
	if p.ID != "peer0.org2.example.com" || p.LocalMSPID != "Org2MSP" || p.Address != "peer0.org2.example.com:9051" || !p.TLS.ClientAuthRequired ||
		p.Authentication.TimeWindow != 5*time.Minute || p.TLS.Key.File != "/abs/key.pem" || p.TLS.Cert.File != filepath.Join(dir, "tls/server.crt") ||
		len(p.Gateway.Peers) != 1 || p.Gateway.Peers[0].MSPID != "Org1MSP" || len(c.Chaincode.External) != 1 ||
		p.JoinDir != filepath.Join(p.FileSystemPath, "join") {
		t.Fatalf("config %+v", c)
	}
	if _, err := loadConfig(path, []string{"CORE_PEER_TLS_ENABLED=maybe"}); err == nil {
		t.Error("a bad boolean override was accepted")
	}
	if err := os.WriteFile(path, []byte("peer:\n  nosuchkey: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := loadConfig(path, nil); err == nil {
		t.Error("an unknown config key was accepted")
	}
}
