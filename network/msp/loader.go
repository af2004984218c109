package msp

import (
	"crypto/ecdsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	mspproto "github.com/hyperledger/fabric-protos-go-apiv2/msp"
	"gopkg.in/yaml.v3"
)

// Configuration is the config.yaml of a Fabric MSP folder.
type Configuration struct {
	OrganizationalUnitIdentifiers []OUIdentifierConfig `yaml:"OrganizationalUnitIdentifiers,omitempty"`
	NodeOUs                       *NodeOUsConfig       `yaml:"NodeOUs,omitempty"`
}

// OUIdentifierConfig names an OU and the CA certificate file (relative to
// the MSP folder) that certifies it.
type OUIdentifierConfig struct {
	Certificate                  string `yaml:"Certificate,omitempty"`
	OrganizationalUnitIdentifier string `yaml:"OrganizationalUnitIdentifier,omitempty"`
}

// NodeOUsConfig enables role classification by OU.
type NodeOUsConfig struct {
	Enable              bool                `yaml:"Enable"`
	ClientOUIdentifier  *OUIdentifierConfig `yaml:"ClientOUIdentifier,omitempty"`
	PeerOUIdentifier    *OUIdentifierConfig `yaml:"PeerOUIdentifier,omitempty"`
	AdminOUIdentifier   *OUIdentifierConfig `yaml:"AdminOUIdentifier,omitempty"`
	OrdererOUIdentifier *OUIdentifierConfig `yaml:"OrdererOUIdentifier,omitempty"`
}

// LoadMSPConfig reads a Fabric MSP folder: cacerts/ (required),
// intermediatecerts/, admincerts/, crls/, tlscacerts/, tlsintermediatecerts/
// and config.yaml. Each PEM block in each file becomes one config entry.
func LoadMSPConfig(dir, mspID string) (*mspproto.FabricMSPConfig, error) {
	if mspID == "" {
		return nil, errors.New("msp: empty MSP ID")
	}
	if st, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("msp: MSP folder: %w", err)
	} else if !st.IsDir() {
		return nil, fmt.Errorf("msp: MSP folder %s is not a directory", dir)
	}
	conf := &mspproto.FabricMSPConfig{
		Name: mspID,
		CryptoConfig: &mspproto.FabricCryptoConfig{
			SignatureHashFamily:            "SHA2",
			IdentityIdentifierHashFunction: "SHA256",
		},
	}
	var err error
	load := func(sub, typ string) [][]byte {
		if err != nil {
			return nil
		}
		var out [][]byte
		out, err = readPEMDir(filepath.Join(dir, sub), typ)
		return out
	}
	conf.RootCerts = load("cacerts", "CERTIFICATE")
	conf.IntermediateCerts = load("intermediatecerts", "CERTIFICATE")
	conf.Admins = load("admincerts", "CERTIFICATE")
	conf.RevocationList = load("crls", "X509 CRL")
	conf.TlsRootCerts = load("tlscacerts", "CERTIFICATE")
	conf.TlsIntermediateCerts = load("tlsintermediatecerts", "CERTIFICATE")
	if err != nil {
		return nil, err
	}
	if len(conf.RootCerts) == 0 {
		return nil, fmt.Errorf("msp: no CA certificate in %s", filepath.Join(dir, "cacerts"))
	}
	if err := loadConfigYAML(dir, conf); err != nil {
		return nil, err
	}
	return conf, nil
}

func loadConfigYAML(dir string, conf *mspproto.FabricMSPConfig) error {
	path := filepath.Join(dir, "config.yaml")
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("msp: %w", err)
	}
	var c Configuration
	if err := yaml.Unmarshal(raw, &c); err != nil {
		return fmt.Errorf("msp: parse %s: %w", path, err)
	}
	readCert := func(rel string) ([]byte, error) {
		if rel == "" {
			return nil, nil
		}
		b, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			return nil, fmt.Errorf("msp: %s: %w", path, err)
		}
		return b, nil
	}
	for _, ou := range c.OrganizationalUnitIdentifiers {
		cert, err := readCert(ou.Certificate)
		if err != nil {
			return err
		}
		conf.OrganizationalUnitIdentifiers = append(conf.OrganizationalUnitIdentifiers, &mspproto.FabricOUIdentifier{
			Certificate: cert, OrganizationalUnitIdentifier: ou.OrganizationalUnitIdentifier,
		})
	}
	if c.NodeOUs == nil {
		return nil
	}
	n := &mspproto.FabricNodeOUs{Enable: c.NodeOUs.Enable}
	for _, f := range []struct {
		in  *OUIdentifierConfig
		out **mspproto.FabricOUIdentifier
	}{
		{c.NodeOUs.ClientOUIdentifier, &n.ClientOuIdentifier},
		{c.NodeOUs.PeerOUIdentifier, &n.PeerOuIdentifier},
		{c.NodeOUs.AdminOUIdentifier, &n.AdminOuIdentifier},
		{c.NodeOUs.OrdererOUIdentifier, &n.OrdererOuIdentifier},
	} {
		if f.in == nil {
			continue
		}
		cert, err := readCert(f.in.Certificate)
		if err != nil {
			return err
		}
		*f.out = &mspproto.FabricOUIdentifier{Certificate: cert, OrganizationalUnitIdentifier: f.in.OrganizationalUnitIdentifier}
	}
	conf.FabricNodeOus = n
	return nil
}

