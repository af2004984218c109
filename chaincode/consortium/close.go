package consortium

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"sort"

	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/queryresult"
	"github.com/saharanet/saharanet/api/payout"
	"github.com/saharanet/saharanet/chaincode/settlement"
)

// CloseEpoch does one bounded page of closing epoch e (at most pageSize
// items read from a range; 0 means the maximum) and returns the epoch
// status. Call it until status is SETTLED. Phases: COLLECT_FEES,
// COLLECT_DUES, COLLECT_REWARDS (sum per asset, org, payee), CASCADE
// (assets by descending lineage depth, ties by id: settlement.Before and
// settlement.Split), ADDRESSES
// (payee → address of epoch e), LEAVES (address order, chunks of the tree),
// ROOT (payout tree, settlement record, EpochSettled event). Admins of any
// org; allowed after end(e)+grace once e-1 is settled.
func (c *Contract) CloseEpoch(ctx ctxT, epoch uint64, pageSize uint32) (string, error) {
	who, err := who(ctx)
	if err != nil {
		return "", err
	}
	if err := who.requireAdmin("CloseEpoch"); err != nil {
		return "", err
	}
	if pageSize == 0 || pageSize > c.maxPage {
		pageSize = c.maxPage
	}
	cfg, err := c.config(ctx)
	if err != nil {
		return "", err
	}
	now, err := txUnix(ctx)
	if err != nil {
		return "", err
	}
	if now < cfg.end(epoch)+cfg.GraceSeconds {
		return "", fmt.Errorf("epoch %d can be closed from %d (end plus grace), now is %d", epoch, cfg.end(epoch)+cfg.GraceSeconds, now)
	}
	st, err := c.epochStatus(ctx, cfg, epoch)
	if err != nil {
		return "", err
	}
	if st.Status != "OPEN" && st.Status != "CLOSING" {
		return "", fmt.Errorf("epoch %d is already %s", epoch, st.Status)
	}
	if epoch > 0 {
		prev, err := c.epochStatus(ctx, cfg, epoch-1)
		if err != nil {
			return "", err
		}
		if prev.Status == "OPEN" || prev.Status == "CLOSING" {
			return "", fmt.Errorf("epoch %d must be settled before epoch %d", epoch-1, epoch)
		}
	}
	if st.Status == "OPEN" {
		st.Status, st.Phase, st.Revenue, st.Rewards = "CLOSING", phaseFees, "0", "0"
	}
	p := &pager{ctx: ctx, e: epoch, st: &st, limit: int(pageSize)}
	switch st.Phase {
	case phaseFees:
		err = p.collectFees()
	case phaseDues:
		err = p.collectDues()
	case phaseRewards:
		err = p.collectRewards()
	case phaseCascade:
		err = p.cascade()
	case phaseAddress:
		err = p.addresses()
	case phaseLeaves:
		err = p.leaves()
	case phaseRoot:
		err = p.root(now)
	default:
		err = fmt.Errorf("epoch %d in unknown phase %q", epoch, st.Phase)
	}
	if err != nil {
		return "", fmt.Errorf("closing epoch %d, phase %s: %w", epoch, st.Phase, err)
	}
	st.Pages++
	if err := putJSON(ctx, kEpoch(epoch), st); err != nil {
		return "", err
	}
	return toJSON(st)
}

func (c *Contract) epochStatus(ctx ctxT, cfg Config, e uint64) (EpochStatus, error) {
	st := EpochStatus{Epoch: e, Status: "OPEN", Revenue: "0", Rewards: "0"}
	if _, err := getJSON(ctx, kEpoch(e), &st); err != nil {
		return st, err
	}
	st.StartUnix, st.EndUnix, st.CloseFrom = cfg.start(e), cfg.end(e), cfg.end(e)+cfg.GraceSeconds
	return st, nil
}

type pager struct {
	ctx   ctxT
	e     uint64
	st    *EpochStatus
	limit int
}

