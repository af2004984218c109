package integration

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/hyperledger/fabric-gateway/pkg/client"
	gp "github.com/hyperledger/fabric-protos-go-apiv2/gateway"
	"google.golang.org/grpc/status"

	"github.com/saharanet/saharanet/api/payout"
	"github.com/saharanet/saharanet/chaincode/consortium"
)

// Client is a typed fabric-gateway client of the consortium chaincode for
// one identity. Results are decoded into the chaincode's own types.
type Client struct {
	network  *client.Network
	contract *client.Contract
	name     string
	mspID    string   // the caller's org
	targets  []string // orgs whose peers endorse or evaluate; nil = the gateway's choice
}

// NewClient wraps the chaincode named name on a gateway network; mspID is
// the MSP ID of the identity the gateway connected with.
func NewClient(n *client.Network, name, mspID string) *Client {
	return &Client{network: n, contract: n.GetContract(name), name: name, mspID: mspID}
}

// MSPID is the caller's org.
func (c *Client) MSPID() string { return c.mspID }

// At returns a client whose every call is endorsed, or evaluated, on peers
// of exactly these orgs (client.WithEndorsingOrganizations).
func (c *Client) At(mspIDs ...string) *Client {
	cp := *c
	cp.targets = append([]string(nil), mspIDs...)
	return &cp
}

// AssetInput is RegisterAsset's argument, as the contract decodes it.
type AssetInput = consortium.AssetInput

// Error is a failed chaincode call with the peers' messages (the gateway's
// ErrorDetails), which is where the chaincode's error text arrives.
type Error struct {
	Fn      string
	Err     error
	Details []string // "mspid@address: message"
}

func (e *Error) Error() string {
	if len(e.Details) == 0 {
		return fmt.Sprintf("%s: %v", e.Fn, e.Err)
	}
	return fmt.Sprintf("%s: %v [%s]", e.Fn, e.Err, strings.Join(e.Details, "; "))
}

func (e *Error) Unwrap() error { return e.Err }

func wrap(fn string, err error) error {
	if err == nil {
		return nil
	}
	e := &Error{Fn: fn, Err: err}
	for _, d := range status.Convert(err).Details() {
		if ed, ok := d.(*gp.ErrorDetail); ok {
			e.Details = append(e.Details, fmt.Sprintf("%s@%s: %s", ed.GetMspId(), ed.GetAddress(), ed.GetMessage()))
		}
	}
	return e
}

func (c *Client) options(args []string, transient map[string][]byte) []client.ProposalOption {
	opts := []client.ProposalOption{client.WithArguments(args...)}
	if transient != nil {
		opts = append(opts, client.WithTransient(transient))
	}
	if c.targets != nil {
		opts = append(opts, client.WithEndorsingOrganizations(c.targets...))
	}
	return opts
}

// submit endorses, orders and waits for a valid commit of fn.
func (c *Client) submit(ctx context.Context, fn string, transient map[string][]byte, args ...string) ([]byte, error) {
	out, err := c.contract.SubmitWithContext(ctx, fn, c.options(args, transient)...)
	return out, wrap(fn, err)
}

func (c *Client) evaluate(ctx context.Context, fn string, args ...string) ([]byte, error) {
	out, err := c.contract.EvaluateWithContext(ctx, fn, c.options(args, nil)...)
	return out, wrap(fn, err)
}

func decode[T any](fn string, b []byte, err error) (T, error) {
	var v T
	if err != nil {
		return v, err
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return v, fmt.Errorf("%s: decode result %q: %w", fn, b, err)
	}
	return v, nil
}

func u64(v uint64) string { return strconv.FormatUint(v, 10) }

// Configure sets the epoch clock (admin, once).
func (c *Client) Configure(ctx context.Context, genesisUnix, epochSeconds, graceSeconds int64) error {
	_, err := c.submit(ctx, "Configure", nil, strconv.FormatInt(genesisUnix, 10), strconv.FormatInt(epochSeconds, 10), strconv.FormatInt(graceSeconds, 10))
	return err
}

// GetConfig reads the epoch clock.
func (c *Client) GetConfig(ctx context.Context) (consortium.Config, error) {
	b, err := c.evaluate(ctx, "GetConfig")
	return decode[consortium.Config]("GetConfig", b, err)
}

// RegisterPayee registers a payee sponsored by the caller's org.
func (c *Client) RegisterPayee(ctx context.Context, id, address string) (consortium.Payee, error) {
	b, err := c.submit(ctx, "RegisterPayee", nil, id, address)
	return decode[consortium.Payee]("RegisterPayee", b, err)
}

