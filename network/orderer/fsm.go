package orderer

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync/atomic"

	"github.com/hashicorp/raft"
	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/orderer/etcdraft"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/protoutil"
)

// errStaleBlock marks a raft entry whose block no longer extends the chain:
// it was proposed by a leader that lost its term, or built on such a block.
// Every node skips it the same way, so chains stay identical.
var errStaleBlock = errors.New("stale block entry")

// applyResult is what fsm.Apply returns through raft's ApplyFuture.
type applyResult struct {
	number uint64
	err    error
}

// BlockPuller fetches blocks [from, to) of a channel from another consenter;
// a node restoring a snapshot newer than its chain uses it to catch up.
type BlockPuller interface {
	PullBlocks(ctx context.Context, from, to uint64, deliver func(*common.Block) error) error
}

// fsm applies ordered blocks: each raft entry carries one block (header and
// data; no metadata). Every node checks it extends its chain, signs the
// SIGNATURES metadata with its own orderer identity and stores it. Header
// hashes are therefore identical across nodes; metadata differs per node.
type fsm struct {
	store      BlockStore
	signer     protoutil.Signer
	consenters []uint64
	puller     BlockPuller
	log        *slog.Logger
	onApply    func(b *common.Block) // metrics hook; may be nil
	pulled     atomic.Uint64         // blocks fetched from other consenters
}

// encodeBlockEntry is the raft entry for a block without metadata.
func encodeBlockEntry(b *common.Block) ([]byte, error) {
	return proto.Marshal(&common.Block{Header: b.Header, Data: b.Data})
}

func (f *fsm) Apply(l *raft.Log) interface{} {
	b := &common.Block{}
	if err := proto.Unmarshal(l.Data, b); err != nil || b.Header == nil || b.Data == nil {
		return &applyResult{err: fmt.Errorf("raft entry %d is not a block", l.Index)}
	}
	n, h := b.Header.Number, f.store.Height()
	if n < h {
		// Replayed after a restart: already stored. Confirm it is the same block.
		stored, err := f.store.Block(n)
		if err != nil {
			return &applyResult{number: n, err: err}
		}
		if !bytes.Equal(protoutil.BlockHeaderHash(stored.Header), protoutil.BlockHeaderHash(b.Header)) {
			return &applyResult{number: n, err: fmt.Errorf("%w: block %d differs from the stored one", errStaleBlock, n)}
		}
		return &applyResult{number: n}
	}
	if err := checkNext(b, h, f.store.LastHeaderHash()); err != nil {
		return &applyResult{number: n, err: fmt.Errorf("%w: %v", errStaleBlock, err)}
	}
	meta, err := proto.Marshal(&etcdraft.BlockMetadata{ConsenterIds: f.consenters, RaftIndex: l.Index})
	if err != nil {
		return &applyResult{number: n, err: err}
	}
	b.Metadata = &common.BlockMetadata{Metadata: make([][]byte, protoutil.MetadataCount)}
	if err := protoutil.SignBlock(b, f.signer, 0, meta); err != nil {
		return &applyResult{number: n, err: err}
	}
	if err := f.store.Append(b); err != nil {
		// A storage failure cannot be skipped: the chain would fork from the
		// other nodes'. Crash and let raft replay the entry on restart.
		panic(fmt.Sprintf("orderer: store block %d: %v", n, err))
	}
	if f.onApply != nil {
		f.onApply(b)
	}
	return &applyResult{number: n}
}

// Snapshot captures the chain height and last header hash: the blocks
// themselves live in the block store, and a lagging node pulls them (as
// Fabric's etcdraft does) instead of receiving them inside the snapshot.
func (f *fsm) Snapshot() (raft.FSMSnapshot, error) {
	return &chainSnapshot{height: f.store.Height(), lastHash: f.store.LastHeaderHash()}, nil
}

func (f *fsm) Restore(rc io.ReadCloser) error {
	defer rc.Close()
	raw, err := io.ReadAll(io.LimitReader(rc, 1<<16))
	if err != nil {
		return err
	}
	if len(raw) < 8 {
		return errors.New("snapshot too short")
	}
	height, lastHash := binary.BigEndian.Uint64(raw), raw[8:]
	have := f.store.Height()
	if have >= height {
		if height == 0 {
			return nil
		}
		b, err := f.store.Block(height - 1)
		if err != nil {
			return err
		}
		if !bytes.Equal(protoutil.BlockHeaderHash(b.Header), lastHash) {
			return fmt.Errorf("snapshot at height %d disagrees with stored block %d", height, height-1)
		}
		return nil
	}
	if f.puller == nil {
		return fmt.Errorf("snapshot needs blocks %d..%d and no puller is configured", have, height-1)
	}
	f.log.Info("catching up from other consenters", "from", have, "to", height)
	err = f.puller.PullBlocks(context.Background(), have, height, func(b *common.Block) error {
		if err := f.store.Append(b); err != nil {
			return err
		}
		f.pulled.Add(1)
		return nil
	})
	if err != nil {
		return fmt.Errorf("catch up blocks %d..%d: %w", have, height-1, err)
	}
	if !bytes.Equal(f.store.LastHeaderHash(), lastHash) {
		return fmt.Errorf("pulled chain disagrees with snapshot at height %d", height)
	}
	return nil
}

type chainSnapshot struct {
	height   uint64
	lastHash []byte
}

func (s *chainSnapshot) Persist(sink raft.SnapshotSink) error {
	buf := binary.BigEndian.AppendUint64(nil, s.height)
	buf = append(buf, s.lastHash...)
	if _, err := sink.Write(buf); err != nil {
		sink.Cancel()
		return err
	}
	return sink.Close()
}

func (s *chainSnapshot) Release() {}
