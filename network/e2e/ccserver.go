package e2e

import (
	"testing"

	"github.com/hyperledger/fabric-chaincode-go/v2/shim"
	gp "github.com/hyperledger/fabric-protos-go-apiv2/gateway"
	pb "github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/saharanet/saharanet/network/peer"
	"github.com/saharanet/saharanet/network/peer/endorser"
	"github.com/saharanet/saharanet/network/peer/gateway"
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

// GatewayServices is the peer.WithServices function of the in-process
// networks that serve the fabric-gateway client: on every test peer the
// endorser, the gateway (with the peer's own address and whatever opts adds
// for that peer, nil for nothing) and the chaincode-as-a-service package
// pkgID at ccAddr in plaintext.
func GatewayServices(pkgID, ccAddr string, opts func(*peer.TestPeer) []gateway.Option) func(*peer.TestPeer, *grpc.Server) {
	return func(tp *peer.TestPeer, s *grpc.Server) {
		e := endorser.New(tp.Node)
		pb.RegisterEndorserServer(s, e)
		o := []gateway.Option{gateway.WithLocalAddress(tp.Addr)}
		if opts != nil {
			o = append(o, opts(tp)...)
		}
		gp.RegisterGatewayServer(s, gateway.New(tp.Node, e, o...))
		tp.Node.Chaincodes().AddExternal(pkgID, ccAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	}
}
