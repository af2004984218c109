package stubtest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/msp"
	"google.golang.org/protobuf/proto"
)

// attrOID is where Fabric CA puts identity attributes in a certificate.
var attrOID = asn1.ObjectIdentifier{1, 2, 3, 4, 5, 6, 7, 8, 1}

// Identity returns a serialized X.509 identity (msp.SerializedIdentity
// bytes, as GetCreator returns) of mspID with a real ECDSA P-256 certificate
// whose subject OUs are ous (NodeOU roles: "admin", "client", "peer") and
// whose Fabric CA attributes are attrs.
func Identity(mspID, commonName string, ous []string, attrs map[string]string) []byte {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: commonName, OrganizationalUnit: ous, Organization: []string{mspID}},
		NotBefore:    time.Unix(0, 0),
		NotAfter:     time.Now().Add(10 * 365 * 24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
	}
	if len(attrs) > 0 {
		v, _ := json.Marshal(map[string]any{"attrs": attrs})
		tmpl.ExtraExtensions = []pkix.Extension{{Id: attrOID, Value: v}}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		panic(err)
	}
	pemCert := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	b, err := proto.Marshal(&msp.SerializedIdentity{Mspid: mspID, IdBytes: pemCert})
	if err != nil {
		panic(err)
	}
	return b
}
