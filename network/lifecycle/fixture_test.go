package lifecycle

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	lb "github.com/hyperledger/fabric-protos-go-apiv2/peer/lifecycle"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/channelconfig"
	"github.com/saharanet/saharanet/network/cryptogen"
	"github.com/saharanet/saharanet/network/ledger"
	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/policy"
	"github.com/saharanet/saharanet/network/simulation"
)

// Test crypto material (three peer orgs, real ECDSA certificates from
// cryptogen) is generated once per test binary: generating it is the slowest
// part of these tests.
var (
	cryptoOnce sync.Once
	cryptoDir  string
	cryptoErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if cryptoDir != "" {
		os.RemoveAll(cryptoDir)
	}
	os.Exit(code)
}

func testCrypto(t testing.TB) string {
	t.Helper()
	cryptoOnce.Do(func() {
		if cryptoDir, cryptoErr = os.MkdirTemp("", "lifecycle-test-crypto-"); cryptoErr != nil {
			return
		}
		cryptoErr = cryptogen.Generate(cryptogen.TestNetworkConfig("org1", "org2", "org3"), cryptoDir)
	})
	if cryptoErr != nil {
		t.Fatalf("generate test crypto: %v", cryptoErr)
	}
	return cryptoDir
}

// mspID is the MSP ID of test org i (1-based): Org1MSP, ...
func mspID(i int) string { return fmt.Sprintf("Org%dMSP", i) }

// orgGroupName is the config group name of test org i. It deliberately
// differs from the MSP ID so that code mixing up the two fails.
func orgGroupName(i int) string { return fmt.Sprintf("Org%dGroup", i) }

// bundleOpts adjusts the channel profile of testBundle.
type bundleOpts struct {
	lifecycle *channelconfig.Policy // default ImplicitMeta "MAJORITY Endorsement"
	noLCPol   bool                  // leave LifecycleEndorsement out
	noOrgEnd  bool                  // leave the orgs' Endorsement policies out
}

// testBundle builds an application-only channel config of orgs 1..n in the
// style of Fabric's test network and parses it into a Bundle.
func testBundle(t testing.TB, n int, o bundleOpts) *channelconfig.Bundle {
	t.Helper()
	dir := testCrypto(t)
	sig := func(rule string) *channelconfig.Policy { return &channelconfig.Policy{Type: "Signature", Rule: rule} }
	meta := func(rule string) *channelconfig.Policy {
		return &channelconfig.Policy{Type: "ImplicitMeta", Rule: rule}
	}
	var orgs []*channelconfig.Organization
	for i := 1; i <= n; i++ {
		id := mspID(i)
		pols := map[string]*channelconfig.Policy{
			"Readers": sig(fmt.Sprintf("OR('%[1]s.admin', '%[1]s.peer', '%[1]s.client')", id)),
			"Writers": sig(fmt.Sprintf("OR('%[1]s.admin', '%[1]s.client')", id)),
			"Admins":  sig(fmt.Sprintf("OR('%s.admin')", id)),
		}
		if !o.noOrgEnd {
			pols["Endorsement"] = sig(fmt.Sprintf("OR('%s.peer')", id))
		}
		orgs = append(orgs, &channelconfig.Organization{Name: orgGroupName(i), ID: id,
			MSPDir:   filepath.Join(cryptogen.PeerOrgDir(dir, fmt.Sprintf("org%d.example.com", i)), "msp"),
			Policies: pols})
	}
	std := func() map[string]*channelconfig.Policy {
		return map[string]*channelconfig.Policy{"Readers": meta("ANY Readers"), "Writers": meta("ANY Writers"), "Admins": meta("MAJORITY Admins")}
	}
	ap := std()
	ap["Endorsement"] = meta("MAJORITY Endorsement")
	switch {
	case o.noLCPol:
	case o.lifecycle != nil:
		ap["LifecycleEndorsement"] = o.lifecycle
	default:
		ap["LifecycleEndorsement"] = meta("MAJORITY Endorsement")
	}
	p := &channelconfig.Profile{
		Policies:     std(),
		Capabilities: map[string]bool{"V2_0": true},
		Application:  &channelconfig.Application{Organizations: orgs, Policies: ap, Capabilities: map[string]bool{"V2_5": true}},
	}
	cfg, err := channelconfig.NewConfig(p)
	if err != nil {
		t.Fatalf("channel config: %v", err)
	}
	b, err := channelconfig.NewBundle("testchannel", cfg)
	if err != nil {
		t.Fatalf("bundle: %v", err)
	}
	return b
}

var (
	idMu    sync.Mutex
	idCache = map[string]msp.SigningIdentity{}
)

// identity loads a signing identity of test org i: "Admin", "User1" or
// "peer0".
func identity(t testing.TB, org int, who string) msp.SigningIdentity {
	t.Helper()
	dir := testCrypto(t)
	domain := fmt.Sprintf("org%d.example.com", org)
	path := filepath.Join(cryptogen.PeerOrgDir(dir, domain), "users", who+"@"+domain, "msp")
	if who == "peer0" || who == "peer1" {
		path = filepath.Join(cryptogen.PeerOrgDir(dir, domain), "peers", who+"."+domain, "msp")
	}
	idMu.Lock()
	defer idMu.Unlock()
	if id, ok := idCache[path]; ok {
		return id
	}
	id, err := msp.LoadSigningIdentity(path, mspID(org))
	if err != nil {
		t.Fatalf("load %s of org%d: %v", who, org, err)
	}
	idCache[path] = id
	return id
}

