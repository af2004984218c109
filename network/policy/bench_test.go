package policy

import (
	"testing"

	mspproto "github.com/hyperledger/fabric-protos-go-apiv2/msp"
)

func benchSetup(b *testing.B) (*SignaturePolicy, []*SignedData, *fakeMSP) {
	m := newFakeMSP()
	p1 := m.newIdentity(b, "Org1MSP", mspproto.MSPRole_PEER)
	p2 := m.newIdentity(b, "Org2MSP", mspproto.MSPRole_PEER)
	return mustCompile(b, "AND('Org1MSP.peer','Org2MSP.peer')", m), []*SignedData{sign(b, p1, msg), sign(b, p2, msg)}, m
}

// BenchmarkEvaluateSignedData: AND(Org1.peer, Org2.peer) with 2 signatures,
// including the two ECDSA verifications.
func BenchmarkEvaluateSignedData(b *testing.B) {
	pol, set, _ := benchSetup(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := pol.EvaluateSignedData(set); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvaluateIdentities is the same policy over pre-verified
// identities: the cost without cryptography.
func BenchmarkEvaluateIdentities(b *testing.B) {
	pol, set, m := benchSetup(b)
	ids := VerifySignatureSet(set, m)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := pol.EvaluateIdentities(ids); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvaluateSignedDataParallel: the validator's usage, from parallel
// workers.
func BenchmarkEvaluateSignedDataParallel(b *testing.B) {
	pol, set, _ := benchSetup(b)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := pol.EvaluateSignedData(set); err != nil {
				b.Fatal(err)
			}
		}
	})
}
