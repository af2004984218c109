package rangequery

import (
	"crypto/sha256"
	"fmt"
	"testing"

	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset/kvrwset"
	"google.golang.org/protobuf/proto"
)

func read(i int) *kvrwset.KVRead {
	return &kvrwset.KVRead{Key: fmt.Sprintf("k%03d", i), Version: &kvrwset.Version{BlockNum: 1, TxNum: uint64(i)}}
}

func leaf(rs []*kvrwset.KVRead) []byte {
	b, _ := proto.Marshal(&kvrwset.QueryReads{KvReads: rs})
	s := sha256.Sum256(b)
	return s[:]
}

func summarize(t *testing.T, degree uint32, n int) ([]*kvrwset.KVRead, *kvrwset.QueryReadsMerkleSummary) {
	t.Helper()
	s := NewSummarizer(degree)
	for i := 0; i < n; i++ {
		if err := s.Add(read(i)); err != nil {
			t.Fatal(err)
		}
	}
	raw, sum, err := s.Done()
	if err != nil {
		t.Fatal(err)
	}
	return raw, sum
}

// TestByHand checks trees computed by hand from Fabric's rules.
func TestByHand(t *testing.T) {
	var reads []*kvrwset.KVRead
	for i := 0; i < 7; i++ {
		reads = append(reads, read(i))
	}
	// maxDegree 2, seven results: chunks of 3, 3, 1 whose three leaf hashes
	// fold into one level-2 hash.
	h1, h2, h3 := leaf(reads[0:3]), leaf(reads[3:6]), leaf(reads[6:7])
	root := sha256.Sum256(append(append(append([]byte{}, h1...), h2...), h3...))
	raw, sum := summarize(t, 2, 7)
	want := &kvrwset.QueryReadsMerkleSummary{MaxDegree: 2, MaxLevel: 2, MaxLevelHashes: [][]byte{root[:]}}
	if raw != nil || !Equal(sum, want) {
		t.Fatalf("7 reads, degree 2: raw %v, summary %v, want %v", raw, sum, want)
	}
	// Four results, degree 2: chunks of 3 and 1, two leaves stay on level 1.
	raw, sum = summarize(t, 2, 4)
	want = &kvrwset.QueryReadsMerkleSummary{MaxDegree: 2, MaxLevel: 1, MaxLevelHashes: [][]byte{leaf(reads[0:3]), leaf(reads[3:4])}}
	if raw != nil || !Equal(sum, want) {
		t.Fatalf("4 reads, degree 2: raw %v, summary %v, want %v", raw, sum, want)
	}
	// At most maxDegree results: raw reads, no summary.
	raw, sum = summarize(t, 2, 2)
	if len(raw) != 2 || sum != nil {
		t.Fatalf("2 reads, degree 2: raw %d, summary %v", len(raw), sum)
	}
}

// TestFabricDegree covers MaxDegree itself: 51 results are the first that
// hash; 51·51 chunks fold into a second level.
func TestFabricDegree(t *testing.T) {
	if raw, sum := summarize(t, MaxDegree, MaxDegree); len(raw) != MaxDegree || sum != nil {
		t.Fatalf("%d reads: raw %d, summary %v", MaxDegree, len(raw), sum)
	}
	_, sum := summarize(t, MaxDegree, MaxDegree+1)
	if sum.GetMaxLevel() != 1 || len(sum.GetMaxLevelHashes()) != 1 {
		t.Fatalf("%d reads: %v", MaxDegree+1, sum)
	}
	n := (MaxDegree + 1) * (MaxDegree + 1)
	_, sum = summarize(t, MaxDegree, n)
	if sum.GetMaxLevel() != 2 || len(sum.GetMaxLevelHashes()) != 1 {
		t.Fatalf("%d reads: level %d, %d hashes", n, sum.GetMaxLevel(), len(sum.GetMaxLevelHashes()))
	}
	_, other := summarize(t, MaxDegree, n-1)
	if Equal(sum, other) {
		t.Fatal("summaries of different result sets are equal")
	}
}

func TestLevelOnlyGrows(t *testing.T) {
	s := NewSummarizer(2)
	last := s.Level()
	for i := 0; i < 40; i++ {
		if err := s.Add(read(i)); err != nil {
			t.Fatal(err)
		}
		if s.Level() < last {
			t.Fatalf("level fell from %d to %d", last, s.Level())
		}
		last = s.Level()
	}
	if last < 3 {
		t.Fatalf("40 reads at degree 2 reached level %d only", last)
	}
}

func TestAddRejectsUnmarshallableRead(t *testing.T) {
	s := NewSummarizer(1)
	if err := s.Add(&kvrwset.KVRead{Key: "ok"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Add(&kvrwset.KVRead{Key: "\xff"}); err == nil {
		t.Fatal("a key that is not UTF-8 was hashed")
	}
}
