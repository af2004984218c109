package cryptogen

import (
	"bytes"
	"fmt"
	"net"
	"strings"
	"text/template"
)

// nodeKind decides the NodeOU, the local MSP contents and TLS file names.
type nodeKind int

const (
	kindPeer nodeKind = iota
	kindOrderer
	kindClient
	kindAdmin
)

// ou returns the NodeOU value Fabric's cryptogen puts into the subject.
func (k nodeKind) ou() string {
	return [...]string{"peer", "orderer", "client", "admin"}[k]
}

// node is a fully rendered node or user.
type node struct {
	commonName string
	sans       []string // TLS SANs
	kind       nodeKind
}

// renderedOrg is an org with every template expanded and checked.
type renderedOrg struct {
	spec    OrgSpec
	orderer bool
	caName  string // ca.<domain> unless overridden
	tlsCA   string // "tls" + caName
	nodes   []node
	users   []node
	adminCN string
}

// render expands every org; it fails on any bad input before anything is
// written.
func (c *Config) render() ([]renderedOrg, error) {
	if c == nil {
		return nil, fmt.Errorf("cryptogen: nil configuration")
	}
	var out []renderedOrg
	domains := map[string]bool{}
	for _, group := range []struct {
		orgs    []OrgSpec
		orderer bool
	}{{c.PeerOrgs, false}, {c.OrdererOrgs, true}} {
		for _, o := range group.orgs {
			key := fmt.Sprintf("%v/%s", group.orderer, o.Domain)
			if domains[key] {
				return nil, fmt.Errorf("cryptogen: domain %q appears twice", o.Domain)
			}
			domains[key] = true
			r, err := renderOrg(o, group.orderer)
			if err != nil {
				return nil, err
			}
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("cryptogen: configuration has no OrdererOrgs or PeerOrgs")
	}
	return out, nil
}

func renderOrg(o OrgSpec, orderer bool) (renderedOrg, error) {
	r := renderedOrg{spec: o, orderer: orderer}
	if err := checkDomain(o.Domain); err != nil {
		return r, fmt.Errorf("cryptogen: org %q: %w", o.Name, err)
	}
	if o.Template.Count < 0 || o.Template.Start < 0 || o.Users.Count < 0 {
		return r, fmt.Errorf("cryptogen: org %s: Template.Count, Template.Start and Users.Count must not be negative", o.Domain)
	}
	if o.Template.Count > 10000 || o.Users.Count > 10000 {
		return r, fmt.Errorf("cryptogen: org %s: more than 10000 nodes or users requested", o.Domain)
	}
	prefix, kind := "peer", kindPeer
	if orderer {
		prefix, kind = "orderer", kindOrderer
	}
	specs := append([]NodeSpec(nil), o.Specs...)
	for i := 0; i < o.Template.Count; i++ {
		h, err := execTemplate(o.Template.Hostname, "{{.Prefix}}{{.Index}}", map[string]any{
			"Prefix": prefix, "Index": o.Template.Start + i, "Domain": o.Domain,
		})
		if err != nil {
			return r, fmt.Errorf("cryptogen: org %s: Template.Hostname: %w", o.Domain, err)
		}
		specs = append(specs, NodeSpec{Hostname: h, SANS: o.Template.SANS})
	}
	seen := map[string]bool{}
	for _, s := range specs {
		cn, sans, err := renderSpec(o.Domain, s)
		if err != nil {
			return r, err
		}
		if seen[cn] {
			return r, fmt.Errorf("cryptogen: org %s: node %q defined twice", o.Domain, cn)
		}
		seen[cn] = true
		r.nodes = append(r.nodes, node{commonName: cn, sans: sans, kind: kind})
	}
	caSpec := o.CA
	if caSpec.Hostname == "" {
		caSpec.Hostname = "ca"
	}
	caName, _, err := renderSpec(o.Domain, caSpec)
	if err != nil {
		return r, err
	}
	r.caName, r.tlsCA = caName, "tls"+caName
	// Like Fabric's cryptogen, orderer orgs get only the admin user.
	for i := 1; i <= o.Users.Count && !orderer; i++ {
		r.users = append(r.users, node{commonName: fmt.Sprintf("User%d@%s", i, o.Domain), kind: kindClient})
	}
	r.adminCN = "Admin@" + o.Domain
	r.users = append(r.users, node{commonName: r.adminCN, kind: kindAdmin})
	return r, nil
}

// renderSpec returns the CN and the TLS SANs: CN, host name, the rendered
// SANS, then localhost and 127.0.0.1 so local clients can dial any node.
func renderSpec(domain string, s NodeSpec) (string, []string, error) {
	if s.Hostname == "" {
		return "", nil, fmt.Errorf("cryptogen: org %s: a node spec has no Hostname", domain)
	}
	if err := checkLabel(s.Hostname); err != nil {
		return "", nil, fmt.Errorf("cryptogen: org %s: Hostname %q: %w", domain, s.Hostname, err)
	}
	data := map[string]any{"Hostname": s.Hostname, "Domain": domain}
	cn, err := execTemplate(s.CommonName, "{{.Hostname}}.{{.Domain}}", data)
	if err != nil {
		return "", nil, fmt.Errorf("cryptogen: org %s: CommonName: %w", domain, err)
	}
	if cn == "" || strings.ContainsAny(cn, "/\\") || cn == "." || cn == ".." {
		return "", nil, fmt.Errorf("cryptogen: org %s: invalid CommonName %q", domain, cn)
	}
	data["CommonName"] = cn
	sans := []string{cn, s.Hostname}
	for _, t := range s.SANS {
		v, err := execTemplate(t, "", data)
		if err != nil {
			return "", nil, fmt.Errorf("cryptogen: org %s: SANS %q: %w", domain, t, err)
		}
		if v == "" {
			return "", nil, fmt.Errorf("cryptogen: org %s: SANS entry %q renders empty", domain, t)
		}
		sans = append(sans, v)
	}
	sans = append(sans, "localhost", "127.0.0.1")
	return cn, dedupe(sans), nil
}

func execTemplate(text, def string, data any) (string, error) {
	if text == "" {
		text = def
	}
	t, err := template.New("spec").Option("missingkey=error").Parse(text)
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		return "", err
	}
	return b.String(), nil
}

func dedupe(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		key := s
		if ip := net.ParseIP(s); ip != nil {
			key = ip.String()
		}
		if !seen[key] {
			seen[key] = true
			out = append(out, s)
		}
	}
	return out
}

func checkDomain(d string) error {
	if d == "" {
		return fmt.Errorf("empty Domain")
	}
	for _, l := range strings.Split(d, ".") {
		if err := checkLabel(l); err != nil {
			return fmt.Errorf("domain %q: %w", d, err)
		}
	}
	return nil
}

// checkLabel keeps names usable as DNS labels and as path elements.
func checkLabel(l string) error {
	if l == "" || len(l) > 63 {
		return fmt.Errorf("label %q must be 1-63 characters", l)
	}
	for _, r := range l {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return fmt.Errorf("label %q has character %q", l, r)
		}
	}
	return nil
}