// scan reads up to limit keys of the prefix after the cursor. It reports
// done when the range held nothing more.
func (p *pager) scan(parts ...string) (kvs []*queryresult.KV, done bool, err error) {
	start, end := prefixRange(parts...)
	if p.st.Cursor != "" {
		start = p.st.Cursor + "\x00"
	}
	it, err := p.ctx.GetStub().GetStateByRange(start, end)
	if err != nil {
		return nil, false, err
	}
	defer it.Close()
	for it.HasNext() && len(kvs) < p.limit {
		kv, err := it.Next()
		if err != nil {
			return nil, false, err
		}
		kvs = append(kvs, kv)
	}
	done = !it.HasNext()
	if len(kvs) > 0 {
		p.st.Cursor = kvs[len(kvs)-1].Key
	}
	return kvs, done, nil
}

func (p *pager) next(phase string, done bool) {
	if done {
		p.st.Phase, p.st.Cursor = phase, ""
	}
}

// addTo adds sums to the amounts stored under keys (read once, written
// once: a transaction does not see its own writes), in key order.
func (p *pager) addTo(sums map[string]*big.Int) error {
	keys := make([]string, 0, len(sums))
	for k := range sums {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		cur, err := p.amountAt(k)
		if err != nil {
			return err
		}
		if err := p.ctx.GetStub().PutState(k, []byte(cur.Add(cur, sums[k]).String())); err != nil {
			return err
		}
	}
	return nil
}

func (p *pager) amountAt(k string) (*big.Int, error) {
	b, err := p.ctx.GetStub().GetState(k)
	if err != nil {
		return nil, err
	}
	if b == nil {
		return new(big.Int), nil
	}
	v, ok := new(big.Int).SetString(string(b), 10)
	if !ok {
		return nil, fmt.Errorf("%s holds %q, not an amount", k, b)
	}
	return v, nil
}

func add(m map[string]*big.Int, k string, v *big.Int) {
	if m[k] == nil {
		m[k] = new(big.Int)
	}
	m[k].Add(m[k], v)
}

func addDecimal(s string, v *big.Int) string { return new(big.Int).Add(bigOf(s), v).String() }

// grossEntry is a CASCADE work item: an asset's gross so far.
type grossEntry struct {
	Asset  string `json:"asset"`
	Amount string `json:"amount"`
}

func (p *pager) collectFees() error {
	kvs, done, err := p.scan("fee", pad(p.e))
	if err != nil {
		return err
	}
	assets := map[string]Asset{}
	sums := map[string]*big.Int{}
	byKey := map[string]string{}
	total := new(big.Int)
	for _, kv := range kvs {
		var f feeRecord
		if err := json.Unmarshal(kv.Value, &f); err != nil {
			return fmt.Errorf("%s: %w", kv.Key, err)
		}
		a, ok := assets[f.Asset]
		if !ok {
			if found, err := getJSON(p.ctx, kAsset(f.Asset), &a); err != nil {
				return err
			} else if !found {
				return fmt.Errorf("fee %s names unknown asset %s", kv.Key, f.Asset)
			}
			assets[f.Asset] = a
		}
		amt := bigOf(f.Fee)
		k := kGross(p.e, a)
		add(sums, k, amt)
		byKey[k] = a.ID
		total.Add(total, amt)
	}
	if err := p.addGross(sums, byKey); err != nil {
		return err
	}
	p.st.Revenue = addDecimal(p.st.Revenue, total)
	p.next(phaseDues, done)
	return nil
}

// addGross adds to CASCADE work items, which carry the asset id.
func (p *pager) addGross(sums map[string]*big.Int, asset map[string]string) error {
	keys := make([]string, 0, len(sums))
	for k := range sums {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		var g grossEntry
		if _, err := getJSON(p.ctx, k, &g); err != nil {
			return err
		}
		if err := putJSON(p.ctx, k, grossEntry{Asset: asset[k], Amount: addDecimal(g.Amount, sums[k])}); err != nil {
			return err
		}
	}
	return nil
}

