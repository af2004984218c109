package e2e

import (
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	benchTxs    = flag.Int("e2e.txs", 20000, "transactions per BenchmarkProcessesLoad submit run")
	benchEvals  = flag.Int("e2e.evals", 50000, "evaluations per BenchmarkProcessesLoad evaluate run")
	benchConc   = flag.Int("e2e.concurrency", 64, "transactions in flight")
	benchBatch  = flag.String("e2e.batch-timeout", "", "channel BatchTimeout (default: the harness's)")
	benchMax    = flag.Uint("e2e.max-messages", 32, "channel MaxMessageCount, 0: the harness's 500 (setting it runs one custom configuration)")
	benchCommit = flag.String("e2e.commit", "status", "how the load client learns of commits: status (CommitStatus per transaction) or events (one filtered-block stream, as tape does)")
	benchProf   = flag.String("e2e.profile", "", "write CPU profiles of every process during the submit run to this folder")
	benchProfS  = flag.Int("e2e.profile-seconds", 15, "length of the -e2e.profile window")
	benchProfM  = flag.String("e2e.profile-mode", "submit", "run to profile with -e2e.profile: submit or evaluate")
)

// loadSetup is one configuration of BenchmarkProcessesLoad.
type loadSetup struct {
	concurrency int
	maxMessages uint32 // the channel's MaxMessageCount
	commit      string // the load command's --commit
}

// The two configurations BenchmarkProcessesLoad runs unless a flag chooses
// one: "fabric-comparable" is the setting of issue 4's Fabric figure
// (concurrency 64, the fabric-gateway client's Submit with a CommitStatus
// per transaction); "capacity" is the most this machine sustains within the
// issue's p99 bound of 500 ms: more transactions in flight fill blocks of 64,
// which halves per-block costs per transaction, and commits are observed
// through one filtered-block stream as tape does (measured: 192/96 1,081,
// 256/64 1,104, 256/128 1,036-1,090, 320/128 1,099 tx/s with p99 533 ms).
var loadSetups = []struct {
	name string
	loadSetup
}{
	{"fabric-comparable", loadSetup{64, 32, "status"}},
	{"capacity", loadSetup{256, 64, "events"}},
}

// BenchmarkProcessesLoad is the benchmark: 3 raft orderers, Org1
// and Org2 with one peer each, the asset chaincode as a service with
// AND(Org1.peer, Org2.peer), and `saharanet-admin load` (the fabric-gateway
// client) creating assets with unique keys through peer0.org1, then
// evaluating ReadAsset. Reported: tx/s and p50/p95/p99 submit→commit
// latency, evaluations/s and their p99, and the CPU time per operation of
// every process. The channel cuts blocks at -e2e.max-messages (BatchTimeout
// 100ms): a block size of about half the transactions in flight keeps two
// blocks moving, where the harness's 500 would leave every block waiting for
// the timeout (latency-bound at ~400 tx/s with 64 in flight).
//
//	go test ./network/e2e -run '^$' -bench ProcessesLoad -benchtime 1x
//
// runs both loadSetups; any of -e2e.concurrency, -e2e.max-messages or
// -e2e.commit runs one configuration made of the flags instead.
func BenchmarkProcessesLoad(b *testing.B) {
	custom := false
	flag.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "e2e.concurrency", "e2e.max-messages", "e2e.commit":
			custom = true
		}
	})
	if custom {
		benchmarkLoad(b, loadSetup{*benchConc, uint32(*benchMax), *benchCommit})
		return
	}
	for _, s := range loadSetups {
		b.Run(s.name, func(b *testing.B) { benchmarkLoad(b, s.loadSetup) })
	}
}

func benchmarkLoad(b *testing.B, s loadSetup) {
	n := StartNetwork(b, mustBuild(b), Topology{PeersPerOrg: 1, BatchTimeout: *benchBatch, MaxMessageCount: s.maxMessages, Profile: *benchProf != "", Chaincodes: []Chaincode{{Name: "asset", Mode: AsService}}})
	n.Deploy(b, "asset", policyAND)
	p := n.PeersOf("org1")[0]
	org := p.Org
	u := org.UserDir("User1")
	base := []string{"load", "--peer", p.Addr, "--channel", n.Channel, "--chaincode", "asset",
		"--msp-id", org.MSPID, "--msp-dir", filepath.Join(u, "msp"), "--tls-ca", org.TLSCA(),
		"--tls-cert", filepath.Join(u, "tls", "client.crt"), "--tls-key", filepath.Join(u, "tls", "client.key"),
		"--concurrency", strconv.Itoa(s.concurrency), "--commit", s.commit}
	// Warm-up: connections, chaincode stream, caches.
	if out, err := n.Admin(2*time.Minute, append(base, "--count", "500")...); err != nil {
		b.Fatalf("warm-up load: %v\n%s", err, out)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sub := runLoad(b, n, "submit", *benchTxs, base)
		ev := runLoad(b, n, "evaluate", *benchEvals, base)
		b.ReportMetric(sub.tps, "tx/s")
		b.ReportMetric(ms(sub.p50), "p50-ms")
		b.ReportMetric(ms(sub.p95), "p95-ms")
		b.ReportMetric(ms(sub.p99), "p99-ms")
		b.ReportMetric(float64(sub.failed), "failed-tx")
		b.ReportMetric(sub.cpuPerOp, "cpu-ms/tx")
		b.ReportMetric(ev.tps, "evals/s")
		b.ReportMetric(ms(ev.p99), "eval-p99-ms")
		b.ReportMetric(ev.cpuPerOp, "cpu-ms/eval")
		b.Logf("submit: %s%s", sub.raw, sub.cpu)
		b.Logf("evaluate: %s%s", ev.raw, ev.cpu)
	}
}

