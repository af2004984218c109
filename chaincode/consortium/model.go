package consortium

// The public and private records, as stored (JSON) and returned.

// Config is the chaincode's epoch configuration, set once.
type Config struct {
	GenesisUnix  int64 `json:"genesisUnix"`
	EpochSeconds int64 `json:"epochSeconds"`
	GraceSeconds int64 `json:"graceSeconds"`
}

// AddressChange is an EVM address valid from an epoch on.
type AddressChange struct {
	FromEpoch uint64 `json:"fromEpoch"`
	Address   string `json:"address"`
}

// Payee is someone who can be paid.
type Payee struct {
	ID        string          `json:"id"`
	Sponsor   string          `json:"sponsor"`
	Addresses []AddressChange `json:"addresses"` // ascending fromEpoch; the last one in effect wins
	Created   int64           `json:"createdUnix"`
}

// Contributor is a payee's share of an asset's revenue.
type Contributor struct {
	Payee    string `json:"payee"`
	ShareBps uint32 `json:"shareBps"`
}

// Parent is a lineage link with the parent's royalty.
type Parent struct {
	Asset      string `json:"asset"`
	Relation   string `json:"relation"`
	RoyaltyBps uint32 `json:"royaltyBps"`
}

// Asset is a registered dataset, model or agent.
type Asset struct {
	ID           string        `json:"id"`
	Kind         string        `json:"kind"`
	Owner        string        `json:"owner"`
	Name         string        `json:"name"`
	ContentHash  string        `json:"contentHash"`
	URI          string        `json:"uri"`
	Contributors []Contributor `json:"contributors"`
	Parents      []Parent      `json:"parents"`
	// Depth is the lineage depth (0 without parents, else 1 + the largest
	// parent depth), fixed at registration. CloseEpoch's cascade takes
	// assets by descending depth, ties by id.
	Depth      uint64 `json:"depth"`
	Registered int64  `json:"registeredUnix"` // transaction time of the registration`
}

// Terms are the licence terms. For private offers they stay in private
// collections and only SHA-256 of their canonical JSON is public; Salt makes
// that hash impossible to guess from a few likely prices.
type Terms struct {
	Asset              string `json:"asset"`
	Kind               string `json:"kind"` // PER_UNIT | FLAT | SUBSCRIPTION
	Unit               string `json:"unit"`
	Price              string `json:"price"` // base units: per unit, flat fee, or per epoch
	ValidFromUnix      int64  `json:"validFromUnix"`
	ValidToUnix        int64  `json:"validToUnix"`
	MaxUnits           uint64 `json:"maxUnits"` // 0 = unlimited
	CommercialUse      bool   `json:"commercialUse"`
	DerivativesAllowed bool   `json:"derivativesAllowed"`
	Buyer              string `json:"buyer,omitempty"` // private offers: the one MSP that may accept
	Salt               string `json:"salt,omitempty"`
}

// Offer is the public record of an offer.
type Offer struct {
	ID        string `json:"id"`
	Asset     string `json:"asset"`
	Owner     string `json:"owner"`
	Private   bool   `json:"private"`
	Buyer     string `json:"buyer,omitempty"`
	TermsHash string `json:"termsHash"`
	Terms     *Terms `json:"terms,omitempty"` // public offers only
	Status    string `json:"status"`          // OPEN | WITHDRAWN
	Created   int64  `json:"createdUnix"`
}

// License is the public part of a licence.
type License struct {
	ID                 string `json:"id"`
	Offer              string `json:"offer"`
	Asset              string `json:"asset"`
	Owner              string `json:"owner"`
	Licensee           string `json:"licensee"`
	Status             string `json:"status"` // ACTIVE | SUSPENDED | REVOKED | EXPIRED
	TermsHash          string `json:"termsHash"`
	DerivativesAllowed bool   `json:"derivativesAllowed"`
	ValidToUnix        int64  `json:"validToUnix"`
	Issued             int64  `json:"issuedUnix"`
}

// UsageDetail is a report's private record, in both parties' collections.
// UnitsUsed is a limited licence's running total of reported units.
type UnitsUsed struct {
	License string `json:"license"`
	Used    uint64 `json:"used"`
}

type UsageDetail struct {
	License    string `json:"license"`
	Epoch      uint64 `json:"epoch"`
	Units      uint64 `json:"units"`
	EventCount uint64 `json:"eventCount"`
	EventsRoot string `json:"eventsRoot"`
	Fee        string `json:"fee"`
	// FeeID names the public fee key the fee is booked under (fee/<epoch>/
	// <asset>/<feeId>): the report's own txId, or for SUBSCRIPTION the
	// licence's period key shared by every report of the epoch, so count
	// each feeId once. Empty when the fee is 0.
	FeeID string `json:"feeId,omitempty"`
	TxID  string `json:"txId"`
}

// feeRecord is the public per-report fee key's value: an asset's revenue,
// not who paid.
type feeRecord struct {
	Asset string `json:"asset"`
	Fee   string `json:"fee"`
}

// dueRecord is what a payer owes for one report (no asset).
type dueRecord struct {
	Fee string `json:"fee"`
}

// Reward is a bounty an org grants a payee for an epoch.
type Reward struct {
	Epoch  uint64 `json:"epoch"`
	Payee  string `json:"payee"`
	Funder string `json:"funder"`
	Amount string `json:"amount"`
	Memo   string `json:"memo,omitempty"`
	TxID   string `json:"txId"`
}

// OrgAmount is an amount per org.
type OrgAmount struct {
	Org    string `json:"org"`
	Amount string `json:"amount"`
}

// RelayReceipt is the bridge's record of a posted root.
type RelayReceipt struct {
	ChainID   uint64 `json:"chainId"`
	Contract  string `json:"contract"`
	TxHash    string `json:"txHash"`
	Block     uint64 `json:"block"`
	Finalized bool   `json:"finalized"`
}

// Settlement is a settled epoch, public.
type Settlement struct {
	Epoch      uint64        `json:"epoch"`
	Status     string        `json:"status"` // SETTLED | RELAYED | FINALIZED
	Root       string        `json:"root"`
	Total      string        `json:"total"`
	Revenue    string        `json:"revenue"`
	Rewards    string        `json:"rewards"`
	LeafCount  uint64        `json:"leafCount"`
	FundingDue []OrgAmount   `json:"fundingDue"`
	Settled    int64         `json:"settledUnix"`
	Relay      *RelayReceipt `json:"relay,omitempty"`
}

// Close phases, in order.
const (
	phaseFees     = "COLLECT_FEES"
	phaseDues     = "COLLECT_DUES"
	phaseRewards  = "COLLECT_REWARDS"
	phaseCascade  = "CASCADE"
	phaseAddress  = "ADDRESSES"
	phaseLeaves   = "LEAVES"
	phaseRoot     = "ROOT"
	phaseComplete = "DONE"
)

// EpochStatus is the progress of closing an epoch.
type EpochStatus struct {
	Epoch     uint64 `json:"epoch"`
	Status    string `json:"status"` // OPEN | CLOSING | SETTLED | RELAYED | FINALIZED
	Phase     string `json:"phase,omitempty"`
	Cursor    string `json:"cursor,omitempty"`
	Pages     uint64 `json:"pages"`
	Revenue   string `json:"revenue"`
	Rewards   string `json:"rewards"`
	LeafCount uint64 `json:"leafCount"`
	Chunks    uint64 `json:"chunks"`
	StartUnix int64  `json:"startUnix"`
	EndUnix   int64  `json:"endUnix"`
	CloseFrom int64  `json:"closableFromUnix"`
}
