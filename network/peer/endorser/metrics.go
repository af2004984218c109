package endorser

import (
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the endorser's Prometheus metrics.
type Metrics struct {
	Proposals *prometheus.CounterVec
	Duration  *prometheus.HistogramVec
}

// NewMetrics creates the metrics and registers them with reg (nil: not
// registered).
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		Proposals: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "saharanet", Subsystem: "endorser",
			Name: "proposals_total", Help: "Proposals processed, by channel, chaincode and response status."},
			[]string{"channel", "chaincode", "status"}),
		Duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: "saharanet", Subsystem: "endorser",
			Name: "proposal_duration_seconds", Help: "Time to check, simulate and endorse a proposal.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2, 14)}, []string{"channel", "chaincode"}),
	}
	if reg != nil {
		reg.MustRegister(m.Proposals, m.Duration)
	}
	return m
}

// WithMetrics records proposal counts and durations in m.
func WithMetrics(m *Metrics) Option { return func(e *Endorser) { e.metrics = m } }

func (m *Metrics) observe(channel, chaincode string, status int32, start time.Time) {
	if m == nil {
		return
	}
	m.Proposals.WithLabelValues(channel, chaincode, strconv.Itoa(int(status))).Inc()
	m.Duration.WithLabelValues(channel, chaincode).Observe(time.Since(start).Seconds())
}
