package privdata

import (
	"testing"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset"
	"github.com/hyperledger/fabric-protos-go-apiv2/orderer"

	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/protoutil"
)

// deliverSignedData is the SignedData of a real deliver request signed by id.
func deliverSignedData(t *testing.T, id msp.SigningIdentity) []*protoutil.SignedData {
	t.Helper()
	env, err := protoutil.CreateSignedEnvelope(common.HeaderType_DELIVER_SEEK_INFO, "ch1", id, &orderer.SeekInfo{})
	if err != nil {
		t.Fatal(err)
	}
	sd, err := protoutil.EnvelopeAsSignedData(env)
	if err != nil {
		t.Fatal(err)
	}
	return sd
}

func TestFilterPrivateDataByMembership(t *testing.T) {
	m := testMaterial(t)
	src := testSource(t, m, "Org1MSP")
	coll := func(name string) *rwset.CollectionPvtReadWriteSet {
		return &rwset.CollectionPvtReadWriteSet{CollectionName: name, Rwset: []byte(name + "-data")}
	}
	pvt := map[uint64]*rwset.TxPvtReadWriteSet{
		0: {NsPvtRwset: []*rwset.NsPvtReadWriteSet{{Namespace: "cc", CollectionPvtRwset: []*rwset.CollectionPvtReadWriteSet{coll("org1only"), coll("shared")}}}},
		3: {NsPvtRwset: []*rwset.NsPvtReadWriteSet{{Namespace: "cc", CollectionPvtRwset: []*rwset.CollectionPvtReadWriteSet{coll("org1only")}}}},
		4: {NsPvtRwset: []*rwset.NsPvtReadWriteSet{{Namespace: "other", CollectionPvtRwset: []*rwset.CollectionPvtReadWriteSet{coll("x")}}}},
	}
	names := func(out map[uint64]*rwset.TxPvtReadWriteSet) map[uint64][]string {
		r := map[uint64][]string{}
		for i, tx := range out {
			for _, ns := range tx.GetNsPvtRwset() {
				for _, c := range ns.GetCollectionPvtRwset() {
					r[i] = append(r[i], c.GetCollectionName())
				}
			}
		}
		return r
	}
	org1 := names(FilterPrivateData(src, pvt, deliverSignedData(t, m.userIdentity(t, "org1", "User1"))))
	if len(org1) != 2 || len(org1[0]) != 2 || len(org1[3]) != 1 {
		t.Errorf("org1 requester got %v", org1)
	}
	org2 := names(FilterPrivateData(src, pvt, deliverSignedData(t, m.userIdentity(t, "org2", "User1"))))
	if len(org2) != 1 || len(org2[0]) != 1 || org2[0][0] != "shared" {
		t.Errorf("org2 requester got %v", org2)
	}
	// A deliver request with a broken signature receives nothing.
	sd := deliverSignedData(t, m.userIdentity(t, "org1", "User1"))
	sd[0].Signature[len(sd[0].Signature)-1] ^= 1
	if got := FilterPrivateData(src, pvt, sd); len(got) != 0 {
		t.Errorf("forged requester got %v", names(got))
	}
	// The input is untouched.
	if len(pvt[0].NsPvtRwset[0].CollectionPvtRwset) != 2 {
		t.Error("filter modified its input")
	}
}
