package cryptogen

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/saharanet/saharanet/network/msp"
	"gopkg.in/yaml.v3"
)

// PeerOrgDir is where Generate puts a peer organization.
func PeerOrgDir(outDir, domain string) string {
	return filepath.Join(outDir, "peerOrganizations", domain)
}

// OrdererOrgDir is where Generate puts an orderer organization.
func OrdererOrgDir(outDir, domain string) string {
	return filepath.Join(outDir, "ordererOrganizations", domain)
}

// Generate writes the material for cfg under outDir, in Fabric's layout:
//
//	peerOrganizations/<domain>/{ca,tlsca,msp,peers/<cn>,users/<user>@<domain>}
//	ordererOrganizations/<domain>/{ca,tlsca,msp,orderers/<cn>,users/Admin@<domain>}
//
// The whole config is checked first, and an org folder that already exists is
// an error: material is never mixed with an earlier run's.
func Generate(cfg *Config, outDir string) error {
	orgs, err := cfg.render()
	if err != nil {
		return err
	}
	if outDir == "" {
		return errors.New("cryptogen: empty output directory")
	}
	for _, o := range orgs {
		dir := o.dir(outDir)
		if _, err := os.Stat(dir); err == nil {
			return fmt.Errorf("cryptogen: %s already exists; remove it or choose another output directory", dir)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("cryptogen: %w", err)
		}
	}
	now := time.Now()
	for _, o := range orgs {
		if err := o.generate(outDir, now); err != nil {
			return err
		}
	}
	return nil
}

func (o renderedOrg) dir(outDir string) string {
	if o.orderer {
		return OrdererOrgDir(outDir, o.spec.Domain)
	}
	return PeerOrgDir(outDir, o.spec.Domain)
}

