package consortium

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"

	"github.com/hyperledger/fabric-chaincode-go/v2/pkg/statebased"
)

var licenseKinds = []string{"PER_UNIT", "FLAT", "SUBSCRIPTION"}

// TransientTerms is the transient-map key carrying private terms.
const TransientTerms = "terms"

// canonicalTerms validates terms and returns their canonical JSON (Go's
// field order) and its SHA-256 hex: what offers and licenses commit to.
func canonicalTerms(raw []byte) (Terms, []byte, string, error) {
	var t Terms
	if err := strictJSON(string(raw), &t); err != nil {
		return t, nil, "", fmt.Errorf("terms: %w", err)
	}
	if err := checkID("asset", t.Asset); err != nil {
		return t, nil, "", fmt.Errorf("terms: %w", err)
	}
	if !contains(licenseKinds, t.Kind) {
		return t, nil, "", fmt.Errorf("terms: kind %q, want PER_UNIT, FLAT or SUBSCRIPTION", t.Kind)
	}
	if t.Unit == "" || len(t.Unit) > 32 {
		return t, nil, "", errors.New("terms: unit must be 1-32 bytes (CALL, TOKEN_1K, ROW, GB...)")
	}
	if _, err := parseAmount("terms price", t.Price, false); err != nil {
		return t, nil, "", err
	}
	if t.ValidToUnix != 0 && t.ValidToUnix <= t.ValidFromUnix {
		return t, nil, "", errors.New("terms: validToUnix must be after validFromUnix (or 0 for open-ended)")
	}
	if t.Buyer != "" {
		if err := checkID("buyer MSP", t.Buyer); err != nil {
			return t, nil, "", err
		}
	}
	b, err := json.Marshal(t)
	if err != nil {
		return t, nil, "", err
	}
	h := sha256.Sum256(b)
	return t, b, hex.EncodeToString(h[:]), nil
}

// CreateOffer publishes a public offer with terms in the clear. Members of
// the asset's owner org.
func (c *Contract) CreateOffer(ctx ctxT, offerID string, termsJSON string) (string, error) {
	return c.createOffer(ctx, offerID, []byte(termsJSON), false)
}

// CreatePrivateOffer records an offer to one buyer (terms.buyer): the terms
// come in the transient map under "terms" and are kept in the owner's
// implicit collection; only their hash is public.
func (c *Contract) CreatePrivateOffer(ctx ctxT, offerID string) (string, error) {
	tm, err := ctx.GetStub().GetTransient()
	if err != nil {
		return "", err
	}
	raw, ok := tm[TransientTerms]
	if !ok {
		return "", errors.New("CreatePrivateOffer: the terms must be in the transient map under \"terms\"")
	}
	return c.createOffer(ctx, offerID, raw, true)
}

func (c *Contract) createOffer(ctx ctxT, offerID string, raw []byte, private bool) (string, error) {
	who, err := who(ctx)
	if err != nil {
		return "", err
	}
	if err := checkID("offer", offerID); err != nil {
		return "", err
	}
	terms, canon, hash, err := canonicalTerms(raw)
	if err != nil {
		return "", err
	}
	if private && terms.Buyer == "" {
		return "", errors.New("a private offer needs terms.buyer (the buyer's MSP ID)")
	}
	if private && terms.Salt == "" {
		return "", errors.New("a private offer needs terms.salt so its hash cannot be guessed")
	}
	var a Asset
	if ok, err := getJSON(ctx, kAsset(terms.Asset), &a); err != nil {
		return "", err
	} else if !ok {
		return "", fmt.Errorf("asset %s does not exist", terms.Asset)
	}
	if err := who.requireOrg(a.Owner, "creating an offer"); err != nil {
		return "", err
	}
	var existing Offer
	if ok, err := getJSON(ctx, kOffer(offerID), &existing); err != nil {
		return "", err
	} else if ok {
		return "", fmt.Errorf("offer %s already exists", offerID)
	}
	now, err := txUnix(ctx)
	if err != nil {
		return "", err
	}
	o := Offer{ID: offerID, Asset: a.ID, Owner: a.Owner, Private: private, Buyer: terms.Buyer, TermsHash: hash, Status: "OPEN", Created: now}
	if private {
		if err := ctx.GetStub().PutPrivateData(implicit(a.Owner), kOfferTerms(offerID), canon); err != nil {
			return "", err
		}
	} else {
		o.Terms = &terms
	}
	if err := putJSON(ctx, kOffer(offerID), o); err != nil {
		return "", err
	}
	if err := ctx.GetStub().PutState(kOfferIdx(a.ID, offerID), []byte{0}); err != nil {
		return "", err
	}
	return toJSON(o)
}