func (p *pager) collectDues() error {
	kvs, done, err := p.scan("due", pad(p.e))
	if err != nil {
		return err
	}
	sums := map[string]*big.Int{}
	prefix, _ := prefixRange("due", pad(p.e))
	for _, kv := range kvs {
		var d dueRecord
		if err := json.Unmarshal(kv.Value, &d); err != nil {
			return fmt.Errorf("%s: %w", kv.Key, err)
		}
		org := kv.Key[len(prefix):]
		org = org[:len(org)-65] // strip "/<txid>"
		add(sums, kFund(p.e, org), bigOf(d.Fee))
	}
	if err := p.addTo(sums); err != nil {
		return err
	}
	p.next(phaseRewards, done)
	return nil
}

func (p *pager) collectRewards() error {
	kvs, done, err := p.scan("reward", pad(p.e))
	if err != nil {
		return err
	}
	sums := map[string]*big.Int{}
	total := new(big.Int)
	for _, kv := range kvs {
		var r Reward
		if err := json.Unmarshal(kv.Value, &r); err != nil {
			return fmt.Errorf("%s: %w", kv.Key, err)
		}
		amt := bigOf(r.Amount)
		add(sums, kEarn(p.e, r.Payee), amt)
		add(sums, kFund(p.e, r.Funder), amt)
		total.Add(total, amt)
	}
	if err := p.addTo(sums); err != nil {
		return err
	}
	p.st.Rewards = addDecimal(p.st.Rewards, total)
	p.next(phaseCascade, done)
	return nil
}

// cascade processes up to limit work items in key order, which is
// settlement.Before's order: descending depth, then ascending id (kGross).
// A parent is shallower than its child, so its key sorts after every
// processed key and its gross is complete when the cursor reaches it. A
// parent's share is added to the parent's work item; when that
// item sorts inside this page it is processed here too (a transaction
// cannot read its own writes), otherwise it is written for a later page.
// The phase ends when a page finds no work left after the cursor.
func (p *pager) cascade() error {
	kvs, _, err := p.scan("gross", pad(p.e))
	if err != nil {
		return err
	}
	if len(kvs) == 0 {
		p.next(phaseAddress, true)
		return nil
	}
	last := kvs[len(kvs)-1].Key
	work := map[string]*grossEntry{}
	var queue []string
	for _, kv := range kvs {
		var g grossEntry
		if err := json.Unmarshal(kv.Value, &g); err != nil {
			return err
		}
		work[kv.Key] = &g
		queue = append(queue, kv.Key)
	}
	assets := map[string]Asset{}
	loadAsset := func(id string) (Asset, error) {
		if a, ok := assets[id]; ok {
			return a, nil
		}
		var a Asset
		if found, err := getJSON(p.ctx, kAsset(id), &a); err != nil {
			return a, err
		} else if !found {
			return a, fmt.Errorf("asset %s not found", id)
		}
		assets[id] = a
		return a, nil
	}
	earn := map[string]*big.Int{}
	for len(queue) > 0 {
		sort.Strings(queue)
		k := queue[0]
		queue = queue[1:]
		g := work[k]
		a, err := loadAsset(g.Asset)
		if err != nil {
			return err
		}
		parents, contributors, err := settlement.Split(bigOf(g.Amount), toSettlementAsset(a))
		if err != nil {
			return err
		}
		for _, pa := range parents {
			if pa.Amount.Sign() == 0 {
				continue
			}
			parent, err := loadAsset(pa.To)
			if err != nil {
				return err
			}
			pk := kGross(p.e, parent)
			w, ok := work[pk]
			if !ok {
				w = &grossEntry{Asset: parent.ID, Amount: "0"}
				if _, err := getJSON(p.ctx, pk, w); err != nil {
					return err
				}
				work[pk] = w
				if pk <= last {
					queue = append(queue, pk)
				}
			}
			w.Amount = addDecimal(w.Amount, pa.Amount)
		}
		for _, ct := range contributors {
			if ct.Amount.Sign() > 0 {
				add(earn, kEarn(p.e, ct.To), ct.Amount)
			}
		}
	}
	keys := make([]string, 0, len(work))
	for k := range work {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := putJSON(p.ctx, k, work[k]); err != nil {
			return err
		}
	}
	return p.addTo(earn)
}

