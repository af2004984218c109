package endorser

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	pb "github.com/hyperledger/fabric-protos-go-apiv2/peer"

	"github.com/saharanet/saharanet/network/chaincode"
	"github.com/saharanet/saharanet/network/channelconfig"
	"github.com/saharanet/saharanet/network/cryptogen"
	"github.com/saharanet/saharanet/network/ledger"
	"github.com/saharanet/saharanet/network/lifecycle"
	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/protoutil"
	"github.com/saharanet/saharanet/network/simulation"
)

const testChannel = "mychannel"

// fixture is one peer of Org1 on a real channel config (cryptogen material,
// genesis block, MSP manager and policies) with a real Pebble ledger.
type fixture struct {
	t        testing.TB
	pvt      *recordingPvt
	crypto   string
	bundle   *channelconfig.Bundle
	ledger   *ledger.Ledger
	ch       *fakeChannel
	backend  *fakeBackend
	exec     *fakeExec
	endorser *Endorser
	user1    msp.SigningIdentity // Org1 client
	user2    msp.SigningIdentity // Org2 client
	peer1    msp.SigningIdentity // Org1 peer (not a Writer)
	foreign  msp.SigningIdentity // client of an org that is not on the channel
}

type fakeChannel struct {
	id   string
	l    *ledger.Ledger
	b    *channelconfig.Bundle
	mu   sync.Mutex
	defs map[string]*lifecycle.Definition
}

func (c *fakeChannel) ID() string                    { return c.id }
func (c *fakeChannel) Ledger() *ledger.Ledger        { return c.l }
func (c *fakeChannel) Bundle() *channelconfig.Bundle { return c.b }
func (c *fakeChannel) Definition(name string) (*lifecycle.Definition, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if d, ok := c.defs[name]; ok {
		return d, nil
	}
	return nil, fmt.Errorf("chaincode %s: not defined", name)
}

type fakeBackend struct {
	ch     *fakeChannel
	signer msp.SigningIdentity
}

func (b *fakeBackend) Channel(id string) (Channel, bool) {
	if id != b.ch.id {
		return nil, false
	}
	return b.ch, true
}
func (b *fakeBackend) Signer() msp.SigningIdentity { return b.signer }

// fakeExec stands in for the shim runtime: args[0] selects a behaviour that
// drives the simulator the way a chaincode's requests would.
type fakeExec struct {
	calls atomic.Int64
}

func (f *fakeExec) Execute(_ context.Context, inv chaincode.Invocation) (*pb.Response, *pb.ChaincodeEvent, error) {
	f.calls.Add(1)
	args := inv.Input.GetArgs()
	sim := inv.Simulator
	switch string(args[0]) {
	case "put":
		if err := sim.SetState(inv.Chaincode, string(args[1]), args[2]); err != nil {
			return nil, nil, err
		}
		return &pb.Response{Status: 200, Payload: []byte("ok")}, &pb.ChaincodeEvent{EventName: "put", Payload: args[1]}, nil
	case "get":
		v, err := sim.GetState(inv.Chaincode, string(args[1]))
		if err != nil {
			return nil, nil, err
		}
		return &pb.Response{Status: 200, Payload: v}, nil, nil
	case "putpvt":
		if err := sim.SetPrivateData(inv.Chaincode, string(args[1]), string(args[2]), args[3]); err != nil {
			return &pb.Response{Status: 500, Message: err.Error()}, nil, nil
		}
		return &pb.Response{Status: 200}, nil, nil
	case "status":
		var st int32
		fmt.Sscan(string(args[1]), &st)
		_ = sim.SetState(inv.Chaincode, "touched", []byte("1"))
		return &pb.Response{Status: st, Message: "chaincode says " + string(args[1]), Payload: []byte("p")}, nil, nil
	case "fail":
		return nil, nil, errors.New("transaction returned with failure: boom")
	case "init":
		return &pb.Response{Status: 200, Payload: []byte(fmt.Sprint(inv.Input.GetIsInit()))}, nil, nil
	}
	return &pb.Response{Status: 500, Message: "unknown function " + string(args[0])}, nil, nil
}

type lifecycleFake struct{ calls atomic.Int64 }

