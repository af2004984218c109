package msp

import (
	"crypto/x509"
	"testing"

	mspproto "github.com/hyperledger/fabric-protos-go-apiv2/msp"
	"google.golang.org/protobuf/proto"
)

func rolePrincipal(mspID string, r mspproto.MSPRole_MSPRoleType) *mspproto.MSPPrincipal {
	b, _ := proto.Marshal(&mspproto.MSPRole{MspIdentifier: mspID, Role: r})
	return &mspproto.MSPPrincipal{PrincipalClassification: mspproto.MSPPrincipal_ROLE, Principal: b}
}

func TestRolePrincipalsWithNodeOUs(t *testing.T) {
	ca := newRootCA(t, "ca")
	m := mustNew(t, &mspproto.FabricMSPConfig{Name: "Org1MSP", RootCerts: [][]byte{ca.pem}, FabricNodeOus: nodeOUConfig(ca)})
	ids := map[string]Identity{}
	for _, role := range []string{"client", "peer", "admin", "orderer"} {
		p, _, _ := ca.issue(t, role, withOUs(role))
		ids[role] = mustDeserialize(t, m, "Org1MSP", p)
	}
	roles := map[mspproto.MSPRole_MSPRoleType]string{
		mspproto.MSPRole_CLIENT: "client", mspproto.MSPRole_PEER: "peer",
		mspproto.MSPRole_ADMIN: "admin", mspproto.MSPRole_ORDERER: "orderer",
	}
	for role, holder := range roles {
		for name, id := range ids {
			err := id.SatisfiesPrincipal(rolePrincipal("Org1MSP", role))
			if (name == holder) != (err == nil) {
				t.Errorf("identity %s, principal %s: err=%v", name, role, err)
			}
		}
	}
	for name, id := range ids {
		if err := id.SatisfiesPrincipal(rolePrincipal("Org1MSP", mspproto.MSPRole_MEMBER)); err != nil {
			t.Errorf("%s is not MEMBER: %v", name, err)
		}
		wantErr(t, id.SatisfiesPrincipal(rolePrincipal("Org2MSP", mspproto.MSPRole_MEMBER)), `principal requires MSP "Org2MSP"`)
	}
	// An invalid identity (no NodeOU) is not even a MEMBER.
	p, _, _ := ca.issue(t, "nobody")
	wantErr(t, mustDeserialize(t, m, "Org1MSP", p).SatisfiesPrincipal(rolePrincipal("Org1MSP", mspproto.MSPRole_MEMBER)), "exactly one")
}

func TestRolePrincipalsWithoutNodeOUs(t *testing.T) {
	ca := newRootCA(t, "ca")
	adminPEM, _, _ := ca.issue(t, "Admin@org1")
	m := mustNew(t, &mspproto.FabricMSPConfig{Name: "Org1MSP", RootCerts: [][]byte{ca.pem}, Admins: [][]byte{adminPEM}})
	admin := mustDeserialize(t, m, "Org1MSP", adminPEM)
	userPEM, _, _ := ca.issue(t, "User1@org1", withOUs("admin")) // OU means nothing without NodeOUs
	user := mustDeserialize(t, m, "Org1MSP", userPEM)
	if err := admin.SatisfiesPrincipal(rolePrincipal("Org1MSP", mspproto.MSPRole_ADMIN)); err != nil {
		t.Fatalf("admincerts member is not ADMIN: %v", err)
	}
	wantErr(t, user.SatisfiesPrincipal(rolePrincipal("Org1MSP", mspproto.MSPRole_ADMIN)), "not an admin")
	wantErr(t, user.SatisfiesPrincipal(rolePrincipal("Org1MSP", mspproto.MSPRole_CLIENT)), "NodeOUs not activated")
	wantErr(t, user.SatisfiesPrincipal(rolePrincipal("Org1MSP", mspproto.MSPRole_PEER)), "NodeOUs not activated")
	wantErr(t, user.SatisfiesPrincipal(rolePrincipal("Org1MSP", mspproto.MSPRole_ORDERER)), "NodeOUs not activated")
	if err := user.SatisfiesPrincipal(rolePrincipal("Org1MSP", mspproto.MSPRole_MEMBER)); err != nil {
		t.Fatal(err)
	}
}

