// Command ccinvoke submits one transaction through a peer's gateway with an
// org admin's identity: what `network.sh deployCC -cci FUNCTION` runs after a
// definition is committed (Fabric's script uses `peer chaincode invoke`).
package main

import (
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hyperledger/fabric-gateway/pkg/client"
	"github.com/hyperledger/fabric-gateway/pkg/hash"
	"github.com/hyperledger/fabric-gateway/pkg/identity"
	"github.com/hyperledger/fabric-protos-go-apiv2/gateway"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/status"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "ccinvoke:", err)
		os.Exit(1)
	}
}

func run() error {
	channel := flag.String("channel", "mychannel", "channel name")
	cc := flag.String("chaincode", "", "chaincode name")
	fn := flag.String("function", "", "transaction function")
	orgDir := flag.String("org-dir", "", "peer organization folder, e.g. organizations/peerOrganizations/org1.example.com")
	peer := flag.String("peer", "localhost:7051", "gateway peer address")
	flag.Parse()
	if *cc == "" || *fn == "" || *orgDir == "" {
		flag.Usage()
		return errors.New("-chaincode, -function and -org-dir are required")
	}
	domain := filepath.Base(*orgDir)
	label := strings.SplitN(domain, ".", 2)[0]
	mspID := strings.ToUpper(label[:1]) + label[1:] + "MSP"
	peerHost := "peer0." + domain
	msp := filepath.Join(*orgDir, "users", "Admin@"+domain, "msp")

	caPEM, err := os.ReadFile(filepath.Join(*orgDir, "peers", peerHost, "tls", "ca.crt"))
	if err != nil {
		return err
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(caPEM) {
		return fmt.Errorf("no certificate in the TLS CA file of %s", peerHost)
	}
	conn, err := grpc.NewClient("dns:///"+*peer, grpc.WithTransportCredentials(credentials.NewClientTLSFromCert(roots, peerHost)))
	if err != nil {
		return err
	}
	defer conn.Close()
	certPEM, err := firstFile(filepath.Join(msp, "signcerts"))
	if err != nil {
		return err
	}
	cert, err := identity.CertificateFromPEM(certPEM)
	if err != nil {
		return err
	}
	id, err := identity.NewX509Identity(mspID, cert)
	if err != nil {
		return err
	}
	keyPEM, err := firstFile(filepath.Join(msp, "keystore"))
	if err != nil {
		return err
	}
	key, err := identity.PrivateKeyFromPEM(keyPEM)
	if err != nil {
		return err
	}
	sign, err := identity.NewPrivateKeySign(key)
	if err != nil {
		return err
	}
	gw, err := client.Connect(id, client.WithSign(sign), client.WithHash(hash.SHA256), client.WithClientConnection(conn),
		client.WithCommitStatusTimeout(time.Minute))
	if err != nil {
		return err
	}
	defer gw.Close()
	res, err := gw.GetNetwork(*channel).GetContract(*cc).SubmitTransaction(*fn, flag.Args()...)
	if err != nil {
		for _, d := range status.Convert(err).Details() {
			if ed, ok := d.(*gateway.ErrorDetail); ok {
				err = fmt.Errorf("%w [%s: %s]", err, ed.GetAddress(), ed.GetMessage())
			}
		}
		return err
	}
	fmt.Printf("%s committed; result: %s\n", *fn, res)
	return nil
}

func firstFile(dir string) ([]byte, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if !e.IsDir() {
			return os.ReadFile(filepath.Join(dir, e.Name()))
		}
	}
	return nil, fmt.Errorf("no file in %s", dir)
}
