package peer_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hyperledger/fabric-chaincode-go/v2/shim"
	pb "github.com/hyperledger/fabric-protos-go-apiv2/peer"
	lb "github.com/hyperledger/fabric-protos-go-apiv2/peer/lifecycle"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/saharanet/saharanet/network/e2e"
	"github.com/saharanet/saharanet/network/lifecycle"
	"github.com/saharanet/saharanet/network/peer"
	"github.com/saharanet/saharanet/network/peer/endorser"
	"github.com/saharanet/saharanet/network/policy"
	"github.com/saharanet/saharanet/network/protoutil"
)

// pkgChaincode is one org's build of a chaincode: the same behaviour under
// its own package id, counting the invocations it serves.
type pkgChaincode struct {
	pkg   string
	calls atomic.Int64
}

func (c *pkgChaincode) Init(shim.ChaincodeStubInterface) *pb.Response { return shim.Success(nil) }

func (c *pkgChaincode) Invoke(stub shim.ChaincodeStubInterface) *pb.Response {
	c.calls.Add(1)
	fn, args := stub.GetFunctionAndParameters()
	switch {
	case fn == "put" && len(args) == 2:
		if err := stub.PutState(args[0], []byte(args[1])); err != nil {
			return shim.Error(err.Error())
		}
		return shim.Success([]byte("ok"))
	case fn == "package":
		return shim.Success([]byte(c.pkg))
	}
	return shim.Error("unknown function " + fn)
}

// startPackage runs cc as a chaincode-as-a-service (its shim server cannot
// be stopped; it ends with the test binary) and returns its address.
func startPackage(t *testing.T, cc *pkgChaincode) string {
	t.Helper()
	return e2e.ServeChaincode(t, cc.pkg, cc)
}

