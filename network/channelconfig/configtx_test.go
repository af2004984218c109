package channelconfig

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	mspproto "github.com/hyperledger/fabric-protos-go-apiv2/msp"
	"github.com/hyperledger/fabric-protos-go-apiv2/orderer"
	"github.com/hyperledger/fabric-protos-go-apiv2/orderer/etcdraft"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/cryptogen"
	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/protoutil"
)

// sampleConfigtx follows the shape of Fabric's test-network configtx.yaml:
// anchors for orgs, capabilities and defaults, merged into a profile with "<<".
const sampleConfigtx = `
Organizations:
  - &OrdererOrg
    Name: OrdererOrg
    ID: OrdererMSP
    MSPDir: organizations/ordererOrganizations/example.com/msp
    Policies:
      Readers: {Type: Signature, Rule: "OR('OrdererMSP.member')"}
      Writers: {Type: Signature, Rule: "OR('OrdererMSP.member')"}
      Admins: {Type: Signature, Rule: "OR('OrdererMSP.admin')"}
    OrdererEndpoints:
      - orderer0.example.com:7050
  - &Org1
    Name: Org1MSP
    ID: Org1MSP
    MSPDir: organizations/peerOrganizations/org1.example.com/msp
    Policies:
      Readers: {Type: Signature, Rule: "OR('Org1MSP.admin', 'Org1MSP.peer', 'Org1MSP.client')"}
      Writers: {Type: Signature, Rule: "OR('Org1MSP.admin', 'Org1MSP.client')"}
      Admins: {Type: Signature, Rule: "OR('Org1MSP.admin')"}
      Endorsement: {Type: Signature, Rule: "OR('Org1MSP.peer')"}
    AnchorPeers:
      - Host: peer0.org1.example.com
        Port: 7051
  - &Org2
    Name: Org2MSP
    ID: Org2MSP
    MSPDir: organizations/peerOrganizations/org2.example.com/msp
    Policies:
      Readers: {Type: Signature, Rule: "OR('Org2MSP.admin', 'Org2MSP.peer', 'Org2MSP.client')"}
      Writers: {Type: Signature, Rule: "OR('Org2MSP.admin', 'Org2MSP.client')"}
      Admins: {Type: Signature, Rule: "OR('Org2MSP.admin')"}
      Endorsement: {Type: Signature, Rule: "OR('Org2MSP.peer')"}

Capabilities:
  Channel: &ChannelCapabilities
    V2_0: true
  Orderer: &OrdererCapabilities
    V2_0: true
  Application: &ApplicationCapabilities
    V2_5: true

Application: &ApplicationDefaults
  Organizations:
  Policies:
    Readers: {Type: ImplicitMeta, Rule: "ANY Readers"}
    Writers: {Type: ImplicitMeta, Rule: "ANY Writers"}
    Admins: {Type: ImplicitMeta, Rule: "MAJORITY Admins"}
    LifecycleEndorsement: {Type: ImplicitMeta, Rule: "MAJORITY Endorsement"}
    Endorsement: {Type: ImplicitMeta, Rule: "MAJORITY Endorsement"}
  Capabilities:
    <<: *ApplicationCapabilities
  ACLs:
    event/Block: /Channel/Application/Readers
    peer/Propose: /Channel/Application/Writers

Orderer: &OrdererDefaults
  OrdererType: etcdraft
  Addresses:
    - orderer0.example.com:7050
  EtcdRaft:
    Consenters:
      - Host: orderer0.example.com
        Port: 7050
        ClientTLSCert: organizations/ordererOrganizations/example.com/orderers/orderer0.example.com/tls/server.crt
        ServerTLSCert: organizations/ordererOrganizations/example.com/orderers/orderer0.example.com/tls/server.crt
  BatchTimeout: 2s
  BatchSize:
    MaxMessageCount: 10
    AbsoluteMaxBytes: 99 MB
    PreferredMaxBytes: 512 KB
  Organizations:
  Policies:
    Readers: {Type: ImplicitMeta, Rule: "ANY Readers"}
    Writers: {Type: ImplicitMeta, Rule: "ANY Writers"}
    Admins: {Type: ImplicitMeta, Rule: "MAJORITY Admins"}
    BlockValidation: {Type: ImplicitMeta, Rule: "ANY Writers"}

Channel: &ChannelDefaults
  Policies:
    Readers: {Type: ImplicitMeta, Rule: "ANY Readers"}
    Writers: {Type: ImplicitMeta, Rule: "ANY Writers"}
    Admins: {Type: ImplicitMeta, Rule: "MAJORITY Admins"}
  Capabilities:
    <<: *ChannelCapabilities

Profiles:
  ChannelUsingRaft:
    <<: *ChannelDefaults
    Orderer:
      <<: *OrdererDefaults
      Organizations:
        - *OrdererOrg
      Capabilities: *OrdererCapabilities
    Application:
      <<: *ApplicationDefaults
      Organizations:
        - *Org1
        - *Org2
      Capabilities: *ApplicationCapabilities
`

