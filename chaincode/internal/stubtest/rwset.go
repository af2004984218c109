package stubtest

import (
	"crypto/sha256"
	"fmt"
)

// SetTxID fixes the transaction id of the stub, before the chaincode runs:
// a test simulating one proposal on several peers gives each simulation
// the proposal's one id, as Fabric does.
func (s *Stub) SetTxID(txid string) { s.txid = txid }

// RWSetDigest hashes what the peers' proposal responses must agree on: the
// read set (public keys and versions, private keys read by hash and their
// versions, ranges), the write sets (public, key metadata, private) and the
// event. Two endorsements of one proposal with different digests are what
// the gateway rejects as "ProposalResponsePayloads do not match". Private
// values enter only as SHA-256, as in Fabric's hashed rwset.
func (s *Stub) RWSetDigest() [32]byte {
	h := sha256.New()
	put := func(parts ...any) {
		for _, p := range parts {
			t := fmt.Sprint(p)
			fmt.Fprintf(h, "%d:%s", len(t), t)
		}
	}
	put("txid", s.txid)
	for _, k := range sortedKeys(s.reads) {
		put("r", k, s.reads[k])
	}
	for _, c := range sortedKeys(s.preads) {
		for _, k := range sortedKeys(s.preads[c]) {
			put("pr", c, k, s.preads[c][k])
		}
	}
	for _, r := range s.ranges {
		put("range", r.start, r.end, len(r.keys))
		for i, k := range r.keys {
			put(k, r.versions[i])
		}
	}
	for _, k := range sortedKeys(s.writes) {
		put("w", k, s.writes[k].del, string(s.writes[k].value))
	}
	for _, k := range sortedKeys(s.metaW) {
		put("m", k, string(s.metaW[k]))
	}
	for _, c := range sortedKeys(s.pwrites) {
		for _, k := range sortedKeys(s.pwrites[c]) {
			w := s.pwrites[c][k]
			put("pw", c, k, w.del, sha256.Sum256(w.value))
		}
	}
	if s.event != nil {
		put("event", s.event.name, string(s.event.payload))
	}
	var out [32]byte
	h.Sum(out[:0])
	return out
}
