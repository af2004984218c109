package consortium

import (
	"fmt"
	"testing"
)

// BenchmarkCloseEpoch closes an epoch of reports/assets/payees (lineage up
// to depth 5) through the stub double with pages of 5000. The target
// is 100k/10k/50k; run with -benchtime 1x.
func BenchmarkCloseEpoch(b *testing.B) {
	for _, sz := range [][3]int{{10_000, 1_000, 5_000}, {20_000, 1_000, 5_000}, {10_000, 2_000, 5_000}, {10_000, 1_000, 10_000}, {100_000, 10_000, 50_000}} {
		b.Run(fmt.Sprintf("reports=%d/assets=%d/payees=%d", sz[0], sz[1], sz[2]), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				n := newNet(b)
				populate(b, n, sz[1], sz[2], sz[0], 5)
				b.StartTimer()
				s, txs := closeEpoch(b, n, 5000)
				b.ReportMetric(float64(txs), "txs")
				b.ReportMetric(float64(s.LeafCount), "leaves")
			}
		})
	}
}
