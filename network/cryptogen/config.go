// Package cryptogen generates Fabric-style crypto material (CAs, MSP folders,
// TLS certificates) from a crypto-config.yaml, with the same folder layout
// and certificate profile as Fabric's cryptogen tool.
package cryptogen

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"gopkg.in/yaml.v3"
)

// Config is the top level of crypto-config.yaml.
type Config struct {
	OrdererOrgs []OrgSpec `yaml:"OrdererOrgs"`
	PeerOrgs    []OrgSpec `yaml:"PeerOrgs"`
}

// OrgSpec describes one organization.
type OrgSpec struct {
	Name          string       `yaml:"Name"`
	Domain        string       `yaml:"Domain"`
	EnableNodeOUs bool         `yaml:"EnableNodeOUs"`
	CA            NodeSpec     `yaml:"CA"`
	Template      NodeTemplate `yaml:"Template"`
	Specs         []NodeSpec   `yaml:"Specs"`
	Users         UsersSpec    `yaml:"Users"`
}

// NodeSpec describes one node (or the CA). CommonName and SANS are Go
// templates over {{.Hostname}}, {{.Domain}} and (SANS only) {{.CommonName}}.
type NodeSpec struct {
	Hostname           string   `yaml:"Hostname"`
	CommonName         string   `yaml:"CommonName"`
	Country            string   `yaml:"Country"`
	Province           string   `yaml:"Province"`
	Locality           string   `yaml:"Locality"`
	OrganizationalUnit string   `yaml:"OrganizationalUnit"`
	StreetAddress      string   `yaml:"StreetAddress"`
	PostalCode         string   `yaml:"PostalCode"`
	SANS               []string `yaml:"SANS"`
}

// NodeTemplate creates Count nodes named by Hostname (a template over
// {{.Prefix}} "peer"/"orderer", {{.Index}} from Start, {{.Domain}}).
type NodeTemplate struct {
	Count    int      `yaml:"Count"`
	Start    int      `yaml:"Start"`
	Hostname string   `yaml:"Hostname"`
	SANS     []string `yaml:"SANS"`
}

// UsersSpec is the number of users besides Admin.
type UsersSpec struct {
	Count int `yaml:"Count"`
}

// ParseConfig parses crypto-config.yaml. Unknown keys are errors, so a typo
// does not silently produce the wrong material.
func ParseConfig(yamlBytes []byte) (*Config, error) {
	dec := yaml.NewDecoder(bytes.NewReader(yamlBytes))
	dec.KnownFields(true)
	cfg := &Config{}
	if err := dec.Decode(cfg); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("cryptogen: empty configuration")
		}
		return nil, fmt.Errorf("cryptogen: parse configuration: %w", err)
	}
	if _, err := cfg.render(); err != nil {
		return nil, err
	}
	return cfg, nil
}

// TestNetworkConfig returns a config for tests and local networks, with
// NodeOUs on everywhere: orderer org "Orderer" (example.com) with orderer0..2,
// and one peer org per name (default "org1", "org2"), each with peer0 and
// peer1 and User1. A name without a dot gets ".example.com" appended for its
// domain; the org Name is the first label capitalized ("Org1").
func TestNetworkConfig(orgs ...string) *Config {
	if len(orgs) == 0 {
		orgs = []string{"org1", "org2"}
	}
	cfg := &Config{
		OrdererOrgs: []OrgSpec{{
			Name: "Orderer", Domain: "example.com", EnableNodeOUs: true,
			Template: NodeTemplate{Count: 3},
		}},
	}
	for _, o := range orgs {
		domain := o
		if !strings.Contains(o, ".") {
			domain = o + ".example.com"
		}
		label := strings.SplitN(domain, ".", 2)[0]
		name := strings.ToUpper(label[:1]) + label[1:]
		cfg.PeerOrgs = append(cfg.PeerOrgs, OrgSpec{
			Name: name, Domain: domain, EnableNodeOUs: true,
			Template: NodeTemplate{Count: 2},
			Users:    UsersSpec{Count: 1},
		})
	}
	return cfg
}

// DefaultTemplate is the commented crypto-config.yaml printed by
// "saharanet-admin cryptogen showtemplate".
const DefaultTemplate = `# crypto-config.yaml: what "saharanet-admin cryptogen generate" creates.
#
# Each organization gets a signing CA (ca.<Domain>) and a TLS CA
# (tlsca.<Domain>), an org-level MSP folder, one folder per node and one per
# user. Keys are ECDSA P-256. TLS certificates are valid for server and client
# auth and name the node's FQDN, its short host name, localhost and 127.0.0.1.

# Organizations that run ordering nodes.
OrdererOrgs:
  - Name: Orderer
    Domain: example.com
    # Classify identities by OU (client, peer, admin, orderer) instead of
    # listing admin certificates.
    EnableNodeOUs: true
    # Specs: nodes listed one by one. Hostname is required; CommonName
    # defaults to "{{.Hostname}}.{{.Domain}}".
    Specs:
      - Hostname: orderer0
      - Hostname: orderer1
      - Hostname: orderer2

# Organizations that run peers.
PeerOrgs:
  - Name: Org1
    Domain: org1.example.com
    EnableNodeOUs: true
    # CA: optional subject fields of the organization's CAs.
    # CA:
    #   Hostname: ca            # the CA is named ca.org1.example.com
    #   Country: US
    #   Province: California
    #   Locality: San Francisco
    #   OrganizationalUnit: Licensing
    #   StreetAddress: 1 Main St
    #   PostalCode: "94105"
    #
    # Specs and Template may be combined; watch for name collisions.
    # Specs:
    #   - Hostname: gateway
    #     CommonName: gw.org1.example.com
    #     SANS:                   # templates: {{.Hostname}} {{.Domain}} {{.CommonName}}
    #       - "alt.{{.Domain}}"
    #       - 10.0.0.5
    #
    # Template: Count nodes named "{{.Prefix}}{{.Index}}" (peer0, peer1, ...).
    Template:
      Count: 2
      # Start: 0
      # Hostname: "{{.Prefix}}{{.Index}}"
      # SANS:
      #   - "{{.Hostname}}.internal"
    # Users besides Admin: User1@<Domain> ... UserN@<Domain>.
    Users:
      Count: 1

  - Name: Org2
    Domain: org2.example.com
    EnableNodeOUs: true
    Template:
      Count: 2
    Users:
      Count: 1
`
