package msp

import (
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"testing"
)

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// A hand-built MSP folder with every optional part: intermediates, CRLs,
// admincerts, TLS CAs, OU identifiers and NodeOUs in config.yaml, and a SEC1
// key in the keystore next to an unrelated file.
func TestLoadMSPFolder(t *testing.T) {
	root := newRootCA(t, "root")
	inter := root.newIntermediate(t, "inter")
	tlsRoot := newRootCA(t, "tlsroot")
	userPEM, userKey, _ := inter.issue(t, "user", withOUs("client", "research"))
	adminPEM, _, _ := inter.issue(t, "admin", withOUs("admin", "research"))
	_, _, revokedCert := inter.issue(t, "gone", withOUs("client", "research"))

	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "cacerts", "root.pem"), root.pem)
	writeFile(t, filepath.Join(dir, "intermediatecerts", "inter.pem"), inter.pem)
	writeFile(t, filepath.Join(dir, "admincerts", "admin.pem"), adminPEM)
	writeFile(t, filepath.Join(dir, "crls", "crl.pem"), inter.crl(t, revokedCert.SerialNumber))
	writeFile(t, filepath.Join(dir, "tlscacerts", "tls.pem"), tlsRoot.pem)
	writeFile(t, filepath.Join(dir, "config.yaml"), []byte(`
OrganizationalUnitIdentifiers:
  - Certificate: intermediatecerts/inter.pem
    OrganizationalUnitIdentifier: research
NodeOUs:
  Enable: true
  ClientOUIdentifier:
    Certificate: intermediatecerts/inter.pem
    OrganizationalUnitIdentifier: client
  AdminOUIdentifier:
    OrganizationalUnitIdentifier: admin
`))
	writeFile(t, filepath.Join(dir, "signcerts", "user.pem"), userPEM)
	sec1, _ := x509.MarshalECPrivateKey(userKey)
	writeFile(t, filepath.Join(dir, "keystore", "README"), []byte("not a key"))
	writeFile(t, filepath.Join(dir, "keystore", "key"), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: sec1}))

	conf, err := LoadMSPConfig(dir, "ResearchMSP")
	if err != nil {
		t.Fatal(err)
	}
	if len(conf.RootCerts) != 1 || len(conf.IntermediateCerts) != 1 || len(conf.Admins) != 1 || len(conf.RevocationList) != 1 ||
		len(conf.TlsRootCerts) != 1 || len(conf.OrganizationalUnitIdentifiers) != 1 || conf.FabricNodeOus == nil ||
		conf.FabricNodeOus.PeerOuIdentifier != nil || len(conf.FabricNodeOus.AdminOuIdentifier.Certificate) != 0 {
		t.Fatalf("config not loaded fully: %+v", conf)
	}
	m := mustNew(t, conf)
	si, err := LoadSigningIdentity(dir, "ResearchMSP")
	if err != nil {
		t.Fatal(err)
	}
	if err := si.Validate(); err != nil {
		t.Fatal(err)
	}
	revokedPEM := certPEM(revokedCert)
	wantErr(t, mustDeserialize(t, m, "ResearchMSP", revokedPEM).Validate(), "revoked")
	if err := mustDeserialize(t, m, "ResearchMSP", adminPEM).SatisfiesPrincipal(rolePrincipal("ResearchMSP", 1 /* ADMIN */)); err != nil {
		t.Fatal(err)
	}

	// Broken folders fail with a clear error.
	bad := t.TempDir()
	if _, err := LoadMSPConfig(bad, "X"); err == nil {
		t.Fatal("folder without cacerts accepted")
	}
	writeFile(t, filepath.Join(bad, "cacerts", "junk.pem"), []byte("junk"))
	wantErr(t, func() error { _, err := LoadMSPConfig(bad, "X"); return err }(), "holds no PEM CERTIFICATE")
	os.Remove(filepath.Join(bad, "cacerts", "junk.pem"))
	writeFile(t, filepath.Join(bad, "cacerts", "root.pem"), root.pem)
	writeFile(t, filepath.Join(bad, "config.yaml"), []byte("NodeOUs:\n  Enable: true\n  ClientOUIdentifier:\n    Certificate: cacerts/missing.pem\n"))
	wantErr(t, func() error { _, err := LoadMSPConfig(bad, "X"); return err }(), "missing.pem")
	writeFile(t, filepath.Join(bad, "config.yaml"), []byte("NodeOUs: [\n"))
	wantErr(t, func() error { _, err := LoadMSPConfig(bad, "X"); return err }(), "config.yaml")
}
