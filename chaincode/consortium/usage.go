package consortium

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"regexp"
	"strconv"
)

var rootPattern = regexp.MustCompile(`^0x[0-9a-f]{64}$`)

// reportWindow checks that epoch e accepts reports at time now: from its
// start until its end plus grace.
func reportWindow(cfg Config, e uint64, now int64) error {
	if now < cfg.start(e) {
		return fmt.Errorf("epoch %d has not started", e)
	}
	if now >= cfg.end(e)+cfg.GraceSeconds {
		return fmt.Errorf("epoch %d no longer accepts reports (closed at %d)", e, cfg.end(e)+cfg.GraceSeconds)
	}
	return nil
}

// TransientUsed is the transient-map key carrying a limited licence's
// running total of units (decimal, e.g. "400"; absent = 0) in ReportUsage.
const TransientUsed = "used"

// ReportUsage records a usage report of the caller's org on a license and
// computes its fee. Members of the licensee org. The agreed terms come in
// the transient map under "terms" and, for a licence with maxUnits, the
// current running total under "used".
//
// The report writes into both parties' implicit collections, so peers of
// both orgs must endorse, and their results must be byte-identical. That
// rules out reading private values: each peer would read its own org's
// copy, and the read sets (collection names) would differ. So nothing here
// depends on the local MSP: the terms are checked against the licence's
// public termsHash, and the running total against the hash of the owner's
// copy (GetPrivateDataHash, a hashed read every peer makes identically,
// which still makes two reports on one limited licence in one block
// conflict, as they must).
func (c *Contract) ReportUsage(ctx ctxT, licenseID string, epoch uint64, units uint64, eventCount uint64, eventsRoot string) (string, error) {
	who, err := who(ctx)
	if err != nil {
		return "", err
	}
	if units == 0 || eventCount == 0 {
		return "", errors.New("a usage report needs units > 0 and eventCount > 0")
	}
	if !rootPattern.MatchString(eventsRoot) {
		return "", fmt.Errorf("eventsRoot %q: want 0x and 64 lowercase hex digits", eventsRoot)
	}
	var l License
	if ok, err := getJSON(ctx, kLicense(licenseID), &l); err != nil {
		return "", err
	} else if !ok {
		return "", fmt.Errorf("license %s not found", licenseID)
	}
	if err := who.requireOrg(l.Licensee, "ReportUsage"); err != nil {
		return "", err
	}
	if l.Status != "ACTIVE" {
		return "", fmt.Errorf("license %s is %s", licenseID, l.Status)
	}
	cfg, err := c.config(ctx)
	if err != nil {
		return "", err
	}
	now, err := txUnix(ctx)
	if err != nil {
		return "", err
	}
	if err := reportWindow(cfg, epoch, now); err != nil {
		return "", err
	}
	stub := ctx.GetStub()
	tm, err := stub.GetTransient()
	if err != nil {
		return "", err
	}
	raw, ok := tm[TransientTerms]
	if !ok {
		return "", fmt.Errorf("ReportUsage: the licence's agreed terms must be in the transient map under %q", TransientTerms)
	}
	terms, _, hash, err := canonicalTerms(raw)
	if err != nil {
		return "", err
	}
	if hash != l.TermsHash {
		return "", fmt.Errorf("the given terms hash to %s, license %s's termsHash is %s", hash, l.ID, l.TermsHash)
	}
	if now < terms.ValidFromUnix || (terms.ValidToUnix != 0 && now >= terms.ValidToUnix) {
		return "", fmt.Errorf("license %s is not valid at %d", l.ID, now)
	}
	// Only a unit limit needs the running total, and its hashed read is what
	// makes two reports on one licence in one block conflict (MVCC). So it
	// is read and written only for licences with maxUnits; the key is per
	// licence, so such conflicts never reach other licences. Unlimited
	// licences touch only fresh keys and never conflict.
	limited := terms.MaxUnits > 0
	var used uint64
	if limited {
		if used, err = verifiedUsed(stub, l, tm[TransientUsed]); err != nil {
			return "", err
		}
		if used+units < used || used+units > terms.MaxUnits {
			return "", fmt.Errorf("license %s: %d units used, %d more would pass the limit of %d", l.ID, used, units, terms.MaxUnits)
		}
	}
	price := bigOf(terms.Price)
	fee := new(big.Int)
	feeID := stub.GetTxID()
	switch terms.Kind {
	case "PER_UNIT":
		fee.Mul(price, new(big.Int).SetUint64(units))
	case "SUBSCRIPTION":
		// The period fee goes to one fee key per (licence, epoch), written
		// blind with the same value by every report of the epoch: no read,
		// so no conflict, and Fabric's last-writer-wins keeps it once.
		fee.Set(price)
		feeID = subscriptionFeeID(l.ID, epoch)
	}
	d := UsageDetail{License: l.ID, Epoch: epoch, Units: units, EventCount: eventCount, EventsRoot: eventsRoot, Fee: fee.String(), TxID: stub.GetTxID()}
	if fee.Sign() > 0 {
		d.FeeID = feeID
	}
	for _, org := range []string{l.Owner, l.Licensee} {
		if err := putPrivateJSON(ctx, implicit(org), kUsage(l.ID, epoch, d.TxID), d); err != nil {
			return "", err
		}
		if limited {
			if err := putPrivateJSON(ctx, implicit(org), kUsed(l.ID), used+units); err != nil {
				return "", err
			}
		}
	}
	if fee.Sign() > 0 {
		if err := writeFee(ctx, epoch, l.Asset, l.Licensee, feeID, fee); err != nil {
			return "", err
		}
	}
	if err := setEvent(ctx, "UsageReported", map[string]any{"asset": l.Asset, "epoch": epoch, "fee": fee.String(), "txId": d.TxID, "feeId": d.FeeID}); err != nil {
		return "", err
	}
	return toJSON(d)
}

// hashReader is the part of the stub verifiedUsed needs.
type hashReader interface {
	GetPrivateDataHash(collection, key string) ([]byte, error)
}

// verifiedUsed parses the caller's running total of a limited licence
// (decimal; nil = 0) and checks it against the hash of the owner's copy of
// used/<licence>: its canonical JSON must hash to it, and with no hash on
// the ledger the total must be 0. A stale or forged total is refused.
func verifiedUsed(stub hashReader, l License, given []byte) (uint64, error) {
	var used uint64
	if given != nil {
		v, err := strconv.ParseUint(string(given), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("running total %q of license %s (transient %q): want a decimal unit count", given, l.ID, TransientUsed)
		}
		used = v
	}
	onLedger, err := stub.GetPrivateDataHash(implicit(l.Owner), kUsed(l.ID))
	if err != nil {
		return 0, fmt.Errorf("hash of the units used on license %s: %w", l.ID, err)
	}
	if len(onLedger) == 0 {
		if used != 0 {
			return 0, fmt.Errorf("license %s has no units used yet, the given running total is %d: stale or forged", l.ID, used)
		}
		return 0, nil
	}
	canon, err := json.Marshal(used)
	if err != nil {
		return 0, err
	}
	if h := sha256.Sum256(canon); !bytes.Equal(h[:], onLedger) {
		return 0, fmt.Errorf("the given running total %d of license %s does not match the ledger's (stale or forged); read it with GetUnitsUsed", used, l.ID)
	}
	return used, nil
}

// subscriptionFeeID names a SUBSCRIPTION licence's one fee key of an
// epoch: 64 hex digits like a transaction id, so fee and due keys keep one
// shape, and in a namespace no transaction id can take (it hashes a
// distinct string).
func subscriptionFeeID(license string, epoch uint64) string {
	h := sha256.Sum256([]byte(fmt.Sprintf("saharanet/subscription/%s/%d", license, epoch)))
	return hex.EncodeToString(h[:])
}

// partyCollection returns the implicit collection of this peer's org, which
// must be a party: for queries (evaluated on one peer) that read a party's
// own copy of private data. Never use it in a transaction both parties'
// peers endorse: their read sets would differ.
func (c *Contract) partyCollection(l License) (string, error) {
	local, err := c.localMSP()
	if err != nil {
		return "", fmt.Errorf("peer MSP ID (CORE_PEER_LOCALMSPID): %w", err)
	}
	if local != l.Owner && local != l.Licensee {
		return "", fmt.Errorf("this peer's org %s is not a party to license %s; endorse on a peer of %s or %s", local, l.ID, l.Owner, l.Licensee)
	}
	return implicit(local), nil
}

// RecordReward records a reward the caller's org funds for a payee in an
// epoch. Admins of the funding org.
func (c *Contract) RecordReward(ctx ctxT, epoch uint64, payee string, amount string, memo string) (string, error) {
	who, err := who(ctx)
	if err != nil {
		return "", err
	}
	if err := who.requireAdmin("RecordReward"); err != nil {
		return "", err
	}
	amt, err := parseAmount("reward amount", amount, true)
	if err != nil {
		return "", err
	}
	if len(memo) > 256 {
		return "", errors.New("memo is limited to 256 bytes")
	}
	var p Payee
	if ok, err := getJSON(ctx, kPayee(payee), &p); err != nil {
		return "", err
	} else if !ok {
		return "", fmt.Errorf("payee %s not found", payee)
	}
	cfg, err := c.config(ctx)
	if err != nil {
		return "", err
	}
	now, err := txUnix(ctx)
	if err != nil {
		return "", err
	}
	if err := reportWindow(cfg, epoch, now); err != nil {
		return "", err
	}
	r := Reward{Epoch: epoch, Payee: payee, Funder: who.MSP, Amount: amt.String(), Memo: memo, TxID: ctx.GetStub().GetTxID()}
	if err := putJSON(ctx, kReward(epoch, payee, r.TxID), r); err != nil {
		return "", err
	}
	return toJSON(r)
}
