package ledger

import (
	"fmt"
	"log/slog"

	"github.com/cockroachdb/pebble"
	"github.com/cockroachdb/pebble/bloom"
)

// Option configures Open.
type Option func(*config)

type config struct {
	logger    *slog.Logger
	cacheSize int64
	memTable  uint64
	tune      func(*pebble.Options)
}

func defaultConfig() config {
	return config{
		logger:    slog.Default(),
		cacheSize: 192 << 20,
		memTable:  32 << 20,
	}
}

// WithLogger sets the logger (default slog.Default()).
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

// WithCacheSize sets Pebble's block cache size in bytes (default 192 MiB).
// Pebble charges memtables against this cache, so it must be well above
// twice the memtable size or no block stays cached.
func WithCacheSize(n int64) Option { return func(c *config) { c.cacheSize = n } }

// WithMemTableSize sets Pebble's memtable size in bytes (default 32 MiB).
// Tests use small memtables to exercise flushes.
func WithMemTableSize(n uint64) Option { return func(c *config) { c.memTable = n } }

// WithPebbleOptions lets an operator adjust the Pebble options after the
// ledger's own tuning; it runs last.
func WithPebbleOptions(f func(*pebble.Options)) Option { return func(c *config) { c.tune = f } }

// pebbleOptions tunes Pebble for this workload:
//   - one large synced batch per block (a 500-tx block is ~1-2 MB): a 32 MiB
//     memtable absorbs ~15 blocks per flush, and a block batch stays well
//     below the half-memtable size at which Pebble turns it into a flushable
//     batch;
//   - Pebble reserves memtable memory inside the block cache: with the 64 MiB
//     cache it defaults to and 64 MiB memtables the cache held nothing and
//     every filter/index read went to disk (measured: 0 cache entries after
//     100 blocks). 192 MiB leaves >100 MiB for filter, index and hot blocks;
//   - most point reads are txid lookups that miss (duplicate-txid checks of
//     every new transaction) and state reads for MVCC: a 10-bit bloom filter on
//     every level turns a miss into ~1% of a block read;
//   - block bytes, tx index and history keys are appended in increasing order,
//     so most compactions are cheap moves; L0 may grow a little (threshold 4,
//     stop at 24) before writes stall, which absorbs commit bursts on a
//     2-core box;
//   - BytesPerSync smooths sstable writeback so the per-block WAL fsync does
//     not wait behind a large dirty page flush.
func (c config) pebbleOptions() *pebble.Options {
	// Split = whole key: bloom filters cover exact keys (Pebble's default
	// without a Split), and SeekPrefixGE becomes an exact-key probe that can
	// consult them (see commitBuilder.get). Ordering and the persisted
	// comparer name are unchanged.
	cmp := *pebble.DefaultComparer
	cmp.Split = func(k []byte) int { return len(k) }
	o := &pebble.Options{
		Comparer:                    &cmp,
		Cache:                       pebble.NewCache(c.cacheSize),
		MemTableSize:                c.memTable,
		MemTableStopWritesThreshold: 4,
		L0CompactionThreshold:       4,
		L0StopWritesThreshold:       24,
		LBaseMaxBytes:               256 << 20,
		BytesPerSync:                1 << 20,
		WALBytesPerSync:             0, // the WAL is fsynced per block anyway
		MaxConcurrentCompactions:    func() int { return 2 },
		FormatMajorVersion:          pebble.FormatNewest,
		Logger:                      pebbleLogger{c.logger},
	}
	o.Levels = make([]pebble.LevelOptions, 7)
	for i := range o.Levels {
		l := &o.Levels[i]
		l.BlockSize = 32 << 10
		l.IndexBlockSize = 256 << 10
		l.FilterPolicy = bloom.FilterPolicy(10)
		l.FilterType = pebble.TableFilter
		l.TargetFileSize = 8 << 20 << i // 8 MiB at L0, doubling per level
		if i == 0 {
			l.Compression = pebble.NoCompression // L0 is short-lived: spend no CPU on it
		} else {
			l.Compression = pebble.SnappyCompression
		}
	}
	o.EnsureDefaults()
	if c.tune != nil {
		c.tune(o)
	}
	return o
}

// pebbleLogger routes Pebble's own messages to slog.
type pebbleLogger struct{ l *slog.Logger }

func (p pebbleLogger) Infof(format string, args ...interface{}) {
	p.l.Debug("pebble", "msg", fmt.Sprintf(format, args...))
}

func (p pebbleLogger) Fatalf(format string, args ...interface{}) {
	p.l.Error("pebble fatal", "msg", fmt.Sprintf(format, args...))
	panic(fmt.Sprintf(format, args...))
}
