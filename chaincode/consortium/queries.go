package consortium

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/saharanet/saharanet/api/payout"
)

func getOne[T any](ctx ctxT, kind, k string) (string, error) {
	var v T
	if ok, err := getJSON(ctx, k, &v); err != nil {
		return "", err
	} else if !ok {
		return "", fmt.Errorf("%s not found", kind)
	}
	return toJSON(v)
}

// GetConfig returns the epoch configuration.
func (c *Contract) GetConfig(ctx ctxT) (string, error) { return getOne[Config](ctx, "config", kConfig) }

// GetPayee returns a payee.
func (c *Contract) GetPayee(ctx ctxT, id string) (string, error) {
	return getOne[Payee](ctx, "payee "+id, kPayee(id))
}

// GetAsset returns an asset.
func (c *Contract) GetAsset(ctx ctxT, id string) (string, error) {
	return getOne[Asset](ctx, "asset "+id, kAsset(id))
}

// GetOffer returns an offer (terms only if public).
func (c *Contract) GetOffer(ctx ctxT, id string) (string, error) {
	return getOne[Offer](ctx, "offer "+id, kOffer(id))
}

// GetLicense returns a license's public part.
func (c *Contract) GetLicense(ctx ctxT, id string) (string, error) {
	return getOne[License](ctx, "license "+id, kLicense(id))
}

// listBy loads the records named by an index prefix, in id order.
func listBy[T any](ctx ctxT, rec func(string) string, idx ...string) (string, error) {
	ids, err := indexIDs(ctx, idx...)
	if err != nil {
		return "", err
	}
	out := make([]T, 0, len(ids))
	for _, id := range ids {
		var v T
		if ok, err := getJSON(ctx, rec(id), &v); err != nil {
			return "", err
		} else if ok {
			out = append(out, v)
		}
	}
	return toJSON(out)
}

// ListAssetsByOwner returns the assets an org owns.
func (c *Contract) ListAssetsByOwner(ctx ctxT, org string) (string, error) {
	return listBy[Asset](ctx, kAsset, "owner", org)
}

// ListOffersByAsset returns an asset's offers.
func (c *Contract) ListOffersByAsset(ctx ctxT, asset string) (string, error) {
	return listBy[Offer](ctx, kOffer, "assetoffer", asset)
}

// ListLicensesByLicensee returns the licenses an org holds.
func (c *Contract) ListLicensesByLicensee(ctx ctxT, org string) (string, error) {
	return listBy[License](ctx, kLicense, "licensee", org)
}

// ListLicensesByAsset returns the licenses issued on an asset.
func (c *Contract) ListLicensesByAsset(ctx ctxT, asset string) (string, error) {
	return listBy[License](ctx, kLicense, "assetlicense", asset)
}

// LineageNode is one asset reached by a lineage walk.
type LineageNode struct {
	Asset string `json:"asset"`
	Depth int    `json:"depth"`
	From  string `json:"from"` // the asset one step closer to the start
}

// GetLineage walks lineage from an asset: direction "up" (ancestors) or
// "down" (descendants), breadth first, each asset once at its least depth.
func (c *Contract) GetLineage(ctx ctxT, id string, direction string) (string, error) {
	if direction != "up" && direction != "down" {
		return "", fmt.Errorf("direction %q: want up or down", direction)
	}
	var start Asset
	if ok, err := getJSON(ctx, kAsset(id), &start); err != nil {
		return "", err
	} else if !ok {
		return "", fmt.Errorf("asset %s not found", id)
	}
	seen := map[string]bool{id: true}
	out := []LineageNode{}
	frontier := []string{id}
	for depth := 1; len(frontier) > 0; depth++ {
		var next []string
		for _, cur := range frontier {
			var nbrs []string
			if direction == "up" {
				var a Asset
				if _, err := getJSON(ctx, kAsset(cur), &a); err != nil {
					return "", err
				}
				for _, p := range a.Parents {
					nbrs = append(nbrs, p.Asset)
				}
			} else {
				ids, err := indexIDs(ctx, "child", cur)
				if err != nil {
					return "", err
				}
				nbrs = ids
			}
			sort.Strings(nbrs)
			for _, n := range nbrs {
				if !seen[n] {
					seen[n] = true
					out = append(out, LineageNode{Asset: n, Depth: depth, From: cur})
					next = append(next, n)
				}
			}
		}
		frontier = next
	}
	return toJSON(out)
}

func (c *Contract) partyLicense(ctx ctxT, licenseID string) (License, string, error) {
	who, err := who(ctx)
	if err != nil {
		return License{}, "", err
	}
	var l License
	if ok, err := getJSON(ctx, kLicense(licenseID), &l); err != nil {
		return l, "", err
	} else if !ok {
		return l, "", fmt.Errorf("license %s not found", licenseID)
	}
	if who.MSP != l.Owner && who.MSP != l.Licensee {
		return l, "", fmt.Errorf("access denied: only %s and %s may read license %s's private data", l.Owner, l.Licensee, licenseID)
	}
	coll, err := c.partyCollection(l)
	return l, coll, err
}

