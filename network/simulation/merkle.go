package simulation

import (
	"crypto/sha256"
	"fmt"

	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset/kvrwset"
	"google.golang.org/protobuf/proto"
)

// MaxDegree is Fabric's maxDegreeQueryReadsHashing: a range query that
// returns more than this many results is summarised by a Merkle tree of
// this degree instead of listing every read (fabric-wire.md §3.2).
const MaxDegree = 50

// rangeResults collects the reads of one range query: raw while there are at
// most MaxDegree of them, then as leaves of a Merkle tree, each leaf the
// SHA-256 of a marshalled QueryReads of MaxDegree+1 reads.
type rangeResults struct {
	pending  []*kvrwset.KVRead
	levels   map[uint32][][]byte // level → hashes; level 1 holds the leaves
	maxLevel uint32
}

func newRangeResults() *rangeResults {
	return &rangeResults{levels: map[uint32][][]byte{}, maxLevel: 1}
}

func (r *rangeResults) add(read *kvrwset.KVRead) error {
	r.pending = append(r.pending, read)
	if len(r.pending) > MaxDegree {
		return r.flush()
	}
	return nil
}

func (r *rangeResults) flush() error {
	b, err := proto.Marshal(&kvrwset.QueryReads{KvReads: r.pending})
	if err != nil {
		return fmt.Errorf("marshal range query reads: %w", err)
	}
	r.pending = nil
	r.update(hashBytes(b))
	return nil
}

func (r *rangeResults) treeEmpty() bool { return len(r.levels) == 0 }

// update appends a leaf and folds every level that grew past MaxDegree into
// one hash on the level above.
func (r *rangeResults) update(leaf []byte) {
	r.levels[1] = append(r.levels[1], leaf)
	for level := uint32(1); len(r.levels[level]) > MaxDegree; level++ {
		combined := combine(r.levels[level])
		delete(r.levels, level)
		r.levels[level+1] = append(r.levels[level+1], combined)
		if level+1 > r.maxLevel {
			r.maxLevel = level + 1
		}
	}
}

// done returns the raw reads when the tree never started, else the summary.
func (r *rangeResults) done() ([]*kvrwset.KVRead, *kvrwset.QueryReadsMerkleSummary, error) {
	if r.treeEmpty() {
		return r.pending, nil, nil
	}
	if len(r.pending) > 0 {
		if err := r.flush(); err != nil {
			return nil, nil, err
		}
	}
	// Carry every lower level up as one hash so only the top level remains.
	for level := uint32(1); level < r.maxLevel; level++ {
		hashes := r.levels[level]
		if len(hashes) == 0 {
			continue
		}
		h := hashes[0]
		if len(hashes) > 1 {
			h = combine(hashes)
		}
		delete(r.levels, level)
		r.levels[level+1] = append(r.levels[level+1], h)
	}
	if top := r.levels[r.maxLevel]; len(top) > MaxDegree {
		delete(r.levels, r.maxLevel)
		r.maxLevel++
		r.levels[r.maxLevel] = [][]byte{combine(top)}
	}
	return nil, &kvrwset.QueryReadsMerkleSummary{
		MaxDegree:      MaxDegree,
		MaxLevel:       r.maxLevel,
		MaxLevelHashes: r.levels[r.maxLevel],
	}, nil
}

func combine(hashes [][]byte) []byte {
	h := sha256.New()
	for _, x := range hashes {
		h.Write(x)
	}
	return h.Sum(nil)
}
