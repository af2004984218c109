package privdata

import (
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset"

	"github.com/saharanet/saharanet/network/protoutil"
)

// MemberFilter decides, for one deliver requester, which collections it may
// receive, evaluating each collection's member_orgs_policy once on the
// request's SignedData (fabric-wire.md §6.5, §7.3).
type MemberFilter struct {
	src       CollectionSource
	requester []*protoutil.SignedData
	cache     map[[2]string]bool
}

// NewMemberFilter returns the filter of one DeliverWithPrivateData stream.
// It is not safe for concurrent use; a stream is served by one goroutine.
func NewMemberFilter(src CollectionSource, requester []*protoutil.SignedData) *MemberFilter {
	return &MemberFilter{src: src, requester: requester, cache: map[[2]string]bool{}}
}

// Allowed reports whether the requester satisfies the member policy of
// collection coll of namespace ns. Unknown collections are refused.
func (f *MemberFilter) Allowed(ns, coll string) bool {
	k := [2]string{ns, coll}
	if ok, done := f.cache[k]; done {
		return ok
	}
	c, err := Lookup(f.src, ns, coll)
	ok := err == nil && c.IsMemberSigned(f.requester)
	f.cache[k] = ok
	return ok
}

// Filter returns the part of a block's private data (by transaction index)
// the requester may receive; transactions left with nothing are dropped.
// The input is not modified.
func (f *MemberFilter) Filter(pvt map[uint64]*rwset.TxPvtReadWriteSet) map[uint64]*rwset.TxPvtReadWriteSet {
	out := map[uint64]*rwset.TxPvtReadWriteSet{}
	for i, tx := range pvt {
		var nss []*rwset.NsPvtReadWriteSet
		for _, ns := range tx.GetNsPvtRwset() {
			var cs []*rwset.CollectionPvtReadWriteSet
			for _, c := range ns.GetCollectionPvtRwset() {
				if f.Allowed(ns.GetNamespace(), c.GetCollectionName()) {
					cs = append(cs, c)
				}
			}
			if len(cs) > 0 {
				nss = append(nss, &rwset.NsPvtReadWriteSet{Namespace: ns.GetNamespace(), CollectionPvtRwset: cs})
			}
		}
		if len(nss) > 0 {
			out[i] = &rwset.TxPvtReadWriteSet{DataModel: tx.GetDataModel(), NsPvtRwset: nss}
		}
	}
	return out
}

// FilterPrivateData is NewMemberFilter(src, requester).Filter(pvt).
func FilterPrivateData(src CollectionSource, pvt map[uint64]*rwset.TxPvtReadWriteSet, requester []*protoutil.SignedData) map[uint64]*rwset.TxPvtReadWriteSet {
	return NewMemberFilter(src, requester).Filter(pvt)
}
