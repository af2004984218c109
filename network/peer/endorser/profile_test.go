package endorser

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/saharanet/saharanet/network/channelconfig"
	"github.com/saharanet/saharanet/network/cryptogen"
)

// testProfile is a test-network style channel profile over cryptogen's
// material: OrdererMSP with one consenter, and per peer org (e.g. "org1")
// an org with MSP ID Org1MSP and the usual Readers/Writers/Admins/
// Endorsement policies (Writers are admins and clients, not peers).
func testProfile(crypto string, orgs []string) *channelconfig.Profile {
	sig := func(rule string) *channelconfig.Policy { return &channelconfig.Policy{Type: "Signature", Rule: rule} }
	meta := func(rule string) *channelconfig.Policy {
		return &channelconfig.Policy{Type: "ImplicitMeta", Rule: rule}
	}
	cert := filepath.Join(cryptogen.OrdererOrgDir(crypto, "example.com"), "orderers", "orderer0.example.com", "tls", "server.crt")
	ord := &channelconfig.Organization{Name: "OrdererOrg", ID: "OrdererMSP", OrdererEndpoints: []string{"127.0.0.1:7050"},
		MSPDir: filepath.Join(cryptogen.OrdererOrgDir(crypto, "example.com"), "msp"),
		Policies: map[string]*channelconfig.Policy{"Readers": sig("OR('OrdererMSP.member')"),
			"Writers": sig("OR('OrdererMSP.member')"), "Admins": sig("OR('OrdererMSP.admin')")}}
	var apps []*channelconfig.Organization
	for _, o := range orgs {
		id := strings.ToUpper(o[:1]) + o[1:] + "MSP"
		apps = append(apps, &channelconfig.Organization{Name: id, ID: id,
			MSPDir: filepath.Join(cryptogen.PeerOrgDir(crypto, o+".example.com"), "msp"),
			Policies: map[string]*channelconfig.Policy{
				"Readers":     sig(fmt.Sprintf("OR('%[1]s.admin','%[1]s.peer','%[1]s.client')", id)),
				"Writers":     sig(fmt.Sprintf("OR('%[1]s.admin','%[1]s.client')", id)),
				"Admins":      sig(fmt.Sprintf("OR('%s.admin')", id)),
				"Endorsement": sig(fmt.Sprintf("OR('%s.peer')", id)),
			}})
	}
	std := func() map[string]*channelconfig.Policy {
		return map[string]*channelconfig.Policy{"Readers": meta("ANY Readers"), "Writers": meta("ANY Writers"), "Admins": meta("MAJORITY Admins")}
	}
	op, ap := std(), std()
	op["BlockValidation"] = meta("ANY Writers")
	ap["Endorsement"] = meta("MAJORITY Endorsement")
	ap["LifecycleEndorsement"] = meta("MAJORITY Endorsement")
	return &channelconfig.Profile{
		Policies: std(), Capabilities: map[string]bool{"V2_0": true},
		Orderer: &channelconfig.Orderer{OrdererType: "etcdraft", BatchTimeout: "200ms",
			BatchSize:     channelconfig.BatchSize{MaxMessageCount: 500, AbsoluteMaxBytes: 10 << 20, PreferredMaxBytes: 2 << 20},
			EtcdRaft:      &channelconfig.EtcdRaft{Consenters: []*channelconfig.Consenter{{Host: "127.0.0.1", Port: 7050, ClientTLSCert: cert, ServerTLSCert: cert}}},
			Organizations: []*channelconfig.Organization{ord}, Policies: op, Capabilities: map[string]bool{"V2_0": true}},
		Application: &channelconfig.Application{Organizations: apps, Policies: ap, Capabilities: map[string]bool{"V2_5": true}},
	}
}
