package consortium

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/saharanet/saharanet/api/payout"
	"github.com/saharanet/saharanet/chaincode/settlement"
)

// Configure sets the epoch schedule, once. Admins of any org.
func (c *Contract) Configure(ctx ctxT, genesisUnix int64, epochSeconds int64, graceSeconds int64) error {
	who, err := who(ctx)
	if err != nil {
		return err
	}
	if err := who.requireAdmin("Configure"); err != nil {
		return err
	}
	if epochSeconds <= 0 || graceSeconds < 0 || genesisUnix < 0 {
		return fmt.Errorf("Configure: want genesisUnix >= 0, epochSeconds > 0, graceSeconds >= 0; got %d %d %d", genesisUnix, epochSeconds, graceSeconds)
	}
	var existing Config
	if ok, err := getJSON(ctx, kConfig, &existing); err != nil {
		return err
	} else if ok {
		return errors.New("Configure: already configured; the epoch schedule cannot change")
	}
	return putJSON(ctx, kConfig, Config{genesisUnix, epochSeconds, graceSeconds})
}

// RegisterPayee registers a payee sponsored by the caller's org. Any
// member of the org.
func (c *Contract) RegisterPayee(ctx ctxT, id string, address string) (string, error) {
	who, err := who(ctx)
	if err != nil {
		return "", err
	}
	if err := checkID("payee", id); err != nil {
		return "", err
	}
	a, err := payout.ParseAddress(address)
	if err != nil {
		return "", err
	}
	if a == ([20]byte{}) {
		return "", errors.New("payee address must not be the zero address")
	}
	var p Payee
	if ok, err := getJSON(ctx, kPayee(id), &p); err != nil {
		return "", err
	} else if ok {
		return "", fmt.Errorf("payee %s already exists", id)
	}
	now, err := txUnix(ctx)
	if err != nil {
		return "", err
	}
	p = Payee{ID: id, Sponsor: who.MSP, Addresses: []AddressChange{{0, payout.FormatAddress(a)}}, Created: now}
	if err := putJSON(ctx, kPayee(id), p); err != nil {
		return "", err
	}
	return toJSON(p)
}

// UpdatePayeeAddress changes a payee's address from the next epoch on.
// Admins of the sponsoring org.
func (c *Contract) UpdatePayeeAddress(ctx ctxT, id string, address string) (string, error) {
	who, err := who(ctx)
	if err != nil {
		return "", err
	}
	var p Payee
	if ok, err := getJSON(ctx, kPayee(id), &p); err != nil {
		return "", err
	} else if !ok {
		return "", fmt.Errorf("payee %s not found", id)
	}
	if err := who.requireOrgAdmin(p.Sponsor, "UpdatePayeeAddress"); err != nil {
		return "", err
	}
	a, err := payout.ParseAddress(address)
	if err != nil {
		return "", err
	}
	if a == ([20]byte{}) {
		return "", errors.New("payee address must not be the zero address")
	}
	cfg, err := c.config(ctx)
	if err != nil {
		return "", err
	}
	now, err := txUnix(ctx)
	if err != nil {
		return "", err
	}
	cur, _ := cfg.epochAt(now)
	from := cur + 1
	// A second change in the same epoch replaces the pending one.
	if last := p.Addresses[len(p.Addresses)-1]; last.FromEpoch == from {
		p.Addresses = p.Addresses[:len(p.Addresses)-1]
	}
	p.Addresses = append(p.Addresses, AddressChange{from, payout.FormatAddress(a)})
	if err := putJSON(ctx, kPayee(id), p); err != nil {
		return "", err
	}
	return toJSON(p)
}

// addressFor returns the payee's address in effect in epoch e.
func (p Payee) addressFor(e uint64) string {
	addr := p.Addresses[0].Address
	for _, ch := range p.Addresses {
		if ch.FromEpoch <= e {
			addr = ch.Address
		}
	}
	return addr
}

var (
	hashPattern = regexp.MustCompile(`^(0x)?[0-9a-f]{64}$`)
	kinds       = []string{"DATASET", "MODEL", "AGENT"}
	relations   = []string{"TRAINED_ON", "FINETUNED_FROM", "DERIVED_FROM"}
)

// AssetInput is RegisterAsset's argument.
type AssetInput struct {
	ID           string        `json:"id"`
	Kind         string        `json:"kind"`
	Name         string        `json:"name"`
	ContentHash  string        `json:"contentHash"`
	URI          string        `json:"uri"`
	Contributors []Contributor `json:"contributors"`
	Parents      []Parent      `json:"parents"`
}

