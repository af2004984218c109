package e2e

import (
	"testing"

	"github.com/hyperledger/fabric-chaincode-go/v2/shim"
)

// ServeChaincode runs cc as chaincode-as-a-service inside the test process,
// registered as ccid, on a loopback port reserved with FreePort (so no other
// test or process takes it before the shim's server binds it), and returns
// the address for the peer's chaincode configuration. The shim's server
// cannot be stopped: it ends with the test binary.
func ServeChaincode(t testing.TB, ccid string, cc shim.Chaincode) string {
	t.Helper()
	addr, err := FreePort()
	if err != nil {
		t.Fatal(err)
	}
	cs := &shim.ChaincodeServer{CCID: ccid, Address: addr, CC: cc, TLSProps: shim.TLSProperties{Disabled: true}}
	go func() { _ = cs.Start() }()
	return addr
}
