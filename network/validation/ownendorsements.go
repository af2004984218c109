package validation

import (
	"crypto/sha256"
	"encoding/binary"
	"sync"
)

// EndorsementRecognizer recognises endorsements this peer signed itself, so
// that validation can skip the P-256 verification of a signature the peer
// knows to be good: with AND(Org1, Org2) that is one of the three
// verifications per transaction on every endorsing peer.
//
// Implementations must answer true only for the exact (endorser, prp,
// signature) triple the peer's own signing key produced (endorser is the
// peer's serialized identity, prp the ProposalResponsePayload it signed
// together with it). *OwnEndorsements is the implementation.
type EndorsementRecognizer interface {
	Endorsed(endorser, prp, signature []byte) bool
}

// DefaultOwnEndorsements is how many endorsements OwnEndorsements remembers:
// at 2,000 tx/s about 8 s between endorsement and commit. An endorsement that
// has been forgotten is simply verified.
const DefaultOwnEndorsements = 16384

// OwnEndorsements is a bounded memory of the endorsements this peer signed.
// The endorser records each endorsement right after signing it; validation
// (Deps.OwnEndorsements) then recognises it. Only a digest of each
// endorsement is kept (32 bytes), so memory is bounded by the capacity
// whatever the payload sizes; the oldest entry is forgotten first.
//
// Security: an entry is the SHA-256 of an injective encoding of (endorser,
// prp, signature); a false match needs a SHA-256 second preimage, the same
// assumption the ECDSA signature over SHA-256(prp‖endorser) rests on. Only
// signatures the peer produced with its own key may be recorded.
type OwnEndorsements struct {
	mu   sync.Mutex
	set  map[[32]byte]struct{}
	ring [][32]byte // insertion order, for eviction
	next int
}

// NewOwnEndorsements remembers up to capacity endorsements (at least 1;
// DefaultOwnEndorsements if capacity <= 0).
func NewOwnEndorsements(capacity int) *OwnEndorsements {
	if capacity <= 0 {
		capacity = DefaultOwnEndorsements
	}
	return &OwnEndorsements{set: make(map[[32]byte]struct{}, capacity), ring: make([][32]byte, 0, capacity)}
}

// Record remembers an endorsement this peer has just signed: endorser is
// its serialized identity, prp the ProposalResponsePayload and signature
// the signature over prp‖endorser (pb.Endorsement's fields and
// pb.ProposalResponse.Payload). Safe for concurrent use.
func (o *OwnEndorsements) Record(endorser, prp, signature []byte) {
	if o == nil || len(signature) == 0 {
		return
	}
	k := endorsementDigest(endorser, prp, signature)
	o.mu.Lock()
	defer o.mu.Unlock()
	if _, ok := o.set[k]; ok {
		return
	}
	if len(o.ring) < cap(o.ring) {
		o.ring = append(o.ring, k)
	} else {
		delete(o.set, o.ring[o.next])
		o.ring[o.next] = k
		o.next = (o.next + 1) % len(o.ring)
	}
	o.set[k] = struct{}{}
}

// Endorsed reports whether exactly this endorsement was recorded.
func (o *OwnEndorsements) Endorsed(endorser, prp, signature []byte) bool {
	if o == nil || len(signature) == 0 {
		return false
	}
	k := endorsementDigest(endorser, prp, signature)
	o.mu.Lock()
	_, ok := o.set[k]
	o.mu.Unlock()
	return ok
}

// Len is the number of endorsements remembered.
func (o *OwnEndorsements) Len() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.set)
}

// endorsementDigest hashes the three fields with length prefixes, so that
// no two different triples share an encoding (prp‖endorser alone would let
// bytes move between the two fields).
func endorsementDigest(endorser, prp, signature []byte) [32]byte {
	h := sha256.New()
	var n [8]byte
	for _, f := range [][]byte{endorser, prp, signature} {
		binary.BigEndian.PutUint64(n[:], uint64(len(f)))
		h.Write(n[:])
		h.Write(f)
	}
	var k [32]byte
	h.Sum(k[:0])
	return k
}

var _ EndorsementRecognizer = (*OwnEndorsements)(nil)