func TestIdentityOUAnonymityCombinedPrincipals(t *testing.T) {
	ca := newRootCA(t, "ca")
	m := mustNew(t, &mspproto.FabricMSPConfig{Name: "Org1MSP", RootCerts: [][]byte{ca.pem}, FabricNodeOus: nodeOUConfig(ca)})
	alicePEM, _, _ := ca.issue(t, "alice", withOUs("client", "research"))
	bobPEM, _, _ := ca.issue(t, "bob", withOUs("client"))
	alice := mustDeserialize(t, m, "Org1MSP", alicePEM)
	bob := mustDeserialize(t, m, "Org1MSP", bobPEM)

	idPrincipal := &mspproto.MSPPrincipal{PrincipalClassification: mspproto.MSPPrincipal_IDENTITY, Principal: mustSerialize(t, "Org1MSP", alicePEM)}
	if err := alice.SatisfiesPrincipal(idPrincipal); err != nil {
		t.Fatal(err)
	}
	wantErr(t, bob.SatisfiesPrincipal(idPrincipal), "not the principal identity")

	certifiers := chainHash([]*x509.Certificate{ca.cert})
	ouBytes, _ := proto.Marshal(&mspproto.OrganizationUnit{MspIdentifier: "Org1MSP", OrganizationalUnitIdentifier: "research", CertifiersIdentifier: certifiers})
	ouPrincipal := &mspproto.MSPPrincipal{PrincipalClassification: mspproto.MSPPrincipal_ORGANIZATION_UNIT, Principal: ouBytes}
	if err := alice.SatisfiesPrincipal(ouPrincipal); err != nil {
		t.Fatal(err)
	}
	wantErr(t, bob.SatisfiesPrincipal(ouPrincipal), "lacks organizational unit")
	wrongCert, _ := proto.Marshal(&mspproto.OrganizationUnit{MspIdentifier: "Org1MSP", OrganizationalUnitIdentifier: "research", CertifiersIdentifier: []byte("x")})
	wantErr(t, alice.SatisfiesPrincipal(&mspproto.MSPPrincipal{PrincipalClassification: mspproto.MSPPrincipal_ORGANIZATION_UNIT, Principal: wrongCert}), "lacks organizational unit")

	anon := func(a mspproto.MSPIdentityAnonymity_MSPIdentityAnonymityType) *mspproto.MSPPrincipal {
		b, _ := proto.Marshal(&mspproto.MSPIdentityAnonymity{AnonymityType: a})
		return &mspproto.MSPPrincipal{PrincipalClassification: mspproto.MSPPrincipal_ANONYMITY, Principal: b}
	}
	if err := bob.SatisfiesPrincipal(anon(mspproto.MSPIdentityAnonymity_NOMINAL)); err != nil {
		t.Fatal(err)
	}
	wantErr(t, bob.SatisfiesPrincipal(anon(mspproto.MSPIdentityAnonymity_ANONYMOUS)), "anonymous")

	combined := func(ps ...*mspproto.MSPPrincipal) *mspproto.MSPPrincipal {
		b, _ := proto.Marshal(&mspproto.CombinedPrincipal{Principals: ps})
		return &mspproto.MSPPrincipal{PrincipalClassification: mspproto.MSPPrincipal_COMBINED, Principal: b}
	}
	both := combined(rolePrincipal("Org1MSP", mspproto.MSPRole_CLIENT), ouPrincipal)
	if err := alice.SatisfiesPrincipal(both); err != nil {
		t.Fatal(err)
	}
	wantErr(t, bob.SatisfiesPrincipal(both), "combined principal #1")
	wantErr(t, alice.SatisfiesPrincipal(combined()), "no principals")

	wantErr(t, alice.SatisfiesPrincipal(&mspproto.MSPPrincipal{PrincipalClassification: 99}), "unknown principal")
	wantErr(t, alice.SatisfiesPrincipal(&mspproto.MSPPrincipal{PrincipalClassification: mspproto.MSPPrincipal_ROLE, Principal: []byte{0xff}}), "unmarshal MSPRole")
}
