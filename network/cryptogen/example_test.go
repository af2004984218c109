package cryptogen_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/saharanet/saharanet/network/cryptogen"
	"github.com/saharanet/saharanet/network/msp"
)

// Generate material for a test network, then load a user's signing identity
// and check it against the org MSP, as a peer would.
func ExampleGenerate() {
	out, _ := os.MkdirTemp("", "cryptogen-example")
	defer os.RemoveAll(out)
	if err := cryptogen.Generate(cryptogen.TestNetworkConfig("org1"), out); err != nil {
		fmt.Println(err)
		return
	}
	org := cryptogen.PeerOrgDir(out, "org1.example.com")
	user, err := msp.LoadSigningIdentity(filepath.Join(org, "users", "User1@org1.example.com", "msp"), "Org1MSP")
	if err != nil {
		fmt.Println(err)
		return
	}
	conf, _ := msp.LoadMSPConfig(filepath.Join(org, "msp"), "Org1MSP")
	orgMSP, _ := msp.New(conf)
	id, err := orgMSP.DeserializeIdentity(user.Serialize())
	if err != nil {
		fmt.Println(err)
		return
	}
	sig, _ := user.Sign([]byte("usage report"))
	fmt.Println("valid:", id.Validate() == nil)
	fmt.Println("signature ok:", id.Verify([]byte("usage report"), sig) == nil)
	fmt.Println("subject:", id.Certificate().Subject.CommonName, id.Certificate().Subject.OrganizationalUnit)
	// Output:
	// valid: true
	// signature ok: true
	// subject: User1@org1.example.com [client]
}