// GetLicenseTerms returns a license's private terms. Members of the two
// parties, on a peer of a party.
func (c *Contract) GetLicenseTerms(ctx ctxT, licenseID string) (string, error) {
	_, coll, err := c.partyLicense(ctx, licenseID)
	if err != nil {
		return "", err
	}
	b, err := ctx.GetStub().GetPrivateData(coll, kTerms(licenseID))
	if err != nil {
		return "", err
	}
	if b == nil {
		return "", fmt.Errorf("terms of license %s not found in %s", licenseID, coll)
	}
	return string(b), nil
}

// GetUnitsUsed returns a limited licence's running total of units,
// {"license","used"} (0 before the first report): what ReportUsage needs in
// its transient map under "used". Members of the two parties, on a party's
// peer.
func (c *Contract) GetUnitsUsed(ctx ctxT, licenseID string) (string, error) {
	_, coll, err := c.partyLicense(ctx, licenseID)
	if err != nil {
		return "", err
	}
	b, err := ctx.GetStub().GetPrivateData(coll, kUsed(licenseID))
	if err != nil {
		return "", err
	}
	var used uint64
	if b != nil {
		if err := json.Unmarshal(b, &used); err != nil {
			return "", fmt.Errorf("units used on license %s: %w", licenseID, err)
		}
	}
	return toJSON(UnitsUsed{License: licenseID, Used: used})
}

// ListUsage returns a license's usage reports (private). Members of the two
// parties; a read-only query (Fabric runs private range queries only there).
func (c *Contract) ListUsage(ctx ctxT, licenseID string) (string, error) {
	_, coll, err := c.partyLicense(ctx, licenseID)
	if err != nil {
		return "", err
	}
	start, end := prefixRange("usage", licenseID)
	it, err := ctx.GetStub().GetPrivateDataByRange(coll, start, end)
	if err != nil {
		return "", err
	}
	defer it.Close()
	out := []UsageDetail{}
	for it.HasNext() {
		kv, err := it.Next()
		if err != nil {
			return "", err
		}
		var d UsageDetail
		if err := json.Unmarshal(kv.Value, &d); err != nil {
			return "", err
		}
		out = append(out, d)
	}
	return toJSON(out)
}

// GetEpochStatus returns an epoch's status and closing progress.
func (c *Contract) GetEpochStatus(ctx ctxT, epoch uint64) (string, error) {
	cfg, err := c.config(ctx)
	if err != nil {
		return "", err
	}
	st, err := c.epochStatus(ctx, cfg, epoch)
	if err != nil {
		return "", err
	}
	return toJSON(st)
}

// GetSettlement returns a settled epoch.
func (c *Contract) GetSettlement(ctx ctxT, epoch uint64) (string, error) {
	return getOne[Settlement](ctx, fmt.Sprintf("settlement of epoch %d", epoch), kSettlement(epoch))
}

// GetPayoutClaim returns an address's leaf and Merkle proof in a settled
// epoch (payout.Claim JSON), what the payee submits to claim on chain.
func (c *Contract) GetPayoutClaim(ctx ctxT, epoch uint64, address string) (string, error) {
	a, err := payout.ParseAddress(address)
	if err != nil {
		return "", err
	}
	tree, err := c.settledTree(ctx, epoch)
	if err != nil {
		return "", err
	}
	i, ok := tree.Find(a)
	if !ok {
		return "", fmt.Errorf("address %s has no payout in epoch %d", payout.FormatAddress(a), epoch)
	}
	cl, err := tree.Claim(i)
	if err != nil {
		return "", err
	}
	return toJSON(cl)
}

// GetPayoutTree returns a settled epoch's whole payout tree (payout.Tree
// JSON: epoch, root, total, leafCount, leaves), which the bridge's signers
// rebuild and check.
func (c *Contract) GetPayoutTree(ctx ctxT, epoch uint64) (string, error) {
	tree, err := c.settledTree(ctx, epoch)
	if err != nil {
		return "", err
	}
	return toJSON(tree)
}

func (c *Contract) settledTree(ctx ctxT, epoch uint64) (*payout.Tree, error) {
	var s Settlement
	if ok, err := getJSON(ctx, kSettlement(epoch), &s); err != nil {
		return nil, err
	} else if !ok {
		return nil, fmt.Errorf("epoch %d is not settled", epoch)
	}
	tree, err := loadTree(ctx, epoch)
	if err != nil {
		return nil, err
	}
	if tree == nil {
		return nil, fmt.Errorf("epoch %d has no payouts", epoch)
	}
	if payout.FormatHash(tree.Root()) != s.Root {
		return nil, fmt.Errorf("epoch %d: stored leaves give root %s, settlement says %s", epoch, payout.FormatHash(tree.Root()), s.Root)
	}
	return tree, nil
}