// WithdrawOffer closes an offer to new acceptances. Members of the owner org.
func (c *Contract) WithdrawOffer(ctx ctxT, offerID string) (string, error) {
	who, err := who(ctx)
	if err != nil {
		return "", err
	}
	var o Offer
	if ok, err := getJSON(ctx, kOffer(offerID), &o); err != nil {
		return "", err
	} else if !ok {
		return "", fmt.Errorf("offer %s not found", offerID)
	}
	if err := who.requireOrg(o.Owner, "WithdrawOffer"); err != nil {
		return "", err
	}
	if o.Status != "OPEN" {
		return "", fmt.Errorf("offer %s is already %s", offerID, o.Status)
	}
	o.Status = "WITHDRAWN"
	if err := putJSON(ctx, kOffer(offerID), o); err != nil {
		return "", err
	}
	return toJSON(o)
}

// AcceptOffer issues a license to the caller's org. For a private offer the
// buyer's copy of the terms comes in the transient map under "terms" and
// must hash to the offer's hash. The agreed terms are written to the
// implicit collections of both parties, so both orgs' peers must endorse;
// the license key gets a key-level policy needing both orgs for any change.
// Members of the buyer org.
func (c *Contract) AcceptOffer(ctx ctxT, offerID string, licenseID string) (string, error) {
	who, err := who(ctx)
	if err != nil {
		return "", err
	}
	if err := checkID("license", licenseID); err != nil {
		return "", err
	}
	var o Offer
	if ok, err := getJSON(ctx, kOffer(offerID), &o); err != nil {
		return "", err
	} else if !ok {
		return "", fmt.Errorf("offer %s not found", offerID)
	}
	if o.Status != "OPEN" {
		return "", fmt.Errorf("offer %s is %s", offerID, o.Status)
	}
	if who.MSP == o.Owner {
		return "", errors.New("an org cannot license its own asset")
	}
	var canon []byte
	var terms Terms
	if o.Private {
		if who.MSP != o.Buyer {
			return "", fmt.Errorf("access denied: private offer %s is for %s", offerID, o.Buyer)
		}
		tm, err := ctx.GetStub().GetTransient()
		if err != nil {
			return "", err
		}
		raw, ok := tm[TransientTerms]
		if !ok {
			return "", errors.New("AcceptOffer: a private offer needs the buyer's copy of the terms in the transient map under \"terms\"")
		}
		var hash string
		terms, canon, hash, err = canonicalTerms(raw)
		if err != nil {
			return "", err
		}
		if hash != o.TermsHash {
			return "", fmt.Errorf("the buyer's terms hash to %s, the offer's hash is %s", hash, o.TermsHash)
		}
	} else {
		terms = *o.Terms
		if canon, err = json.Marshal(terms); err != nil {
			return "", err
		}
	}
	now, err := txUnix(ctx)
	if err != nil {
		return "", err
	}
	if terms.ValidToUnix != 0 && now >= terms.ValidToUnix {
		return "", fmt.Errorf("offer %s expired at %d", offerID, terms.ValidToUnix)
	}
	var existing License
	if ok, err := getJSON(ctx, kLicense(licenseID), &existing); err != nil {
		return "", err
	} else if ok {
		return "", fmt.Errorf("license %s already exists", licenseID)
	}
	l := License{ID: licenseID, Offer: offerID, Asset: o.Asset, Owner: o.Owner, Licensee: who.MSP, Status: "ACTIVE",
		TermsHash: o.TermsHash, DerivativesAllowed: terms.DerivativesAllowed, ValidToUnix: terms.ValidToUnix, Issued: now}
	stub := ctx.GetStub()
	if err := putJSON(ctx, kLicense(licenseID), l); err != nil {
		return "", err
	}
	ep, err := statebased.NewStateEP(nil)
	if err != nil {
		return "", err
	}
	if err := ep.AddOrgs(statebased.RoleTypePeer, l.Owner, l.Licensee); err != nil {
		return "", err
	}
	policy, err := ep.Policy()
	if err != nil {
		return "", err
	}
	if err := stub.SetStateValidationParameter(kLicense(licenseID), policy); err != nil {
		return "", err
	}
	for _, k := range []string{kLicenseeIdx(l.Licensee, l.ID), kLicAssetIdx(l.Asset, l.ID), kHeldIdx(l.Licensee, l.Asset, l.ID)} {
		if err := stub.PutState(k, []byte{0}); err != nil {
			return "", err
		}
	}
	for _, org := range []string{l.Owner, l.Licensee} {
		if err := stub.PutPrivateData(implicit(org), kTerms(l.ID), canon); err != nil {
			return "", err
		}
	}
	if terms.Kind == "FLAT" {
		fee := bigOf(terms.Price)
		if fee.Sign() > 0 {
			cfg, err := c.config(ctx)
			if err != nil {
				return "", err
			}
			e, ok := cfg.epochAt(now)
			if !ok {
				return "", errors.New("a FLAT license cannot be issued before genesis")
			}
			if err := writeFee(ctx, e, l.Asset, l.Licensee, stub.GetTxID(), fee); err != nil {
				return "", err
			}
		}
	}
	if err := setEvent(ctx, "LicenseIssued", map[string]any{"id": l.ID, "asset": l.Asset, "owner": l.Owner, "licensee": l.Licensee}); err != nil {
		return "", err
	}
	return toJSON(l)
}

