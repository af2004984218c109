package msp

import (
	"bytes"
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"fmt"
	"strings"
)

var (
	oidSubjectAltName  = asn1.ObjectIdentifier{2, 5, 29, 17}
	oidNameConstraints = asn1.ObjectIdentifier{2, 5, 29, 30}
)

// validate applies fabric-wire.md §9.2 steps 2-6 to an identity whose chain
// was built (and cert sanitized) at deserialization.
func (m *MSP) validate(id *identity) error {
	c := id.cert
	if c.IsCA {
		return fmt.Errorf("msp %s: identity %q is a CA certificate and cannot be used as an identity", m.name, c.Subject.CommonName)
	}
	if len(id.chain) < 2 {
		return fmt.Errorf("msp %s: identity %q has a validation chain of length %d, want at least 2", m.name, c.Subject.CommonName, len(id.chain))
	}
	if err := legacyNameConstraints(id.chain); err != nil {
		return fmt.Errorf("msp %s: identity %q: %w", m.name, c.Subject.CommonName, err)
	}
	issuer := id.chain[1]
	if m.internalNodes[string(issuer.Raw)] {
		return fmt.Errorf("msp %s: identity %q is issued by %q, which is not a leaf of the CA tree (intermediate CAs are configured under it)", m.name, c.Subject.CommonName, issuer.Subject.CommonName)
	}
	if set := m.revoked[string(issuer.SubjectKeyId)]; set != nil && len(issuer.SubjectKeyId) > 0 {
		if set[c.SerialNumber.String()] {
			return fmt.Errorf("msp %s: identity %q (serial %s) is revoked", m.name, c.Subject.CommonName, c.SerialNumber)
		}
	}
	return m.validateOUs(id)
}

func (m *MSP) validateOUs(id *identity) error {
	if len(m.ouIdentifiers) > 0 {
		found := false
		for _, ou := range id.ous {
			for _, cert := range m.ouIdentifiers[ou.ou] {
				if bytes.Equal(cert, ou.certifiers) {
					found = true
				}
			}
		}
		if !found {
			return fmt.Errorf("msp %s: none of the identity's organizational units %v is configured in the MSP", m.name, id.cert.Subject.OrganizationalUnit)
		}
	}
	if !m.nodeOUs {
		return nil
	}
	count := 0
	for _, ou := range id.ous {
		node := m.nodeOUFor(ou.ou)
		if node == nil {
			continue
		}
		if len(node.certifiers) > 0 && !bytes.Equal(node.certifiers, ou.certifiers) {
			return fmt.Errorf("msp %s: identity OU %q is certified by a different CA than the MSP's NodeOU configuration", m.name, ou.ou)
		}
		count++
	}
	if count != 1 {
		return fmt.Errorf("msp %s: identity must carry exactly one of the client, peer, admin or orderer OUs, found %d in %v", m.name, count, id.cert.Subject.OrganizationalUnit)
	}
	return nil
}

// nodeOUFor returns the configured NodeOU whose value is ou, if any.
func (m *MSP) nodeOUFor(ou string) *ouIdentifier {
	for _, n := range []*ouIdentifier{m.clientOU, m.peerOU, m.adminOU, m.ordererOU} {
		if n != nil && n.ou == ou {
			return n
		}
	}
	return nil
}

// hasNodeOU reports whether the identity carries the given NodeOU.
func (id *identity) hasNodeOU(node *ouIdentifier) bool {
	if node == nil {
		return false
	}
	for _, ou := range id.ous {
		if ou.ou == node.ou && (len(node.certifiers) == 0 || bytes.Equal(node.certifiers, ou.certifiers)) {
			return true
		}
	}
	return false
}

// legacyNameConstraints mirrors Fabric's guard from before Go 1.15 stopped
// treating the CN as a host name: a leaf without SANs whose CN looks like a
// host name must not sit under a name-constrained CA.
func legacyNameConstraints(chain []*x509.Certificate) error {
	leaf := chain[0]
	if hasExtension(leaf, oidSubjectAltName) || !looksLikeHostname(leaf.Subject.CommonName) {
		return nil
	}
	for _, c := range chain[1:] {
		if hasExtension(c, oidNameConstraints) {
			return errors.New("certificate relies on the legacy Common Name field under a name-constrained CA; use SANs")
		}
	}
	return nil
}

func hasExtension(c *x509.Certificate, oid asn1.ObjectIdentifier) bool {
	for _, e := range c.Extensions {
		if e.Id.Equal(oid) {
			return true
		}
	}
	return false
}

func looksLikeHostname(h string) bool {
	if h == "" || len(h) > 253 {
		return false
	}
	h = strings.TrimSuffix(h, ".")
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 {
			return false
		}
		for i, r := range label {
			switch {
			case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			case r == '-' && i != 0 && i != len(label)-1:
			case r == '_' || (r == '*' && i == 0 && len(label) == 1):
			default:
				return false
			}
		}
	}
	return true
}
