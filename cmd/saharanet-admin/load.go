package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/hyperledger/fabric-gateway/pkg/client"
	"github.com/hyperledger/fabric-gateway/pkg/identity"

	"github.com/saharanet/saharanet/network/comm"
	"github.com/saharanet/saharanet/network/config"
	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/peer/gateway/loadgen"
)

func init() {
	register("load", "drive transactions through a peer's Gateway and report tx/s and latency percentiles", runLoad)
}

const loadUsage = `usage: saharanet-admin load --peer=HOST:PORT --msp-dir=DIR --msp-id=ID [--tls-ca=FILE ...] [flags]

Drives the fabric-gateway client against one peer at a fixed concurrency, in
the spirit of tape and Caliper, and prints throughput and p50/p95/p99
latency: submit→commit for --mode=submit, per query for --mode=evaluate.

  saharanet-admin load --peer=127.0.0.1:7051 --channel=mychannel --chaincode=basic \
    --msp-id=Org1MSP --msp-dir=organizations/peerOrganizations/org1.example.com/users/User1@org1.example.com/msp \
    --tls-ca=organizations/peerOrganizations/org1.example.com/tlsca/tlsca.org1.example.com-cert.pem \
    --tls-cert=.../users/User1@org1.example.com/tls/client.crt --tls-key=.../client.key \
    --concurrency=64 --count=20000

With --commit=events, submit learns of commits from one filtered-block event
stream, as tape does, instead of a CommitStatus call per transaction: the
client signs two messages per transaction instead of three.

Arguments are comma-separated; {id} becomes a unique key per transaction and
{seed} one shared key (created first with CreateAsset in evaluate mode).
`