// runLoad runs one `saharanet-admin load` and measures, besides what it
// prints, the CPU time every process of the network and the load client
// used during the run: on a machine this small the network competes with
// its client for the same cores, so CPU per operation is the figure that
// says where the time goes.
func runLoad(b *testing.B, n *Network, mode string, count int, base []string) loadResult {
	before := n.CPUTimes()
	out, client, err := n.AdminCPU(10*time.Minute, profiled(b, n, mode, append(base, "--mode", mode, "--count", strconv.Itoa(count)))...)
	if err != nil {
		b.Fatalf("load %s: %v\n%s", mode, err, out)
	}
	after := n.CPUTimes()
	r := parseLoad(b, out)
	ok := float64(count - r.failed)
	if ok <= 0 {
		return r
	}
	groups := map[string]time.Duration{"load client": client}
	var order []string
	for name, t := range after {
		g := name
		switch {
		case strings.HasPrefix(name, "chaincode"):
			g = "chaincode"
		case strings.HasPrefix(name, "orderer"):
			g = "orderers"
		}
		if _, seen := groups[g]; !seen {
			order = append(order, g)
		}
		groups[g] += t - before[name]
	}
	sort.Strings(order)
	order = append(order, "load client")
	var total time.Duration
	var sb strings.Builder
	sb.WriteString("        CPU per operation:")
	for _, g := range order {
		total += groups[g]
		fmt.Fprintf(&sb, " %s %.3f ms;", g, ms(groups[g])/ok)
	}
	r.cpuPerOp = ms(total) / ok
	fmt.Fprintf(&sb, " total %.3f ms\n", r.cpuPerOp)
	r.cpu = sb.String()
	return r
}

// profiled starts collecting profiles when -e2e.profile asks for this mode,
// and adds the load client's own --cpuprofile to its arguments.
func profiled(b *testing.B, n *Network, mode string, args []string) []string {
	if *benchProf == "" || *benchProfM != mode {
		return args
	}
	b.Cleanup(collectProfiles(b, n, *benchProf, *benchProfS))
	return append(args, "--cpuprofile", filepath.Join(*benchProf, "load.pprof"))
}

// collectProfiles starts a CPU profile of every peer and orderer for the
// given seconds (after a short delay, so the window covers steady load) and
// returns a function that waits for them and writes <dir>/<host>.pprof.
func collectProfiles(b *testing.B, n *Network, dir string, seconds int) func() {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	targets := map[string]string{}
	for _, o := range n.Orderers {
		targets[o.Host] = o.ProfileAddr
	}
	for _, p := range n.Peers {
		targets[p.Host] = p.ProfileAddr
	}
	var wg sync.WaitGroup
	for host, addr := range targets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(3 * time.Second)
			resp, err := http.Get(fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", addr, seconds))
			if err != nil {
				b.Logf("profile of %s: %v", host, err)
				return
			}
			defer resp.Body.Close()
			raw, err := io.ReadAll(resp.Body)
			if err == nil {
				err = os.WriteFile(filepath.Join(dir, host+".pprof"), raw, 0o644)
			}
			if err != nil {
				b.Logf("profile of %s: %v", host, err)
			}
		}()
	}
	return wg.Wait
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

type loadResult struct {
	cpuPerOp      float64 // CPU ms of all processes per successful operation
	cpu           string  // the same, by process
	tps           float64
	p50, p95, p99 time.Duration
	failed        int
	raw           string
}

var (
	reThroughput = regexp.MustCompile(`throughput: ([0-9.]+) tx/s`)
	reLatency    = regexp.MustCompile(`latency: p50=(\S+) p95=(\S+) p99=(\S+)`)
	reFailed     = regexp.MustCompile(`failed=(\d+)`)
)

// parseLoad reads the summary `saharanet-admin load` prints.
func parseLoad(b *testing.B, out string) loadResult {
	r := loadResult{raw: out}
	m := reThroughput.FindStringSubmatch(out)
	l := reLatency.FindStringSubmatch(out)
	f := reFailed.FindStringSubmatch(out)
	if m == nil || l == nil || f == nil {
		b.Fatalf("unexpected load output:\n%s", out)
	}
	r.tps, _ = strconv.ParseFloat(m[1], 64)
	r.failed, _ = strconv.Atoi(f[1])
	for i, d := range []*time.Duration{&r.p50, &r.p95, &r.p99} {
		v, err := time.ParseDuration(l[i+1])
		if err != nil {
			b.Fatalf("latency %q: %v", l[i+1], err)
		}
		*d = v
	}
	if r.tps <= 0 {
		b.Fatalf("no throughput in:\n%s", out)
	}
	return r
}