// readPEMDir returns each PEM block of type typ from the files of dir (sorted
// by name), re-encoded on its own. A missing dir yields nothing.
func readPEMDir(dir, typ string) ([][]byte, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("msp: %w", err)
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	var out [][]byte
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		path := filepath.Join(dir, e.Name())
		raw, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("msp: %w", err)
		}
		n := 0
		for rest := raw; ; {
			var b *pem.Block
			b, rest = pem.Decode(rest)
			if b == nil {
				break
			}
			if b.Type != typ {
				continue
			}
			out = append(out, pem.EncodeToMemory(b))
			n++
		}
		if n == 0 {
			return nil, fmt.Errorf("msp: %s holds no PEM %s block", path, typ)
		}
	}
	return out, nil
}

// LoadMSP is LoadMSPConfig followed by New.
func LoadMSP(dir, mspID string, opts ...Option) (*MSP, error) {
	conf, err := LoadMSPConfig(dir, mspID)
	if err != nil {
		return nil, err
	}
	return New(conf, opts...)
}

// LoadSigningIdentity loads a local MSP folder: its verifying part (see
// LoadMSPConfig), signcerts/ (first certificate) and the keystore/ key that
// matches it (PKCS#8 or SEC1 PEM). The identity is bound to that MSP.
func LoadSigningIdentity(dir, mspID string, opts ...Option) (SigningIdentity, error) {
	m, err := LoadMSP(dir, mspID, opts...)
	if err != nil {
		return nil, err
	}
	certs, err := readPEMDir(filepath.Join(dir, "signcerts"), "CERTIFICATE")
	if err != nil {
		return nil, err
	}
	if len(certs) == 0 {
		return nil, fmt.Errorf("msp: no certificate in %s", filepath.Join(dir, "signcerts"))
	}
	certPEM := certs[0]
	b, _ := pem.Decode(certPEM)
	cert, err := x509.ParseCertificate(b.Bytes)
	if err != nil {
		return nil, fmt.Errorf("msp: signcert: %w", err)
	}
	key, err := findKey(filepath.Join(dir, "keystore"), cert)
	if err != nil {
		return nil, err
	}
	return m.NewSigningIdentity(certPEM, key)
}

// findKey returns the keystore key whose public half matches cert.
func findKey(dir string, cert *x509.Certificate) (*ecdsa.PrivateKey, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("msp: keystore: %w", err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		raw, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("msp: keystore: %w", err)
		}
		key, err := ParsePrivateKeyPEM(raw)
		if err != nil {
			continue // other files (or other key types) may live here
		}
		if key.PublicKey.Equal(cert.PublicKey) {
			return key, nil
		}
	}
	return nil, fmt.Errorf("msp: no private key in %s matches certificate %q", dir, cert.Subject.CommonName)
}

// ParsePrivateKeyPEM parses an ECDSA private key in PKCS#8 ("PRIVATE KEY")
// or SEC1 ("EC PRIVATE KEY") PEM.
func ParsePrivateKeyPEM(raw []byte) (*ecdsa.PrivateKey, error) {
	b, _ := pem.Decode(raw)
	if b == nil {
		return nil, errors.New("msp: no PEM block in private key")
	}
	switch b.Type {
	case "PRIVATE KEY":
		k, err := x509.ParsePKCS8PrivateKey(b.Bytes)
		if err != nil {
			return nil, fmt.Errorf("msp: PKCS#8 key: %w", err)
		}
		ek, ok := k.(*ecdsa.PrivateKey)
		if !ok {
			return nil, fmt.Errorf("msp: PKCS#8 key is %T, want ECDSA", k)
		}
		return ek, nil
	case "EC PRIVATE KEY":
		k, err := x509.ParseECPrivateKey(b.Bytes)
		if err != nil {
			return nil, fmt.Errorf("msp: SEC1 key: %w", err)
		}
		return k, nil
	default:
		return nil, fmt.Errorf("msp: PEM block %q is not a private key", b.Type)
	}
}
