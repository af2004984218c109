package policy

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"testing"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	mspproto "github.com/hyperledger/fabric-protos-go-apiv2/msp"
	peerpb "github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/protoutil"
)

// realOrg is one organization with a self-made root CA and a real MSP with
// NodeOUs enabled.
type realOrg struct {
	mspID  string
	caCert *x509.Certificate
	caKey  *ecdsa.PrivateKey
	msp    *msp.MSP
}

var realSerial int64 = 1

func newRealOrg(t testing.TB, mspID string) *realOrg {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	realSerial++
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(realSerial),
		Subject:               pkix.Name{CommonName: "ca." + mspID, Organization: []string{mspID}},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(der)
	ou := func(s string) *mspproto.FabricOUIdentifier {
		return &mspproto.FabricOUIdentifier{OrganizationalUnitIdentifier: s}
	}
	m, err := msp.New(&mspproto.FabricMSPConfig{
		Name:      mspID,
		RootCerts: [][]byte{pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})},
		FabricNodeOus: &mspproto.FabricNodeOUs{
			Enable:              true,
			ClientOuIdentifier:  ou("client"),
			PeerOuIdentifier:    ou("peer"),
			AdminOuIdentifier:   ou("admin"),
			OrdererOuIdentifier: ou("orderer"),
		},
	})
	if err != nil {
		t.Fatalf("msp.New: %v", err)
	}
	return &realOrg{mspID: mspID, caCert: ca, caKey: key, msp: m}
}

// issue returns a signing identity whose certificate carries the NodeOU role.
func (o *realOrg) issue(t testing.TB, role string) msp.SigningIdentity {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	realSerial++
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(realSerial),
		Subject:      pkix.Name{CommonName: fmt.Sprintf("%s%d.%s", role, realSerial, o.mspID), OrganizationalUnit: []string{role}},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, o.caCert, &key.PublicKey, o.caKey)
	if err != nil {
		t.Fatal(err)
	}
	si, err := o.msp.NewSigningIdentity(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), key)
	if err != nil {
		t.Fatalf("NewSigningIdentity: %v", err)
	}
	return si
}

func realSign(t testing.TB, si msp.SigningIdentity, data []byte) *SignedData {
	t.Helper()
	sig, err := si.Sign(data)
	if err != nil {
		t.Fatal(err)
	}
	return &SignedData{Data: data, Identity: si.Serialize(), Signature: sig}
}

func realNetwork(t testing.TB) (*realOrg, *realOrg, *msp.Manager) {
	o1, o2 := newRealOrg(t, "Org1MSP"), newRealOrg(t, "Org2MSP")
	mgr, err := msp.NewManager(o1.msp, o2.msp)
	if err != nil {
		t.Fatal(err)
	}
	return o1, o2, mgr
}

