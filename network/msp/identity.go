// Package msp implements Fabric's membership service provider rules: serialized
// identities, certificate chain validation against an org's CAs, NodeOU roles,
// revocation, and ECDSA P-256 signatures with low-S.
package msp

import (
	"crypto/x509"
	"time"

	mspproto "github.com/hyperledger/fabric-protos-go-apiv2/msp"
)

// Identity is a deserialized identity of some MSP. Deserializing does not
// validate it: callers that need a trusted identity call Validate (policy
// evaluation does so inside SatisfiesPrincipal).
type Identity interface {
	// MSPID is the identifier of the MSP the identity claims to belong to.
	MSPID() string
	// ID is unique within its MSP: lowercase hex SHA-256 of the sanitized
	// (low-S re-encoded) certificate DER.
	ID() string
	// Certificate is the sanitized certificate.
	Certificate() *x509.Certificate
	// Serialize returns marshalled msp.SerializedIdentity bytes.
	Serialize() []byte
	// Validate checks the chain, CRLs and OU rules of Fabric's MSP (fabric-wire.md §9.2).
	Validate() error
	// Verify checks sig (DER, low-S) over SHA-256(msg).
	Verify(msg, sig []byte) error
	// SatisfiesPrincipal reports nil when the identity is valid and matches p (fabric-wire.md §4.5).
	SatisfiesPrincipal(p *mspproto.MSPPrincipal) error
	// ExpiresAt is the certificate's NotAfter.
	ExpiresAt() time.Time
}

// SigningIdentity is an Identity with its private key.
type SigningIdentity interface {
	Identity
	// Sign returns a DER-encoded low-S ECDSA signature over SHA-256(msg).
	Sign(msg []byte) ([]byte, error)
}

// IdentityDeserializer turns msp.SerializedIdentity bytes into an Identity.
type IdentityDeserializer interface {
	DeserializeIdentity(serialized []byte) (Identity, error)
}
