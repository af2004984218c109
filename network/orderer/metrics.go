package orderer

import (
	"strconv"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Metrics are the orderer's Prometheus metrics, on a registry of its own so
// that several in-process orderers (tests) do not collide.
type Metrics struct {
	Registry        *prometheus.Registry
	blocks          *prometheus.CounterVec
	blockTxs        *prometheus.HistogramVec
	height          *prometheus.GaugeVec
	leader          *prometheus.GaugeVec
	orderedEnvs     *prometheus.CounterVec
	broadcast       *prometheus.CounterVec
	deliverStreams  *prometheus.GaugeVec
	deliveredBlocks *prometheus.CounterVec
}

// NewMetrics registers the orderer metrics on a new registry.
func NewMetrics() *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		blocks: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "orderer", Name: "blocks_committed_total",
			Help: "Blocks committed to this node's chain."}, []string{"channel"}),
		blockTxs: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: "orderer", Name: "block_envelopes",
			Help: "Envelopes per committed block.", Buckets: prometheus.ExponentialBuckets(1, 2, 12)}, []string{"channel"}),
		height: prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: "orderer", Name: "ledger_height",
			Help: "Blocks in this node's chain."}, []string{"channel"}),
		leader: prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: "orderer", Name: "raft_is_leader",
			Help: "1 while this node leads the channel's raft group."}, []string{"channel"}),
		orderedEnvs: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "orderer", Name: "leader_envelopes_total",
			Help: "Envelopes the leader proposed, by outcome."}, []string{"channel", "status"}),
		broadcast: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "orderer", Name: "broadcast_envelopes_total",
			Help: "Broadcast answers by status."}, []string{"channel", "status"}),
		deliverStreams: prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: "orderer", Name: "deliver_streams",
			Help: "Open Deliver streams."}, []string{"channel"}),
		deliveredBlocks: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "orderer", Name: "deliver_blocks_sent_total",
			Help: "Blocks sent on Deliver streams."}, []string{"channel"}),
	}
	m.Registry.MustRegister(m.blocks, m.blockTxs, m.height, m.leader, m.orderedEnvs, m.broadcast, m.deliverStreams, m.deliveredBlocks,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *Metrics) blockCommitted(ch string, b *common.Block) {
	if m == nil {
		return
	}
	m.blocks.WithLabelValues(ch).Inc()
	m.blockTxs.WithLabelValues(ch).Observe(float64(len(b.GetData().GetData())))
	m.height.WithLabelValues(ch).Set(float64(b.GetHeader().GetNumber() + 1))
}

func (m *Metrics) setLeader(ch string, on bool) {
	if m == nil {
		return
	}
	v := 0.0
	if on {
		v = 1
	}
	m.leader.WithLabelValues(ch).Set(v)
}

func (m *Metrics) ordered(ch string, st common.Status, n int) {
	if m == nil {
		return
	}
	m.orderedEnvs.WithLabelValues(ch, strconv.Itoa(int(st))).Add(float64(n))
}

func (m *Metrics) broadcastAnswered(ch string, st common.Status) {
	if m == nil {
		return
	}
	m.broadcast.WithLabelValues(ch, st.String()).Inc()
}

func (m *Metrics) deliverStream(ch string, delta float64) {
	if m == nil {
		return
	}
	m.deliverStreams.WithLabelValues(ch).Add(delta)
}

func (m *Metrics) blockDelivered(ch string) {
	if m == nil {
		return
	}
	m.deliveredBlocks.WithLabelValues(ch).Inc()
}