func (o renderedOrg) generate(outDir string, now time.Time) error {
	dir := o.dir(outDir)
	signCA, err := newAuthority(o.spec.Domain, o.caName, o.spec.CA, now)
	if err != nil {
		return err
	}
	tlsCA, err := newAuthority(o.spec.Domain, o.tlsCA, o.spec.CA, now)
	if err != nil {
		return err
	}
	for _, a := range []struct {
		sub string
		ca  *authority
	}{{"ca", signCA}, {"tlsca", tlsCA}} {
		d := filepath.Join(dir, a.sub)
		if err := writeCert(filepath.Join(d, certFile(a.ca.name)), a.ca.cert); err != nil {
			return err
		}
		if err := writeKey(filepath.Join(d, "priv_sk"), a.ca.key); err != nil {
			return err
		}
	}
	nodeOUs := o.spec.EnableNodeOUs

	// The admin is generated first so its certificate can be copied into
	// the admincerts of the org MSP and of every node when NodeOUs are off.
	nodesDir := filepath.Join(dir, "peers")
	if o.orderer {
		nodesDir = filepath.Join(dir, "orderers")
	}
	usersDir := filepath.Join(dir, "users")
	var adminCert *x509.Certificate
	for _, u := range o.users {
		c, err := writeLocalMSP(filepath.Join(usersDir, u.commonName), u, signCA, tlsCA, nodeOUs, now)
		if err != nil {
			return err
		}
		if u.kind == kindAdmin {
			adminCert = c
		}
	}
	var admins []*x509.Certificate
	if !nodeOUs {
		admins = []*x509.Certificate{adminCert}
	}
	if err := writeVerifyingMSP(filepath.Join(dir, "msp"), signCA, tlsCA, nodeOUs, admins); err != nil {
		return err
	}
	for _, n := range o.nodes {
		if _, err := writeLocalMSP(filepath.Join(nodesDir, n.commonName), n, signCA, tlsCA, nodeOUs, now); err != nil {
			return err
		}
		if !nodeOUs {
			// Node MSPs list the org admin, not themselves, as Fabric does.
			ac := filepath.Join(nodesDir, n.commonName, "msp", "admincerts")
			if err := os.RemoveAll(ac); err != nil {
				return fmt.Errorf("cryptogen: %w", err)
			}
			if err := writeCert(filepath.Join(ac, certFile(o.adminCN)), adminCert); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeVerifyingMSP writes an org-level MSP folder: CA certs, TLS CA certs,
// config.yaml (NodeOUs) or admin certs.
func writeVerifyingMSP(dir string, signCA, tlsCA *authority, nodeOUs bool, admins []*x509.Certificate) error {
	if err := os.MkdirAll(filepath.Join(dir, "admincerts"), 0o755); err != nil {
		return fmt.Errorf("cryptogen: %w", err)
	}
	if err := writeCert(filepath.Join(dir, "cacerts", certFile(signCA.name)), signCA.cert); err != nil {
		return err
	}
	if err := writeCert(filepath.Join(dir, "tlscacerts", certFile(tlsCA.name)), tlsCA.cert); err != nil {
		return err
	}
	for _, a := range admins {
		if err := writeCert(filepath.Join(dir, "admincerts", certFile(a.Subject.CommonName)), a); err != nil {
			return err
		}
	}
	if nodeOUs {
		return writeNodeOUConfig(dir, "cacerts/"+certFile(signCA.name))
	}
	return nil
}

// writeLocalMSP writes <dir>/msp (identity, key, CA certs) and <dir>/tls for
// one node or user and returns the identity certificate.
func writeLocalMSP(dir string, n node, signCA, tlsCA *authority, nodeOUs bool, now time.Time) (*x509.Certificate, error) {
	mspDir := filepath.Join(dir, "msp")
	if err := os.MkdirAll(filepath.Join(mspDir, "admincerts"), 0o755); err != nil {
		return nil, fmt.Errorf("cryptogen: %w", err)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("cryptogen: key for %s: %w", n.commonName, err)
	}
	var ous []string
	if nodeOUs {
		ous = []string{n.kind.ou()}
	}
	cert, err := signCA.issue(n.commonName, ous, nil, &key.PublicKey, x509.KeyUsageDigitalSignature, nil, now)
	if err != nil {
		return nil, err
	}
	if err := writeKey(filepath.Join(mspDir, "keystore", "priv_sk"), key); err != nil {
		return nil, err
	}
	if err := writeCert(filepath.Join(mspDir, "signcerts", certFile(n.commonName)), cert); err != nil {
		return nil, err
	}
	if err := writeCert(filepath.Join(mspDir, "cacerts", certFile(signCA.name)), signCA.cert); err != nil {
		return nil, err
	}
	if err := writeCert(filepath.Join(mspDir, "tlscacerts", certFile(tlsCA.name)), tlsCA.cert); err != nil {
		return nil, err
	}
	if nodeOUs {
		if err := writeNodeOUConfig(mspDir, "cacerts/"+certFile(signCA.name)); err != nil {
			return nil, err
		}
	} else {
		// Without NodeOUs an identity is its own MSP's admin until the org
		// admin replaces it (nodes only), as in Fabric.
		if err := writeCert(filepath.Join(mspDir, "admincerts", certFile(n.commonName)), cert); err != nil {
			return nil, err
		}
	}

	tlsKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("cryptogen: TLS key for %s: %w", n.commonName, err)
	}
	tlsCert, err := tlsCA.issue(n.commonName, nil, n.sans, &tlsKey.PublicKey,
		x509.KeyUsageDigitalSignature|x509.KeyUsageKeyEncipherment,
		[]x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}, now)
	if err != nil {
		return nil, err
	}
	prefix := "server"
	if n.kind == kindClient || n.kind == kindAdmin {
		prefix = "client"
	}
	tlsDir := filepath.Join(dir, "tls")
	if err := writeCert(filepath.Join(tlsDir, "ca.crt"), tlsCA.cert); err != nil {
		return nil, err
	}
	if err := writeCert(filepath.Join(tlsDir, prefix+".crt"), tlsCert); err != nil {
		return nil, err
	}
	if err := writeKey(filepath.Join(tlsDir, prefix+".key"), tlsKey); err != nil {
		return nil, err
	}
	return cert, nil
}

func writeNodeOUConfig(mspDir, caFile string) error {
	ou := func(v string) *msp.OUIdentifierConfig {
		return &msp.OUIdentifierConfig{Certificate: caFile, OrganizationalUnitIdentifier: v}
	}
	c := msp.Configuration{NodeOUs: &msp.NodeOUsConfig{
		Enable:              true,
		ClientOUIdentifier:  ou(kindClient.ou()),
		PeerOUIdentifier:    ou(kindPeer.ou()),
		AdminOUIdentifier:   ou(kindAdmin.ou()),
		OrdererOUIdentifier: ou(kindOrderer.ou()),
	}}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&c); err != nil {
		return fmt.Errorf("cryptogen: config.yaml: %w", err)
	}
	return writeFile(filepath.Join(mspDir, "config.yaml"), b.Bytes(), 0o644)
}

func certFile(name string) string { return name + "-cert.pem" }

func writeCert(path string, c *x509.Certificate) error {
	return writeFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw}), 0o644)
}

// writeKey stores a PKCS#8 PEM key readable only by the owner.
func writeKey(path string, k *ecdsa.PrivateKey) error {
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		return fmt.Errorf("cryptogen: marshal key: %w", err)
	}
	return writeFile(path, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600)
}

func writeFile(path string, data []byte, perm os.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("cryptogen: %w", err)
	}
	if err := os.WriteFile(path, data, perm); err != nil {
		return fmt.Errorf("cryptogen: %w", err)
	}
	return nil
}
