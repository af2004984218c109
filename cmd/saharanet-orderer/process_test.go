package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	ab "github.com/hyperledger/fabric-protos-go-apiv2/orderer"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/channelconfig"
	"github.com/saharanet/saharanet/network/comm"
	"github.com/saharanet/saharanet/network/cryptogen"
	"github.com/saharanet/saharanet/network/e2e"
	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/orderer"
	"github.com/saharanet/saharanet/network/protoutil"
)

var procTxs = flag.Int("proc.txs", 10000, "transactions in TestProcessesSurviveLeaderSIGKILL")

// The test binary doubles as the orderer: with SAHARANET_ORDERER_MAIN=1 it
// runs main() instead of the tests, so the processes run exactly this code.
func TestMain(m *testing.M) {
	if os.Getenv("SAHARANET_ORDERER_MAIN") == "1" {
		os.Args = append([]string{os.Args[0]}, strings.Fields(os.Getenv("SAHARANET_ORDERER_ARGS"))...)
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

type proc struct {
	name, dir, cfg    string
	addr, ops, clAddr string
	admin             string // mutual-TLS participation endpoint (node 0 only)
	env               []string
	cmd               *exec.Cmd
	out               *bytes.Buffer
}

type procNet struct {
	t        *testing.T
	adminTLS *tls.Config
	crypto   string
	procs    []*proc
	channel  string
	user     msp.SigningIdentity
	conns    []*grpc.ClientConn
}

// freePort reserves a loopback port for a child process with the e2e
// harness's machine-wide reservation (ports 30000-30999, below the kernel's
// ephemeral range), so no other test or outgoing connection takes it between
// now and the child's bind.
func freePort(t *testing.T) string {
	a, err := e2e.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func portOf(addr string) string { _, p, _ := net.SplitHostPort(addr); return p }

// startNetwork writes crypto material, a genesis block in each node's join
// dir and an orderer.yaml per node (ports set via ORDERER_* overrides), and
// starts three orderer processes.
func startNetwork(t *testing.T, batch uint32, timeout string) *procNet {
	root := t.TempDir()
	crypto := filepath.Join(root, "organizations")
	if err := cryptogen.Generate(cryptogen.TestNetworkConfig("org1", "org2"), crypto); err != nil {
		t.Fatal(err)
	}
	pn := &procNet{t: t, crypto: crypto, channel: "mychannel"}
	var consenters []*channelconfig.Consenter
	var endpoints []string
	for i := 0; i < 3; i++ {
		name := fmt.Sprintf("orderer%d.example.com", i)
		nodeDir := filepath.Join(cryptogen.OrdererOrgDir(crypto, "example.com"), "orderers", name)
		p := &proc{name: name, dir: filepath.Join(root, name), addr: freePort(t), ops: freePort(t), clAddr: freePort(t)}
		crt := filepath.Join(nodeDir, "tls", "server.crt")
		consenters = append(consenters, &channelconfig.Consenter{Host: "127.0.0.1", Port: uint32(mustAtoi(portOf(p.clAddr))), ClientTLSCert: crt, ServerTLSCert: crt})
		endpoints = append(endpoints, p.addr)
		if err := os.MkdirAll(filepath.Join(p.dir, "join"), 0o755); err != nil {
			t.Fatal(err)
		}
		p.cfg = filepath.Join(p.dir, "orderer.yaml")
		yaml := fmt.Sprintf(`General:
  ListenAddress: 127.0.0.1
  ListenPort: 1
  TLS:
    Enabled: true
    PrivateKey: %[1]s/tls/server.key
    Certificate: %[1]s/tls/server.crt
    RootCAs: [%[1]s/tls/ca.crt]
    ClientAuthRequired: true
  Cluster:
    ListenAddress: 127.0.0.1
    ListenPort: %[2]s
  LocalMSPDir: %[1]s/msp
  LocalMSPID: OrdererMSP
FileLedger:
  Location: data
ChannelParticipation:
  Enabled: true
  JoinDir: join
Raft:
  HeartbeatTimeout: 500ms
  ElectionTimeout: 500ms
Logging:
  Level: warn
`, nodeDir, portOf(p.clAddr))
		if err := os.WriteFile(p.cfg, []byte(yaml), 0o644); err != nil {
			t.Fatal(err)
		}
		// The env overrides win over the file (ListenPort 1 above).
		p.env = []string{"ORDERER_GENERAL_LISTENPORT=" + portOf(p.addr), "ORDERER_OPERATIONS_LISTENADDRESS=" + p.ops}
		if i == 0 {
			p.admin = freePort(t)
			p.env = append(p.env, "ORDERER_ADMIN_LISTENADDRESS="+p.admin,
				"ORDERER_ADMIN_CLIENTROOTCAS="+filepath.Join(cryptogen.OrdererOrgDir(crypto, "example.com"), "tlsca", "tlsca.example.com-cert.pem"))
		}
		pn.procs = append(pn.procs, p)
	}
	prof := orderer.TestProfile(crypto, []string{"org1", "org2"}, consenters, endpoints)
	prof.Orderer.BatchSize.MaxMessageCount = batch
	prof.Orderer.BatchTimeout = timeout
	g, err := channelconfig.GenesisBlock(prof, pn.channel)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := proto.Marshal(g)
	for _, p := range pn.procs {
		if err := os.WriteFile(filepath.Join(p.dir, "join", pn.channel+".block"), raw, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		for _, p := range pn.procs {
			pn.kill(p, syscall.SIGKILL)
		}
		for _, c := range pn.conns {
			c.Close()
		}
	})
	ordererOrg := cryptogen.OrdererOrgDir(crypto, "example.com")
	adminDir := filepath.Join(ordererOrg, "users", "Admin@example.com", "tls")
	at, err := comm.LoadTLS(filepath.Join(adminDir, "client.crt"), filepath.Join(adminDir, "client.key"), filepath.Join(adminDir, "ca.crt"))
	if err != nil {
		t.Fatal(err)
	}
	pn.adminTLS = comm.ClientConfig(&at.Certificate, at.RootCAs, "")
	for _, p := range pn.procs {
		pn.start(p)
	}
	userDir := filepath.Join(cryptogen.PeerOrgDir(crypto, "org1.example.com"), "users", "User1@org1.example.com")
	if pn.user, err = msp.LoadSigningIdentity(filepath.Join(userDir, "msp"), "Org1MSP"); err != nil {
		t.Fatal(err)
	}
	tlsConf, err := comm.LoadTLS(filepath.Join(userDir, "tls", "client.crt"), filepath.Join(userDir, "tls", "client.key"), filepath.Join(userDir, "tls", "ca.crt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pn.procs {
		cfg := comm.ClientConfig(&tlsConf.Certificate, nil, "")
		cfg.RootCAs, _ = comm.LoadCertPool(filepath.Join(cryptogen.OrdererOrgDir(crypto, "example.com"), "tlsca", "tlsca.example.com-cert.pem"))
		c, err := comm.Dial(p.addr, cfg)
		if err != nil {
			t.Fatal(err)
		}
		pn.conns = append(pn.conns, c)
	}
	pn.waitLeader(15 * time.Second)
	return pn
}

func mustAtoi(s string) int {
	var n int
	fmt.Sscanf(s, "%d", &n)
	return n
}

func (pn *procNet) start(p *proc) {
	p.out = &bytes.Buffer{}
	p.cmd = exec.Command(os.Args[0], "-test.run=^$")
	p.cmd.Dir = p.dir
	p.cmd.Env = append(append(os.Environ(), "SAHARANET_ORDERER_MAIN=1", "SAHARANET_ORDERER_ARGS=-config "+p.cfg), p.env...)
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	if err := p.cmd.Start(); err != nil {
		pn.t.Fatal(err)
	}
}

func (pn *procNet) kill(p *proc, sig syscall.Signal) {
	if p.cmd == nil || p.cmd.Process == nil {
		return
	}
	_ = p.cmd.Process.Signal(sig)
	_ = p.cmd.Wait()
	p.cmd = nil
}

// info reads the channel participation view of a node (nil if unreachable).
func (pn *procNet) info(p *proc) *orderer.ChannelInfo {
	cl := http.Client{Timeout: time.Second}
	url := "http://" + p.ops + "/participation/v1/channels/" + pn.channel
	if p.admin != "" {
		cl.Transport = &http.Transport{TLSClientConfig: pn.adminTLS}
		url = "https://" + p.admin + "/participation/v1/channels/" + pn.channel
	}
	resp, err := cl.Get(url)
	if err != nil {
		return nil
	}
	defer resp.Body.Close()
	ci := &orderer.ChannelInfo{}
	if resp.StatusCode != 200 || json.NewDecoder(resp.Body).Decode(ci) != nil {
		return nil
	}
	return ci
}

// waitLeader returns the index of the process that leads, as its peers see it.
func (pn *procNet) waitLeader(timeout time.Duration) int {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		for i, p := range pn.procs {
			if p.cmd == nil {
				continue
			}
			if ci := pn.info(p); ci != nil && ci.Leader != "" && ci.Leader == ci.Self {
				return i
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	for _, p := range pn.procs {
		pn.t.Logf("%s output:\n%s", p.name, p.out)
	}
	pn.t.Fatal("no leader")
	return -1
}

func (pn *procNet) height(i int) uint64 {
	if ci := pn.info(pn.procs[i]); ci != nil {
		return ci.Height
	}
	return 0
}

func (pn *procNet) newTx(pad int) *common.Envelope {
	env, err := protoutil.CreateSignedEnvelope(common.HeaderType_ENDORSER_TRANSACTION, pn.channel, pn.user,
		&peer.Transaction{Actions: []*peer.TransactionAction{{Payload: make([]byte, pad)}}})
	if err != nil {
		pn.t.Fatal(err)
	}
	return env
}

// chain reads blocks [0, h) from node i over Deliver.
func (pn *procNet) chain(i int, h uint64) []*common.Block {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	stream, err := ab.NewAtomicBroadcastClient(pn.conns[i]).Deliver(ctx)
	if err != nil {
		pn.t.Fatal(err)
	}
	seek, err := protoutil.CreateSignedEnvelope(common.HeaderType_DELIVER_SEEK_INFO, pn.channel, pn.user, &ab.SeekInfo{
		Start: &ab.SeekPosition{Type: &ab.SeekPosition_Oldest{Oldest: &ab.SeekOldest{}}},
		Stop:  &ab.SeekPosition{Type: &ab.SeekPosition_Specified{Specified: &ab.SeekSpecified{Number: h - 1}}}})
	if err != nil {
		pn.t.Fatal(err)
	}
	if err := stream.Send(seek); err != nil {
		pn.t.Fatal(err)
	}
	var out []*common.Block
	for {
		resp, err := stream.Recv()
		if err != nil {
			pn.t.Fatalf("deliver from %s: %v", pn.procs[i].name, err)
		}
		if b := resp.GetBlock(); b != nil {
			out = append(out, b)
			continue
		}
		if resp.GetStatus() != common.Status_SUCCESS {
			pn.t.Fatalf("deliver status %v", resp.GetStatus())
		}
		return out
	}
}

// sameChains compares header hashes of all nodes up to the leader's height
// and returns tx id -> occurrences.
func (pn *procNet) sameChains() map[string]int {
	leader := pn.waitLeader(15 * time.Second)
	h := pn.height(leader)
	deadline := time.Now().Add(30 * time.Second)
	for i := range pn.procs {
		for pn.height(i) < h && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
	}
	ref := pn.chain(0, h)
	counts := map[string]int{}
	for n, b := range ref {
		if n == 0 {
			continue
		}
		for _, d := range b.Data.Data {
			env := &common.Envelope{}
			_ = proto.Unmarshal(d, env)
			pl, _ := protoutil.UnmarshalPayload(env)
			ch, _ := protoutil.UnmarshalChannelHeader(pl.GetHeader().GetChannelHeader())
			counts[ch.GetTxId()]++
		}
	}
	for i := 1; i < len(pn.procs); i++ {
		other := pn.chain(i, h)
		for n := range ref {
			if !bytes.Equal(protoutil.BlockHeaderHash(ref[n].Header), protoutil.BlockHeaderHash(other[n].Header)) {
				pn.t.Fatalf("%s block %d differs from %s's", pn.procs[i].name, n, pn.procs[0].name)
			}
		}
	}
	return counts
}

func TestProcessesOrderAndAgree(t *testing.T) {
	pn := startNetwork(t, 10, "100ms")
	var ids []string
	for i := range pn.procs {
		stream, err := ab.NewAtomicBroadcastClient(pn.conns[i]).Broadcast(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for k := 0; k < 20; k++ {
			env := pn.newTx(500)
			if err := stream.Send(env); err != nil {
				t.Fatal(err)
			}
			pl, _ := protoutil.UnmarshalPayload(env)
			ch, _ := protoutil.UnmarshalChannelHeader(pl.Header.ChannelHeader)
			ids = append(ids, ch.TxId)
		}
		for k := 0; k < 20; k++ {
			if resp, err := stream.Recv(); err != nil || resp.Status != common.Status_SUCCESS {
				t.Fatalf("%s: %v %v", pn.procs[i].name, resp, err)
			}
		}
		stream.CloseSend()
	}
	counts := pn.sameChains()
	for _, id := range ids {
		if counts[id] != 1 {
			t.Fatalf("tx %s in %d blocks", id, counts[id])
		}
	}
	// Operations endpoints.
	resp, err := http.Get("http://" + pn.procs[0].ops + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body := new(bytes.Buffer)
	body.ReadFrom(resp.Body)
	resp.Body.Close()
	if !strings.Contains(body.String(), "orderer_blocks_committed_total") {
		t.Fatal("metrics lack orderer_blocks_committed_total")
	}
	for _, path := range []string{"/healthz", "/readyz"} {
		if resp, err := http.Get("http://" + pn.procs[1].ops + path); err != nil || resp.StatusCode != 200 {
			t.Fatalf("%s: %v %v", path, resp, err)
		}
	}
	// Node 0 serves participation only on its mutual-TLS admin listener.
	if ci := pn.info(pn.procs[0]); ci == nil || ci.Name != pn.channel || ci.ConsensusRelation != "consenter" {
		t.Fatalf("admin listener: %+v", ci)
	}
	if resp, err := http.Get("http://" + pn.procs[0].ops + "/participation/v1/channels"); err != nil || resp.StatusCode != http.StatusNotFound {
		t.Fatalf("participation on the plain operations listener of node 0: %v %v", resp, err)
	}
	noCert := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{TLSClientConfig: comm.ClientConfig(nil, pn.adminTLS.RootCAs, "")}}
	if resp, err := noCert.Get("https://" + pn.procs[0].admin + "/participation/v1/channels"); err == nil {
		resp.Body.Close()
		t.Fatalf("admin listener answered a client without certificate: %d", resp.StatusCode)
	}
}

// TestProcessesSurviveLeaderSIGKILL: 10,000 transactions from concurrent
// clients while the leader process is SIGKILLed twice and restarted. Every
// envelope answered SUCCESS is in exactly one block, no tx is duplicated, all
// three processes end with identical chains, and each failover (kill to the
// first new block) takes under 3 s.
func TestProcessesSurviveLeaderSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("long")
	}
	pn := startNetwork(t, 200, "50ms")
	total := *procTxs
	envs := make([]*common.Envelope, total)
	ids := make([]string, total)
	for i := range envs {
		envs[i] = pn.newTx(200)
		pl, _ := protoutil.UnmarshalPayload(envs[i])
		ch, _ := protoutil.UnmarshalChannelHeader(pl.Header.ChannelHeader)
		ids[i] = ch.TxId
	}
	ok := make([]atomic.Bool, total)
	var nOK, nRetry atomic.Int64
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	const workers = 48
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			node := w % 3
			var stream grpc.BidiStreamingClient[common.Envelope, ab.BroadcastResponse]
			var cancelStream context.CancelFunc = func() {}
			defer func() { cancelStream() }()
			for k := w; k < total; k += workers {
				for {
					if ctx.Err() != nil {
						t.Errorf("envelope %d unanswered at timeout", k)
						return
					}
					if stream == nil {
						sctx, c := context.WithTimeout(ctx, 20*time.Second)
						s, err := ab.NewAtomicBroadcastClient(pn.conns[node]).Broadcast(sctx)
						if err != nil {
							c()
							node = (node + 1) % 3
							time.Sleep(50 * time.Millisecond)
							continue
						}
						stream, cancelStream = s, c
					}
					var resp *ab.BroadcastResponse
					err := stream.Send(envs[k])
					if err == nil {
						resp, err = stream.Recv()
					}
					if err == nil && resp.Status == common.Status_SUCCESS {
						ok[k].Store(true)
						nOK.Add(1)
						break
					}
					nRetry.Add(1)
					cancelStream()
					stream = nil
					node = (node + 1) % 3
					time.Sleep(20 * time.Millisecond)
				}
			}
		}(w)
	}
	var failovers []time.Duration
	for _, at := range []int64{int64(total) / 5, int64(total) / 2} {
		for nOK.Load() < at && ctx.Err() == nil {
			time.Sleep(10 * time.Millisecond)
		}
		old := pn.waitLeader(10 * time.Second)
		heights := map[int]uint64{}
		for i := range pn.procs {
			if i != old {
				heights[i] = pn.height(i)
			}
		}
		killed := time.Now()
		pn.kill(pn.procs[old], syscall.SIGKILL)
		for time.Since(killed) < 10*time.Second {
			grown := false
			for i, h := range heights {
				if pn.height(i) > h+1 {
					grown = true
				}
			}
			if grown {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		failovers = append(failovers, time.Since(killed))
		time.Sleep(time.Second) // down for a while: it must catch up after restart
		pn.start(pn.procs[old])
	}
	wg.Wait()
	if t.Failed() {
		for _, p := range pn.procs {
			t.Logf("%s output:\n%s", p.name, p.out)
		}
		return
	}
	counts := pn.sameChains()
	for id, n := range counts {
		if n != 1 {
			t.Fatalf("tx %s in %d blocks", id, n)
		}
	}
	for k := range envs {
		if ok[k].Load() && counts[ids[k]] != 1 {
			t.Fatalf("SUCCESS envelope %d is in %d blocks", k, counts[ids[k]])
		}
	}
	t.Logf("%d SUCCESS, %d retries, failovers %v", nOK.Load(), nRetry.Load(), failovers)
	for _, f := range failovers {
		if f > 3*time.Second {
			t.Errorf("failover took %v, want < 3s", f)
		}
	}
}
