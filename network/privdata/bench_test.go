package privdata

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/saharanet/saharanet/network/protoutil"
)

var kb = strings.Repeat("x", 1024)

// BenchmarkDistributeSharedCollection: endorsement-time dissemination of a
// 1 KB private value in a two-org collection (required 1, max 3) from
// peer0.org1 to the three other peers, real ECDSA signing and mTLS gRPC on
// loopback, until the required acknowledgement.
func BenchmarkDistributeSharedCollection(b *testing.B) {
	n := newTestNet(b)
	p := n.peer("peer0.org1")
	d := n.distributor(p)
	res := simulate(b, "tx", map[[2]string]string{{"shared", "k"}: kb})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := d.Distribute(context.Background(), fmt.Sprintf("tx%d", i), endorsed(res.Private, 0)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTransientPersist: one fsynced transient store write of a 1 KB
// private write set.
func BenchmarkTransientPersist(b *testing.B) {
	s, err := OpenTransientStore(b.TempDir(), WithTransientLogger(quietLogger()))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	res := simulate(b, "tx", map[[2]string]string{{"shared", "k"}: kb})
	data := endorsed(res.Private, 0)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := s.Persist(fmt.Sprintf("tx%d", i), data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGatherBlock: the committer's gather of a 100-transaction block,
// each with a 1 KB private value in a two-org collection, all found in the
// transient store (the common case); reported per block.
func BenchmarkGatherBlock(b *testing.B) {
	n := newTestNet(b)
	p := n.peer("peer1.org1")
	c := n.coordinator(p, false)
	var data [][]byte
	for i := 0; i < 100; i++ {
		txid := fmt.Sprintf("tx%d", i)
		res := simulate(b, txid, map[[2]string]string{{"shared", "k" + txid}: kb})
		if err := p.transient.Persist(txid, endorsed(res.Private, 0)); err != nil {
			b.Fatal(err)
		}
		data = append(data, endorserTx(b, txid, res.PublicBytes))
	}
	block := protoutil.NewBlock(0, nil, data)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		pvt, err := c.Gather(context.Background(), block)
		if err != nil || len(pvt) != 100 {
			b.Fatalf("gathered %d txs, %v", len(pvt), err)
		}
	}
}
