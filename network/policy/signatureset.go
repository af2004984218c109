package policy

import (
	"log/slog"

	"github.com/saharanet/saharanet/network/msp"
)

// dedupMapThreshold is the set size above which de-duplication switches from
// a linear scan (no allocation) to a map.
const dedupMapThreshold = 16

// VerifySignatureSet turns a signature set into the identities that count
// for policy evaluation, exactly as Fabric does (§4.5): for each entry in
// order, deserialize the identity (failure: dropped), skip it if an identity
// with the same MSP ID and ID was already accepted, verify the signature over
// Data (failure: dropped). Identity validity (chain, OUs, CRLs) is checked
// later, by SatisfiesPrincipal. Cost: one deserialization and at most one
// ECDSA verification per entry.
func VerifySignatureSet(set []*SignedData, d msp.IdentityDeserializer) []msp.Identity {
	if d == nil {
		return nil // nothing can be deserialized, so nothing counts
	}
	ids := make([]msp.Identity, 0, len(set))
	var seen map[[2]string]struct{}
	if len(set) > dedupMapThreshold {
		seen = make(map[[2]string]struct{}, len(set))
	}
	for i, sd := range set {
		if sd == nil {
			continue
		}
		id, err := d.DeserializeIdentity(sd.Identity)
		if err != nil {
			slog.Debug("policy: dropping signature with undeserializable identity", "index", i, "err", err)
			continue
		}
		mspID, idID := id.MSPID(), id.ID()
		if isDuplicate(ids, seen, mspID, idID) {
			slog.Debug("policy: dropping duplicate signer", "index", i, "msp", mspID)
			continue
		}
		if err := id.Verify(sd.Data, sd.Signature); err != nil {
			slog.Debug("policy: dropping invalid signature", "index", i, "msp", mspID, "err", err)
			continue
		}
		ids = append(ids, id)
		if seen != nil {
			seen[[2]string{mspID, idID}] = struct{}{}
		}
	}
	return ids
}

func isDuplicate(ids []msp.Identity, seen map[[2]string]struct{}, mspID, idID string) bool {
	if seen != nil {
		_, ok := seen[[2]string{mspID, idID}]
		return ok
	}
	for _, prev := range ids {
		if prev.ID() == idID && prev.MSPID() == mspID {
			return true
		}
	}
	return false
}