// TestRealMSPEndorsementPolicy runs the whole chain with real certificates:
// protoutil builds and endorses a transaction, the policy evaluates the
// endorsement signature set through the real MSP.
func TestRealMSPEndorsementPolicy(t *testing.T) {
	o1, o2, mgr := realNetwork(t)
	client := o1.issue(t, "client")
	peer1, peer2 := o1.issue(t, "peer"), o2.issue(t, "peer")
	admin2 := o2.issue(t, "admin")

	sp, _, err := protoutil.CreateSignedProposal(client, "mychannel", "royalties", [][]byte{[]byte("Report")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	up, err := protoutil.UnpackProposal(sp)
	if err != nil {
		t.Fatal(err)
	}
	// The client's proposal passes the Writers-like "member" policy.
	writers, _ := NewSignaturePolicy(SignedByAnyMember("Org1MSP", "Org2MSP"), mgr)
	if err := writers.EvaluateSignedData([]*SignedData{up.SignedData()}); err != nil {
		t.Fatalf("client proposal signature: %v", err)
	}
	var responses []*SignedData
	endorse := func(si msp.SigningIdentity) *SignedData {
		pr, err := protoutil.CreateProposalResponse(up, []byte("rwset"), nil, &peerResponse, &ccID, si)
		if err != nil {
			t.Fatal(err)
		}
		return protoutil.EndorsementSignedData(pr.Payload, pr.Endorsement)
	}
	responses = append(responses, endorse(peer1), endorse(peer2))

	pol := mustCompile(t, "AND('Org1MSP.peer','Org2MSP.peer')", mgr)
	if err := pol.EvaluateSignedData(responses); err != nil {
		t.Fatalf("two real peer endorsements: %v", err)
	}
	if pol.EvaluateSignedData(responses[:1]) == nil {
		t.Fatal("one endorsement satisfied AND")
	}
	if pol.EvaluateSignedData([]*SignedData{responses[0], endorse(admin2)}) == nil {
		t.Fatal("admin satisfied a peer principal")
	}
	tampered := *responses[1]
	tampered.Data = append(append([]byte{}, tampered.Data...), 'x')
	if pol.EvaluateSignedData([]*SignedData{responses[0], &tampered}) == nil {
		t.Fatal("tampered endorsement accepted")
	}
	if pol.EvaluateSignedData([]*SignedData{responses[0], responses[0]}) == nil {
		t.Fatal("duplicate endorsement counted twice")
	}
	// An identity from a CA outside the channel MSPs never counts.
	stranger := newRealOrg(t, "Org2MSP").issue(t, "peer")
	if pol.EvaluateSignedData([]*SignedData{responses[0], realSign(t, stranger, responses[0].Data)}) == nil {
		t.Fatal("certificate from a foreign CA with a channel MSP ID accepted")
	}
}

func TestRealMSPChannelPolicies(t *testing.T) {
	o1, o2, mgr := realNetwork(t)
	group := &common.ConfigGroup{
		Groups: map[string]*common.ConfigGroup{"Application": {
			Groups: map[string]*common.ConfigGroup{
				"Org1": orgGroup("Org1MSP", true),
				"Org2": orgGroup("Org2MSP", true),
			},
			Policies: metaPolicies(),
		}},
		Policies: map[string]*common.ConfigPolicy{"Writers": cp(ImplicitMetaConfigPolicy("Writers", common.ImplicitMetaPolicy_ANY))},
	}
	pm, err := NewManager("Channel", group, mgr)
	if err != nil {
		t.Fatal(err)
	}
	data := []byte("payload")
	end, _ := pm.GetPolicy("/Channel/Application/Endorsement")
	if end.EvaluateSignedData([]*SignedData{realSign(t, o1.issue(t, "peer"), data), realSign(t, o2.issue(t, "peer"), data)}) != nil {
		t.Fatal("MAJORITY of 2 orgs with both peers")
	}
	if end.EvaluateSignedData([]*SignedData{realSign(t, o1.issue(t, "peer"), data), realSign(t, o2.issue(t, "client"), data)}) == nil {
		t.Fatal("client satisfied an org Endorsement (peer) policy")
	}
	admins, _ := pm.GetPolicy("/Channel/Application/Admins")
	if admins.EvaluateSignedData([]*SignedData{realSign(t, o1.issue(t, "admin"), data)}) == nil {
		t.Fatal("MAJORITY Admins of 2 orgs satisfied by one admin")
	}
	w, _ := pm.GetPolicy("/Channel/Writers")
	if w.EvaluateSignedData([]*SignedData{realSign(t, o2.issue(t, "client"), data)}) != nil {
		t.Fatal("member of Org2 is a channel writer")
	}
}

// BenchmarkEvaluateSignedDataRealMSP: AND(Org1.peer, Org2.peer), 2
// signatures, real X.509 identities (deserialization cached by the MSP).
func BenchmarkEvaluateSignedDataRealMSP(b *testing.B) {
	o1, o2, mgr := realNetwork(b)
	data := []byte("prp ‖ endorser")
	set := []*SignedData{realSign(b, o1.issue(b, "peer"), data), realSign(b, o2.issue(b, "peer"), data)}
	pol := mustCompile(b, "AND('Org1MSP.peer','Org2MSP.peer')", mgr)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := pol.EvaluateSignedData(set); err != nil {
			b.Fatal(err)
		}
	}
}

var (
	peerResponse = peerpb.Response{Status: 200}
	ccID         = peerpb.ChaincodeID{Name: "royalties", Version: "1"}
)

// TestRealMSPBlockValidation: an orderer-signed block verifies against
// /Channel/Orderer/BlockValidation with real identities; a block signed by a
// peer of an application org, or tampered after signing, does not.
func TestRealMSPBlockValidation(t *testing.T) {
	ordOrg, app := newRealOrg(t, "OrdererMSP"), newRealOrg(t, "Org1MSP")
	mgr, err := msp.NewManager(ordOrg.msp, app.msp)
	if err != nil {
		t.Fatal(err)
	}
	group := &common.ConfigGroup{Groups: map[string]*common.ConfigGroup{
		"Orderer": {
			Groups: map[string]*common.ConfigGroup{"OrdererOrg": orgGroup("OrdererMSP", false)},
			Policies: map[string]*common.ConfigPolicy{
				"Writers":         cp(ImplicitMetaConfigPolicy("Writers", common.ImplicitMetaPolicy_ANY)),
				"BlockValidation": cp(ImplicitMetaConfigPolicy("Writers", common.ImplicitMetaPolicy_ANY)),
			},
		},
		"Application": {Groups: map[string]*common.ConfigGroup{"Org1": orgGroup("Org1MSP", true)}},
	}}
	pm, err := NewManager("Channel", group, mgr)
	if err != nil {
		t.Fatal(err)
	}
	bv, ok := pm.GetPolicy("/Channel/Orderer/BlockValidation")
	if !ok {
		t.Fatal("no BlockValidation")
	}
	client := app.issue(t, "client")
	var data [][]byte
	for i := 0; i < 2; i++ {
		env, err := protoutil.CreateSignedEnvelope(common.HeaderType_ENDORSER_TRANSACTION, "mychannel", client, nil)
		if err != nil {
			t.Fatal(err)
		}
		data = append(data, protoutil.MarshalOrPanic(env))
	}
	block := func(signer msp.SigningIdentity) *common.Block {
		b := protoutil.NewBlock(1, []byte("prev"), data)
		if err := protoutil.SignBlock(b, signer, 0, nil); err != nil {
			t.Fatal(err)
		}
		return b
	}
	good := block(ordOrg.issue(t, "orderer"))
	if err := protoutil.VerifyBlock(good, "mychannel", 1, bv); err != nil {
		t.Fatalf("orderer-signed block: %v", err)
	}
	if protoutil.VerifyBlock(block(app.issue(t, "peer")), "mychannel", 1, bv) == nil {
		t.Fatal("block signed by an application peer accepted")
	}
	good.Header.Number = 2
	if protoutil.VerifyBlock(good, "mychannel", 2, bv) == nil {
		t.Fatal("renumbered block accepted")
	}
}
