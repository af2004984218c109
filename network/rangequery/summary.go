// Package rangequery builds the Merkle summary Fabric records in place of
// the raw reads of a range query with many results (fabric-wire.md §3.2).
// The endorser's simulator builds it from the results it returned; the
// committer's phantom-read check rebuilds it from committed state and
// compares. Both must produce identical bytes, so both use this one
// implementation.
package rangequery

import (
	"bytes"
	"crypto/sha256"
	"fmt"

	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset/kvrwset"
	"google.golang.org/protobuf/proto"
)

// MaxDegree is Fabric's maxDegreeQueryReadsHashing: a range query with more
// results than this is summarised by a Merkle tree of this degree.
const MaxDegree = 50

// Summarizer accumulates the reads of one range query: raw while there are
// at most maxDegree of them; after that in chunks of maxDegree+1, each
// hashed (SHA-256 of the marshalled QueryReads) into a leaf, and a level
// holding more than maxDegree hashes folds into one hash (SHA-256 of their
// concatenation) on the level above.
type Summarizer struct {
	maxDegree uint32
	pending   []*kvrwset.KVRead
	levels    map[uint32][][]byte // level → hashes; level 1 holds the leaves
	maxLevel  uint32
	hashed    bool // at least one chunk was hashed
}

// NewSummarizer starts a summary of the given degree (MaxDegree for
// endorsement; the committer uses the degree the endorser recorded).
func NewSummarizer(maxDegree uint32) *Summarizer {
	return &Summarizer{maxDegree: maxDegree, levels: make(map[uint32][][]byte), maxLevel: 1}
}

// Add appends the next read, in the order the range query returned it.
func (s *Summarizer) Add(r *kvrwset.KVRead) error {
	s.pending = append(s.pending, r)
	if uint32(len(s.pending)) > s.maxDegree {
		return s.flushPending()
	}
	return nil
}

// Level is the tree's current height: it only grows, so a committer can stop
// as soon as it exceeds the level the endorser recorded.
func (s *Summarizer) Level() uint32 { return s.maxLevel }

func (s *Summarizer) flushPending() error {
	b, err := proto.Marshal(&kvrwset.QueryReads{KvReads: s.pending})
	if err != nil {
		return fmt.Errorf("rangequery: marshal query reads: %w", err)
	}
	s.pending = nil
	sum := sha256.Sum256(b)
	s.hashed = true
	s.push(1, sum[:])
	return nil
}

func (s *Summarizer) push(level uint32, h []byte) {
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

// Done finishes the tree. When the results never exceeded maxDegree it
// returns them raw and a nil summary: Fabric then records the reads
// themselves. The Summarizer must not be used afterwards.
func (s *Summarizer) Done() (raw []*kvrwset.KVRead, summary *kvrwset.QueryReadsMerkleSummary, err error) {
	if !s.hashed {
		return s.pending, nil, nil
	}
	if len(s.pending) > 0 {
		if err := s.flushPending(); err != nil {
			return nil, nil, err
		}
	}
	// Carry every lower level up as one hash so only the top level remains.
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
	}, nil
}

// Equal reports whether two summaries are identical.
func Equal(a, b *kvrwset.QueryReadsMerkleSummary) bool {
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
