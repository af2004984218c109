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
	"google.golang.org/protobuf/encoding/protowire"
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

	// snapshotBytes is the channel's SnapshotIntervalSize (or, when the
	// channel sets none, RaftTiming's): once entries of
	// at least this many bytes have been applied since the last snapshot,
	// Apply signals snapshotDue (0 = never). Raft's own trigger counts
	// entries, but entries here are whole blocks of any size, so only bytes
	// bound how much raft log a node keeps (as in Fabric's etcdraft).
	snapshotBytes uint64
	sinceSnapshot atomic.Uint64
	snapshotDue   chan struct{} // capacity 1; may be nil
}

// appliedBytes counts an applied entry towards the next snapshot.
func (f *fsm) appliedBytes(n int) {
	if f.snapshotBytes == 0 || f.snapshotDue == nil {
		return
	}
	if f.sinceSnapshot.Add(uint64(n)) >= f.snapshotBytes {
		select {
		case f.snapshotDue <- struct{}{}:
		default: // one is already pending
		}
	}
}

// encodeBlockEntry is the raft entry for a block without metadata.
func encodeBlockEntry(b *common.Block) ([]byte, error) {
	return proto.Marshal(&common.Block{Header: b.Header, Data: b.Data})
}

// decodeBlockEntry is the inverse of encodeBlockEntry. The envelopes alias
// data instead of being copied (a block is hundreds of kilobytes, and Apply
// only passes it on to the store). Anything but exactly one header and one
// data field is refused: the leader writes nothing else.
func decodeBlockEntry(data []byte) (*common.Block, error) {
	b := &common.Block{}
	for len(data) > 0 {
		num, typ, n := protowire.ConsumeTag(data)
		if n < 0 || typ != protowire.BytesType {
			return nil, errors.New("malformed field")
		}
		v, m := protowire.ConsumeBytes(data[n:])
		if m < 0 {
			return nil, errors.New("malformed field")
		}
		data = data[n+m:]
		switch {
		case num == 1 && b.Header == nil:
			b.Header = &common.BlockHeader{}
			if err := proto.Unmarshal(v, b.Header); err != nil {
				return nil, fmt.Errorf("header: %w", err)
			}
		case num == 2 && b.Data == nil:
			b.Data = &common.BlockData{Data: [][]byte{}}
			for len(v) > 0 {
				dnum, dtyp, dn := protowire.ConsumeTag(v)
				if dn < 0 || dnum != 1 || dtyp != protowire.BytesType {
					return nil, errors.New("malformed block data")
				}
				env, dm := protowire.ConsumeBytes(v[dn:])
				if dm < 0 {
					return nil, errors.New("malformed block data")
				}
				b.Data.Data = append(b.Data.Data, env[:len(env):len(env)])
				v = v[dn+dm:]
			}
		default:
			return nil, fmt.Errorf("unexpected field %d", num)
		}
	}
	if b.Header == nil || b.Data == nil {
		return nil, errors.New("no header or no data")
	}
	return b, nil
}

func (f *fsm) Apply(l *raft.Log) interface{} {
	b, err := decodeBlockEntry(l.Data)
	if err != nil {
		return &applyResult{err: fmt.Errorf("raft entry %d is not a block: %v", l.Index, err)}
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
	// Number and previous hash first, so a stale entry is not signed; Append
	// checks them again together with the data hash.
	if n != h || !bytes.Equal(b.Header.PreviousHash, f.store.LastHeaderHash()) {
		return &applyResult{number: n, err: fmt.Errorf("%w: block %d does not extend height %d", errStaleBlock, n, h)}
	}
	meta, err := proto.Marshal(&etcdraft.BlockMetadata{ConsenterIds: f.consenters, RaftIndex: l.Index})
	if err != nil {
		return &applyResult{number: n, err: err}
	}
	b.Metadata = &common.BlockMetadata{Metadata: make([][]byte, protoutil.MetadataCount)}
	// SignBlock verifies the data hash before signing.
	if err := protoutil.SignBlock(b, f.signer, 0, meta); errors.Is(err, protoutil.ErrBadDataHash) {
		return &applyResult{number: n, err: fmt.Errorf("%w: %v", errStaleBlock, err)}
	} else if err != nil {
		return &applyResult{number: n, err: err}
	}
	if vs, ok := f.store.(verifiedAppender); ok {
		err = vs.appendVerified(b, l.Data)
	} else {
		err = f.store.Append(b)
	}
	if errors.Is(err, ErrNotNextBlock) {
		return &applyResult{number: n, err: fmt.Errorf("%w: %v", errStaleBlock, err)}
	} else if err != nil {
		// A storage failure cannot be skipped: the chain would fork from the
		// other nodes'. Crash and let raft replay the entry on restart.
		panic(fmt.Sprintf("orderer: store block %d: %v", n, err))
	}
	if f.onApply != nil {
		f.onApply(b)
	}
	f.appliedBytes(len(l.Data))
	return &applyResult{number: n}
}

// Snapshot captures the chain height and last header hash: the blocks
// themselves live in the block store, and a lagging node pulls them (as
// Fabric's etcdraft does) instead of receiving them inside the snapshot.
//
// Blocks are appended without fsync (the raft log is the durable copy), so
// the store is synced first: once raft has the snapshot it may compact the
// entries that carried those blocks.
func (f *fsm) Snapshot() (raft.FSMSnapshot, error) {
	if err := f.store.Sync(); err != nil {
		return nil, fmt.Errorf("sync block store before snapshot: %w", err)
	}
	f.sinceSnapshot.Store(0)
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
	if err == nil {
		err = f.store.Sync()
	}
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
