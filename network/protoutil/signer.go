package protoutil

// Signer is what signs wire structures. Sign receives the message itself (not
// a digest) and returns a DER-encoded low-S ECDSA signature over its SHA-256;
// Serialize returns the marshalled msp.SerializedIdentity that goes into
// creator and endorser fields. msp.SigningIdentity satisfies it.
type Signer interface {
	Sign(msg []byte) ([]byte, error)
	Serialize() []byte
}

// SignedData is one (data, identity, signature) triple that a policy
// evaluates: Signature must verify over Data for the serialized Identity.
type SignedData struct {
	Data      []byte
	Identity  []byte
	Signature []byte
}
