package msp

import (
	"bytes"
	"testing"

	mspproto "github.com/hyperledger/fabric-protos-go-apiv2/msp"
	"google.golang.org/protobuf/proto"
)

// FuzzDeserializeIdentity: arbitrary bytes never panic, and an identity that
// validates is always one the CA really issued (the fuzzer cannot forge one).
func FuzzDeserializeIdentity(f *testing.F) {
	ca := newRootCA(f, "ca")
	m := mustNew(f, &mspproto.FabricMSPConfig{Name: "Org1MSP", RootCerts: [][]byte{ca.pem}, FabricNodeOus: nodeOUConfig(ca)})
	mg, _ := NewManager(m)
	good, _, goodCert := ca.issue(f, "peer0", withOUs("peer"))
	high, _, highCert := ca.issue(f, "peer1", withOUs("peer"), withSig(sigHighS))
	issued := [][]byte{goodCert.RawTBSCertificate, highCert.RawTBSCertificate}

	f.Add(mustSerialize(f, "Org1MSP", good))
	f.Add(mustSerialize(f, "Org1MSP", high))
	f.Add(mustSerialize(f, "Org1MSP", ca.pem))
	f.Add([]byte{})
	f.Add([]byte("\x0a\x07Org1MSP\x12\x05-----"))
	raw, _ := proto.Marshal(&mspproto.SerializedIdentity{Mspid: "Org1MSP", IdBytes: append([]byte("junk\n"), good...)})
	f.Add(raw)

	f.Fuzz(func(t *testing.T, in []byte) {
		id, err := mg.DeserializeIdentity(in)
		if err != nil {
			if id != nil {
				t.Fatal("identity returned with an error")
			}
			return
		}
		if id.Validate() != nil {
			return
		}
		tbs := id.Certificate().RawTBSCertificate
		if !bytes.Equal(tbs, issued[0]) && !bytes.Equal(tbs, issued[1]) {
			t.Fatalf("validated a certificate the CA never issued: %q", id.Certificate().Subject)
		}
		if id.Certificate().IsCA {
			t.Fatal("validated a CA certificate")
		}
	})
}
