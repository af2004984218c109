// Package channelconfig reads configtxgen-style configtx.yaml profiles, turns
// them into Fabric's common.Config tree and genesis block (fabric-wire.md
// §8.3, §4.8), and parses a config block back into a Bundle: the MSPs,
// policies, orderer settings, application orgs, capabilities and ACLs that
// peers and orderers of a channel act on.
package channelconfig

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// TopLevel is the part of configtx.yaml we read. Anchored sections
// (&OrdererDefaults ...) are merged into profiles by YAML's "<<" key.
type TopLevel struct {
	Profiles      map[string]*Profile        `yaml:"Profiles"`
	Organizations []*Organization            `yaml:"Organizations"`
	Channel       *Profile                   `yaml:"Channel"`
	Application   *Application               `yaml:"Application"`
	Orderer       *Orderer                   `yaml:"Orderer"`
	Capabilities  map[string]map[string]bool `yaml:"Capabilities"`
}

// Profile is one channel's configuration.
type Profile struct {
	Consortium   string             `yaml:"Consortium"`
	Application  *Application       `yaml:"Application"`
	Orderer      *Orderer           `yaml:"Orderer"`
	Policies     map[string]*Policy `yaml:"Policies"`
	Capabilities map[string]bool    `yaml:"Capabilities"`
}

// Policy is a configtx.yaml policy: Type "ImplicitMeta" with a rule like
// "MAJORITY Admins", or Type "Signature" with a rule like "OR('Org1MSP.member')".
type Policy struct {
	Type string `yaml:"Type"`
	Rule string `yaml:"Rule"`
}

// AnchorPeer is a peer other orgs' peers gossip with.
type AnchorPeer struct {
	Host string `yaml:"Host"`
	Port int    `yaml:"Port"`
}

// Organization is one org of the channel.
type Organization struct {
	Name             string             `yaml:"Name"`
	ID               string             `yaml:"ID"`
	MSPDir           string             `yaml:"MSPDir"`
	Policies         map[string]*Policy `yaml:"Policies"`
	OrdererEndpoints []string           `yaml:"OrdererEndpoints"`
	AnchorPeers      []*AnchorPeer      `yaml:"AnchorPeers"`
}

// Application is the application (peer) section.
type Application struct {
	Organizations []*Organization    `yaml:"Organizations"`
	Policies      map[string]*Policy `yaml:"Policies"`
	Capabilities  map[string]bool    `yaml:"Capabilities"`
	ACLs          map[string]string  `yaml:"ACLs"`
}

// BatchSize bounds a block; the byte sizes accept "99 MB", "512 KB" or plain numbers.
type BatchSize struct {
	MaxMessageCount   uint32   `yaml:"MaxMessageCount"`
	AbsoluteMaxBytes  ByteSize `yaml:"AbsoluteMaxBytes"`
	PreferredMaxBytes ByteSize `yaml:"PreferredMaxBytes"`
}

// Consenter is one raft node of the channel.
type Consenter struct {
	Host          string `yaml:"Host"`
	Port          uint32 `yaml:"Port"`
	ClientTLSCert string `yaml:"ClientTLSCert"`
	ServerTLSCert string `yaml:"ServerTLSCert"`
}

// RaftOptions mirrors etcdraft.Options.
type RaftOptions struct {
	TickInterval         string   `yaml:"TickInterval"`
	ElectionTick         uint32   `yaml:"ElectionTick"`
	HeartbeatTick        uint32   `yaml:"HeartbeatTick"`
	MaxInflightBlocks    uint32   `yaml:"MaxInflightBlocks"`
	SnapshotIntervalSize ByteSize `yaml:"SnapshotIntervalSize"`
}

// EtcdRaft is the consenter set of an etcdraft orderer.
type EtcdRaft struct {
	Consenters []*Consenter `yaml:"Consenters"`
	Options    *RaftOptions `yaml:"Options"`
}

// Orderer is the ordering-service section.
type Orderer struct {
	OrdererType   string             `yaml:"OrdererType"`
	Addresses     []string           `yaml:"Addresses"`
	BatchTimeout  string             `yaml:"BatchTimeout"`
	BatchSize     BatchSize          `yaml:"BatchSize"`
	EtcdRaft      *EtcdRaft          `yaml:"EtcdRaft"`
	Organizations []*Organization    `yaml:"Organizations"`
	Policies      map[string]*Policy `yaml:"Policies"`
	Capabilities  map[string]bool    `yaml:"Capabilities"`
}

// ByteSize is a size in bytes written as a number or "<n> KB|MB|GB" (binary units, as configtxgen).
type ByteSize uint32

// UnmarshalYAML parses the configtxgen size notation.
func (b *ByteSize) UnmarshalYAML(n *yaml.Node) error {
	v, err := ParseByteSize(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %w", n.Line, err)
	}
	*b = ByteSize(v)
	return nil
}

