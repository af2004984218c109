package integration

import (
	"context"
	"flag"
	"fmt"
	"math/big"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/saharanet/saharanet/api/payout"
	"github.com/saharanet/saharanet/chaincode/consortium"
)

var (
	benchSizes = flag.String("ccint.sizes", "1000/100/500,2000/100/500,1000/200/500,1000/100/1000",
		"comma-separated reports/assets/payees sizes for BenchmarkCloseEpoch (the issue's full size is 100000/10000/50000)")
	benchPage  = flag.Uint("ccint.page", 0, "CloseEpoch page size (0 = the chaincode's maximum)")
	benchConc  = flag.Int("ccint.concurrency", 64, "transactions in flight while loading")
	benchSlack = flag.Float64("ccint.slack", 2, "epoch length as a multiple of the fee loading time estimated from the offer phase")
)

func parseSizes(b *testing.B) []Workload {
	var ws []Workload
	for _, s := range strings.Split(*benchSizes, ",") {
		var w Workload
		parts := strings.Split(strings.TrimSpace(s), "/")
		if len(parts) != 3 {
			fatalf(b, "-ccint.sizes: %q is not reports/assets/payees", s)
		}
		for i, p := range []*int{&w.Reports, &w.Assets, &w.Payees} {
			v, err := strconv.Atoi(parts[i])
			if err != nil || v <= 0 {
				fatalf(b, "-ccint.sizes: %q: %q is not a positive number", s, parts[i])
			}
			*p = v
		}
		w.Concurrency = *benchConc
		ws = append(ws, w)
	}
	return ws
}

// BenchmarkCloseEpoch is issue 6's settlement benchmark on a network of
// processes (3 raft orderers, one peer each of Org1, Org2, Org3, the
// chaincode dialing in). Per size reports/assets/payees it loads, through
// the fabric-gateway client and not timed, the payees, assets in lineage
// chains of depth 0..5 with 5 contributors each and a FLAT offer each, then
// "reports" fee bookings into epoch 0 (Workload: each an acceptance that
// writes the fee and due keys a usage report writes); waits until the
// epoch may close, then times CloseEpoch's pages, submitted one after
// another by an admin until SETTLED, and checks the settled revenue and
// the payout tree. Reported: close-s (the timed figure), pages, leaves,
// load tx/s.
//
//	go test ./chaincode/integration -run '^$' -bench CloseEpoch -benchtime 1x -timeout 60m \
//	    -ccint.sizes 1000/100/500,2000/100/500
func BenchmarkCloseEpoch(b *testing.B) {
	bin := mustBuild(b)
	for _, w := range parseSizes(b) {
		b.Run(strings.ReplaceAll(w.String(), "/", "-"), func(b *testing.B) {
			if b.N != 1 {
				fatalf(b, "run with -benchtime 1x: an epoch closes once (b.N = %d)", b.N)
			}
			benchCloseEpoch(b, bin, w)
		})
	}
}

