package gateway

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	pb "github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/saharanet/saharanet/network/channelconfig"
	"github.com/saharanet/saharanet/network/cryptogen"
	"github.com/saharanet/saharanet/network/policy"
)

func testBundle(t *testing.T, orgs ...string) *channelconfig.Bundle {
	t.Helper()
	crypto := filepath.Join(t.TempDir(), "organizations")
	if err := cryptogen.Generate(cryptogen.TestNetworkConfig(orgs...), crypto); err != nil {
		t.Fatal(err)
	}
	g, err := channelconfig.GenesisBlock(testProfile(crypto, orgs), "plan")
	if err != nil {
		t.Fatal(err)
	}
	b, err := channelconfig.NewBundleFromBlock(g)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestPlanOrgs(t *testing.T) {
	b := testBundle(t, "org1", "org2", "org3")
	compile := func(expr string) policy.Policy {
		ap, err := policy.ParseApplicationPolicy(expr)
		if err != nil {
			t.Fatal(err)
		}
		p, err := policy.NewApplicationPolicy(ap, b.MSPManager, b.Policies)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	cases := []struct {
		policy     string
		candidates []string
		want       []string
		err        string
	}{
		{"AND('Org1MSP.peer','Org2MSP.peer')", []string{"Org1MSP", "Org2MSP", "Org3MSP"}, []string{"Org1MSP", "Org2MSP"}, ""},
		{"OR('Org1MSP.peer','Org2MSP.peer')", []string{"Org2MSP", "Org1MSP"}, []string{"Org2MSP"}, ""},
		{"OR('Org1MSP.member','Org2MSP.peer')", []string{"Org3MSP", "Org1MSP", "Org2MSP"}, []string{"Org1MSP"}, ""},
		{"OutOf(2,'Org1MSP.peer','Org2MSP.peer','Org3MSP.peer')", []string{"Org3MSP", "Org1MSP", "Org2MSP"}, []string{"Org3MSP", "Org1MSP"}, ""},
		// MAJORITY of three orgs' Endorsement policies: the local org and one more.
		{"/Channel/Application/Endorsement", []string{"Org2MSP", "Org1MSP", "Org3MSP"}, []string{"Org2MSP", "Org1MSP"}, ""},
		{"AND('Org1MSP.peer','Org2MSP.peer')", []string{"Org1MSP"}, nil, "can satisfy the endorsement policy"},
		{"OR('Org1MSP.admin')", []string{"Org1MSP", "Org2MSP"}, nil, "can satisfy the endorsement policy"},
		{"/Channel/Application/NoSuchPolicy", []string{"Org1MSP"}, nil, "can satisfy the endorsement policy"},
	}
	for _, c := range cases {
		got, err := planOrgs(compile(c.policy), c.candidates)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Fatalf("%s: got %v, %v; want error %q", c.policy, got, err, c.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Fatalf("%s over %v: got %v, %v; want %v", c.policy, c.candidates, got, err, c.want)
		}
	}
	if _, err := planOrgs(compile("OR('Org1MSP.peer')"), nil); err == nil {
		t.Fatal("empty candidates planned")
	}
}

func TestClassifyFollowsFabric(t *testing.T) {
	cases := []struct {
		resp  *pb.ProposalResponse
		err   error
		code  codes.Code
		retry bool
	}{
		{nil, status.Error(codes.Unavailable, "down"), codes.Unavailable, true},
		{&pb.ProposalResponse{Response: &pb.Response{Status: 500, Message: "bad sig"}}, status.Error(codes.Unknown, "bad sig"), codes.FailedPrecondition, false},
		{&pb.ProposalResponse{Response: &pb.Response{Status: 500, Message: "not defined"}}, nil, codes.Aborted, true},
		{&pb.ProposalResponse{Response: &pb.Response{Status: 500, Message: "cc"}, Payload: []byte{1}}, nil, codes.Unknown, false},
		{&pb.ProposalResponse{Response: &pb.Response{Status: 404, Message: "nf"}}, nil, codes.Unknown, false},
		{&pb.ProposalResponse{Response: &pb.Response{Status: 200}, Payload: []byte{1}}, nil, codes.OK, false},
	}
	for i, c := range cases {
		oc := classify(c.resp, c.err)
		if oc.code != c.code || oc.retry != c.retry {
			t.Fatalf("case %d: %+v", i, oc)
		}
	}
	if oc := classify(cases[3].resp, nil); oc.msg != "chaincode response 500, cc" {
		t.Fatalf("message %q", oc.msg)
	}
}

func TestRPCErrorCarriesDetails(t *testing.T) {
	err := rpcError(codes.Aborted, "failed", detail("peer0:7051", "Org1MSP", "boom"), detail("peer1:7051", "Org2MSP", "bang"))
	st := status.Convert(err)
	if st.Code() != codes.Aborted || st.Message() != "failed" || len(st.Details()) != 2 {
		t.Fatalf("status %v details %v", st, st.Details())
	}
}
