package validation

import (
	"bytes"
	"crypto/sha256"

	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset/kvrwset"
	"google.golang.org/protobuf/proto"
)

// queryReadsSummarizer rebuilds the Merkle summary an endorser records for a
// range query with many results (fabric-wire.md §3.2): reads are hashed in
// chunks of maxDegree+1 (SHA-256 of the marshalled QueryReads), and a level
// holding more than maxDegree hashes folds into one hash (SHA-256 of their
// concatenation) on the level above.
type queryReadsSummarizer struct {
	maxDegree uint32
	pending   []*kvrwset.KVRead
	levels    map[uint32][][]byte
	maxLevel  uint32
	hashed    bool // at least one chunk was hashed
}

func newQueryReadsSummarizer(maxDegree uint32) *queryReadsSummarizer {
	return &queryReadsSummarizer{maxDegree: maxDegree, levels: make(map[uint32][][]byte), maxLevel: 1}
}

func (s *queryReadsSummarizer) add(r *kvrwset.KVRead) {
	s.pending = append(s.pending, r)
	if uint32(len(s.pending)) > s.maxDegree {
		s.flushPending()
	}
}

func (s *queryReadsSummarizer) flushPending() {
	b, err := proto.Marshal(&kvrwset.QueryReads{KvReads: s.pending})
	if err != nil {
		// Marshalling plain strings and integers cannot fail.
		panic(err)
	}
	s.pending = nil
	sum := sha256.Sum256(b)
	s.hashed = true
	s.push(1, sum[:])
}

func (s *queryReadsSummarizer) push(level uint32, h []byte) {
	s.levels[level] = append(s.levels[level], h)
	for uint32(len(s.levels[level])) > s.maxDegree {
		folded := combine(s.levels[level])
		delete(s.levels, level)
		level++
		s.levels[level] = append(s.levels[level], folded)
		if level > s.maxLevel {
			s.maxLevel = level
		}
	}
}

func combine(hs [][]byte) []byte {
	h := sha256.New()
	for _, x := range hs {
		h.Write(x)
	}
	return h.Sum(nil)
}

// summary finishes the tree. It returns nil when the results never exceeded
// maxDegree: the endorser then records raw reads instead (returned as raw).
func (s *queryReadsSummarizer) summary() (raw []*kvrwset.KVRead, sum *kvrwset.QueryReadsMerkleSummary) {
	if !s.hashed {
		return s.pending, nil
	}
	if len(s.pending) > 0 {
		s.flushPending()
	}
	for level := uint32(1); level < s.maxLevel; level++ {
		hs := s.levels[level]
		if len(hs) == 0 {
			continue
		}
		h := hs[0]
		if len(hs) > 1 {
			h = combine(hs)
		}
		delete(s.levels, level)
		s.levels[level+1] = append(s.levels[level+1], h)
	}
	if top := s.levels[s.maxLevel]; uint32(len(top)) > s.maxDegree {
		delete(s.levels, s.maxLevel)
		s.maxLevel++
		s.levels[s.maxLevel] = [][]byte{combine(top)}
	}
	return nil, &kvrwset.QueryReadsMerkleSummary{
		MaxDegree:      s.maxDegree,
		MaxLevel:       s.maxLevel,
		MaxLevelHashes: s.levels[s.maxLevel],
	}
}

func sameSummary(a, b *kvrwset.QueryReadsMerkleSummary) bool {
	if a.GetMaxDegree() != b.GetMaxDegree() || a.GetMaxLevel() != b.GetMaxLevel() ||
		len(a.GetMaxLevelHashes()) != len(b.GetMaxLevelHashes()) {
		return false
	}
	for i, h := range a.GetMaxLevelHashes() {
		if !bytes.Equal(h, b.GetMaxLevelHashes()[i]) {
			return false
		}
	}
	return true
}
