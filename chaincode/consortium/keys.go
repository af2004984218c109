package consortium

import (
	"fmt"
	"regexp"
	"strings"
)

// Keys are simple keys with "/" separators rather than composite keys,
// because settlement resumes range scans from a cursor and the shim refuses
// composite keys as range bounds. Ids cannot contain "/", so prefixes never
// collide; numbers are zero-padded so that key order is numeric order.

var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

func checkID(kind, id string) error {
	if !idPattern.MatchString(id) {
		return fmt.Errorf("%s id %q is invalid: want 1-64 characters of A-Z a-z 0-9 . _ - starting with a letter or digit", kind, id)
	}
	return nil
}

func pad(n uint64) string { return fmt.Sprintf("%020d", n) }

func key(parts ...string) string { return strings.Join(parts, "/") }

// prefixRange returns [start, end) covering every key under prefix/.
func prefixRange(parts ...string) (string, string) {
	p := key(parts...) + "/"
	return p, p[:len(p)-1] + "0" // '0' is the byte after '/'
}

const kConfig = "config"

func kPayee(id string) string                { return key("payee", id) }
func kAsset(id string) string                { return key("asset", id) }
func kOwnerIdx(org, id string) string        { return key("owner", org, id) }
func kChildIdx(parent, child string) string  { return key("child", parent, child) }
func kOffer(id string) string                { return key("offer", id) }
func kOfferIdx(asset, id string) string      { return key("assetoffer", asset, id) }
func kLicense(id string) string              { return key("license", id) }
func kLicenseeIdx(org, id string) string     { return key("licensee", org, id) }
func kLicAssetIdx(asset, id string) string   { return key("assetlicense", asset, id) }
func kHeldIdx(org, asset, id string) string  { return key("held", org, asset, id) }
func kFee(e uint64, asset, tx string) string { return key("fee", pad(e), asset, tx) }
func kDue(e uint64, org, tx string) string   { return key("due", pad(e), org, tx) }
func kReward(e uint64, p, tx string) string  { return key("reward", pad(e), p, tx) }
func kEpoch(e uint64) string                 { return key("epoch", pad(e)) }
func kSettlement(e uint64) string            { return key("settlement", pad(e)) }
func kGross(e uint64, a Asset) string        { return key("gross", pad(e), pad(^uint64(0)-a.Depth), a.ID) }
func kFund(e uint64, org string) string      { return key("fund", pad(e), org) }
func kEarn(e uint64, payee string) string    { return key("earn", pad(e), payee) }
func kOwed(e uint64, addr string) string     { return key("owed", pad(e), addr) }
func kLeaves(e, chunk uint64) string         { return key("leaves", pad(e), pad(chunk)) }
func kOfferTerms(offer string) string        { return key("offerterms", offer) }
func kTerms(license string) string           { return key("terms", license) }
func kUsed(license string) string            { return key("used", license) }
func kUsage(license string, e uint64, tx string) string {
	return key("usage", license, pad(e), tx)
}

func implicit(org string) string { return "_implicit_org_" + org }

var addrPattern = regexp.MustCompile(`^0x[0-9a-f]{40}$`)
