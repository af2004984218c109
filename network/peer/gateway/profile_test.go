package gateway

import (
	"path/filepath"

	"github.com/saharanet/saharanet/network/channelconfig"
	"github.com/saharanet/saharanet/network/cryptogen"
	"github.com/saharanet/saharanet/network/orderer"
)

// testProfile is orderer.TestProfile with one consenter: a test-network
// style channel over cryptogen's material for the given peer orgs.
func testProfile(crypto string, orgs []string) *channelconfig.Profile {
	cert := filepath.Join(cryptogen.OrdererOrgDir(crypto, "example.com"), "orderers", "orderer0.example.com", "tls", "server.crt")
	consenter := &channelconfig.Consenter{Host: "127.0.0.1", Port: 7050, ClientTLSCert: cert, ServerTLSCert: cert}
	return orderer.TestProfile(crypto, orgs, []*channelconfig.Consenter{consenter}, []string{"127.0.0.1:7050"})
}
