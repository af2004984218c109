package comm

import (
	"context"
	"crypto/x509"
	"net"
	"path/filepath"
	"testing"
	"time"

	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	"github.com/saharanet/saharanet/network/cryptogen"
)

func TestMutualTLSWithCryptogenMaterial(t *testing.T) {
	dir := t.TempDir()
	if err := cryptogen.Generate(cryptogen.TestNetworkConfig("org1"), dir); err != nil {
		t.Fatal(err)
	}
	peerTLS, err := LoadNodeTLS(filepath.Join(cryptogen.PeerOrgDir(dir, "org1.example.com"), "peers", "peer0.org1.example.com", "tls"))
	if err != nil {
		t.Fatal(err)
	}
	userDir := filepath.Join(cryptogen.PeerOrgDir(dir, "org1.example.com"), "users", "User1@org1.example.com", "tls")
	user, err := LoadTLS(filepath.Join(userDir, "client.crt"), filepath.Join(userDir, "client.key"), filepath.Join(userDir, "ca.crt"))
	if err != nil {
		t.Fatal(err)
	}
	ordererTLS, err := LoadNodeTLS(filepath.Join(cryptogen.OrdererOrgDir(dir, "example.com"), "orderers", "orderer0.example.com", "tls"))
	if err != nil {
		t.Fatal(err)
	}

	srv := NewServer(ServerConfig(peerTLS.Certificate, peerTLS.RootCAs, true))
	healthpb.RegisterHealthServer(srv, health.NewServer())
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	defer srv.Stop()

	check := func(name string, cfgOK bool, conf func() error) {
		t.Helper()
		if err := conf(); (err == nil) != cfgOK {
			t.Fatalf("%s: err=%v, want success=%v", name, err, cfgOK)
		}
	}
	call := func(c *x509.CertPool, withCert bool, serverName string) func() error {
		return func() error {
			var cfg = ClientConfig(nil, c, serverName)
			if withCert {
				cfg = ClientConfig(&user.Certificate, c, serverName)
			}
			conn, err := Dial(l.Addr().String(), cfg)
			if err != nil {
				return err
			}
			defer conn.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			defer cancel()
			_, err = healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{})
			return err
		}
	}
	check("client cert from the org", true, call(user.RootCAs, true, ""))
	check("server name from SAN", true, call(user.RootCAs, true, "peer0.org1.example.com"))
	check("no client cert", false, call(user.RootCAs, false, ""))
	check("untrusted server CA", false, call(ordererTLS.RootCAs, true, ""))
	check("wrong server name", false, call(user.RootCAs, true, "peer0.org2.example.com"))
}

func TestLoadErrors(t *testing.T) {
	if _, err := LoadCertPool("/nonexistent.pem"); err == nil {
		t.Fatal("missing file accepted")
	}
	if err := AppendPEM(x509.NewCertPool(), []byte("junk")); err == nil {
		t.Fatal("junk PEM accepted")
	}
	if err := AppendPEM(x509.NewCertPool(), []byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")); err == nil {
		t.Fatal("bad certificate accepted")
	}
	if _, err := LoadTLS("/nonexistent.crt", "/nonexistent.key"); err == nil {
		t.Fatal("missing key pair accepted")
	}
}
