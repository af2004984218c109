package integration

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/saharanet/saharanet/chaincode/consortium"
)

// Workload is a synthetic epoch: Payees payees, Assets assets in lineage
// chains of MaxDepth+1 (asset i has parent i-1 unless i is a multiple of
// MaxDepth+1, so depths run 0..MaxDepth), each with ContributorsPerAsset
// contributors taken round-robin from the payees, all owned by the owner
// org, each with a public FLAT offer; and Reports fee bookings spread
// round-robin over the assets.
//
// A fee booking is an acceptance of the asset's FLAT offer by the licensee
// org (a fresh licence each time), which books the fee at issue under
// fee/<epoch>/<asset>/<txId> and due/<epoch>/<org>/<txId>: the same keys,
// one pair per transaction, that a PER_UNIT usage report writes, so
// CloseEpoch does the same work. Usage reports themselves cannot be
// endorsed on a Fabric-faithful network yet (see the package README).
type Workload struct {
	Reports, Assets, Payees int
	MaxDepth                int // default 5
	ContributorsPerAsset    int // default ⌈Payees/Assets⌉ (at most Payees)
	Concurrency             int // transactions in flight; default 64
	// Sync, if set, runs after each phase: it waits until every peer has
	// committed what the phase wrote (Network.WaitSynced).
	Sync func() error
	// Progress, if set, is told of each finished phase.
	Progress func(Phase)
}

func (w *Workload) defaults() {
	if w.MaxDepth == 0 {
		w.MaxDepth = 5
	}
	if w.ContributorsPerAsset == 0 {
		// Enough for every payee to be a contributor somewhere.
		w.ContributorsPerAsset = max(1, (w.Payees+w.Assets-1)/w.Assets)
	}
	w.ContributorsPerAsset = min(w.ContributorsPerAsset, w.Payees)
	if w.Concurrency == 0 {
		w.Concurrency = 64
	}
}

// String is "reports/assets/payees".
func (w Workload) String() string { return fmt.Sprintf("%d/%d/%d", w.Reports, w.Assets, w.Payees) }

// Transactions is how many transactions Load submits, Configure aside.
func (w Workload) Transactions() int { return w.Payees + 2*w.Assets + w.Reports }

// PayeeAddress is the EVM address of payee i.
func PayeeAddress(i int) string { return fmt.Sprintf("0x%040x", 0x5a4a0000+uint64(i)) }

func assetID(i int) string   { return "a-" + strconv.Itoa(i) }
func licenseID(i int) string { return "l-" + strconv.Itoa(i) }

// Phase is how long one loading phase took.
type Phase struct {
	Name string
	Txs  int
	Took time.Duration
}

// LoadRegistry registers the payees and assets and offers every asset, as
// owner; none of it needs the epoch clock.
func (w *Workload) LoadRegistry(ctx context.Context, owner *Client) ([]Phase, error) {
	w.defaults()
	var phases []Phase
	run := func(name string, n int, f func(i int) error) error {
		start := time.Now()
		if err := Parallel(ctx, n, w.Concurrency, f); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if w.Sync != nil {
			if err := w.Sync(); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
		}
		p := Phase{name, n, time.Since(start)}
		if w.Progress != nil {
			w.Progress(p)
		}
		phases = append(phases, p)
		return nil
	}
	if err := run("RegisterPayee", w.Payees, func(i int) error {
		_, err := owner.RegisterPayee(ctx, "p-"+strconv.Itoa(i), PayeeAddress(i))
		return err
	}); err != nil {
		return phases, err
	}
	// Parents before children: one round per depth.
	chain := w.MaxDepth + 1
	for d := 0; d < chain; d++ {
		var ids []int
		for i := d; i < w.Assets; i += chain {
			ids = append(ids, i)
		}
		if err := run(fmt.Sprintf("RegisterAsset depth %d", d), len(ids), func(k int) error {
			_, err := owner.RegisterAsset(ctx, w.asset(ids[k]))
			return err
		}); err != nil {
			return phases, err
		}
	}
	err := run("CreateOffer", w.Assets, func(i int) error {
		_, err := owner.CreateOffer(ctx, offerID(i), consortium.Terms{Asset: assetID(i), Kind: "FLAT",
			Unit: "deployment", Price: strconv.Itoa(1000 + i%97)})
		return err
	})
	return phases, err
}

func offerID(i int) string { return "o-" + strconv.Itoa(i) }

// LoadFees books Reports fees in the current epoch (which must be
// configured and stay open meanwhile) as the licensee, and returns the
// phase and the total booked.
func (w *Workload) LoadFees(ctx context.Context, owner, licensee *Client) (Phase, int64, error) {
	w.defaults()
	var total atomic.Int64
	start := time.Now()
	err := Parallel(ctx, w.Reports, w.Concurrency, func(i int) error {
		a := i % w.Assets
		if _, err := licensee.AcceptOffer(ctx, offerID(a), licenseID(i), owner.MSPID(), nil); err != nil {
			return err
		}
		total.Add(int64(1000 + a%97))
		return nil
	})
	if err == nil && w.Sync != nil {
		err = w.Sync()
	}
	return Phase{"AcceptOffer (FLAT fee)", w.Reports, time.Since(start)}, total.Load(), err
}

func (w *Workload) asset(i int) AssetInput {
	a := AssetInput{ID: assetID(i), Kind: "DATASET", Name: "asset " + strconv.Itoa(i),
		ContentHash: fmt.Sprintf("%064x", i+1), URI: "s3://bench/" + assetID(i)}
	share := uint32(10000 / w.ContributorsPerAsset)
	for k := 0; k < w.ContributorsPerAsset; k++ {
		s := share
		if k == 0 {
			s += 10000 - share*uint32(w.ContributorsPerAsset)
		}
		a.Contributors = append(a.Contributors, consortium.Contributor{
			Payee: "p-" + strconv.Itoa((i*w.ContributorsPerAsset+k)%w.Payees), ShareBps: s})
	}
	if i%(w.MaxDepth+1) != 0 {
		a.Kind = "MODEL"
		a.Parents = []consortium.Parent{{Asset: assetID(i - 1), Relation: "FINETUNED_FROM", RoyaltyBps: 1500}}
	}
	return a
}

// Parallel calls f(0..n-1) with at most conc calls in flight and returns
// the first error (the remaining calls are skipped once one fails).
func Parallel(ctx context.Context, n, conc int, f func(i int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		next     atomic.Int64
		wg       sync.WaitGroup
		once     sync.Once
		firstErr error
	)
	for range min(conc, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := f(i); err != nil {
					once.Do(func() { firstErr = fmt.Errorf("item %d: %w", i, err); cancel() })
					return
				}
			}
		}()
	}
	wg.Wait()
	if firstErr == nil && ctx.Err() != nil {
		return ctx.Err()
	}
	return firstErr
}
