package channelconfig

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	mspproto "github.com/hyperledger/fabric-protos-go-apiv2/msp"
	"github.com/hyperledger/fabric-protos-go-apiv2/orderer"
	"github.com/hyperledger/fabric-protos-go-apiv2/orderer/etcdraft"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/policy"
)

// Bundle is a parsed, immutable channel config: everything a peer or orderer
// of the channel acts on. Build a new Bundle when the config changes.
type Bundle struct {
	ChannelID string
	Config    *common.Config
	// MSPManager deserializes identities of every org on the channel.
	MSPManager *msp.Manager
	// Policies resolves absolute paths such as "/Channel/Writers".
	Policies policy.Manager
	// Capabilities of the Channel group.
	Capabilities map[string]bool
	// OrdererAddresses is the legacy channel-level OrdererAddresses value.
	OrdererAddresses []string
	Orderer          *OrdererConfig     // nil when the config has no Orderer group
	Application      *ApplicationConfig // nil when the config has no Application group
}

// Org is one organization group of the config.
type Org struct {
	Name        string // group name; may differ from the MSP ID
	MSPID       string
	MSPConfig   *mspproto.FabricMSPConfig
	MSP         *msp.MSP
	AnchorPeers []*peer.AnchorPeer // application orgs
	Endpoints   []string           // orderer orgs
}

// OrdererConfig is the Orderer group.
type OrdererConfig struct {
	ConsensusType string
	BatchSize     *orderer.BatchSize
	BatchTimeout  time.Duration
	Consenters    []*etcdraft.Consenter
	RaftOptions   *etcdraft.Options
	Orgs          map[string]*Org
	Capabilities  map[string]bool
}

// ApplicationConfig is the Application group.
type ApplicationConfig struct {
	Orgs         map[string]*Org
	Capabilities map[string]bool
	// ACLs maps a resource such as "event/Block" to a policy path.
	ACLs map[string]string
}

// ConfigFromBlock extracts the channel ID and config of a config block.
func ConfigFromBlock(b *common.Block) (string, *common.Config, error) {
	if b == nil || b.Data == nil || len(b.Data.Data) != 1 {
		return "", nil, errors.New("config block must carry exactly one envelope")
	}
	env := &common.Envelope{}
	if err := proto.Unmarshal(b.Data.Data[0], env); err != nil {
		return "", nil, fmt.Errorf("config block envelope: %w", err)
	}
	pl := &common.Payload{}
	if err := proto.Unmarshal(env.Payload, pl); err != nil {
		return "", nil, fmt.Errorf("config block payload: %w", err)
	}
	if pl.Header == nil {
		return "", nil, errors.New("config block payload has no header")
	}
	ch := &common.ChannelHeader{}
	if err := proto.Unmarshal(pl.Header.ChannelHeader, ch); err != nil {
		return "", nil, fmt.Errorf("config block channel header: %w", err)
	}
	if ch.Type != int32(common.HeaderType_CONFIG) {
		return "", nil, fmt.Errorf("block holds a %s envelope, not CONFIG", common.HeaderType(ch.Type))
	}
	ce := &common.ConfigEnvelope{}
	if err := proto.Unmarshal(pl.Data, ce); err != nil {
		return "", nil, fmt.Errorf("config envelope: %w", err)
	}
	if ce.Config == nil || ce.Config.ChannelGroup == nil {
		return "", nil, errors.New("config envelope has no channel group")
	}
	return ch.ChannelId, ce.Config, nil
}

// NewBundleFromBlock parses a config (e.g. genesis) block.
func NewBundleFromBlock(b *common.Block) (*Bundle, error) {
	ch, cfg, err := ConfigFromBlock(b)
	if err != nil {
		return nil, err
	}
	return NewBundle(ch, cfg)
}