// signed returns a signature set over data by ids.
func signed(t testing.TB, data []byte, ids ...msp.SigningIdentity) []*policy.SignedData {
	t.Helper()
	var out []*policy.SignedData
	for _, id := range ids {
		sig, err := id.Sign(data)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, &policy.SignedData{Data: data, Identity: id.Serialize(), Signature: sig})
	}
	return out
}

// channel is a channel's committed _lifecycle state driven through
// SystemChaincode.Invoke, with transactions applied to an in-memory state
// the way a committing peer applies valid ones.
type channel struct {
	t      *testing.T
	state  *simulation.InmemState
	bundle *channelconfig.Bundle
	ps     *PolicySource
	scc    *SystemChaincode
	block  uint64
	tx     int
}

func newChannel(t *testing.T, orgs int, o bundleOpts) *channel {
	t.Helper()
	c := &channel{t: t, state: simulation.NewInmemState(), bundle: testBundle(t, orgs, o), scc: &SystemChaincode{}}
	c.ps = NewPolicySource(c.state, func() *channelconfig.Bundle { return c.bundle }, mspID(1))
	return c
}

// simulate invokes fn with arg as creator and returns the response and the
// simulation results (nil when the response is not 200).
func (c *channel) simulate(creator msp.Identity, fn string, arg proto.Message) (*peer.Response, *simulation.Results) {
	c.t.Helper()
	raw, err := proto.Marshal(arg)
	if err != nil {
		c.t.Fatal(err)
	}
	return c.simulateRaw(creator, [][]byte{[]byte(fn), raw})
}

func (c *channel) simulateRaw(creator msp.Identity, args [][]byte) (*peer.Response, *simulation.Results) {
	c.t.Helper()
	c.tx++
	sim := simulation.New(c.state, fmt.Sprintf("tx%d", c.tx), simulation.WithCollectionAccess(c.ps.CollectionAccess(creator)))
	defer sim.Done()
	resp := c.scc.Invoke(sim, creator, nil, args, c.bundle)
	if resp == nil {
		c.t.Fatalf("%s: nil response", args[0])
	}
	if resp.Status != 200 {
		return resp, nil
	}
	res, err := sim.Results()
	if err != nil {
		c.t.Fatalf("%s: results: %v", args[0], err)
	}
	return resp, res
}

// apply commits results as a valid transaction of the next block.
func (c *channel) apply(res *simulation.Results) {
	c.t.Helper()
	c.block++
	if err := c.state.Apply(res, ledger.Height{BlockNum: c.block}); err != nil {
		c.t.Fatalf("apply: %v", err)
	}
	c.ps.Invalidate()
}

// mustSubmit simulates and applies, failing the test unless fn succeeds.
func (c *channel) mustSubmit(creator msp.Identity, fn string, arg proto.Message) *peer.Response {
	c.t.Helper()
	resp, res := c.simulate(creator, fn, arg)
	if resp.Status != 200 {
		c.t.Fatalf("%s by %s: %d %s", fn, creator.MSPID(), resp.Status, resp.Message)
	}
	c.apply(res)
	return resp
}

// approve has the admin of each org approve def.
func (c *channel) approve(def *lb.ApproveChaincodeDefinitionForMyOrgArgs, orgs ...int) {
	c.t.Helper()
	for _, o := range orgs {
		c.mustSubmit(identity(c.t, o, "Admin"), FuncApprove, def)
	}
}

// def is a valid definition of name at seq.
func def(name string, seq int64) *lb.ApproveChaincodeDefinitionForMyOrgArgs {
	return &lb.ApproveChaincodeDefinitionForMyOrgArgs{Name: name, Version: "1.0", Sequence: seq,
		Source: &lb.ChaincodeSource{Type: &lb.ChaincodeSource_LocalPackage{LocalPackage: &lb.ChaincodeSource_Local{PackageId: name + "_1.0:abc"}}}}
}

func commitArgs(a *lb.ApproveChaincodeDefinitionForMyOrgArgs) *lb.CommitChaincodeDefinitionArgs {
	return &lb.CommitChaincodeDefinitionArgs{Sequence: a.Sequence, Name: a.Name, Version: a.Version,
		ValidationParameter: a.ValidationParameter, Collections: a.Collections, InitRequired: a.InitRequired}
}

func sigPolicyParam(t testing.TB, expr string) []byte {
	t.Helper()
	env, err := policy.FromString(expr)
	if err != nil {
		t.Fatal(err)
	}
	b, err := proto.Marshal(&peer.ApplicationPolicy{Type: &peer.ApplicationPolicy_SignaturePolicy{SignaturePolicy: env}})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func refPolicyParam(t testing.TB, ref string) []byte {
	t.Helper()
	b, err := proto.Marshal(&peer.ApplicationPolicy{Type: &peer.ApplicationPolicy_ChannelConfigPolicyReference{ChannelConfigPolicyReference: ref}})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func collection(t testing.TB, name, members string) *peer.CollectionConfig {
	t.Helper()
	env, err := policy.FromString(members)
	if err != nil {
		t.Fatal(err)
	}
	return &peer.CollectionConfig{Payload: &peer.CollectionConfig_StaticCollectionConfig{StaticCollectionConfig: &peer.StaticCollectionConfig{
		Name: name, RequiredPeerCount: 0, MaximumPeerCount: 1, BlockToLive: 10, MemberOnlyRead: true,
		MemberOrgsPolicy: &peer.CollectionPolicyConfig{Payload: &peer.CollectionPolicyConfig_SignaturePolicy{SignaturePolicy: env}},
	}}}
}