// TestLifecyclePerOrgPackages: Org1 and Org2 approve the same definition
// with different package ids (each org's own chaincode-as-a-service
// build); each org's peer runs its own package, and a transaction endorsed
// by both commits VALID. Org1 then re-approves the committed sequence with
// a third package and its peer switches to it without a new sequence;
// Org2 withdrawing its package makes its peer refuse, with a clear error.
func TestLifecyclePerOrgPackages(t *testing.T) {
	pkgA := &pkgChaincode{pkg: "basic_1.0:org1-a"}
	pkgB := &pkgChaincode{pkg: "basic_1.0:org2-b"}
	pkgC := &pkgChaincode{pkg: "basic_1.1:org1-c"}
	addr := map[*pkgChaincode]string{}
	for _, cc := range []*pkgChaincode{pkgA, pkgB, pkgC} {
		addr[cc] = startPackage(t, cc)
	}
	// Each org's peers know only their own org's packages.
	installed := map[string][]*pkgChaincode{"org1": {pkgA, pkgC}, "org2": {pkgB}}
	tn := peer.NewTestNetwork(t, peer.WithServices(func(tp *peer.TestPeer, s *grpc.Server) {
		pb.RegisterEndorserServer(s, endorser.New(tp.Node))
		for _, cc := range installed[tp.Org] {
			tp.Node.Chaincodes().AddExternal(cc.pkg, addr[cc], grpc.WithTransportCredentials(insecure.NewCredentials()))
		}
	}))
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	c := lcClient{t: t, tn: tn}
	org1, org2 := tn.Peer("org1", 0), tn.Peer("org2", 0)
	admin1, admin2 := tn.Identity("org1", "Admin"), tn.Identity("org2", "Admin")
	ap, err := policy.ParseApplicationPolicy("AND('Org1MSP.peer','Org2MSP.peer')")
	if err != nil {
		t.Fatal(err)
	}
	def := func(pkg string) *lb.ApproveChaincodeDefinitionForMyOrgArgs {
		d := &lb.ApproveChaincodeDefinitionForMyOrgArgs{Name: "basic", Version: "1.0", Sequence: 1,
			ValidationParameter: protoutil.MarshalOrPanic(ap)}
		if pkg != "" {
			d.Source = &lb.ChaincodeSource{Type: &lb.ChaincodeSource_LocalPackage{LocalPackage: &lb.ChaincodeSource_Local{PackageId: pkg}}}
		}
		return d
	}

	if code := c.submit(ctx, admin1, "org1", lifecycle.FuncApprove, def(pkgA.pkg), org1); code != pb.TxValidationCode_VALID {
		t.Fatalf("org1 approval: %v", code)
	}
	if code := c.submit(ctx, admin2, "org2", lifecycle.FuncApprove, def(pkgB.pkg), org2); code != pb.TxValidationCode_VALID {
		t.Fatalf("org2 approval: %v", code)
	}
	if code := c.submit(ctx, admin1, "org1", lifecycle.FuncCommit, def(""), org1, org2); code != pb.TxValidationCode_VALID {
		t.Fatalf("commit: %v", code)
	}
	wantRuns := func(tp *peer.TestPeer, cc *pkgChaincode) {
		t.Helper()
		if id, err := tp.Node.ResolvePackageID(tn.ChannelID, "basic"); err != nil || id != cc.pkg {
			t.Fatalf("%s: ResolvePackageID = %q, %v; want %q", tp.Name, id, err, cc.pkg)
		}
		pr := invoke(t, ctx, tn, tp, "package")
		if pr.Response.Status != 200 || string(pr.Response.Payload) != cc.pkg {
			t.Fatalf("%s: package query answered %d %q %q; want %q", tp.Name, pr.Response.Status, pr.Response.Payload, pr.Response.Message, cc.pkg)
		}
	}
	wantRuns(org1, pkgA)
	wantRuns(org2, pkgB)

	// A transaction endorsed by both orgs' peers, each running its own
	// package, commits VALID.
	put := func(key string) {
		t.Helper()
		a, b, cc := pkgA.calls.Load(), pkgB.calls.Load(), pkgC.calls.Load()
		if code := submitInvoke(t, ctx, tn, key, org1, org2); code != pb.TxValidationCode_VALID {
			t.Fatalf("put %s endorsed by both orgs: %v", key, code)
		}
		for _, tp := range tn.Peers {
			if v, err := tp.Channel(tn.ChannelID).Ledger().GetState("basic", key); err != nil || v == nil || string(v.Value) != "v-"+key {
				t.Errorf("%s: state of %s = %v, %v", tp.Name, key, v, err)
			}
		}
		t.Logf("put %s: calls A %d→%d, B %d→%d, C %d→%d", key, a, pkgA.calls.Load(), b, pkgB.calls.Load(), cc, pkgC.calls.Load())
	}
	a0, b0, c0 := pkgA.calls.Load(), pkgB.calls.Load(), pkgC.calls.Load()
	put("k1")
	if pkgA.calls.Load() != a0+1 || pkgB.calls.Load() != b0+1 || pkgC.calls.Load() != c0 {
		t.Errorf("calls after k1: A %d, B %d, C %d; want %d, %d, %d", pkgA.calls.Load(), pkgB.calls.Load(), pkgC.calls.Load(), a0+1, b0+1, c0)
	}

	// Org1 re-approves the committed sequence with a third package; a
	// changed parameter is refused at endorsement.
	changed := def(pkgC.pkg)
	changed.Version = "1.1"
	sp, _ := c.proposal(admin1, lifecycle.FuncApprove, changed)
	if pr := c.endorse(ctx, org1, "org1", sp); pr.Response.Status == 200 || !strings.Contains(pr.Response.Message, "attempted to redefine the current committed sequence (1)") {
		t.Fatalf("re-approval with a new version: %d %s", pr.Response.Status, pr.Response.Message)
	}
	if code := c.submit(ctx, admin1, "org1", lifecycle.FuncApprove, def(pkgC.pkg), org1); code != pb.TxValidationCode_VALID {
		t.Fatalf("org1 re-approval: %v", code)
	}
	for _, tp := range tn.Peers {
		if d, err := tp.Channel(tn.ChannelID).Definition("basic"); err != nil || d.Sequence != 1 {
			t.Fatalf("%s: definition after re-approval: %+v, %v", tp.Name, d, err)
		}
	}
	wantRuns(org1, pkgC)
	wantRuns(org2, pkgB)
	a1, b1, c1 := pkgA.calls.Load(), pkgB.calls.Load(), pkgC.calls.Load()
	put("k2")
	if pkgA.calls.Load() != a1 || pkgB.calls.Load() != b1+1 || pkgC.calls.Load() != c1+1 {
		t.Errorf("calls after k2: A %d, B %d, C %d; want %d, %d, %d", pkgA.calls.Load(), pkgB.calls.Load(), pkgC.calls.Load(), a1, b1+1, c1+1)
	}

	// Org2 withdraws its package: its peer refuses to endorse, naming
	// channel, chaincode, sequence and org; Org1's peer still runs.
	if code := c.submit(ctx, admin2, "org2", lifecycle.FuncApprove, def(""), org2); code != pb.TxValidationCode_VALID {
		t.Fatalf("org2 re-approval without a package: %v", code)
	}
	pr := invoke(t, ctx, tn, org2, "package")
	for _, want := range []string{`channel "` + tn.ChannelID + `"`, `chaincode "basic"`, "sequence 1", "Org2MSP", "without a package id"} {
		if pr.Response.Status == 200 || !strings.Contains(pr.Response.Message, want) {
			t.Errorf("org2 endorsement without a package: %d %q; want it to name %q", pr.Response.Status, pr.Response.Message, want)
		}
	}
	if _, err := org2.Node.ResolvePackageID(tn.ChannelID, "basic"); err == nil {
		t.Error("org2: ResolvePackageID succeeded without a package")
	}
	wantRuns(org1, pkgC)
}

