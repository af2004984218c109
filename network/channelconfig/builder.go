package channelconfig

import (
	"errors"
	"fmt"
	"math"
	"os"
	"sort"
	"strings"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	mspproto "github.com/hyperledger/fabric-protos-go-apiv2/msp"
	"github.com/hyperledger/fabric-protos-go-apiv2/orderer"
	"github.com/hyperledger/fabric-protos-go-apiv2/orderer/etcdraft"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/policy"
	"github.com/saharanet/saharanet/network/protoutil"
)

// Default raft options, as Fabric's sample configtx.yaml.
var defaultRaftOptions = &etcdraft.Options{
	TickInterval:         "500ms",
	ElectionTick:         10,
	HeartbeatTick:        1,
	MaxInflightBlocks:    5,
	SnapshotIntervalSize: 16 << 20,
}

// NewConfig builds the channel config (sequence 0) of a profile. It reads
// each org's MSP folder and the consenters' TLS certificates from disk.
func NewConfig(p *Profile) (*common.Config, error) {
	g, err := NewChannelGroup(p)
	if err != nil {
		return nil, err
	}
	return &common.Config{Sequence: 0, ChannelGroup: g}, nil
}

// GenesisBlock builds block 0 of channelID from a profile.
func GenesisBlock(p *Profile, channelID string) (*common.Block, error) {
	if err := ValidateChannelID(channelID); err != nil {
		return nil, err
	}
	cfg, err := NewConfig(p)
	if err != nil {
		return nil, err
	}
	return protoutil.GenesisBlock(channelID, cfg)
}

// ValidateChannelID applies Fabric's channel name rule (protoutil's).
func ValidateChannelID(id string) error { return protoutil.ValidateChannelID(id) }

// NewChannelGroup builds the root "Channel" group.
func NewChannelGroup(p *Profile) (*common.ConfigGroup, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	g := newGroup()
	if err := addPolicies(g, p.Policies, "Channel"); err != nil {
		return nil, err
	}
	addValue(g, HashingAlgorithmKey, &common.HashingAlgorithm{Name: "SHA256"})
	addValue(g, BlockDataHashingStructureKey, &common.BlockDataHashingStructure{Width: math.MaxUint32})
	if p.Orderer != nil && len(p.Orderer.Addresses) > 0 {
		addValue(g, OrdererAddressesKey, &common.OrdererAddresses{Addresses: p.Orderer.Addresses})
	}
	if len(p.Capabilities) > 0 {
		addValue(g, CapabilitiesKey, capabilities(p.Capabilities))
	}
	if p.Orderer != nil {
		og, err := newOrdererGroup(p.Orderer)
		if err != nil {
			return nil, err
		}
		g.Groups[OrdererGroupKey] = og
	}
	if p.Application != nil {
		ag, err := newApplicationGroup(p.Application)
		if err != nil {
			return nil, err
		}
		g.Groups[ApplicationGroupKey] = ag
	}
	return g, nil
}

func newOrdererGroup(o *Orderer) (*common.ConfigGroup, error) {
	g := newGroup()
	if err := addPolicies(g, o.Policies, "Orderer"); err != nil {
		return nil, err
	}
	if _, ok := g.Policies[BlockValidationPolicyKey]; !ok {
		return nil, errors.New("Orderer.Policies: BlockValidation is required")
	}
	meta := &etcdraft.ConfigMetadata{Options: defaultRaftOptions}
	if opt := o.EtcdRaft.Options; opt != nil {
		meta.Options = &etcdraft.Options{
			TickInterval:         opt.TickInterval,
			ElectionTick:         opt.ElectionTick,
			HeartbeatTick:        opt.HeartbeatTick,
			MaxInflightBlocks:    opt.MaxInflightBlocks,
			SnapshotIntervalSize: uint32(opt.SnapshotIntervalSize),
		}
	}
	for i, c := range o.EtcdRaft.Consenters {
		cc := &etcdraft.Consenter{Host: c.Host, Port: c.Port}
		var err error
		if cc.ClientTlsCert, err = readPEM(c.ClientTLSCert); err != nil {
			return nil, fmt.Errorf("Orderer.EtcdRaft.Consenters[%d].ClientTLSCert: %w", i, err)
		}
		if cc.ServerTlsCert, err = readPEM(c.ServerTLSCert); err != nil {
			return nil, fmt.Errorf("Orderer.EtcdRaft.Consenters[%d].ServerTLSCert: %w", i, err)
		}
		meta.Consenters = append(meta.Consenters, cc)
	}
	metaBytes, err := proto.Marshal(meta)
	if err != nil {
		return nil, err
	}
	addValue(g, ConsensusTypeKey, &orderer.ConsensusType{Type: ConsensusTypeEtcdRaft, Metadata: metaBytes,
		State: orderer.ConsensusType_STATE_NORMAL})
	addValue(g, BatchSizeKey, &orderer.BatchSize{
		MaxMessageCount:   o.BatchSize.MaxMessageCount,
		AbsoluteMaxBytes:  uint32(o.BatchSize.AbsoluteMaxBytes),
		PreferredMaxBytes: uint32(o.BatchSize.PreferredMaxBytes),
	})
	addValue(g, BatchTimeoutKey, &orderer.BatchTimeout{Timeout: o.BatchTimeout})
	addValue(g, ChannelRestrictionsKey, &orderer.ChannelRestrictions{MaxCount: 0})
	if len(o.Capabilities) > 0 {
		addValue(g, CapabilitiesKey, capabilities(o.Capabilities))
	}
	for _, org := range o.Organizations {
		og, err := newOrgGroup(org, true)
		if err != nil {
			return nil, err
		}
		g.Groups[org.Name] = og
	}
	return g, nil
}

