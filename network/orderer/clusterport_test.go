package orderer

import (
	"net"
	"path/filepath"
	"testing"
	"time"

	"github.com/saharanet/saharanet/network/comm"
	"github.com/saharanet/saharanet/network/cryptogen"
)

// The cluster port admits only the channel's consenters: a certificate from
// the right CA that is not in the consenter set is refused, and so is a
// client without a certificate or from another CA.
func TestClusterPortAdmitsOnlyConsenters(t *testing.T) {
	dir := t.TempDir()
	if err := cryptogen.Generate(cryptogen.TestNetworkConfig("org1"), dir); err != nil {
		t.Fatal(err)
	}
	node := func(i string) *comm.NodeTLS {
		nt, err := comm.LoadNodeTLS(filepath.Join(cryptogen.OrdererOrgDir(dir, "example.com"), "orderers", "orderer"+i+".example.com", "tls"))
		if err != nil {
			t.Fatal(err)
		}
		return nt
	}
	n0, n1, n2 := node("0"), node("1"), node("2")
	newCluster := func(nt *comm.NodeTLS) *Cluster {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		c := NewCluster(l, l.Addr().String(), comm.ServerConfig(nt.Certificate, nt.RootCAs, true),
			comm.ClientConfig(&nt.Certificate, nt.RootCAs, ""), nil)
		t.Cleanup(func() { c.Close() })
		return c
	}
	server := newCluster(n0)
	r, err := server.register(kindPull, "ch", [][]byte{n0.CertPEM, n1.CertPEM})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := server.register(kindPull, "ch", nil); err == nil {
		t.Fatal("duplicate route registered")
	}
	accepted := func(from *Cluster, channel string) bool {
		conn, err := from.dial(kindPull, channel, server.Addr(), 2*time.Second)
		if err != nil {
			return false
		}
		defer conn.Close()
		select {
		case sc := <-r.accept:
			sc.Close()
			return true
		case <-time.After(500 * time.Millisecond):
			return false
		}
	}
	if !accepted(newCluster(n1), "ch") {
		t.Fatal("consenter orderer1 refused")
	}
	if accepted(newCluster(n2), "ch") {
		t.Fatal("non-consenter orderer2 admitted")
	}
	if accepted(newCluster(n1), "otherchannel") {
		t.Fatal("connection for an unregistered channel admitted")
	}
	// A peer-org certificate is not even accepted by the TLS handshake.
	user := filepath.Join(cryptogen.PeerOrgDir(dir, "org1.example.com"), "users", "User1@org1.example.com", "tls")
	ut, err := comm.LoadTLS(filepath.Join(user, "client.crt"), filepath.Join(user, "client.key"))
	if err != nil {
		t.Fatal(err)
	}
	ut.RootCAs = n0.RootCAs
	if accepted(newCluster(ut), "ch") {
		t.Fatal("peer-org certificate admitted to the cluster port")
	}
}
