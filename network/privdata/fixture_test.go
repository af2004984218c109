package privdata

import (
	"crypto/x509"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/comm"
	"github.com/saharanet/saharanet/network/cryptogen"
	"github.com/saharanet/saharanet/network/lifecycle"
	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/simulation"
)

// material is real crypto material for two orgs (cryptogen), shared by the
// package's tests: generating it costs more than the tests themselves.
type material struct {
	dir    string
	mgr    *msp.Manager
	tlsCAs *x509.CertPool
}

var (
	matOnce sync.Once
	mat     *material
	matErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if mat != nil {
		os.RemoveAll(mat.dir)
	}
	os.Exit(code)
}

func testMaterial(t testing.TB) *material {
	t.Helper()
	matOnce.Do(func() {
		dir, err := os.MkdirTemp("", "privdata-crypto-")
		if err != nil {
			matErr = err
			return
		}
		mat = &material{dir: dir, tlsCAs: x509.NewCertPool()}
		if matErr = cryptogen.Generate(cryptogen.TestNetworkConfig("org1", "org2"), dir); matErr != nil {
			return
		}
		var msps []*msp.MSP
		for _, org := range []string{"org1", "org2"} {
			od := cryptogen.PeerOrgDir(dir, org+".example.com")
			m, err := msp.LoadMSP(filepath.Join(od, "msp"), mspOf(org))
			if err != nil {
				matErr = err
				return
			}
			msps = append(msps, m)
			ca, err := os.ReadFile(filepath.Join(od, "tlsca", "tlsca."+org+".example.com-cert.pem"))
			if err == nil {
				err = comm.AppendPEM(mat.tlsCAs, ca)
			}
			if err != nil {
				matErr = err
				return
			}
		}
		mat.mgr, matErr = msp.NewManager(msps...)
	})
	if matErr != nil {
		t.Fatalf("test crypto material: %v", matErr)
	}
	return mat
}

func mspOf(org string) string { return "O" + org[1:] + "MSP" }

// peerIdentity loads the MSP signing identity of peer i of org.
func (m *material) peerIdentity(t testing.TB, org string, i int) msp.SigningIdentity {
	t.Helper()
	d := filepath.Join(cryptogen.PeerOrgDir(m.dir, org+".example.com"), "peers", fmt.Sprintf("peer%d.%s.example.com", i, org), "msp")
	id, err := msp.LoadSigningIdentity(d, mspOf(org))
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// userIdentity loads a user's signing identity ("User1", "Admin").
func (m *material) userIdentity(t testing.TB, org, user string) msp.SigningIdentity {
	t.Helper()
	d := filepath.Join(cryptogen.PeerOrgDir(m.dir, org+".example.com"), "users", user+"@"+org+".example.com", "msp")
	id, err := msp.LoadSigningIdentity(d, mspOf(org))
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func (m *material) peerTLS(t testing.TB, org string, i int) *comm.NodeTLS {
	t.Helper()
	nt, err := comm.LoadNodeTLS(filepath.Join(cryptogen.PeerOrgDir(m.dir, org+".example.com"), "peers", fmt.Sprintf("peer%d.%s.example.com", i, org), "tls"))
	if err != nil {
		t.Fatal(err)
	}
	return nt
}

func (m *material) info() ChannelInfo {
	return ChannelInfo{MSPIDs: []string{"Org1MSP", "Org2MSP"}, Deserializer: m.mgr}
}

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// collectionsJSON is the configuration the tests deploy: an Org1-only
// collection that only members may read or write, a shared one, and an
// open one (no member-only flags).
const collectionsJSON = `[
  {"name": "org1only", "policy": "OR('Org1MSP.member')", "requiredPeerCount": 1, "maxPeerCount": 3,
   "blockToLive": 0, "memberOnlyRead": true, "memberOnlyWrite": true},
  {"name": "shared", "policy": "OR('Org1MSP.member', 'Org2MSP.member')", "requiredPeerCount": 1, "maxPeerCount": 3,
   "blockToLive": 5, "memberOnlyRead": true, "memberOnlyWrite": true,
   "endorsementPolicy": {"signaturePolicy": "AND('Org1MSP.peer', 'Org2MSP.peer')"}},
  {"name": "open", "policy": "OR('Org1MSP.member')", "requiredPeerCount": 0, "maxPeerCount": 0, "blockToLive": 0}
]`

func testDefinition(t testing.TB) *lifecycle.Definition {
	t.Helper()
	pkg, err := ParseCollectionsConfig([]byte(collectionsJSON))
	if err != nil {
		t.Fatal(err)
	}
	return &lifecycle.Definition{Name: "cc", Version: "1", Sequence: 1, Collections: pkg}
}

type staticDefs map[string]*lifecycle.Definition

func (s staticDefs) Definition(name string) (*lifecycle.Definition, error) {
	if d, ok := s[name]; ok {
		return d, nil
	}
	return nil, fmt.Errorf("chaincode %q: %w", name, lifecycle.ErrNotDefined)
}

// testSource resolves the test definition as a peer of localMSP would.
func testSource(t testing.TB, m *material, localMSP string) *ChannelCollections {
	return NewChannelCollections(staticDefs{"cc": testDefinition(t)}, m.info, WithLocalMSP(localMSP))
}

// simulate runs writes through the real simulator with full access and
// returns the results, as an endorser would have them.
func simulate(t testing.TB, txid string, writes map[[2]string]string) *simulation.Results {
	t.Helper()
	acc := simulation.StaticCollections{"cc": {}}
	for k := range writes {
		acc["cc"][k[0]] = simulation.NewPermission(true, false, false)
	}
	s := simulation.New(simulation.NewInmemState(), txid, simulation.WithCollectionAccess(acc))
	for k, v := range writes {
		if err := s.SetPrivateData("cc", k[0], k[1], []byte(v)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetState("cc", "public-"+txid, []byte("x")); err != nil {
		t.Fatal(err)
	}
	res, err := s.Results()
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// endorserTx wraps simulation results into an ENDORSER_TRANSACTION envelope
// the way a block carries it (unsigned: the coordinator does not validate).
func endorserTx(t testing.TB, txid string, results []byte) []byte {
	t.Helper()
	ca, _ := proto.Marshal(&peer.ChaincodeAction{Results: results, ChaincodeId: &peer.ChaincodeID{Name: "cc"}})
	prp, _ := proto.Marshal(&peer.ProposalResponsePayload{ProposalHash: []byte("h"), Extension: ca})
	cap, _ := proto.Marshal(&peer.ChaincodeActionPayload{Action: &peer.ChaincodeEndorsedAction{ProposalResponsePayload: prp}})
	tx, _ := proto.Marshal(&peer.Transaction{Actions: []*peer.TransactionAction{{Payload: cap}}})
	ch, _ := proto.Marshal(&common.ChannelHeader{Type: int32(common.HeaderType_ENDORSER_TRANSACTION), ChannelId: "ch1", TxId: txid})
	sh, _ := proto.Marshal(&common.SignatureHeader{Creator: []byte("c"), Nonce: []byte("n")})
	pl, _ := proto.Marshal(&common.Payload{Header: &common.Header{ChannelHeader: ch, SignatureHeader: sh}, Data: tx})
	env, err := proto.Marshal(&common.Envelope{Payload: pl, Signature: []byte("s")})
	if err != nil {
		t.Fatal(err)
	}
	return env
}