// NewBundle parses a channel config.
func NewBundle(channelID string, cfg *common.Config) (*Bundle, error) {
	if err := ValidateChannelID(channelID); err != nil {
		return nil, err
	}
	root := cfg.GetChannelGroup()
	if root == nil {
		return nil, errors.New("config has no channel group")
	}
	b := &Bundle{ChannelID: channelID, Config: cfg}
	var err error
	if b.Capabilities, err = readCapabilities(root); err != nil {
		return nil, fmt.Errorf("channel group: %w", err)
	}
	if v, ok := root.Values[OrdererAddressesKey]; ok {
		oa := &common.OrdererAddresses{}
		if err := proto.Unmarshal(v.Value, oa); err != nil {
			return nil, fmt.Errorf("Channel/OrdererAddresses: %w", err)
		}
		b.OrdererAddresses = oa.Addresses
	}
	var msps []*msp.MSP
	seen := map[string]bool{}
	collect := func(orgs map[string]*Org) error {
		for _, o := range orgs {
			if seen[o.MSPID] {
				continue // the same org may sit in both Orderer and Application
			}
			seen[o.MSPID] = true
			msps = append(msps, o.MSP)
		}
		return nil
	}
	if og, ok := root.Groups[OrdererGroupKey]; ok {
		if b.Orderer, err = parseOrderer(og); err != nil {
			return nil, fmt.Errorf("Channel/Orderer: %w", err)
		}
		_ = collect(b.Orderer.Orgs)
	}
	if ag, ok := root.Groups[ApplicationGroupKey]; ok {
		if b.Application, err = parseApplication(ag); err != nil {
			return nil, fmt.Errorf("Channel/Application: %w", err)
		}
		_ = collect(b.Application.Orgs)
	}
	if b.MSPManager, err = msp.NewManager(msps...); err != nil {
		return nil, fmt.Errorf("MSP manager: %w", err)
	}
	if b.Policies, err = policy.NewManager(ChannelGroupKey, root, b.MSPManager); err != nil {
		return nil, fmt.Errorf("policies: %w", err)
	}
	return b, nil
}

// Policy returns the policy at an absolute path such as "/Channel/Writers".
func (b *Bundle) Policy(path string) (policy.Policy, error) {
	p, ok := b.Policies.GetPolicy(path)
	if !ok || p == nil {
		return nil, fmt.Errorf("channel %s: policy %s not found", b.ChannelID, path)
	}
	return p, nil
}

// ACLPolicyPath returns the policy path for an ACL resource such as
// "event/Block", falling back to def when the channel does not override it.
func (b *Bundle) ACLPolicyPath(resource, def string) string {
	if b.Application != nil {
		if p, ok := b.Application.ACLs[resource]; ok && p != "" {
			return p
		}
	}
	return def
}

// OrgByMSPID finds an org of either section by MSP ID.
func (b *Bundle) OrgByMSPID(id string) (*Org, bool) {
	for _, sec := range []map[string]*Org{b.ordererOrgs(), b.applicationOrgs()} {
		for _, o := range sec {
			if o.MSPID == id {
				return o, true
			}
		}
	}
	return nil, false
}

// TLSRootCAs pools the TLS root and intermediate CAs of every org (orderer
// orgs first): what mTLS peers and orderers of the channel trust.
func (b *Bundle) TLSRootCAs() *x509.CertPool {
	pool := x509.NewCertPool()
	for _, c := range b.TLSRootCerts() {
		pool.AddCert(c)
	}
	return pool
}

// TLSRootCerts lists the certificates TLSRootCAs pools.
func (b *Bundle) TLSRootCerts() []*x509.Certificate {
	var out []*x509.Certificate
	for _, sec := range []map[string]*Org{b.ordererOrgs(), b.applicationOrgs()} {
		for _, o := range sortedOrgs(sec) {
			for _, c := range append(append([][]byte{}, o.MSPConfig.TlsRootCerts...), o.MSPConfig.TlsIntermediateCerts...) {
				out = append(out, parsePEMCerts(c)...)
			}
		}
	}
	return out
}

func (b *Bundle) ordererOrgs() map[string]*Org {
	if b.Orderer == nil {
		return nil
	}
	return b.Orderer.Orgs
}

func (b *Bundle) applicationOrgs() map[string]*Org {
	if b.Application == nil {
		return nil
	}
	return b.Application.Orgs
}