// RegisterAsset registers an asset owned by the caller's org.
func (c *Client) RegisterAsset(ctx context.Context, a AssetInput) (consortium.Asset, error) {
	if a.Contributors == nil {
		a.Contributors = []consortium.Contributor{}
	}
	if a.Parents == nil {
		a.Parents = []consortium.Parent{}
	}
	in, err := json.Marshal(a)
	if err != nil {
		return consortium.Asset{}, err
	}
	b, err := c.submit(ctx, "RegisterAsset", nil, string(in))
	return decode[consortium.Asset]("RegisterAsset", b, err)
}

// GetAsset reads an asset.
func (c *Client) GetAsset(ctx context.Context, id string) (consortium.Asset, error) {
	b, err := c.evaluate(ctx, "GetAsset", id)
	return decode[consortium.Asset]("GetAsset", b, err)
}

// CreateOffer publishes an offer with public terms.
func (c *Client) CreateOffer(ctx context.Context, offerID string, terms consortium.Terms) (consortium.Offer, error) {
	tj, err := json.Marshal(terms)
	if err != nil {
		return consortium.Offer{}, err
	}
	b, err := c.submit(ctx, "CreateOffer", nil, offerID, string(tj))
	return decode[consortium.Offer]("CreateOffer", b, err)
}

// CreatePrivateOffer records an offer whose terms travel in the transient
// map and stay in the owner's implicit collection; only their hash is public.
func (c *Client) CreatePrivateOffer(ctx context.Context, offerID string, terms consortium.Terms) (consortium.Offer, error) {
	tj, err := json.Marshal(terms)
	if err != nil {
		return consortium.Offer{}, err
	}
	b, err := c.submit(ctx, "CreatePrivateOffer", map[string][]byte{consortium.TransientTerms: tj}, offerID)
	return decode[consortium.Offer]("CreatePrivateOffer", b, err)
}

// AcceptOffer accepts an offer of owner's asset as licence licenseID. For
// a private offer terms is the buyer's copy (transient). Peers of both the
// owner and the caller's org endorse, since both parties' implicit
// collections receive the terms and the licence key needs both from then on.
func (c *Client) AcceptOffer(ctx context.Context, offerID, licenseID, ownerMSP string, terms *consortium.Terms) (consortium.License, error) {
	var transient map[string][]byte
	if terms != nil {
		tj, err := json.Marshal(terms)
		if err != nil {
			return consortium.License{}, err
		}
		transient = map[string][]byte{consortium.TransientTerms: tj}
	}
	cc := c
	if c.targets == nil {
		cc = c.At(ownerMSP, c.mspID)
	}
	b, err := cc.submit(ctx, "AcceptOffer", transient, offerID, licenseID)
	return decode[consortium.License]("AcceptOffer", b, err)
}

// SetLicenseStatus changes a licence's status (admin of the owner); both
// parties' peers endorse, as the licence key's own policy requires.
func (c *Client) SetLicenseStatus(ctx context.Context, licenseID, status, licenseeMSP string) (consortium.License, error) {
	cc := c
	if c.targets == nil {
		cc = c.At(c.mspID, licenseeMSP)
	}
	b, err := cc.submit(ctx, "SetLicenseStatus", nil, licenseID, status)
	return decode[consortium.License]("SetLicenseStatus", b, err)
}

// GetLicense reads a licence's public record.
func (c *Client) GetLicense(ctx context.Context, id string) (consortium.License, error) {
	b, err := c.evaluate(ctx, "GetLicense", id)
	return decode[consortium.License]("GetLicense", b, err)
}

// GetLicenseTerms reads a licence's private terms (parties only, on a
// party's peer: use At).
func (c *Client) GetLicenseTerms(ctx context.Context, licenseID string) (consortium.Terms, error) {
	b, err := c.evaluate(ctx, "GetLicenseTerms", licenseID)
	return decode[consortium.Terms]("GetLicenseTerms", b, err)
}

// ReportUsage reports usage on a licence of ownerMSP's asset held by the
// caller's org. It reads the agreed terms and, for a licence with
// maxUnits, the running total on a peer of the caller's org, and passes
// them in the transient map ("terms", "used"): the chaincode checks them
// against the public termsHash and the hash of the owner's total, so that
// both parties' peers endorse identically. Peers of both parties endorse:
// the detail is written to both implicit collections, and a write to an
// org's implicit collection needs that org's endorsement.
func (c *Client) ReportUsage(ctx context.Context, licenseID, ownerMSP string, epoch, units, eventCount uint64, eventsRoot string) (consortium.UsageDetail, error) {
	own := c.At(c.mspID)
	terms, err := own.evaluate(ctx, "GetLicenseTerms", licenseID)
	if err != nil {
		return consortium.UsageDetail{}, err
	}
	transient := map[string][]byte{consortium.TransientTerms: terms}
	var t consortium.Terms
	if err := json.Unmarshal(terms, &t); err != nil {
		return consortium.UsageDetail{}, fmt.Errorf("ReportUsage: decode terms %q: %w", terms, err)
	}
	if t.MaxUnits > 0 {
		used, err := own.GetUnitsUsed(ctx, licenseID)
		if err != nil {
			return consortium.UsageDetail{}, err
		}
		transient[consortium.TransientUsed] = []byte(u64(used.Used))
	}
	cc := c
	if c.targets == nil {
		cc = c.At(ownerMSP, c.mspID)
	}
	b, err := cc.submit(ctx, "ReportUsage", transient, licenseID, u64(epoch), u64(units), u64(eventCount), eventsRoot)
	return decode[consortium.UsageDetail]("ReportUsage", b, err)
}

