package peer

import (
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/saharanet/saharanet/network/validation"
)

// Metrics are the node's Prometheus metrics.
type Metrics struct {
	Height    *prometheus.GaugeVec
	Blocks    *prometheus.CounterVec
	Txs       *prometheus.CounterVec
	Failovers *prometheus.CounterVec
	Deliver   *prometheus.CounterVec
}

// NewMetrics creates the metrics and registers them with reg (nil: not
// registered).
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		Height: prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: "saharanet", Subsystem: "ledger",
			Name: "blockchain_height", Help: "Height of the channel's ledger."}, []string{"channel"}),
		Blocks: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "saharanet", Subsystem: "ledger",
			Name: "blocks_committed_total", Help: "Blocks committed."}, []string{"channel"}),
		Txs: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "saharanet", Subsystem: "ledger",
			Name: "transactions_committed_total", Help: "Transactions committed, by validation code."}, []string{"channel", "code"}),
		Failovers: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "saharanet", Subsystem: "deliverclient",
			Name: "orderer_failovers_total", Help: "Times the commit path switched orderer."}, []string{"channel"}),
		Deliver: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "saharanet", Subsystem: "deliver",
			Name: "requests_total", Help: "Deliver requests, by service and status."}, []string{"service", "status"}),
	}
	if reg != nil {
		reg.MustRegister(m.Height, m.Blocks, m.Txs, m.Failovers, m.Deliver)
	}
	return m
}

func (m *Metrics) height(ch string, h uint64) { m.Height.WithLabelValues(ch).Set(float64(h)) }

func (m *Metrics) committed(ch string, h uint64, res *validation.Result) {
	m.height(ch, h)
	m.Blocks.WithLabelValues(ch).Inc()
	counts := map[peer.TxValidationCode]int{}
	for _, f := range res.Flags {
		counts[f]++
	}
	for code, n := range counts {
		m.Txs.WithLabelValues(ch, code.String()).Add(float64(n))
	}
}

func (m *Metrics) ordererFailover(ch string) { m.Failovers.WithLabelValues(ch).Inc() }