func sortedOrgs(m map[string]*Org) []*Org {
	out := make([]*Org, 0, len(m))
	for _, o := range m {
		out = append(out, o)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func parsePEMCerts(b []byte) []*x509.Certificate {
	var out []*x509.Certificate
	for len(b) > 0 {
		var blk *pem.Block
		blk, b = pem.Decode(b)
		if blk == nil {
			break
		}
		if c, err := x509.ParseCertificate(blk.Bytes); err == nil {
			out = append(out, c)
		}
	}
	return out
}

func parseOrderer(g *common.ConfigGroup) (*OrdererConfig, error) {
	oc := &OrdererConfig{}
	ct := &orderer.ConsensusType{}
	if err := unmarshalValue(g, ConsensusTypeKey, ct); err != nil {
		return nil, err
	}
	oc.ConsensusType = ct.Type
	if ct.Type != ConsensusTypeEtcdRaft {
		return nil, fmt.Errorf("consensus type %q not supported (only etcdraft)", ct.Type)
	}
	meta := &etcdraft.ConfigMetadata{}
	if err := proto.Unmarshal(ct.Metadata, meta); err != nil {
		return nil, fmt.Errorf("etcdraft metadata: %w", err)
	}
	if len(meta.Consenters) == 0 {
		return nil, errors.New("etcdraft metadata lists no consenters")
	}
	oc.Consenters, oc.RaftOptions = meta.Consenters, meta.Options
	oc.BatchSize = &orderer.BatchSize{}
	if err := unmarshalValue(g, BatchSizeKey, oc.BatchSize); err != nil {
		return nil, err
	}
	bs := oc.BatchSize
	if bs.MaxMessageCount == 0 || bs.AbsoluteMaxBytes == 0 || bs.PreferredMaxBytes == 0 || bs.PreferredMaxBytes > bs.AbsoluteMaxBytes {
		return nil, fmt.Errorf("invalid BatchSize %v", bs)
	}
	bt := &orderer.BatchTimeout{}
	if err := unmarshalValue(g, BatchTimeoutKey, bt); err != nil {
		return nil, err
	}
	var err error
	if oc.BatchTimeout, err = parsePositiveDuration(bt.Timeout); err != nil {
		return nil, fmt.Errorf("BatchTimeout: %w", err)
	}
	if oc.Capabilities, err = readCapabilities(g); err != nil {
		return nil, err
	}
	if oc.Orgs, err = parseOrgs(g, true); err != nil {
		return nil, err
	}
	return oc, nil
}

func parseApplication(g *common.ConfigGroup) (*ApplicationConfig, error) {
	ac := &ApplicationConfig{ACLs: map[string]string{}}
	var err error
	if ac.Capabilities, err = readCapabilities(g); err != nil {
		return nil, err
	}
	if _, ok := g.Values[ACLsKey]; ok {
		acls := &peer.ACLs{}
		if err := unmarshalValue(g, ACLsKey, acls); err != nil {
			return nil, err
		}
		for k, v := range acls.Acls {
			ac.ACLs[k] = v.GetPolicyRef()
		}
	}
	if ac.Orgs, err = parseOrgs(g, false); err != nil {
		return nil, err
	}
	return ac, nil
}

func parseOrgs(g *common.ConfigGroup, ordererOrgs bool) (map[string]*Org, error) {
	orgs := map[string]*Org{}
	for name, og := range g.Groups {
		o := &Org{Name: name}
		mc := &mspproto.MSPConfig{}
		if err := unmarshalValue(og, MSPKey, mc); err != nil {
			return nil, fmt.Errorf("org %s: %w", name, err)
		}
		if mc.Type != 0 {
			return nil, fmt.Errorf("org %s: MSP type %d not supported (FABRIC only)", name, mc.Type)
		}
		o.MSPConfig = &mspproto.FabricMSPConfig{}
		if err := proto.Unmarshal(mc.Config, o.MSPConfig); err != nil {
			return nil, fmt.Errorf("org %s: FabricMSPConfig: %w", name, err)
		}
		o.MSPID = o.MSPConfig.Name
		var err error
		if o.MSP, err = msp.New(o.MSPConfig); err != nil {
			return nil, fmt.Errorf("org %s: MSP %s: %w", name, o.MSPID, err)
		}
		if ordererOrgs {
			if _, ok := og.Values[EndpointsKey]; ok {
				ep := &common.OrdererAddresses{}
				if err := unmarshalValue(og, EndpointsKey, ep); err != nil {
					return nil, fmt.Errorf("org %s: %w", name, err)
				}
				o.Endpoints = ep.Addresses
			}
		} else if _, ok := og.Values[AnchorPeersKey]; ok {
			ap := &peer.AnchorPeers{}
			if err := unmarshalValue(og, AnchorPeersKey, ap); err != nil {
				return nil, fmt.Errorf("org %s: %w", name, err)
			}
			o.AnchorPeers = ap.AnchorPeers
		}
		orgs[name] = o
	}
	return orgs, nil
}

func unmarshalValue(g *common.ConfigGroup, key string, m proto.Message) error {
	v, ok := g.Values[key]
	if !ok {
		return fmt.Errorf("value %s missing", key)
	}
	if err := proto.Unmarshal(v.Value, m); err != nil {
		return fmt.Errorf("value %s: %w", key, err)
	}
	return nil
}

func readCapabilities(g *common.ConfigGroup) (map[string]bool, error) {
	out := map[string]bool{}
	if _, ok := g.Values[CapabilitiesKey]; !ok {
		return out, nil
	}
	c := &common.Capabilities{}
	if err := unmarshalValue(g, CapabilitiesKey, c); err != nil {
		return nil, err
	}
	for k := range c.Capabilities {
		out[k] = true
	}
	return out, nil
}

func parsePositiveDuration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("invalid duration %q", s)
	}
	if d <= 0 {
		return 0, fmt.Errorf("duration %q must be positive", s)
	}
	return d, nil
}
