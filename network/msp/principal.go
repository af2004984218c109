package msp

import (
	"bytes"
	"errors"
	"fmt"

	mspproto "github.com/hyperledger/fabric-protos-go-apiv2/msp"
	"google.golang.org/protobuf/proto"
)

// SatisfiesPrincipal reports nil when the identity is valid and matches p,
// following Fabric's MSP v1.4.2+ rules (fabric-wire.md §4.5).
func (id *identity) SatisfiesPrincipal(p *mspproto.MSPPrincipal) error {
	if p == nil {
		return errors.New("msp: nil principal")
	}
	if id.msp == nil {
		return fmt.Errorf("msp: identity %q was not deserialized by an MSP and cannot match principals", id.cert.Subject.CommonName)
	}
	switch p.PrincipalClassification {
	case mspproto.MSPPrincipal_ROLE:
		return id.satisfiesRole(p.Principal)
	case mspproto.MSPPrincipal_IDENTITY:
		return id.satisfiesIdentity(p.Principal)
	case mspproto.MSPPrincipal_ORGANIZATION_UNIT:
		return id.satisfiesOU(p.Principal)
	case mspproto.MSPPrincipal_ANONYMITY:
		a := &mspproto.MSPIdentityAnonymity{}
		if err := proto.Unmarshal(p.Principal, a); err != nil {
			return fmt.Errorf("msp: could not unmarshal MSPIdentityAnonymity: %w", err)
		}
		switch a.AnonymityType {
		case mspproto.MSPIdentityAnonymity_NOMINAL:
			return nil
		case mspproto.MSPIdentityAnonymity_ANONYMOUS:
			return errors.New("msp: principal requires an anonymous identity, but X.509 identities are nominal")
		default:
			return fmt.Errorf("msp: unknown anonymity type %d", a.AnonymityType)
		}
	case mspproto.MSPPrincipal_COMBINED:
		c := &mspproto.CombinedPrincipal{}
		if err := proto.Unmarshal(p.Principal, c); err != nil {
			return fmt.Errorf("msp: could not unmarshal CombinedPrincipal: %w", err)
		}
		if len(c.Principals) == 0 {
			return errors.New("msp: combined principal has no principals")
		}
		for i, sub := range c.Principals {
			if err := id.SatisfiesPrincipal(sub); err != nil {
				return fmt.Errorf("msp: combined principal #%d: %w", i, err)
			}
		}
		return nil
	default:
		return fmt.Errorf("msp: unknown principal classification %d", p.PrincipalClassification)
	}
}

func (id *identity) satisfiesRole(raw []byte) error {
	r := &mspproto.MSPRole{}
	if err := proto.Unmarshal(raw, r); err != nil {
		return fmt.Errorf("msp: could not unmarshal MSPRole: %w", err)
	}
	m := id.msp
	if r.MspIdentifier != m.name {
		return fmt.Errorf("msp: identity belongs to MSP %q, principal requires MSP %q", m.name, r.MspIdentifier)
	}
	switch r.Role {
	case mspproto.MSPRole_MEMBER:
		return id.Validate()
	case mspproto.MSPRole_ADMIN:
		if err := id.Validate(); err != nil {
			return err
		}
		for _, a := range m.admins {
			if bytes.Equal(a, id.cert.Raw) {
				return nil
			}
		}
		if m.nodeOUs && id.hasNodeOU(m.adminOU) {
			return nil
		}
		return fmt.Errorf("msp %s: identity %q is not an admin", m.name, id.cert.Subject.CommonName)
	case mspproto.MSPRole_CLIENT, mspproto.MSPRole_PEER, mspproto.MSPRole_ORDERER:
		if !m.nodeOUs {
			return fmt.Errorf("msp %s: NodeOUs not activated, cannot tell apart %s identities", m.name, r.Role)
		}
		if err := id.Validate(); err != nil {
			return err
		}
		node := map[mspproto.MSPRole_MSPRoleType]*ouIdentifier{
			mspproto.MSPRole_CLIENT: m.clientOU, mspproto.MSPRole_PEER: m.peerOU, mspproto.MSPRole_ORDERER: m.ordererOU,
		}[r.Role]
		if node == nil {
			return fmt.Errorf("msp %s: no NodeOU configured for role %s", m.name, r.Role)
		}
		if !id.hasNodeOU(node) {
			return fmt.Errorf("msp %s: identity %q does not have role %s", m.name, id.cert.Subject.CommonName, r.Role)
		}
		return nil
	default:
		return fmt.Errorf("msp: unknown MSP role %d", r.Role)
	}
}

func (id *identity) satisfiesIdentity(raw []byte) error {
	other, err := id.msp.DeserializeIdentity(raw)
	if err != nil {
		return fmt.Errorf("msp: principal identity: %w", err)
	}
	if !bytes.Equal(other.Certificate().Raw, id.cert.Raw) {
		return fmt.Errorf("msp %s: identity %q is not the principal identity", id.msp.name, id.cert.Subject.CommonName)
	}
	return id.Validate()
}

func (id *identity) satisfiesOU(raw []byte) error {
	ou := &mspproto.OrganizationUnit{}
	if err := proto.Unmarshal(raw, ou); err != nil {
		return fmt.Errorf("msp: could not unmarshal OrganizationUnit: %w", err)
	}
	if ou.MspIdentifier != id.msp.name {
		return fmt.Errorf("msp: identity belongs to MSP %q, principal requires MSP %q", id.msp.name, ou.MspIdentifier)
	}
	if err := id.Validate(); err != nil {
		return err
	}
	for _, have := range id.ous {
		if have.ou == ou.OrganizationalUnitIdentifier && bytes.Equal(have.certifiers, ou.CertifiersIdentifier) {
			return nil
		}
	}
	return fmt.Errorf("msp %s: identity %q lacks organizational unit %q with the required certifiers", id.msp.name, id.cert.Subject.CommonName, ou.OrganizationalUnitIdentifier)
}
