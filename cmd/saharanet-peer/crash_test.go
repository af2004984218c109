package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	pb "github.com/hyperledger/fabric-protos-go-apiv2/peer"
	lb "github.com/hyperledger/fabric-protos-go-apiv2/peer/lifecycle"
	"google.golang.org/grpc"

	"github.com/saharanet/saharanet/network/cryptogen"
	"github.com/saharanet/saharanet/network/e2e"
	"github.com/saharanet/saharanet/network/ledger"
	"github.com/saharanet/saharanet/network/lifecycle"
	"github.com/saharanet/saharanet/network/peer"
	"github.com/saharanet/saharanet/network/peer/endorser"
	"github.com/saharanet/saharanet/network/protoutil"
)

// TestMain lets the test binary act as the peer program, so the crash test
// runs the real main() in a child process without a separate build.
func TestMain(m *testing.M) {
	if os.Getenv("SAHARANET_PEER_TEST_MAIN") == "1" {
		os.Args = []string{"saharanet-peer", "-config", ""}
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// The peer process's listeners, reserved for the whole test process with
// the e2e harness's machine-wide port reservation, so the restarted peer
// binds the same addresses and nothing else takes them in between.
var crashListen, crashOps string

// TestCrashRecovery runs peer1.org1 as a real process next to an in-process
// network, kills it with SIGKILL while valid transactions are committing,
// restarts it and checks that it catches up to the same height and the same
// state fingerprint as its sibling peer0.org1.
func TestCrashRecovery(t *testing.T) {
	var err error
	if crashListen, err = e2e.FreePort(); err != nil {
		t.Fatal(err)
	}
	if crashOps, err = e2e.FreePort(); err != nil {
		t.Fatal(err)
	}
	if testing.Short() {
		t.Skip("starts processes")
	}
	tn := peer.NewTestNetwork(t, peer.WithServices(func(p *peer.TestPeer, s *grpc.Server) {
		pb.RegisterEndorserServer(s, endorser.New(p.Node))
	}))
	dom := "org1.example.com"
	nodeDir := filepath.Join(cryptogen.PeerOrgDir(tn.CryptoDir(), dom), "peers", "peer1."+dom)
	fsPath := filepath.Join(t.TempDir(), "peer1")
	joinDir := filepath.Join(fsPath, "join")
	if err := os.MkdirAll(joinDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(joinDir, tn.ChannelID+".block"), protoutil.MarshalOrPanic(tn.Orderers.Genesis), 0o644); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "SAHARANET_PEER_TEST_MAIN=1",
		"CORE_PEER_ID=peer1."+dom, "CORE_PEER_LISTENADDRESS="+crashListen, "CORE_PEER_ADDRESS="+crashListen,
		"CORE_PEER_MSPCONFIGPATH="+filepath.Join(nodeDir, "msp"), "CORE_PEER_LOCALMSPID=Org1MSP",
		"CORE_PEER_TLS_CERT_FILE="+filepath.Join(nodeDir, "tls", "server.crt"),
		"CORE_PEER_TLS_KEY_FILE="+filepath.Join(nodeDir, "tls", "server.key"),
		"CORE_PEER_TLS_ROOTCERT_FILE="+filepath.Join(nodeDir, "tls", "ca.crt"),
		"CORE_PEER_FILESYSTEMPATH="+fsPath, "CORE_OPERATIONS_LISTENADDRESS="+crashOps, "CORE_LOGGING_LEVEL=warn")
	var logs bytes.Buffer
	var logMu sync.Mutex
	start := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = env
		pr, pw, _ := os.Pipe()
		cmd.Stdout, cmd.Stderr = pw, pw
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		pw.Close()
		go func() {
			sc := bufio.NewScanner(pr)
			for sc.Scan() {
				logMu.Lock()
				logs.WriteString(sc.Text() + "\n")
				logMu.Unlock()
			}
		}()
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		return cmd
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Second)
	defer cancel()
	proc := start()
	if !waitHTTP(ctx, "http://"+crashOps+"/readyz") {
		logMu.Lock()
		t.Fatalf("peer never became ready; logs:\n%s", logs.String())
	}

	// Load: org1 admin approvals of distinct chaincode names, each a valid
	// transaction writing hashed private state in _lifecycle.
	admin := tn.Identity("org1", "Admin")
	endorserClient := pb.NewEndorserClient(tn.Dial(tn.Peer("org1", 0), "org1", "Admin"))
	loadCtx, stopLoad := context.WithCancel(ctx)
	var sent int
	loadDone := make(chan struct{})
	go func() {
		defer close(loadDone)
		for i := 0; loadCtx.Err() == nil; i++ {
			def := &lb.ApproveChaincodeDefinitionForMyOrgArgs{Name: fmt.Sprintf("cc%d", i), Version: "1", Sequence: 1}
			sp, _, err := protoutil.CreateSignedProposal(admin, tn.ChannelID, lifecycle.Namespace,
				[][]byte{[]byte(lifecycle.FuncApprove), protoutil.MarshalOrPanic(def)}, nil)
			if err != nil {
				return
			}
			pr, err := endorserClient.ProcessProposal(loadCtx, sp)
			if err != nil || pr.Response.Status != 200 {
				continue
			}
			up, _ := protoutil.UnpackProposal(sp)
			e, err := protoutil.CreateEnvelope(up, pr)
			if err != nil || protoutil.SignEnvelope(e, admin) != nil {
				continue
			}
			if tn.Broadcast(loadCtx, e) == nil {
				sent++
			}
		}
	}()
	time.Sleep(1500 * time.Millisecond)
	if err := proc.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	proc.Wait()
	killedAt := tn.Peer("org1", 0).Channel(tn.ChannelID).Ledger().Height()
	time.Sleep(1 * time.Second)
	proc = start()
	time.Sleep(1 * time.Second)
	stopLoad()
	<-loadDone
	if sent < 10 {
		t.Fatalf("only %d transactions were submitted", sent)
	}
	// Wait until the orderers are quiet and the sibling has everything.
	var h uint64
	for {
		h = tn.Orderers.Chain(0).Height()
		time.Sleep(500 * time.Millisecond)
		if tn.Orderers.Chain(0).Height() == h {
			break
		}
	}
	tn.WaitForHeight(h, 10*time.Second)
	if h <= killedAt {
		t.Fatalf("no blocks were committed after the kill (height %d, killed at %d)", h, killedAt)
	}
	for {
		if got := metricHeight(t, ctx, tn.ChannelID); got >= h {
			break
		}
		if ctx.Err() != nil {
			logMu.Lock()
			t.Fatalf("restarted peer did not catch up to %d; logs:\n%s", h, logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	proc.Process.Signal(syscall.SIGTERM)
	proc.Wait()

	l, err := ledger.Open(filepath.Join(fsPath, "ledgers", tn.ChannelID))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	sib := tn.Peer("org1", 0).Channel(tn.ChannelID).Ledger()
	got, err := l.StateFingerprint()
	if err != nil {
		t.Fatal(err)
	}
	want, err := sib.StateFingerprint()
	if err != nil {
		t.Fatal(err)
	}
	if l.Height() != sib.Height() || !bytes.Equal(got, want) {
		t.Fatalf("restarted peer: height %d fingerprint %x; sibling: height %d fingerprint %x", l.Height(), got, sib.Height(), want)
	}
	valid := 0
	for n := uint64(1); n < l.Height(); n++ {
		b, _ := l.BlockByNumber(n)
		for _, f := range protoutil.TxValidationFlags(b) {
			if pb.TxValidationCode(f) == pb.TxValidationCode_VALID {
				valid++
			}
		}
	}
	if valid < 10 {
		t.Fatalf("only %d valid transactions committed", valid)
	}
	t.Logf("submitted %d approvals, %d valid txs in %d blocks; killed at height %d", sent, valid, l.Height(), killedAt)
}

func waitHTTP(ctx context.Context, url string) bool {
	for {
		resp, err := http.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return true
			}
		}
		if ctx.Err() != nil {
			return false
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func metricHeight(t *testing.T, ctx context.Context, channel string) uint64 {
	resp, err := http.Get("http://" + crashOps + "/metrics")
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	prefix := `saharanet_ledger_blockchain_height{channel="` + channel + `"} `
	for sc.Scan() {
		if line := sc.Text(); strings.HasPrefix(line, prefix) {
			f, _ := strconv.ParseFloat(strings.TrimPrefix(line, prefix), 64)
			return uint64(f)
		}
	}
	return 0
}