// ParseByteSize parses "99 MB", "512KB", "1024" into bytes; it rejects values above 4 GiB-1.
func ParseByteSize(s string) (uint32, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	mult := uint64(1)
	for _, u := range []struct {
		suffix string
		m      uint64
	}{{"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.m
			break
		}
	}
	n, err := strconv.ParseUint(t, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("invalid byte size %q", s)
	}
	v := n * mult
	if v > 0xFFFFFFFF || (mult != 0 && v/mult != n) {
		return 0, fmt.Errorf("byte size %q exceeds 4 GiB", s)
	}
	return uint32(v), nil
}

// LoadProfile reads configtx.yaml from configPath (a directory holding
// configtx.yaml, or the file itself) and returns the named profile. Relative
// MSPDir and TLS certificate paths are resolved against the file's directory,
// as configtxgen does.
func LoadProfile(configPath, profile string) (*Profile, error) {
	file := configPath
	if st, err := os.Stat(configPath); err == nil && st.IsDir() {
		file = filepath.Join(configPath, "configtx.yaml")
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("read configtx: %w", err)
	}
	p, err := ParseProfile(raw, profile)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	p.resolvePaths(filepath.Dir(file))
	return p, nil
}

// ParseProfile parses configtx.yaml bytes and returns the named profile, checked.
// Paths are left as written.
func ParseProfile(raw []byte, profile string) (*Profile, error) {
	var top TopLevel
	if err := yaml.Unmarshal(raw, &top); err != nil {
		return nil, fmt.Errorf("parse configtx.yaml: %w", err)
	}
	p, ok := top.Profiles[profile]
	if !ok || p == nil {
		names := make([]string, 0, len(top.Profiles))
		for n := range top.Profiles {
			names = append(names, n)
		}
		return nil, fmt.Errorf("profile %q not found (have %v)", profile, names)
	}
	if err := p.validate(); err != nil {
		return nil, fmt.Errorf("profile %q: %w", profile, err)
	}
	return p, nil
}

func (p *Profile) validate() error {
	if p.Orderer == nil && p.Application == nil {
		return errors.New("profile has neither Orderer nor Application section")
	}
	if o := p.Orderer; o != nil {
		if o.OrdererType != "etcdraft" {
			return fmt.Errorf("Orderer.OrdererType %q not supported (only etcdraft)", o.OrdererType)
		}
		if o.EtcdRaft == nil || len(o.EtcdRaft.Consenters) == 0 {
			return errors.New("Orderer.EtcdRaft.Consenters is empty")
		}
		for i, c := range o.EtcdRaft.Consenters {
			if c == nil || c.Host == "" || c.Port == 0 {
				return fmt.Errorf("Orderer.EtcdRaft.Consenters[%d]: Host and Port are required", i)
			}
		}
		bs := o.BatchSize
		if bs.MaxMessageCount == 0 {
			return errors.New("Orderer.BatchSize.MaxMessageCount must be > 0")
		}
		if bs.AbsoluteMaxBytes == 0 || bs.PreferredMaxBytes == 0 || bs.PreferredMaxBytes > bs.AbsoluteMaxBytes {
			return errors.New("Orderer.BatchSize: need 0 < PreferredMaxBytes <= AbsoluteMaxBytes")
		}
		if _, err := parsePositiveDuration(o.BatchTimeout); err != nil {
			return fmt.Errorf("Orderer.BatchTimeout: %w", err)
		}
		if len(o.Organizations) == 0 {
			return errors.New("Orderer.Organizations is empty")
		}
	}
	orgs := map[string]bool{}
	check := func(section string, list []*Organization) error {
		for i, org := range list {
			if org == nil || org.Name == "" || org.ID == "" || org.MSPDir == "" {
				return fmt.Errorf("%s.Organizations[%d]: Name, ID and MSPDir are required", section, i)
			}
			if orgs[section+"/"+org.Name] {
				return fmt.Errorf("%s.Organizations: duplicate organization %q", section, org.Name)
			}
			orgs[section+"/"+org.Name] = true
		}
		return nil
	}
	if p.Orderer != nil {
		if err := check("Orderer", p.Orderer.Organizations); err != nil {
			return err
		}
	}
	if p.Application != nil {
		if err := check("Application", p.Application.Organizations); err != nil {
			return err
		}
	}
	return nil
}

func (p *Profile) resolvePaths(base string) {
	abs := func(s string) string {
		if s == "" || filepath.IsAbs(s) {
			return s
		}
		return filepath.Join(base, s)
	}
	seen := map[*Organization]bool{}
	fix := func(list []*Organization) {
		for _, o := range list {
			if !seen[o] {
				seen[o] = true
				o.MSPDir = abs(o.MSPDir)
			}
		}
	}
	if p.Orderer != nil {
		fix(p.Orderer.Organizations)
		if p.Orderer.EtcdRaft != nil {
			for _, c := range p.Orderer.EtcdRaft.Consenters {
				c.ClientTLSCert, c.ServerTLSCert = abs(c.ClientTLSCert), abs(c.ServerTLSCert)
			}
		}
	}
	if p.Application != nil {
		fix(p.Application.Organizations)
	}
}