func newApplicationGroup(a *Application) (*common.ConfigGroup, error) {
	g := newGroup()
	if err := addPolicies(g, a.Policies, "Application"); err != nil {
		return nil, err
	}
	if len(a.Capabilities) > 0 {
		addValue(g, CapabilitiesKey, capabilities(a.Capabilities))
	}
	if len(a.ACLs) > 0 {
		acls := &peer.ACLs{Acls: map[string]*peer.APIResource{}}
		for res, ref := range a.ACLs {
			acls.Acls[res] = &peer.APIResource{PolicyRef: ref}
		}
		addValue(g, ACLsKey, acls)
	}
	for _, org := range a.Organizations {
		og, err := newOrgGroup(org, false)
		if err != nil {
			return nil, err
		}
		g.Groups[org.Name] = og
	}
	return g, nil
}

func newOrgGroup(org *Organization, ordererOrg bool) (*common.ConfigGroup, error) {
	g := newGroup()
	if err := addPolicies(g, org.Policies, "Organization "+org.Name); err != nil {
		return nil, err
	}
	fmc, err := msp.LoadMSPConfig(org.MSPDir, org.ID)
	if err != nil {
		return nil, fmt.Errorf("organization %s: load MSP from %s: %w", org.Name, org.MSPDir, err)
	}
	// Only public material goes on the channel.
	fmc.SigningIdentity = nil
	conf, err := proto.Marshal(fmc)
	if err != nil {
		return nil, err
	}
	addValue(g, MSPKey, &mspproto.MSPConfig{Type: 0, Config: conf})
	if ordererOrg && len(org.OrdererEndpoints) > 0 {
		addValue(g, EndpointsKey, &common.OrdererAddresses{Addresses: org.OrdererEndpoints})
	}
	if !ordererOrg && len(org.AnchorPeers) > 0 {
		ap := &peer.AnchorPeers{}
		for _, a := range org.AnchorPeers {
			ap.AnchorPeers = append(ap.AnchorPeers, &peer.AnchorPeer{Host: a.Host, Port: int32(a.Port)})
		}
		addValue(g, AnchorPeersKey, ap)
	}
	return g, nil
}

func newGroup() *common.ConfigGroup {
	return &common.ConfigGroup{
		Groups:    map[string]*common.ConfigGroup{},
		Values:    map[string]*common.ConfigValue{},
		Policies:  map[string]*common.ConfigPolicy{},
		ModPolicy: AdminsPolicyKey,
	}
}

func addValue(g *common.ConfigGroup, key string, m proto.Message) {
	b, err := proto.Marshal(m)
	if err != nil {
		// Marshalling a fully-built generated message does not fail.
		panic(fmt.Sprintf("channelconfig: marshal %s: %v", key, err))
	}
	g.Values[key] = &common.ConfigValue{Value: b, ModPolicy: AdminsPolicyKey}
}

func addPolicies(g *common.ConfigGroup, ps map[string]*Policy, where string) error {
	if len(ps) == 0 {
		return fmt.Errorf("%s: no Policies defined", where)
	}
	names := make([]string, 0, len(ps))
	for n := range ps {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		pol, err := EncodePolicy(ps[name])
		if err != nil {
			return fmt.Errorf("%s policy %s: %w", where, name, err)
		}
		g.Policies[name] = &common.ConfigPolicy{Policy: pol, ModPolicy: AdminsPolicyKey}
	}
	return nil
}

// EncodePolicy turns a configtx.yaml policy into a common.Policy.
func EncodePolicy(p *Policy) (*common.Policy, error) {
	if p == nil {
		return nil, errors.New("empty policy")
	}
	switch p.Type {
	case "ImplicitMeta":
		f := strings.Fields(p.Rule)
		if len(f) != 2 {
			return nil, fmt.Errorf("ImplicitMeta rule %q: want \"<ANY|ALL|MAJORITY> <SubPolicy>\"", p.Rule)
		}
		rule, ok := common.ImplicitMetaPolicy_Rule_value[strings.ToUpper(f[0])]
		if !ok {
			return nil, fmt.Errorf("ImplicitMeta rule %q: unknown rule %q", p.Rule, f[0])
		}
		v, err := proto.Marshal(&common.ImplicitMetaPolicy{SubPolicy: f[1], Rule: common.ImplicitMetaPolicy_Rule(rule)})
		if err != nil {
			return nil, err
		}
		return &common.Policy{Type: int32(common.Policy_IMPLICIT_META), Value: v}, nil
	case "Signature":
		env, err := policy.FromString(p.Rule)
		if err != nil {
			return nil, fmt.Errorf("signature rule %q: %w", p.Rule, err)
		}
		v, err := proto.Marshal(env)
		if err != nil {
			return nil, err
		}
		return &common.Policy{Type: int32(common.Policy_SIGNATURE), Value: v}, nil
	default:
		return nil, fmt.Errorf("policy type %q not supported (ImplicitMeta or Signature)", p.Type)
	}
}

func capabilities(m map[string]bool) *common.Capabilities {
	c := &common.Capabilities{Capabilities: map[string]*common.Capability{}}
	for k, on := range m {
		if on {
			c.Capabilities[k] = &common.Capability{}
		}
	}
	return c
}

func readPEM(path string) ([]byte, error) {
	if path == "" {
		return nil, errors.New("path is empty")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if !strings.Contains(string(b), "-----BEGIN CERTIFICATE-----") {
		return nil, fmt.Errorf("%s holds no PEM certificate", path)
	}
	return b, nil
}
