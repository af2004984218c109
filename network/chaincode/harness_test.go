package chaincode

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"io"
	"log/slog"
	"math/big"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hyperledger/fabric-chaincode-go/v2/shim"
	"github.com/hyperledger/fabric-protos-go-apiv2/msp"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/chaincode/internal/testcc"
	"github.com/saharanet/saharanet/network/ledger"
	"github.com/saharanet/saharanet/network/protoutil"
	"github.com/saharanet/saharanet/network/simulation"
)

// testSigner is a throwaway ECDSA identity with a self-signed certificate.
type testSigner struct {
	key        *ecdsa.PrivateKey
	serialized []byte
}

func newTestSigner(t testing.TB) *testSigner {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "user1", Organization: []string{"Org1"}},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	ser, err := proto.Marshal(&msp.SerializedIdentity{Mspid: "Org1MSP", IdBytes: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})})
	if err != nil {
		t.Fatal(err)
	}
	return &testSigner{key: key, serialized: ser}
}

func (s *testSigner) Serialize() []byte { return s.serialized }

func (s *testSigner) Sign(msg []byte) ([]byte, error) {
	d := sha256.Sum256(msg)
	r, sv, err := ecdsa.Sign(rand.Reader, s.key, d[:])
	if err != nil {
		return nil, err
	}
	n := s.key.Curve.Params().N
	if sv.Cmp(new(big.Int).Rsh(n, 1)) > 0 {
		sv.Sub(n, sv)
	}
	return asn1.Marshal(struct{ R, S *big.Int }{r, sv})
}

var collections = simulation.StaticCollections{
	"testcc": {"pvt": simulation.NewPermission(true, true, true), "others": simulation.NewPermission(false, true, true)},
}

// env is one peer runtime with committed state that transactions apply to.
type env struct {
	t       testing.TB
	sup     *Support
	state   *simulation.InmemState
	signer  *testSigner
	block   atomic.Uint64
	history HistoryQuerier
}

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func newEnv(t testing.TB, opts ...Option) *env {
	opts = append([]Option{WithLogger(quietLogger()), WithConnectTimeout(5 * time.Second)}, opts...)
	return &env{t: t, sup: New(opts...), state: simulation.NewInmemState(), signer: newTestSigner(t)}
}

type txResult struct {
	resp    *peer.Response
	event   *peer.ChaincodeEvent
	results *simulation.Results
	txid    string
	err     error
}

// invoke executes fn(args) on chaincode cc and, when it succeeds, commits the
// results at the next block.
func (e *env) invoke(cc, fn string, args []string, transient map[string][]byte) txResult {
	e.t.Helper()
	return e.run(cc, fn, args, transient, false)
}

func (e *env) run(cc, fn string, args []string, transient map[string][]byte, isInit bool) txResult {
	e.t.Helper()
	return e.runPkg(cc, "", fn, args, transient, isInit)
}

// invokePkg executes on a chaincode registered under a package id.
func (e *env) invokePkg(cc, pkg, fn string, args ...string) txResult {
	e.t.Helper()
	return e.runPkg(cc, pkg, fn, args, nil, false)
}

func (e *env) runPkg(cc, pkg, fn string, args []string, transient map[string][]byte, isInit bool) txResult {
	e.t.Helper()
	bargs := [][]byte{[]byte(fn)}
	for _, a := range args {
		bargs = append(bargs, []byte(a))
	}
	sp, txid, err := protoutil.CreateSignedProposal(e.signer, "mychannel", cc, bargs, transient)
	if err != nil {
		e.t.Fatal(err)
	}
	sim := simulation.New(e.state, txid, simulation.WithCollectionAccess(collections))
	resp, ev, err := e.sup.Execute(context.Background(), Invocation{
		Channel: "mychannel", TxID: txid, Chaincode: cc, PackageID: pkg, SignedProposal: sp,
		Input: &peer.ChaincodeInput{Args: bargs, IsInit: isInit}, Simulator: sim, History: e.history,
	})
	out := txResult{resp: resp, event: ev, txid: txid, err: err}
	if err != nil {
		sim.Done()
		return out
	}
	res, rerr := sim.Results()
	if rerr != nil {
		e.t.Fatal(rerr)
	}
	out.results = res
	if resp.GetStatus() == 200 {
		if err := e.state.Apply(res, ledger.Height{BlockNum: e.block.Add(1)}); err != nil {
			e.t.Fatal(err)
		}
	}
	return out
}

func (e *env) ok(cc, fn string, args ...string) txResult {
	e.t.Helper()
	r := e.invoke(cc, fn, args, nil)
	if r.err != nil {
		e.t.Fatalf("%s(%v): %v", fn, args, r.err)
	}
	if r.resp.GetStatus() != 200 {
		e.t.Fatalf("%s(%v): status %d: %s", fn, args, r.resp.GetStatus(), r.resp.GetMessage())
	}
	return r
}

// peerServer serves ChaincodeSupport on a loopback port.
func (e *env) peerServer() string {
	e.t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		e.t.Fatal(err)
	}
	srv := grpc.NewServer(ServerOptions()...)
	peer.RegisterChaincodeSupportServer(srv, e.sup)
	go srv.Serve(lis)
	e.t.Cleanup(srv.Stop)
	return lis.Addr().String()
}

// dialIn runs the contract with the real shim as a dial-in chaincode in this
// process: shim.StartInProc over a real gRPC Register stream. The returned
// function kills it (the stream is cancelled as if the process died).
func dialIn(t testing.TB, addr, id string) (kill func()) {
	t.Helper()
	cc, err := testcc.New()
	if err != nil {
		t.Fatal(err)
	}
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	stream, err := peer.NewChaincodeSupportClient(conn).Register(ctx)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = shim.StartInProc(id, stream, cc)
	}()
	var once sync.Once
	kill = func() {
		once.Do(func() {
			cancel()
			conn.Close()
			<-done
		})
	}
	t.Cleanup(kill)
	return kill
}

// ccaasServer serves the contract as chaincode-as-a-service with the shim's
// ChaincodeServer as the Chaincode service implementation, on a listener we
// control so tests can stop it.
func ccaasServer(t testing.TB, lis net.Listener, id string) (stop func()) {
	t.Helper()
	cc, err := testcc.New()
	if err != nil {
		t.Fatal(err)
	}
	cs := &shim.ChaincodeServer{CCID: id, Address: lis.Addr().String(), CC: cc, TLSProps: shim.TLSProperties{Disabled: true}}
	srv := grpc.NewServer()
	peer.RegisterChaincodeServer(srv, cs)
	go srv.Serve(lis)
	t.Cleanup(srv.Stop)
	return srv.Stop
}

func ledgerHeight(b uint64) ledger.Height { return ledger.Height{BlockNum: b} }