func runLoad(args []string) error {
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(os.Stderr, loadUsage); fs.PrintDefaults() }
	peerAddr := fs.String("peer", "", "peer gateway endpoint host:port (required)")
	serverName := fs.String("server-name", "", "TLS server name to verify (default: the host of --peer)")
	var tlsCAs multiFlag
	fs.Var(&tlsCAs, "tls-ca", "PEM file of a CA for the peer's TLS certificate (repeatable); none means plaintext")
	tlsCert := fs.String("tls-cert", "", "client TLS certificate for mutual TLS")
	tlsKey := fs.String("tls-key", "", "client TLS key for mutual TLS")
	mspDir := fs.String("msp-dir", "", "client MSP folder with signcerts and keystore (required)")
	mspID := fs.String("msp-id", "", "client MSP ID, e.g. Org1MSP (required)")
	channel := fs.String("channel", "mychannel", "channel name")
	chaincode := fs.String("chaincode", "basic", "chaincode name")
	mode := fs.String("mode", "submit", "submit (endorse, order, wait for commit) or evaluate")
	fn := fs.String("fn", "", "transaction name (default CreateAsset for submit, ReadAsset for evaluate)")
	txArgs := fs.String("args", "", "comma-separated arguments (default {id},load,1 for submit, {seed} for evaluate)")
	concurrency := fs.Int("concurrency", 64, "transactions in flight")
	count := fs.Int("count", 0, "total transactions (0: run for --duration)")
	duration := fs.Duration("duration", 0, "how long to run when --count is 0")
	conns := fs.Int("connections", 4, "gRPC connections to open to the peer")
	prefix := fs.String("prefix", "", "key prefix for {id} and {seed} (default: load-<start time>)")
	timeout := fs.Duration("timeout", time.Minute, "per-transaction timeout for each gateway call")
	commitVia := fs.String("commit", "status", "how submit learns of commits: status (a CommitStatus call per transaction, as the fabric-gateway client's Submit does) or events (one filtered-block event stream for all, as tape does)")
	cpuProfile := fs.String("cpuprofile", "", "write the load client's own CPU profile of the run to this file")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	switch {
	case *peerAddr == "" || *mspDir == "" || *mspID == "":
		return errors.New("--peer, --msp-dir and --msp-id are required (see -h)")
	case *count <= 0 && *duration <= 0:
		return errors.New("set --count or --duration")
	case *conns < 1:
		return errors.New("--connections must be at least 1")
	case (*tlsCert == "") != (*tlsKey == ""):
		return errors.New("--tls-cert and --tls-key go together")
	case *commitVia != "status" && *commitVia != "events":
		return fmt.Errorf("--commit=%s: want status or events", *commitVia)
	}
	m := loadgen.Mode(*mode)
	if *fn == "" {
		*fn = map[loadgen.Mode]string{loadgen.Submit: "CreateAsset", loadgen.Evaluate: "ReadAsset"}[m]
	}
	if *txArgs == "" {
		*txArgs = map[loadgen.Mode]string{loadgen.Submit: "{id},load,1", loadgen.Evaluate: "{seed}"}[m]
	}
	if *prefix == "" {
		*prefix = fmt.Sprintf("load-%d", time.Now().UnixNano())
	}
	// The generator usually shares the machine with the network it drives:
	// the nodes' GC setting leaves more of the CPU to them.
	config.TuneGC()

	signer, err := msp.LoadSigningIdentity(*mspDir, *mspID)
	if err != nil {
		return fmt.Errorf("client identity: %w", err)
	}
	pk, ok := signer.(msp.PrivateKeyIdentity)
	if !ok {
		return errors.New("client identity does not expose its private key")
	}
	id, err := identity.NewX509Identity(signer.MSPID(), signer.Certificate())
	if err != nil {
		return err
	}
	sign, err := identity.NewPrivateKeySign(pk.PrivateKey())
	if err != nil {
		return err
	}
	tlsConf, err := loadTLS(tlsCAs, *tlsCert, *tlsKey, *serverName)
	if err != nil {
		return err
	}
	var contracts []*client.Contract
	var commits *client.Network
	for i := 0; i < *conns; i++ {
		conn, err := comm.Dial(*peerAddr, tlsConf)
		if err != nil {
			return fmt.Errorf("dial %s: %w", *peerAddr, err)
		}
		defer conn.Close()
		gw, err := client.Connect(id, client.WithSign(sign), client.WithClientConnection(conn),
			client.WithEvaluateTimeout(*timeout), client.WithEndorseTimeout(*timeout),
			client.WithSubmitTimeout(*timeout), client.WithCommitStatusTimeout(*timeout))
		if err != nil {
			return err
		}
		defer gw.Close()
		contracts = append(contracts, gw.GetNetwork(*channel).GetContract(*chaincode))
		if *commitVia == "events" && commits == nil {
			commits = gw.GetNetwork(*channel)
		}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if m == loadgen.Evaluate && strings.Contains(*txArgs, "{seed}") {
		seed := loadgen.Template("{seed}", *prefix)(0)[0]
		if _, err := contracts[0].SubmitWithContext(ctx, "CreateAsset", client.WithArguments(seed, "load", "1")); err != nil {
			return fmt.Errorf("create seed asset %s: %w", seed, err)
		}
	}
	fmt.Fprintf(os.Stderr, "load: %s %s on %s/%s via %s, concurrency %d\n", m, *fn, *channel, *chaincode, *peerAddr, *concurrency)
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	res, err := loadgen.Run(ctx, loadgen.Config{
		Mode: m, Concurrency: *concurrency, Count: *count, Duration: *duration,
		Function: *fn, Args: loadgen.Template(*txArgs, *prefix), Contracts: contracts, Commits: commits,
	})
	if err != nil {
		return err
	}
	fmt.Print(res.String())
	if res.OK == 0 {
		return errors.New("no transaction succeeded")
	}
	return nil
}

func loadTLS(cas []string, cert, key, serverName string) (*tls.Config, error) {
	if len(cas) == 0 {
		if cert != "" {
			return nil, errors.New("--tls-cert needs --tls-ca")
		}
		return nil, nil
	}
	pool, err := comm.LoadCertPool(cas...)
	if err != nil {
		return nil, fmt.Errorf("TLS CAs: %w", err)
	}
	if cert == "" {
		return comm.ClientConfig(nil, pool, serverName), nil
	}
	nt, err := comm.LoadTLS(cert, key)
	if err != nil {
		return nil, fmt.Errorf("client TLS: %w", err)
	}
	return comm.ClientConfig(&nt.Certificate, pool, serverName), nil
}

// multiFlag collects a repeatable string flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }
