package peer

import (
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset/kvrwset"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/ledger"
)

// kvWrites collects one collection's private writes of one transaction.
type kvWrites struct{ set kvrwset.KVRWSet }

func (k *kvWrites) add(w ledger.PrivateWrite) {
	k.set.Writes = append(k.set.Writes, &kvrwset.KVWrite{Key: w.Key, Value: w.Value, IsDelete: w.IsDelete || w.IsPurge})
}

func (k *kvWrites) marshal() ([]byte, error) { return proto.Marshal(&k.set) }