// writeFee writes a public fee key (asset, no payer) and due key (payer, no
// asset) named by id (64 hex digits): the transaction id, or a
// subscription's period id. Both are written without being read, so
// reports never conflict on them.
func writeFee(ctx ctxT, e uint64, asset, payer, id string, fee *big.Int) error {
	if err := putJSON(ctx, kFee(e, asset, id), feeRecord{Asset: asset, Fee: fee.String()}); err != nil {
		return err
	}
	return putJSON(ctx, kDue(e, payer, id), dueRecord{Fee: fee.String()})
}

// SetLicenseStatus suspends (SUSPENDED), reinstates (ACTIVE, from
// SUSPENDED) or revokes (REVOKED, final) a license. Admins of the owner org.
func (c *Contract) SetLicenseStatus(ctx ctxT, licenseID string, status string) (string, error) {
	who, err := who(ctx)
	if err != nil {
		return "", err
	}
	var l License
	if ok, err := getJSON(ctx, kLicense(licenseID), &l); err != nil {
		return "", err
	} else if !ok {
		return "", fmt.Errorf("license %s not found", licenseID)
	}
	if err := who.requireOrgAdmin(l.Owner, "SetLicenseStatus"); err != nil {
		return "", err
	}
	allowed := map[string][]string{"ACTIVE": {"SUSPENDED"}, "SUSPENDED": {"ACTIVE"}, "REVOKED": {"ACTIVE", "SUSPENDED"}}
	from, ok := allowed[status]
	if !ok {
		return "", fmt.Errorf("status %q: want ACTIVE, SUSPENDED or REVOKED", status)
	}
	if !contains(from, l.Status) {
		return "", fmt.Errorf("license %s is %s and cannot become %s", licenseID, l.Status, status)
	}
	l.Status = status
	if err := putJSON(ctx, kLicense(licenseID), l); err != nil {
		return "", err
	}
	if err := setEvent(ctx, "LicenseStatusChanged", map[string]any{"id": l.ID, "status": l.Status}); err != nil {
		return "", err
	}
	return toJSON(l)
}

// ExpireLicense marks a license EXPIRED once its validity has ended. Any
// member of either party.
func (c *Contract) ExpireLicense(ctx ctxT, licenseID string) (string, error) {
	who, err := who(ctx)
	if err != nil {
		return "", err
	}
	var l License
	if ok, err := getJSON(ctx, kLicense(licenseID), &l); err != nil {
		return "", err
	} else if !ok {
		return "", fmt.Errorf("license %s not found", licenseID)
	}
	if who.MSP != l.Owner && who.MSP != l.Licensee {
		return "", fmt.Errorf("access denied: only %s or %s may expire license %s", l.Owner, l.Licensee, licenseID)
	}
	now, err := txUnix(ctx)
	if err != nil {
		return "", err
	}
	if l.ValidToUnix == 0 || now < l.ValidToUnix {
		return "", fmt.Errorf("license %s is valid until %d", licenseID, l.ValidToUnix)
	}
	if l.Status == "REVOKED" || l.Status == "EXPIRED" {
		return "", fmt.Errorf("license %s is already %s", licenseID, l.Status)
	}
	l.Status = "EXPIRED"
	if err := putJSON(ctx, kLicense(licenseID), l); err != nil {
		return "", err
	}
	if err := setEvent(ctx, "LicenseStatusChanged", map[string]any{"id": l.ID, "status": l.Status}); err != nil {
		return "", err
	}
	return toJSON(l)
}
