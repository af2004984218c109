package consortium

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"regexp"
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

// ReportUsage records a usage report of the caller's org on a license and
// computes its fee from the private terms held by this peer's org. Members
// of the licensee org.
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
	coll, err := c.partyCollection(l)
	if err != nil {
		return "", err
	}
	stub := ctx.GetStub()
	raw, err := stub.GetPrivateData(coll, kTerms(l.ID))
	if err != nil {
		return "", err
	}
	if raw == nil {
		return "", fmt.Errorf("terms of license %s are missing from %s", l.ID, coll)
	}
	terms, _, hash, err := canonicalTerms(raw)
	if err != nil {
		return "", err
	}
	if hash != l.TermsHash {
		return "", fmt.Errorf("stored terms of license %s do not match its hash", l.ID)
	}
	if now < terms.ValidFromUnix || (terms.ValidToUnix != 0 && now >= terms.ValidToUnix) {
		return "", fmt.Errorf("license %s is not valid at %d", l.ID, now)
	}
	// Only a unit limit needs the running total, and reading it is what makes
	// two reports on one licence in one block conflict (MVCC). So it is read
	// and written only for licences with maxUnits; the key is per licence,
	// so such conflicts never reach other licences. Unlimited licences
	// touch only fresh keys and never conflict.
	limited := terms.MaxUnits > 0
	var used uint64
	if limited {
		if b, err := stub.GetPrivateData(coll, kUsed(l.ID)); err != nil {
			return "", err
		} else if b != nil {
			if err := json.Unmarshal(b, &used); err != nil {
				return "", fmt.Errorf("units used on license %s: %w", l.ID, err)
			}
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

// subscriptionFeeID names a SUBSCRIPTION licence's one fee key of an
// epoch: 64 hex digits like a transaction id, so fee and due keys keep one
// shape, and in a namespace no transaction id can take (it hashes a
// distinct string).
func subscriptionFeeID(license string, epoch uint64) string {
	h := sha256.Sum256([]byte(fmt.Sprintf("saharanet/subscription/%s/%d", license, epoch)))
	return hex.EncodeToString(h[:])
}

// partyCollection returns the implicit collection of this peer's org, which
// must be a party: both parties hold identical terms, so either party's
// peer computes the same result, and no peer reads a collection it lacks.
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
