package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/channelconfig"
	"github.com/saharanet/saharanet/network/cryptogen"
)

const genesisConfigtx = `
Organizations:
  - &OrdererOrg
    Name: OrdererOrg
    ID: OrdererMSP
    MSPDir: organizations/ordererOrganizations/example.com/msp
    Policies: &OrdererOrgPolicies
      Readers: {Type: Signature, Rule: "OR('OrdererMSP.member')"}
      Writers: {Type: Signature, Rule: "OR('OrdererMSP.member')"}
      Admins: {Type: Signature, Rule: "OR('OrdererMSP.admin')"}
  - &Org1
    Name: Org1MSP
    ID: Org1MSP
    MSPDir: organizations/peerOrganizations/org1.example.com/msp
    Policies:
      Readers: {Type: Signature, Rule: "OR('Org1MSP.member')"}
      Writers: {Type: Signature, Rule: "OR('Org1MSP.member')"}
      Admins: {Type: Signature, Rule: "OR('Org1MSP.admin')"}
      Endorsement: {Type: Signature, Rule: "OR('Org1MSP.peer')"}
Policies: &Std
  Readers: {Type: ImplicitMeta, Rule: "ANY Readers"}
  Writers: {Type: ImplicitMeta, Rule: "ANY Writers"}
  Admins: {Type: ImplicitMeta, Rule: "MAJORITY Admins"}
Profiles:
  OneOrg:
    Policies: *Std
    Capabilities: {V2_0: true}
    Orderer:
      OrdererType: etcdraft
      BatchTimeout: 2s
      BatchSize: {MaxMessageCount: 10, AbsoluteMaxBytes: 99 MB, PreferredMaxBytes: 512 KB}
      EtcdRaft:
        Consenters:
          - Host: orderer0.example.com
            Port: 7050
            ClientTLSCert: organizations/ordererOrganizations/example.com/orderers/orderer0.example.com/tls/server.crt
            ServerTLSCert: organizations/ordererOrganizations/example.com/orderers/orderer0.example.com/tls/server.crt
      Organizations: [*OrdererOrg]
      Policies:
        <<: *Std
        BlockValidation: {Type: ImplicitMeta, Rule: "ANY Writers"}
    Application:
      Organizations: [*Org1]
      Policies:
        <<: *Std
        Endorsement: {Type: ImplicitMeta, Rule: "MAJORITY Endorsement"}
        LifecycleEndorsement: {Type: ImplicitMeta, Rule: "MAJORITY Endorsement"}
      Capabilities: {V2_5: true}
`

func TestGenesisCommand(t *testing.T) {
	dir := t.TempDir()
	cc := cryptogen.TestNetworkConfig("org1")
	cc.OrdererOrgs[0].Template.Count = 1
	if err := cryptogen.Generate(cc, filepath.Join(dir, "organizations")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "configtx.yaml"), []byte(genesisConfigtx), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "artifacts", "mychannel.block")
	// configtxgen's single-dash spelling.
	if err := runGenesis([]string{"-configPath", dir, "-profile", "OneOrg", "-channelID", "mychannel", "-outputBlock", out}); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	b := &common.Block{}
	if err := proto.Unmarshal(raw, b); err != nil {
		t.Fatal(err)
	}
	bundle, err := channelconfig.NewBundleFromBlock(b)
	if err != nil {
		t.Fatal(err)
	}
	if bundle.ChannelID != "mychannel" || bundle.Orderer.BatchSize.MaxMessageCount != 10 || len(bundle.Application.Orgs) != 1 {
		t.Fatalf("bundle %+v", bundle)
	}
	// Double-dash and kebab-case spellings, config file path instead of dir.
	out2 := filepath.Join(dir, "b2.block")
	if err := runGenesis([]string{"--config-path", filepath.Join(dir, "configtx.yaml"), "--profile", "OneOrg", "--channel-id", "other", "--output-block", out2}); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"-configPath", dir, "-profile", "Nope", "-channelID", "c", "-outputBlock", out2},
		{"-configPath", dir, "-profile", "OneOrg", "-channelID", "Bad_Name", "-outputBlock", out2},
		{"-configPath", dir, "-profile", "OneOrg", "-outputBlock", out2},
		{"-configPath", filepath.Join(dir, "missing"), "-profile", "OneOrg", "-channelID", "c", "-outputBlock", out2},
	} {
		if err := runGenesis(args); err == nil {
			t.Errorf("%v accepted", args)
		} else if strings.Contains(err.Error(), "panic") {
			t.Error(err)
		}
	}
}