// invoke endorses a call of the "basic" chaincode on one peer as Org1's
// User1.
func invoke(t *testing.T, ctx context.Context, tn *peer.TestNetwork, tp *peer.TestPeer, args ...string) *pb.ProposalResponse {
	t.Helper()
	sp := chaincodeProposal(t, tn, args...)
	pr, err := pb.NewEndorserClient(tn.Dial(tp, "org1", "User1")).ProcessProposal(ctx, sp)
	if err != nil {
		t.Fatalf("ProcessProposal on %s: %v", tp.Name, err)
	}
	return pr
}

func chaincodeProposal(t *testing.T, tn *peer.TestNetwork, args ...string) *pb.SignedProposal {
	t.Helper()
	var raw [][]byte
	for _, a := range args {
		raw = append(raw, []byte(a))
	}
	sp, _, err := protoutil.CreateSignedProposal(tn.Identity("org1", "User1"), tn.ChannelID, "basic", raw, nil)
	if err != nil {
		t.Fatal(err)
	}
	return sp
}

// submitInvoke has put(key, "v-"+key) endorsed on the given peers, orders
// it and returns its validation code once every peer committed it.
func submitInvoke(t *testing.T, ctx context.Context, tn *peer.TestNetwork, key string, on ...*peer.TestPeer) pb.TxValidationCode {
	t.Helper()
	user := tn.Identity("org1", "User1")
	sp := chaincodeProposal(t, tn, "put", key, "v-"+key)
	up, err := protoutil.UnpackProposal(sp)
	if err != nil {
		t.Fatal(err)
	}
	var prs []*pb.ProposalResponse
	for _, tp := range on {
		pr, err := pb.NewEndorserClient(tn.Dial(tp, "org1", "User1")).ProcessProposal(ctx, sp)
		if err != nil || pr.Response.Status != 200 {
			t.Fatalf("put %s on %s: %v %v", key, tp.Name, err, pr.GetResponse())
		}
		prs = append(prs, pr)
	}
	env, err := protoutil.CreateEnvelope(up, prs...)
	if err != nil {
		t.Fatalf("endorsements of put %s do not match: %v", key, err)
	}
	if err := protoutil.SignEnvelope(env, user); err != nil {
		t.Fatal(err)
	}
	if err := tn.Broadcast(ctx, env); err != nil {
		t.Fatal(err)
	}
	var code pb.TxValidationCode
	for _, tp := range tn.Peers {
		loc, err := tp.Channel(tn.ChannelID).WaitForTx(ctx, up.TxID())
		if err != nil {
			t.Fatalf("%s: wait for put %s: %v", tp.Name, key, err)
		}
		code = loc.Code
	}
	return code
}