// RegisterAsset registers an asset owned by the caller's org. Any member.
// Every parent must exist and the owner must hold an ACTIVE license on it
// that allows derivatives.
func (c *Contract) RegisterAsset(ctx ctxT, assetJSON string) (string, error) {
	who, err := who(ctx)
	if err != nil {
		return "", err
	}
	var in AssetInput
	if err := strictJSON(assetJSON, &in); err != nil {
		return "", fmt.Errorf("RegisterAsset: %w", err)
	}
	if err := checkID("asset", in.ID); err != nil {
		return "", err
	}
	if !contains(kinds, in.Kind) {
		return "", fmt.Errorf("asset kind %q: want one of %s", in.Kind, strings.Join(kinds, ", "))
	}
	if in.Name == "" || len(in.Name) > 256 || len(in.URI) > 2048 {
		return "", errors.New("asset name must be 1-256 bytes and uri at most 2048")
	}
	if !hashPattern.MatchString(in.ContentHash) {
		return "", fmt.Errorf("contentHash %q: want 64 lowercase hex digits (SHA-256 of the manifest)", in.ContentHash)
	}
	if len(in.Contributors) > 100 || len(in.Parents) > 32 {
		return "", errors.New("at most 100 contributors and 32 parents")
	}
	sa := settlement.Asset{ID: in.ID}
	for _, ct := range in.Contributors {
		if err := checkID("payee", ct.Payee); err != nil {
			return "", err
		}
		var p Payee
		if ok, err := getJSON(ctx, kPayee(ct.Payee), &p); err != nil {
			return "", err
		} else if !ok {
			return "", fmt.Errorf("contributor payee %s is not registered", ct.Payee)
		}
		sa.Contributors = append(sa.Contributors, settlement.Share{Payee: ct.Payee, ShareBps: ct.ShareBps})
	}
	for _, pr := range in.Parents {
		if err := checkID("parent asset", pr.Asset); err != nil {
			return "", err
		}
		if !contains(relations, pr.Relation) {
			return "", fmt.Errorf("parent %s relation %q: want one of %s", pr.Asset, pr.Relation, strings.Join(relations, ", "))
		}
		sa.Parents = append(sa.Parents, settlement.Royalty{Asset: pr.Asset, RoyaltyBps: pr.RoyaltyBps})
	}
	if err := sa.Validate(); err != nil {
		return "", err
	}
	var existing Asset
	if ok, err := getJSON(ctx, kAsset(in.ID), &existing); err != nil {
		return "", err
	} else if ok {
		return "", fmt.Errorf("asset %s already exists", in.ID)
	}
	// The depth comes from the parents' stored depth, which never changes,
	// so registrations read no shared key and never conflict with each
	// other (a shared sequence counter made every pair conflict).
	var depth uint64
	for _, pr := range in.Parents {
		var parent Asset
		if ok, err := getJSON(ctx, kAsset(pr.Asset), &parent); err != nil {
			return "", err
		} else if !ok {
			return "", fmt.Errorf("parent asset %s does not exist", pr.Asset)
		}
		if parent.Owner != who.MSP {
			ok, err := holdsDerivativeLicense(ctx, who.MSP, pr.Asset)
			if err != nil {
				return "", err
			}
			if !ok {
				return "", fmt.Errorf("%s holds no active license allowing derivatives on parent %s", who.MSP, pr.Asset)
			}
		}
		depth = max(depth, parent.Depth+1)
	}
	now, err := txUnix(ctx)
	if err != nil {
		return "", err
	}
	a := Asset{ID: in.ID, Kind: in.Kind, Owner: who.MSP, Name: in.Name, ContentHash: strings.TrimPrefix(in.ContentHash, "0x"),
		URI: in.URI, Contributors: in.Contributors, Parents: in.Parents, Depth: depth, Registered: now}
	if a.Parents == nil {
		a.Parents = []Parent{}
	}
	if err := putJSON(ctx, kAsset(a.ID), a); err != nil {
		return "", err
	}
	if err := ctx.GetStub().PutState(kOwnerIdx(a.Owner, a.ID), []byte{0}); err != nil {
		return "", err
	}
	for _, pr := range a.Parents {
		if err := ctx.GetStub().PutState(kChildIdx(pr.Asset, a.ID), []byte{0}); err != nil {
			return "", err
		}
	}
	if err := setEvent(ctx, "AssetRegistered", map[string]any{"id": a.ID, "owner": a.Owner, "depth": a.Depth}); err != nil {
		return "", err
	}
	return toJSON(a)
}

// holdsDerivativeLicense reports whether org has an ACTIVE, unexpired
// license on asset that allows derivatives.
func holdsDerivativeLicense(ctx ctxT, org, asset string) (bool, error) {
	now, err := txUnix(ctx)
	if err != nil {
		return false, err
	}
	ids, err := indexIDs(ctx, "held", org, asset)
	if err != nil {
		return false, err
	}
	for _, id := range ids {
		var l License
		if ok, err := getJSON(ctx, kLicense(id), &l); err != nil {
			return false, err
		} else if ok && l.Status == "ACTIVE" && l.DerivativesAllowed && (l.ValidToUnix == 0 || now < l.ValidToUnix) {
			return true, nil
		}
	}
	return false, nil
}

// indexIDs returns the last path element of every key under the prefix.
func indexIDs(ctx ctxT, parts ...string) ([]string, error) {
	start, end := prefixRange(parts...)
	it, err := ctx.GetStub().GetStateByRange(start, end)
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var ids []string
	for it.HasNext() {
		kv, err := it.Next()
		if err != nil {
			return nil, err
		}
		ids = append(ids, kv.Key[len(start):])
	}
	return ids, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func strictJSON(s string, v any) error {
	d := json.NewDecoder(strings.NewReader(s))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return fmt.Errorf("bad JSON: %w", err)
	}
	if d.More() {
		return errors.New("bad JSON: trailing data")
	}
	return nil
}