func toSettlementAsset(a Asset) settlement.Asset {
	sa := settlement.Asset{ID: a.ID, Depth: a.Depth}
	for _, c := range a.Contributors {
		sa.Contributors = append(sa.Contributors, settlement.Share{Payee: c.Payee, ShareBps: c.ShareBps})
	}
	for _, pr := range a.Parents {
		sa.Parents = append(sa.Parents, settlement.Royalty{Asset: pr.Asset, RoyaltyBps: pr.RoyaltyBps})
	}
	return sa
}

func (p *pager) addresses() error {
	kvs, done, err := p.scan("earn", pad(p.e))
	if err != nil {
		return err
	}
	prefix, _ := prefixRange("earn", pad(p.e))
	sums := map[string]*big.Int{}
	for _, kv := range kvs {
		id := kv.Key[len(prefix):]
		var py Payee
		if found, err := getJSON(p.ctx, kPayee(id), &py); err != nil {
			return err
		} else if !found {
			return fmt.Errorf("payee %s not found", id)
		}
		v, ok := new(big.Int).SetString(string(kv.Value), 10)
		if !ok {
			return fmt.Errorf("%s: bad amount", kv.Key)
		}
		add(sums, kOwed(p.e, py.addressFor(p.e)), v)
	}
	if err := p.addTo(sums); err != nil {
		return err
	}
	p.next(phaseLeaves, done)
	return nil
}

// leafChunk is one page of leaves in address order.
type leafChunk struct {
	FirstIndex uint64      `json:"firstIndex"`
	Leaves     []leafEntry `json:"leaves"`
}

type leafEntry struct {
	Account string `json:"account"`
	Amount  string `json:"amount"`
}

func (p *pager) leaves() error {
	kvs, done, err := p.scan("owed", pad(p.e))
	if err != nil {
		return err
	}
	prefix, _ := prefixRange("owed", pad(p.e))
	ch := leafChunk{FirstIndex: p.st.LeafCount}
	for _, kv := range kvs {
		if string(kv.Value) == "0" {
			continue
		}
		ch.Leaves = append(ch.Leaves, leafEntry{Account: kv.Key[len(prefix):], Amount: string(kv.Value)})
	}
	if len(ch.Leaves) > 0 {
		if err := putJSON(p.ctx, kLeaves(p.e, p.st.Chunks), ch); err != nil {
			return err
		}
		p.st.Chunks++
		p.st.LeafCount += uint64(len(ch.Leaves))
	}
	p.next(phaseRoot, done)
	return nil
}

// loadTree rebuilds epoch e's payout tree from its leaf chunks.
func loadTree(ctx ctxT, e uint64) (*payout.Tree, error) {
	start, end := prefixRange("leaves", pad(e))
	it, err := ctx.GetStub().GetStateByRange(start, end)
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var ps []payout.Payout
	for it.HasNext() {
		kv, err := it.Next()
		if err != nil {
			return nil, err
		}
		var ch leafChunk
		if err := json.Unmarshal(kv.Value, &ch); err != nil {
			return nil, err
		}
		for _, l := range ch.Leaves {
			a, err := payout.ParseAddress(l.Account)
			if err != nil {
				return nil, err
			}
			ps = append(ps, payout.Payout{Account: a, Amount: bigOf(l.Amount)})
		}
	}
	if len(ps) == 0 {
		return nil, nil
	}
	return payout.NewTree(e, ps)
}