// GetUnitsUsed reads a limited licence's running total (parties only, on a
// party's peer).
func (c *Client) GetUnitsUsed(ctx context.Context, licenseID string) (consortium.UnitsUsed, error) {
	b, err := c.evaluate(ctx, "GetUnitsUsed", licenseID)
	return decode[consortium.UnitsUsed]("GetUnitsUsed", b, err)
}

// ListUsage lists a licence's usage details (parties only, on a party's peer).
func (c *Client) ListUsage(ctx context.Context, licenseID string) ([]consortium.UsageDetail, error) {
	b, err := c.evaluate(ctx, "ListUsage", licenseID)
	return decode[[]consortium.UsageDetail]("ListUsage", b, err)
}

// RecordReward records a reward funded by the caller's org (admin).
func (c *Client) RecordReward(ctx context.Context, epoch uint64, payee, amount, memo string) (consortium.Reward, error) {
	b, err := c.submit(ctx, "RecordReward", nil, u64(epoch), payee, amount, memo)
	return decode[consortium.Reward]("RecordReward", b, err)
}

// CloseEpoch submits one page of closing epoch (admin).
func (c *Client) CloseEpoch(ctx context.Context, epoch uint64, pageSize uint32) (consortium.EpochStatus, error) {
	b, err := c.submit(ctx, "CloseEpoch", nil, u64(epoch), strconv.FormatUint(uint64(pageSize), 10))
	return decode[consortium.EpochStatus]("CloseEpoch", b, err)
}

// ErrTooManyPages stops CloseEpochAll when an epoch does not settle.
var ErrTooManyPages = errors.New("integration: epoch did not settle within the page limit")

// CloseEpochAll submits CloseEpoch pages until the epoch is SETTLED and
// returns the final status with the number of pages submitted; it gives up
// after maxPages.
func (c *Client) CloseEpochAll(ctx context.Context, epoch uint64, pageSize uint32, maxPages int) (consortium.EpochStatus, int, error) {
	for n := 1; n <= maxPages; n++ {
		st, err := c.CloseEpoch(ctx, epoch, pageSize)
		if err != nil {
			return st, n - 1, err
		}
		if st.Status == "SETTLED" {
			return st, n, nil
		}
	}
	return consortium.EpochStatus{}, maxPages, fmt.Errorf("%w (%d pages, epoch %d)", ErrTooManyPages, maxPages, epoch)
}

// GetEpochStatus reads an epoch's closing progress.
func (c *Client) GetEpochStatus(ctx context.Context, epoch uint64) (consortium.EpochStatus, error) {
	b, err := c.evaluate(ctx, "GetEpochStatus", u64(epoch))
	return decode[consortium.EpochStatus]("GetEpochStatus", b, err)
}

// GetSettlement reads a settled epoch's record.
func (c *Client) GetSettlement(ctx context.Context, epoch uint64) (consortium.Settlement, error) {
	b, err := c.evaluate(ctx, "GetSettlement", u64(epoch))
	return decode[consortium.Settlement]("GetSettlement", b, err)
}

// GetPayoutTree reads a settled epoch's full payout tree.
func (c *Client) GetPayoutTree(ctx context.Context, epoch uint64) (*payout.Tree, error) {
	b, err := c.evaluate(ctx, "GetPayoutTree", u64(epoch))
	if err != nil {
		return nil, err
	}
	t := new(payout.Tree)
	if err := json.Unmarshal(b, t); err != nil {
		return nil, fmt.Errorf("GetPayoutTree: decode: %w", err)
	}
	return t, nil
}

// GetPayoutClaim reads the leaf and Merkle proof of an address.
func (c *Client) GetPayoutClaim(ctx context.Context, epoch uint64, address string) (payout.Claim, error) {
	b, err := c.evaluate(ctx, "GetPayoutClaim", u64(epoch), address)
	return decode[payout.Claim]("GetPayoutClaim", b, err)
}

// Event is a chaincode event from the gateway.
type Event = client.ChaincodeEvent

// Events streams the chaincode's events from block startBlock on until
// ctx ends.
func (c *Client) Events(ctx context.Context, startBlock uint64) (<-chan *Event, error) {
	ch, err := c.network.ChaincodeEvents(ctx, c.name, client.WithStartBlock(startBlock))
	return ch, wrap("ChaincodeEvents", err)
}
