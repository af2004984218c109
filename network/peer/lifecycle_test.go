package peer_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	pb "github.com/hyperledger/fabric-protos-go-apiv2/peer"
	lb "github.com/hyperledger/fabric-protos-go-apiv2/peer/lifecycle"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/lifecycle"
	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/peer"
	"github.com/saharanet/saharanet/network/peer/endorser"
	"github.com/saharanet/saharanet/network/policy"
	"github.com/saharanet/saharanet/network/protoutil"
)

func withEndorser() peer.TestNetworkOption {
	return peer.WithServices(func(p *peer.TestPeer, s *grpc.Server) {
		pb.RegisterEndorserServer(s, endorser.New(p.Node))
	})
}

type lcClient struct {
	t  *testing.T
	tn *peer.TestNetwork
}

func (c lcClient) proposal(admin msp.SigningIdentity, fn string, arg proto.Message) (*pb.SignedProposal, string) {
	sp, txid, err := protoutil.CreateSignedProposal(admin, c.tn.ChannelID, lifecycle.Namespace, [][]byte{[]byte(fn), protoutil.MarshalOrPanic(arg)}, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	return sp, txid
}

func (c lcClient) endorse(ctx context.Context, tp *peer.TestPeer, org string, sp *pb.SignedProposal) *pb.ProposalResponse {
	pr, err := pb.NewEndorserClient(c.tn.Dial(tp, org, "Admin")).ProcessProposal(ctx, sp)
	if err != nil {
		c.t.Fatalf("ProcessProposal on %s: %v", tp.Name, err)
	}
	return pr
}

// submit endorses on the given peers, orders and waits for the commit on
// every peer; it returns the validation code.
func (c lcClient) submit(ctx context.Context, admin msp.SigningIdentity, org, fn string, arg proto.Message, on ...*peer.TestPeer) pb.TxValidationCode {
	c.t.Helper()
	sp, txid := c.proposal(admin, fn, arg)
	up, err := protoutil.UnpackProposal(sp)
	if err != nil {
		c.t.Fatal(err)
	}
	var prs []*pb.ProposalResponse
	for _, tp := range on {
		pr := c.endorse(ctx, tp, org, sp)
		if pr.Response.Status != 200 {
			c.t.Fatalf("%s on %s: %d %s", fn, tp.Name, pr.Response.Status, pr.Response.Message)
		}
		prs = append(prs, pr)
	}
	env, err := protoutil.CreateEnvelope(up, prs...)
	if err != nil {
		c.t.Fatal(err)
	}
	if err := protoutil.SignEnvelope(env, admin); err != nil {
		c.t.Fatal(err)
	}
	if err := c.tn.Broadcast(ctx, env); err != nil {
		c.t.Fatal(err)
	}
	var code pb.TxValidationCode
	for _, tp := range c.tn.Peers {
		loc, err := tp.Channel(c.tn.ChannelID).WaitForTx(ctx, txid)
		if err != nil {
			c.t.Fatalf("%s: wait for %s: %v", tp.Name, fn, err)
		}
		code = loc.Code
	}
	return code
}

// TestLifecycleApproveCommit deploys a chaincode definition through real
// endorsements, ordering and validation: each org's admin approves on its
// own peer, the commit is endorsed by peers of both orgs, and every peer
// then reads the same definition. Premature and single-org commits fail.
func TestLifecycleApproveCommit(t *testing.T) {
	tn := peer.NewTestNetwork(t, withEndorser())
	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
	defer cancel()
	c := lcClient{t: t, tn: tn}
	org1, org2 := tn.Peer("org1", 0), tn.Peer("org2", 0)
	admin1, admin2 := tn.Identity("org1", "Admin"), tn.Identity("org2", "Admin")
	env, err := policy.FromString("AND('Org1MSP.peer','Org2MSP.peer')")
	if err != nil {
		t.Fatal(err)
	}
	def := &lb.ApproveChaincodeDefinitionForMyOrgArgs{Name: "basic", Version: "1.0", Sequence: 1,
		ValidationParameter: protoutil.MarshalOrPanic(&pb.ApplicationPolicy{Type: &pb.ApplicationPolicy_SignaturePolicy{SignaturePolicy: env}}),
		Source:              &lb.ChaincodeSource{Type: &lb.ChaincodeSource_LocalPackage{LocalPackage: &lb.ChaincodeSource_Local{PackageId: "basic_1.0:abc"}}}}

	// A user (not an admin) cannot approve.
	sp, _ := c.proposal(tn.Identity("org1", "User1"), lifecycle.FuncApprove, def)
	if pr := c.endorse(ctx, org1, "org1", sp); pr.Response.Status == 200 {
		t.Fatal("approval by a non-admin was endorsed")
	}
	// Commit before approvals is refused at endorsement.
	sp, _ = c.proposal(admin1, lifecycle.FuncCommit, def)
	if pr := c.endorse(ctx, org1, "org1", sp); pr.Response.Status == 200 {
		t.Fatal("commit without approvals was endorsed")
	}

	if code := c.submit(ctx, admin1, "org1", lifecycle.FuncApprove, def, org1); code != pb.TxValidationCode_VALID {
		t.Fatalf("org1 approval: %v", code)
	}
	readiness := func() map[string]bool {
		sp, _ := c.proposal(admin2, lifecycle.FuncCheckCommitReadiness, def)
		pr := c.endorse(ctx, org2, "org2", sp)
		res := &lb.CheckCommitReadinessResult{}
		if pr.Response.Status != 200 || proto.Unmarshal(pr.Response.Payload, res) != nil {
			t.Fatalf("CheckCommitReadiness: %d %s", pr.Response.Status, pr.Response.Message)
		}
		return res.Approvals
	}
	if a := readiness(); !a["Org1MSP"] || a["Org2MSP"] {
		t.Fatalf("after org1 approval: %v", a)
	}
	// MAJORITY of 2 orgs needs both.
	sp, _ = c.proposal(admin1, lifecycle.FuncCommit, def)
	if pr := c.endorse(ctx, org1, "org1", sp); pr.Response.Status == 200 {
		t.Fatal("commit with one of two approvals was endorsed")
	}
	if code := c.submit(ctx, admin2, "org2", lifecycle.FuncApprove, def, org2); code != pb.TxValidationCode_VALID {
		t.Fatalf("org2 approval: %v", code)
	}
	if a := readiness(); !a["Org1MSP"] || !a["Org2MSP"] {
		t.Fatalf("after both approvals: %v", a)
	}
	// A commit endorsed by one org only fails LifecycleEndorsement at validation.
	if code := c.submit(ctx, admin1, "org1", lifecycle.FuncCommit, def, org1); code != pb.TxValidationCode_ENDORSEMENT_POLICY_FAILURE {
		t.Fatalf("single-org commit: %v, want ENDORSEMENT_POLICY_FAILURE", code)
	}
	for _, tp := range tn.Peers {
		if _, err := tp.Channel(tn.ChannelID).Definition("basic"); !errors.Is(err, lifecycle.ErrNotDefined) {
			t.Fatalf("%s: definition after failed commit: %v", tp.Name, err)
		}
	}
	if code := c.submit(ctx, admin1, "org1", lifecycle.FuncCommit, def, org1, org2); code != pb.TxValidationCode_VALID {
		t.Fatalf("commit: %v", code)
	}
	for _, tp := range tn.Peers {
		d, err := tp.Channel(tn.ChannelID).Definition("basic")
		if err != nil {
			t.Fatalf("%s: %v", tp.Name, err)
		}
		if d.Version != "1.0" || d.Sequence != 1 || d.PackageID != "basic_1.0:abc" || d.EndorsementPolicy.GetSignaturePolicy() == nil {
			t.Errorf("%s: definition %+v", tp.Name, d)
		}
		if id, err := tp.Node.ResolvePackageID(tn.ChannelID, "basic"); err != nil || id != "basic_1.0:abc" {
			t.Errorf("%s: ResolvePackageID = %q, %v", tp.Name, id, err)
		}
	}
	sp, _ = c.proposal(admin2, lifecycle.FuncQueryDefinition, &lb.QueryChaincodeDefinitionArgs{Name: "basic"})
	pr := c.endorse(ctx, org2, "org2", sp)
	q := &lb.QueryChaincodeDefinitionResult{}
	if pr.Response.Status != 200 || proto.Unmarshal(pr.Response.Payload, q) != nil || q.Sequence != 1 || q.Version != "1.0" || !q.Approvals["Org1MSP"] {
		t.Errorf("QueryChaincodeDefinition: %d %s %v", pr.Response.Status, pr.Response.Message, q)
	}
	// Approving the committed sequence again with the same package changes
	// nothing and is refused (re-approval is for a new package id).
	sp, _ = c.proposal(admin1, lifecycle.FuncApprove, def)
	if pr := c.endorse(ctx, org1, "org1", sp); pr.Response.Status == 200 || !strings.Contains(pr.Response.Message, "already approved it with package id") {
		t.Errorf("identical approval of the committed sequence: %d %s", pr.Response.Status, pr.Response.Message)
	}
	// Committing sequence 1 again is refused: the next sequence is 2.
	sp, _ = c.proposal(admin1, lifecycle.FuncCommit, def)
	if pr := c.endorse(ctx, org1, "org1", sp); pr.Response.Status == 200 || !strings.Contains(pr.Response.Message, "next sequence to define is 2") {
		t.Errorf("commit of the committed sequence: %d %s", pr.Response.Status, pr.Response.Message)
	}
}