func (p *pager) root(now int64) error {
	tree, err := loadTree(p.ctx, p.e)
	if err != nil {
		return err
	}
	fundStart, fundEnd := prefixRange("fund", pad(p.e))
	it, err := p.ctx.GetStub().GetStateByRange(fundStart, fundEnd)
	if err != nil {
		return err
	}
	defer it.Close()
	s := Settlement{Epoch: p.e, Status: "SETTLED", Root: payout.FormatHash([32]byte{}), Total: "0",
		Revenue: p.st.Revenue, Rewards: p.st.Rewards, FundingDue: []OrgAmount{}, Settled: now}
	funded := new(big.Int)
	for it.HasNext() {
		kv, err := it.Next()
		if err != nil {
			return err
		}
		s.FundingDue = append(s.FundingDue, OrgAmount{Org: kv.Key[len(fundStart):], Amount: string(kv.Value)})
		funded.Add(funded, bigOf(string(kv.Value)))
	}
	if tree != nil {
		s.Root, s.Total, s.LeafCount = payout.FormatHash(tree.Root()), tree.Total().String(), uint64(tree.Len())
	}
	want := new(big.Int).Add(bigOf(s.Revenue), bigOf(s.Rewards))
	if bigOf(s.Total).Cmp(want) != 0 || funded.Cmp(want) != 0 {
		return fmt.Errorf("invariant broken: payouts %s, funding %s, revenue+rewards %s", s.Total, funded, want)
	}
	if s.LeafCount != p.st.LeafCount {
		return errors.New("invariant broken: leaf count differs from the LEAVES phase")
	}
	if err := putJSON(p.ctx, kSettlement(p.e), s); err != nil {
		return err
	}
	p.st.Status, p.st.Phase, p.st.Cursor = "SETTLED", phaseComplete, ""
	return setEvent(p.ctx, "EpochSettled", s)
}

// RecordRelay records the bridge's receipt for a settled epoch: SETTLED →
// RELAYED, and RELAYED → FINALIZED when finalized is true. Recording the
// same receipt again changes nothing (idempotent); a different one for the
// same epoch is refused. Admins of any org, or identities with
// saharanet.role=bridge.
func (c *Contract) RecordRelay(ctx ctxT, epoch uint64, receiptJSON string) (string, error) {
	who, err := who(ctx)
	if err != nil {
		return "", err
	}
	if !who.Admin && !who.has("bridge") {
		return "", fmt.Errorf("access denied: RecordRelay needs an admin or %s=bridge", RoleAttribute)
	}
	var r RelayReceipt
	if err := strictJSON(receiptJSON, &r); err != nil {
		return "", fmt.Errorf("RecordRelay: %w", err)
	}
	if r.ChainID == 0 || !addrPattern.MatchString(r.Contract) || !rootPattern.MatchString(r.TxHash) || r.Block == 0 {
		return "", errors.New("RecordRelay: want chainId > 0, contract 0x+40 lowercase hex, txHash 0x+64 lowercase hex, block > 0")
	}
	var s Settlement
	if ok, err := getJSON(ctx, kSettlement(epoch), &s); err != nil {
		return "", err
	} else if !ok {
		return "", fmt.Errorf("epoch %d is not settled", epoch)
	}
	if s.Relay != nil {
		same := s.Relay.ChainID == r.ChainID && s.Relay.Contract == r.Contract && s.Relay.TxHash == r.TxHash && s.Relay.Block == r.Block
		if !same {
			return "", fmt.Errorf("epoch %d was relayed in %s on chain %d; a different receipt is refused", epoch, s.Relay.TxHash, s.Relay.ChainID)
		}
		if s.Relay.Finalized || !r.Finalized {
			return toJSON(s) // already recorded: nothing to change
		}
	}
	s.Relay = &r
	s.Status = "RELAYED"
	if r.Finalized {
		s.Status = "FINALIZED"
	}
	if err := putJSON(ctx, kSettlement(epoch), s); err != nil {
		return "", err
	}
	var st EpochStatus
	if _, err := getJSON(ctx, kEpoch(epoch), &st); err != nil {
		return "", err
	}
	st.Status = s.Status
	if err := putJSON(ctx, kEpoch(epoch), st); err != nil {
		return "", err
	}
	if err := setEvent(ctx, "RelayRecorded", map[string]any{"epoch": epoch, "status": s.Status, "txHash": r.TxHash}); err != nil {
		return "", err
	}
	return toJSON(s)
}