func (l *lifecycleFake) Invoke(sim *simulation.TxSimulator, creator msp.Identity, _ *pb.SignedProposal, args [][]byte, _ *channelconfig.Bundle) *pb.Response {
	l.calls.Add(1)
	if err := sim.SetState(lifecycle.Namespace, "approved/"+creator.MSPID(), args[0]); err != nil {
		return &pb.Response{Status: 500, Message: err.Error()}
	}
	return &pb.Response{Status: 200}
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func newFixture(t testing.TB, opts ...Option) *fixture {
	t.Helper()
	dir := t.TempDir()
	crypto := filepath.Join(dir, "organizations")
	if err := cryptogen.Generate(cryptogen.TestNetworkConfig("org1", "org2", "org3"), crypto); err != nil {
		t.Fatal(err)
	}
	genesis, err := channelconfig.GenesisBlock(testProfile(crypto, []string{"org1", "org2"}), testChannel)
	if err != nil {
		t.Fatal(err)
	}
	bundle, err := channelconfig.NewBundleFromBlock(genesis)
	if err != nil {
		t.Fatal(err)
	}
	l, err := ledger.Open(filepath.Join(dir, "ledger"), ledger.WithLogger(quiet()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.Close() })
	protoutil.SetTxValidationFlags(genesis, []byte{byte(pb.TxValidationCode_VALID)})
	if err := l.Commit(genesis, nil); err != nil {
		t.Fatal(err)
	}
	load := func(org, kind, name, mspID string) msp.SigningIdentity {
		d := filepath.Join(cryptogen.PeerOrgDir(crypto, org+".example.com"), kind, name+"."+org+".example.com", "msp")
		if kind == "users" {
			d = filepath.Join(cryptogen.PeerOrgDir(crypto, org+".example.com"), kind, name+"@"+org+".example.com", "msp")
		}
		id, err := msp.LoadSigningIdentity(d, mspID)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	f := &fixture{t: t, crypto: crypto, bundle: bundle, ledger: l, exec: &fakeExec{},
		user1: load("org1", "users", "User1", "Org1MSP"), user2: load("org2", "users", "User1", "Org2MSP"),
		peer1: load("org1", "peers", "peer1", "Org1MSP"), foreign: load("org3", "users", "User1", "Org3MSP")}
	f.ch = &fakeChannel{id: testChannel, l: l, b: bundle, defs: map[string]*lifecycle.Definition{
		"basic": {Name: "basic", Version: "1.0", Sequence: 1, PackageID: "basic_1.0:abc"},
	}}
	f.backend = &fakeBackend{ch: f.ch, signer: load("org1", "peers", "peer0", "Org1MSP")}
	f.pvt = &recordingPvt{byTx: map[string]*PrivateData{}}
	f.endorser = NewWithBackend(f.backend, f.exec, append([]Option{WithLogger(quiet()), WithPrivateDataHandler(f.pvt)}, opts...)...)
	return f
}

func (f *fixture) proposal(s protoutil.Signer, channel, cc string, args ...string) (*pb.SignedProposal, string) {
	f.t.Helper()
	bargs := make([][]byte, len(args))
	for i, a := range args {
		bargs[i] = []byte(a)
	}
	sp, txid, err := protoutil.CreateSignedProposal(s, channel, cc, bargs, nil)
	if err != nil {
		f.t.Fatal(err)
	}
	return sp, txid
}

// commitTx commits an endorsed proposal response as the next block, with its
// writes applied, the way the committer would for a valid transaction.
func (f *fixture) commitTx(sp *pb.SignedProposal, resp *pb.ProposalResponse, writes ...ledger.Write) {
	f.t.Helper()
	up, err := protoutil.UnpackProposal(sp)
	if err != nil {
		f.t.Fatal(err)
	}
	env, err := protoutil.CreateEnvelope(up, resp)
	if err != nil {
		f.t.Fatal(err)
	}
	raw := protoutil.MarshalOrPanic(env)
	n := f.ledger.Height()
	b := protoutil.NewBlock(n, f.ledger.LastBlockHash(), [][]byte{raw})
	protoutil.SetTxValidationFlags(b, []byte{byte(pb.TxValidationCode_VALID)})
	for i := range writes {
		writes[i].Version = ledger.Height{BlockNum: n}
	}
	if err := f.ledger.Commit(b, &ledger.UpdateBatch{Public: writes}); err != nil {
		f.t.Fatal(err)
	}
}

var _ = common.HeaderType_ENDORSER_TRANSACTION

// recordingPvt is a PrivateDataHandler keeping what it is given.
type recordingPvt struct {
	mu   sync.Mutex
	byTx map[string]*PrivateData
}

func (r *recordingPvt) HandlePrivateData(_ context.Context, pd *PrivateData) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.byTx[pd.TxID] = pd
	return nil
}

func (r *recordingPvt) Get(txid string) (*PrivateData, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	pd, ok := r.byTx[txid]
	return pd, ok
}
