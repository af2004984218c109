// Package loadgen drives transactions through the fabric-gateway client at
// a fixed concurrency and reports throughput and latency percentiles, in
// the spirit of Hyperledger Caliper and tape. It is shared by the admin
// CLI's load command and the gateway's benchmarks.
package loadgen

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hyperledger/fabric-gateway/pkg/client"
)

// Mode selects what each transaction does.
type Mode string

const (
	// Submit endorses, orders and waits for commit (submit→commit latency).
	Submit Mode = "submit"
	// Evaluate queries one peer without ordering.
	Evaluate Mode = "evaluate"
)

// Config describes one run. Either Count or Duration bounds it.
type Config struct {
	Mode        Mode
	Concurrency int
	Count       int
	Duration    time.Duration
	// Function is the transaction name; Args returns the arguments of the
	// n-th transaction (n counts from 0 across all workers), which is how
	// submissions get unique keys.
	Function string
	Args     func(n int64) []string
	// Contracts are used round-robin by the workers (one per gRPC
	// connection spreads the load over HTTP/2 connections).
	Contracts []*client.Contract
	// Commits, when set in Submit mode, observes commits the way tape does:
	// one filtered-block event stream on this network reports every
	// transaction's validation code, instead of one signed CommitStatus
	// call per transaction. The client then signs two messages per
	// transaction instead of three, and the gateway peer verifies one
	// signature less.
	Commits *client.Network
	// CommitFallback is how long a transaction waits for its block on the
	// Commits stream before asking with CommitStatus (default
	// DefaultCommitFallback).
	CommitFallback time.Duration
}

// Result is what a run measured.
type Result struct {
	Mode        Mode
	Concurrency int
	OK, Failed  int
	Elapsed     time.Duration
	// Latencies of successful transactions, sorted ascending.
	Latencies []time.Duration
	// Errors counts failures by message (first line, truncated).
	Errors map[string]int
}

// Throughput is successful transactions per second.
func (r *Result) Throughput() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.OK) / r.Elapsed.Seconds()
}

// Percentile returns the p-th percentile (0 < p <= 100) latency.
func (r *Result) Percentile(p float64) time.Duration {
	if len(r.Latencies) == 0 {
		return 0
	}
	i := int(float64(len(r.Latencies))*p/100+0.5) - 1
	i = max(0, min(i, len(r.Latencies)-1))
	return r.Latencies[i]
}

// String is the report the load command prints.
func (r *Result) String() string {
	var b strings.Builder
	what := "submit→commit"
	if r.Mode == Evaluate {
		what = "evaluate"
	}
	fmt.Fprintf(&b, "mode=%s concurrency=%d ok=%d failed=%d elapsed=%s\n", r.Mode, r.Concurrency, r.OK, r.Failed, r.Elapsed.Round(time.Millisecond))
	fmt.Fprintf(&b, "throughput: %.1f tx/s\n", r.Throughput())
	fmt.Fprintf(&b, "%s latency: p50=%s p95=%s p99=%s max=%s\n", what,
		r.Percentile(50).Round(time.Microsecond*100), r.Percentile(95).Round(time.Microsecond*100),
		r.Percentile(99).Round(time.Microsecond*100), r.Percentile(100).Round(time.Microsecond*100))
	keys := make([]string, 0, len(r.Errors))
	for k := range r.Errors {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "error x%d: %s\n", r.Errors[k], k)
	}
	return b.String()
}

func (c *Config) check() error {
	switch {
	case c.Mode != Submit && c.Mode != Evaluate:
		return fmt.Errorf("mode %q: want %q or %q", c.Mode, Submit, Evaluate)
	case c.Concurrency < 1:
		return fmt.Errorf("concurrency %d: must be at least 1", c.Concurrency)
	case c.Count <= 0 && c.Duration <= 0:
		return errors.New("set a transaction count or a duration")
	case c.Function == "":
		return errors.New("no transaction function")
	case len(c.Contracts) == 0:
		return errors.New("no contracts to drive")
	}
	return nil
}

// Run executes the load and returns what it measured. ctx cancels it early.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	if cfg.Args == nil {
		cfg.Args = func(int64) []string { return nil }
	}
	if cfg.Duration > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, cfg.Duration)
		defer cancel()
	}
	var commits *commitObserver
	if cfg.Mode == Submit && cfg.Commits != nil {
		obsCtx, cancel := context.WithCancel(ctx)
		defer cancel()
		var err error
		if commits, err = observeCommits(obsCtx, cfg.Commits, cfg.CommitFallback); err != nil {
			return nil, err
		}
	}
	var next atomic.Int64
	type workerOut struct {
		lat  []time.Duration
		errs map[string]int
	}
	outs := make([]workerOut, cfg.Concurrency)
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < cfg.Concurrency; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := cfg.Contracts[w%len(cfg.Contracts)]
			out := &outs[w]
			out.errs = map[string]int{}
			for ctx.Err() == nil {
				n := next.Add(1) - 1
				if cfg.Count > 0 && n >= int64(cfg.Count) {
					return
				}
				args := cfg.Args(n)
				t0 := time.Now()
				var err error
				switch {
				case commits != nil:
					err = commits.submit(ctx, c, cfg.Function, args)
				case cfg.Mode == Submit:
					_, err = c.SubmitWithContext(ctx, cfg.Function, client.WithArguments(args...))
				default:
					_, err = c.EvaluateWithContext(ctx, cfg.Function, client.WithArguments(args...))
				}
				if err != nil {
					if ctx.Err() != nil {
						return // cut off by the deadline: not a failure
					}
					out.errs[errKey(err)]++
					continue
				}
				out.lat = append(out.lat, time.Since(t0))
			}
		}()
	}
	wg.Wait()
	res := &Result{Mode: cfg.Mode, Concurrency: cfg.Concurrency, Elapsed: time.Since(start), Errors: map[string]int{}}
	for _, o := range outs {
		res.Latencies = append(res.Latencies, o.lat...)
		for k, v := range o.errs {
			res.Errors[k] += v
			res.Failed += v
		}
	}
	res.OK = len(res.Latencies)
	sort.Slice(res.Latencies, func(i, j int) bool { return res.Latencies[i] < res.Latencies[j] })
	return res, nil
}

func errKey(err error) string {
	s := err.Error()
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 200 {
		s = s[:200]
	}
	var ce *client.CommitError
	if errors.As(err, &ce) {
		return "commit: " + ce.Code.String()
	}
	var ic *invalidCommit
	if errors.As(err, &ic) {
		return "commit: " + ic.code.String()
	}
	return s
}

// Template returns an Args function from comma-separated arguments in which
// {id} becomes prefix-<n> (a unique key per transaction) and {seed} becomes
// prefix-seed (one shared key, for evaluations).
func Template(args, prefix string) func(n int64) []string {
	var parts []string
	if args != "" {
		parts = strings.Split(args, ",")
	}
	seed := prefix + "-seed"
	return func(n int64) []string {
		out := make([]string, len(parts))
		for i, p := range parts {
			p = strings.ReplaceAll(p, "{seed}", seed)
			out[i] = strings.ReplaceAll(p, "{id}", fmt.Sprintf("%s-%d", prefix, n))
		}
		return out
	}
}
