package simulation_test

import (
	"fmt"

	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset/kvrwset"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/ledger"
	"github.com/saharanet/saharanet/network/simulation"
)

func Example() {
	state := simulation.NewInmemState()
	state.Put("assets", "a1", []byte("old"), nil, ledger.Height{BlockNum: 7, TxNum: 2})

	sim := simulation.New(state, "tx1")
	v, _ := sim.GetState("assets", "a1")
	_ = sim.SetState("assets", "a1", []byte("new"))
	again, _ := sim.GetState("assets", "a1") // no read-your-writes
	res, _ := sim.Results()

	kv := &kvrwset.KVRWSet{}
	_ = proto.Unmarshal(res.Public.NsRwset[0].Rwset, kv)
	fmt.Printf("read %s, then %s\n", v, again)
	fmt.Printf("read a1 at %d:%d, write a1=%s\n", kv.Reads[0].Version.BlockNum, kv.Reads[0].Version.TxNum, kv.Writes[0].Value)
	// Output:
	// read old, then old
	// read a1 at 7:2, write a1=new
}