func benchCloseEpoch(b *testing.B, bin *Binaries, w Workload) {
	b.StopTimer()
	ctx, cancel := context.WithTimeout(context.Background(), 55*time.Minute)
	defer cancel()
	n := Start(b, bin)
	owner, licensee, admin := n.Client(b, "org1", "User1"), n.Client(b, "org2", "User1"), n.Client(b, "org1", "Admin")
	w.Sync = func() error { return n.WaitSynced(2 * time.Minute) }
	w.Progress = func(p Phase) {
		fmt.Fprintf(os.Stderr, "%s: %s: %d tx in %v\n", b.Name(), p.Name, p.Txs, p.Took.Round(time.Millisecond))
	}
	loadStart := time.Now()
	phases, err := w.LoadRegistry(ctx, owner)
	if err != nil {
		fatalf(b, "loading %s: %v", w, err)
	}
	// The epoch must stay open while the fees load: size it from the offer
	// phase's rate, with margin for two endorsements per acceptance.
	off := phases[len(phases)-1]
	perTx := off.Took.Seconds() / float64(off.Txs)
	epochSeconds := int64(float64(w.Reports)*perTx**benchSlack) + 15
	genesis := time.Now().Unix()
	if err := admin.Configure(ctx, genesis, epochSeconds, 2); err != nil {
		fatalf(b, "%v", err)
	}
	up, revenue, err := w.LoadFees(ctx, owner, licensee)
	if err != nil {
		fatalf(b, "loading %s: %v (epoch of %d s)", w, err, epochSeconds)
	}
	phases = append(phases, up)
	// One log line each: a benchmark's log is cut after a few lines.
	loadTxs := 0
	var ps []string
	for _, p := range phases {
		loadTxs += p.Txs
		ps = append(ps, fmt.Sprintf("%s %d tx %.0f tx/s", p.Name, p.Txs, float64(p.Txs)/p.Took.Seconds()))
	}
	logf(b, "load: %s", strings.Join(ps, "; "))
	loadTook := time.Since(loadStart)
	clock := Clock{}
	clock.GenesisUnix, clock.EpochSeconds, clock.GraceSeconds = genesis, epochSeconds, 2
	if err := SleepUntil(ctx, clock.ClosableFrom(0).Add(time.Second)); err != nil {
		fatalf(b, "%v", err)
	}

	b.StartTimer()
	start := time.Now()
	var st consortium.EpochStatus
	var pages int
	var perPage []string
	for st.Status != "SETTLED" {
		t0 := time.Now()
		st, err = admin.CloseEpoch(ctx, 0, uint32(*benchPage))
		if err != nil {
			fatalf(b, "CloseEpoch %s page %d: %v", w, pages+1, err)
		}
		pages++
		perPage = append(perPage, fmt.Sprintf("%s %v", st.Phase, time.Since(t0).Round(time.Millisecond)))
	}
	took := time.Since(start)
	b.StopTimer()
	logf(b, "pages (phase after the page, latency): %s", strings.Join(perPage, ", "))
	s, err := admin.GetSettlement(ctx, 0)
	if err != nil {
		fatalf(b, "%v", err)
	}
	if s.Revenue != strconv.FormatInt(revenue, 10) || s.Total != s.Revenue || s.LeafCount != uint64(w.Payees) {
		fatalf(b, "settlement %+v, want revenue = total = %d booked, a leaf for each of %d payees", s, revenue, w.Payees)
	}
	tree, err := admin.GetPayoutTree(ctx, 0)
	if err != nil {
		fatalf(b, "%v", err)
	}
	var pays []payout.Payout
	for _, l := range tree.Leaves() {
		pays = append(pays, payout.Payout{Account: l.Account, Amount: l.Amount})
	}
	again, err := payout.NewTree(0, pays)
	if err != nil || payout.FormatHash(again.Root()) != s.Root || again.Total().Cmp(big.NewInt(revenue)) != 0 {
		fatalf(b, "payout tree does not rebuild to the settled root %s (err %v)", s.Root, err)
	}
	b.ReportMetric(took.Seconds(), "close-s")
	b.ReportMetric(float64(pages), "pages")
	b.ReportMetric(float64(s.LeafCount), "leaves")
	b.ReportMetric(float64(loadTxs)/loadTook.Seconds(), "load-tx/s")
	logf(b, "%s: epoch settled in %v over %d pages (%s), %d leaves; load %d tx in %v", w, took.Round(time.Millisecond),
		pages, st.Status, s.LeafCount, loadTxs, loadTook.Round(time.Second))
}

// logf and fatalf also write to stderr: a benchmark's log is cut to a few
// lines, and the network's teardown output would push these out.
func logf(b *testing.B, format string, args ...any) {
	b.Helper()
	fmt.Fprintf(os.Stderr, "%s: "+format+"\n", append([]any{b.Name()}, args...)...)
	b.Logf(format, args...)
}

func fatalf(b *testing.B, format string, args ...any) {
	b.Helper()
	fmt.Fprintf(os.Stderr, "%s: FATAL: "+format+"\n", append([]any{b.Name()}, args...)...)
	b.Fatalf(format, args...)
}
