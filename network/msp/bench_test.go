package msp

import (
	"crypto/ecdsa"
	"crypto/sha256"
	"fmt"
	"testing"

	mspproto "github.com/hyperledger/fabric-protos-go-apiv2/msp"
	"google.golang.org/protobuf/proto"
)

type benchFixture struct {
	m    *MSP
	mg   *Manager
	ser  [][]byte
	msg  []byte
	sigs [][]byte
}

// newBenchFixture: three signers (a client and two endorsing peers), as in
// a typical transaction's creator + 2 endorsements.
func newBenchFixture(b *testing.B) *benchFixture {
	ca := newRootCA(b, "ca")
	m := mustNew(b, &mspproto.FabricMSPConfig{Name: "Org1MSP", RootCerts: [][]byte{ca.pem}, FabricNodeOus: nodeOUConfig(ca)})
	mg, _ := NewManager(m)
	fx := &benchFixture{m: m, mg: mg, msg: make([]byte, 2048)}
	for i, ou := range []string{"client", "peer", "peer"} {
		p, key, _ := ca.issue(b, fmt.Sprintf("n%d", i), withOUs(ou))
		si, err := m.NewSigningIdentity(p, key)
		if err != nil {
			b.Fatal(err)
		}
		sig, _ := si.Sign(fx.msg)
		fx.ser = append(fx.ser, mustSerialize(b, "Org1MSP", p))
		fx.sigs = append(fx.sigs, sig)
	}
	return fx
}

func BenchmarkDeserializeValidateCached(b *testing.B) {
	fx := newBenchFixture(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		id, err := fx.mg.DeserializeIdentity(fx.ser[i%3])
		if err != nil || id.Validate() != nil {
			b.Fatal("invalid")
		}
	}
}

func BenchmarkDeserializeValidateUncached(b *testing.B) {
	fx := newBenchFixture(b)
	// Certificates as a real MSP receives them inside SerializedIdentity.
	var ids [][]byte
	for _, s := range fx.ser {
		sid := &mspproto.SerializedIdentity{}
		_ = proto.Unmarshal(s, sid)
		ids = append(ids, sid.IdBytes)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		id, err := fx.m.deserializeCert(ids[i%3])
		if err != nil || id.Validate() != nil {
			b.Fatal("invalid")
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	fx := newBenchFixture(b)
	id, _ := fx.mg.DeserializeIdentity(fx.ser[0])
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := id.Verify(fx.msg, fx.sigs[0]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTxSignatureChecks is the MSP share of validating one transaction:
// for the creator and two endorsers, deserialize (cached), validate (cached)
// and verify a signature over a 2 KiB payload. Reported as tx/s across all
// GOMAXPROCS.
func BenchmarkTxSignatureChecks(b *testing.B) {
	fx := newBenchFixture(b)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			for j := 0; j < 3; j++ {
				id, err := fx.mg.DeserializeIdentity(fx.ser[j])
				if err != nil || id.Validate() != nil {
					b.Error("invalid identity")
					return
				}
				if err := id.Verify(fx.msg, fx.sigs[j]); err != nil {
					b.Error(err)
					return
				}
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tx/s")
}

// BenchmarkVerifyBaseline is raw ecdsa.VerifyASN1, to separate our overhead
// (DER/low-S checks, hashing) from the curve arithmetic.
func BenchmarkVerifyBaseline(b *testing.B) {
	fx := newBenchFixture(b)
	id, _ := fx.mg.DeserializeIdentity(fx.ser[0])
	pub := id.(*identity).pub
	digest := sha256.Sum256(fx.msg)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if !ecdsa.VerifyASN1(pub, digest[:], fx.sigs[0]) {
			b.Fatal("bad")
		}
	}
}
