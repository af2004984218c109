package gateway

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"google.golang.org/grpc/status"
)

// Metrics are the gateway's Prometheus metrics.
type Metrics struct {
	Requests *prometheus.CounterVec
	Duration *prometheus.HistogramVec
}

// NewMetrics creates the metrics and registers them with reg (nil: not
// registered).
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		Requests: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "saharanet", Subsystem: "gateway",
			Name: "requests_total", Help: "Gateway requests, by method and gRPC code."}, []string{"method", "code"}),
		Duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: "saharanet", Subsystem: "gateway",
			Name: "request_duration_seconds", Help: "Duration of unary gateway requests (CommitStatus includes the wait for commit).",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2, 16)}, []string{"method"}),
	}
	if reg != nil {
		reg.MustRegister(m.Requests, m.Duration)
	}
	return m
}

// WithMetrics records request counts and durations in m.
func WithMetrics(m *Metrics) Option { return func(s *Server) { s.metrics = m } }

func (m *Metrics) observe(method string, start time.Time, err error) {
	if m == nil {
		return
	}
	m.Requests.WithLabelValues(method, status.Code(err).String()).Inc()
	m.Duration.WithLabelValues(method).Observe(time.Since(start).Seconds())
}