// writeSample generates crypto material and configtx.yaml in a temp dir.
func writeSample(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	cc := cryptogen.TestNetworkConfig("org1", "org2")
	cc.OrdererOrgs[0].Template.Count = 1
	if err := cryptogen.Generate(cc, filepath.Join(dir, "organizations")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "configtx.yaml"), []byte(sampleConfigtx), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestParseByteSize(t *testing.T) {
	for in, want := range map[string]uint32{"99 MB": 99 << 20, "512 KB": 512 << 10, "512KB": 512 << 10, "1024": 1024, "2 gb": 2 << 30, "10 B": 10} {
		got, err := ParseByteSize(in)
		if err != nil || got != want {
			t.Errorf("ParseByteSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "MB", "-1 KB", "1.5 MB", "5 GB", "12 XB"} {
		if _, err := ParseByteSize(bad); err == nil {
			t.Errorf("ParseByteSize(%q) accepted", bad)
		}
	}
}

func TestGenesisBlockFromSampleProfile(t *testing.T) {
	dir := writeSample(t)
	p, err := LoadProfile(dir, "ChannelUsingRaft")
	if err != nil {
		t.Fatal(err)
	}
	if got := len(p.Application.Organizations); got != 2 {
		t.Fatalf("merged profile has %d application orgs, want 2", got)
	}
	if p.Orderer.BatchTimeout != "2s" || p.Orderer.BatchSize.MaxMessageCount != 10 {
		t.Fatalf("<< merge lost orderer defaults: %+v", p.Orderer)
	}
	block, err := GenesisBlock(p, "mychannel")
	if err != nil {
		t.Fatal(err)
	}
	if block.Header.Number != 0 || block.Header.PreviousHash != nil {
		t.Fatalf("genesis header %v", block.Header)
	}
	if err := protoutil.VerifyDataHash(block); err != nil {
		t.Fatal(err)
	}
	ch, cfg, err := ConfigFromBlock(block)
	if err != nil || ch != "mychannel" {
		t.Fatalf("ConfigFromBlock: %q %v", ch, err)
	}
	root := cfg.ChannelGroup
	for _, k := range []string{HashingAlgorithmKey, BlockDataHashingStructureKey, OrdererAddressesKey, CapabilitiesKey} {
		if _, ok := root.Values[k]; !ok {
			t.Errorf("Channel value %s missing", k)
		}
	}
	for _, k := range []string{"Readers", "Writers", "Admins"} {
		if root.Policies[k].GetPolicy().GetType() != int32(common.Policy_IMPLICIT_META) {
			t.Errorf("Channel policy %s is not ImplicitMeta", k)
		}
	}
	og := root.Groups[OrdererGroupKey]
	if _, ok := og.Policies[BlockValidationPolicyKey]; !ok {
		t.Error("Orderer BlockValidation policy missing")
	}
	ct := &orderer.ConsensusType{}
	if err := proto.Unmarshal(og.Values[ConsensusTypeKey].Value, ct); err != nil || ct.Type != "etcdraft" {
		t.Fatalf("ConsensusType %v %v", ct, err)
	}
	meta := &etcdraft.ConfigMetadata{}
	if err := proto.Unmarshal(ct.Metadata, meta); err != nil || len(meta.Consenters) != 1 ||
		!strings.Contains(string(meta.Consenters[0].ServerTlsCert), "BEGIN CERTIFICATE") {
		t.Fatalf("etcdraft metadata %v %v", meta, err)
	}
	bs := &orderer.BatchSize{}
	_ = proto.Unmarshal(og.Values[BatchSizeKey].Value, bs)
	if bs.AbsoluteMaxBytes != 99<<20 || bs.PreferredMaxBytes != 512<<10 || bs.MaxMessageCount != 10 {
		t.Fatalf("BatchSize %v", bs)
	}
	org1 := root.Groups[ApplicationGroupKey].Groups["Org1MSP"]
	mc := &mspproto.MSPConfig{}
	if err := proto.Unmarshal(org1.Values[MSPKey].Value, mc); err != nil {
		t.Fatal(err)
	}
	fmc := &mspproto.FabricMSPConfig{}
	if err := proto.Unmarshal(mc.Config, fmc); err != nil || fmc.Name != "Org1MSP" || len(fmc.RootCerts) == 0 || len(fmc.TlsRootCerts) == 0 {
		t.Fatalf("Org1 FabricMSPConfig %v %v", fmc.Name, err)
	}
	if fmc.SigningIdentity != nil {
		t.Fatal("signing identity leaked into the channel config")
	}
	if org1.Policies[EndorsementPolicyKey].GetPolicy().GetType() != int32(common.Policy_SIGNATURE) {
		t.Fatal("Org1 Endorsement policy is not a signature policy")
	}
	if _, ok := root.Groups[OrdererGroupKey].Groups["OrdererOrg"].Values[EndpointsKey]; !ok {
		t.Fatal("orderer org Endpoints missing")
	}

	b, err := NewBundleFromBlock(block)
	if err != nil {
		t.Fatal(err)
	}
	if b.ChannelID != "mychannel" || b.Orderer.BatchTimeout.Seconds() != 2 || len(b.Orderer.Consenters) != 1 {
		t.Fatalf("bundle orderer %+v", b.Orderer)
	}
	if !b.Capabilities["V2_0"] || !b.Application.Capabilities["V2_5"] || !b.Orderer.Capabilities["V2_0"] {
		t.Fatalf("capabilities %v %v %v", b.Capabilities, b.Application.Capabilities, b.Orderer.Capabilities)
	}
	if got := b.ACLPolicyPath("event/Block", "x"); got != "/Channel/Application/Readers" {
		t.Fatalf("ACL event/Block = %q", got)
	}
	if got := b.ACLPolicyPath("qscc/GetChainInfo", "/default"); got != "/default" {
		t.Fatalf("ACL default = %q", got)
	}
	if o, ok := b.OrgByMSPID("Org1MSP"); !ok || len(o.AnchorPeers) != 1 || o.AnchorPeers[0].Port != 7051 {
		t.Fatalf("Org1 anchor peers %+v", o)
	}
	if ids := b.MSPManager.MSPIDs(); len(ids) != 3 {
		t.Fatalf("MSP IDs %v", ids)
	}
	if len(b.TLSRootCerts()) != 3 {
		t.Fatalf("TLS roots: %d", len(b.TLSRootCerts()))
	}
	// Policies evaluate real signatures: Org1's client may write, an orderer's
	// signature alone satisfies /Channel/Readers too, nobody's empty set does.
	user, err := msp.LoadSigningIdentity(filepath.Join(dir, "organizations/peerOrganizations/org1.example.com/users/User1@org1.example.com/msp"), "Org1MSP")
	if err != nil {
		t.Fatal(err)
	}
	msg := []byte("payload")
	sig, err := user.Sign(msg)
	if err != nil {
		t.Fatal(err)
	}
	w, err := b.Policy("/Channel/Writers")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.EvaluateSignedData([]*protoutil.SignedData{{Data: msg, Identity: user.Serialize(), Signature: sig}}); err != nil {
		t.Fatalf("User1 rejected by /Channel/Writers: %v", err)
	}
	if err := w.EvaluateSignedData([]*protoutil.SignedData{{Data: []byte("other"), Identity: user.Serialize(), Signature: sig}}); err == nil {
		t.Fatal("a signature over other bytes satisfied /Channel/Writers")
	}
	if _, err := b.Policy("/Channel/Nope"); err == nil {
		t.Fatal("unknown policy path resolved")
	}
}

func TestProfileErrors(t *testing.T) {
	dir := writeSample(t)
	if _, err := LoadProfile(dir, "Missing"); err == nil || !strings.Contains(err.Error(), "not found") {
		t.Fatalf("missing profile: %v", err)
	}
	cases := map[string]struct{ from, to string }{
		"orderer type":  {"OrdererType: etcdraft", "OrdererType: solo"},
		"batch timeout": {"BatchTimeout: 2s", "BatchTimeout: soon"},
		"batch bytes":   {"PreferredMaxBytes: 512 KB", "PreferredMaxBytes: 100 MB"},
		"max count":     {"MaxMessageCount: 10", "MaxMessageCount: 0"},
		"policy rule":   {`"MAJORITY Admins"}`, `"MOST Admins"}`},
		"signature":     {`"OR('Org1MSP.admin')"`, `"OR('Org1MSP.admin'"`},
		"policy type":   {"Admins: {Type: Signature, Rule: \"OR('OrdererMSP.admin')\"}", "Admins: {Type: Magic, Rule: x}"},
		"msp dir":       {"peerOrganizations/org2.example.com/msp", "peerOrganizations/org9.example.com/msp"},
		"tls cert":      {"ClientTLSCert: organizations/ordererOrganizations/example.com/orderers/orderer0.example.com/tls/server.crt", "ClientTLSCert: nowhere.crt"},
		"no consenters": {"    Consenters:\n      - Host: orderer0.example.com\n        Port: 7050\n", "    Consenters: []\n    X:\n      - Host: orderer0.example.com\n        Port: 7050\n"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			if !strings.Contains(sampleConfigtx, c.from) {
				t.Fatalf("fixture lacks %q", c.from)
			}
			sub := t.TempDir()
			if err := os.Symlink(filepath.Join(dir, "organizations"), filepath.Join(sub, "organizations")); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(sub, "configtx.yaml"), []byte(strings.Replace(sampleConfigtx, c.from, c.to, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			p, err := LoadProfile(sub, "ChannelUsingRaft")
			if err == nil {
				_, err = GenesisBlock(p, "mychannel")
			}
			if err == nil {
				t.Fatal("accepted")
			}
			t.Log(err)
		})
	}
	p, err := LoadProfile(dir, "ChannelUsingRaft")
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"", "MyChannel", "9chan", "a_b", strings.Repeat("a", 250)} {
		if _, err := GenesisBlock(p, bad); err == nil {
			t.Errorf("channel ID %q accepted", bad)
		}
	}
}

func TestConfigFromBlockRejectsNonConfig(t *testing.T) {
	if _, _, err := ConfigFromBlock(protoutil.NewBlock(1, nil, [][]byte{[]byte("junk")})); err == nil {
		t.Fatal("junk block accepted")
	}
	if _, _, err := ConfigFromBlock(protoutil.NewBlock(1, nil, nil)); err == nil {
		t.Fatal("empty block accepted")
	}
}
