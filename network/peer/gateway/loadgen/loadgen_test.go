package loadgen

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestTemplate(t *testing.T) {
	f := Template("{id},owner,{seed},x{id}", "run1")
	got := strings.Join(f(7), "|")
	if got != "run1-7|owner|run1-seed|xrun1-7" {
		t.Fatalf("template: %s", got)
	}
	if len(Template("", "p")(0)) != 0 {
		t.Fatal("empty template has arguments")
	}
}

func TestPercentilesAndReport(t *testing.T) {
	r := &Result{Mode: Submit, Concurrency: 4, OK: 100, Elapsed: 2 * time.Second, Errors: map[string]int{"commit: MVCC_READ_CONFLICT": 3}, Failed: 3}
	for i := 1; i <= 100; i++ {
		r.Latencies = append(r.Latencies, time.Duration(i)*time.Millisecond)
	}
	if r.Percentile(50) != 50*time.Millisecond || r.Percentile(99) != 99*time.Millisecond || r.Percentile(100) != 100*time.Millisecond {
		t.Fatalf("percentiles %v %v %v", r.Percentile(50), r.Percentile(99), r.Percentile(100))
	}
	if r.Throughput() != 50 {
		t.Fatalf("throughput %v", r.Throughput())
	}
	s := r.String()
	for _, want := range []string{"throughput: 50.0 tx/s", "p99=99ms", "error x3: commit: MVCC_READ_CONFLICT"} {
		if !strings.Contains(s, want) {
			t.Fatalf("report lacks %q:\n%s", want, s)
		}
	}
	if (&Result{}).Percentile(50) != 0 {
		t.Fatal("empty result percentile")
	}
}

func TestRunRejectsBadConfig(t *testing.T) {
	for _, c := range []Config{
		{Mode: "mine", Concurrency: 1, Count: 1, Function: "f"},
		{Mode: Submit, Concurrency: 0, Count: 1, Function: "f"},
		{Mode: Submit, Concurrency: 1, Function: "f"},
		{Mode: Submit, Concurrency: 1, Count: 1},
		{Mode: Submit, Concurrency: 1, Count: 1, Function: "f"},
	} {
		if _, err := Run(context.Background(), c); err == nil {
			t.Fatalf("config %+v accepted", c)
		}
	}
}
