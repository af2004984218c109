package ledger

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
)

// errCorrupt reports stored bytes that do not decode; it means disk damage or
// a bug, never bad caller input.
var errCorrupt = errors.New("ledger: corrupt stored record")

// encodeEntry is the stored form of a state value: uvarint block, uvarint tx,
// metadata count, then (name, value) pairs sorted by name, then the value.
// Sorting makes the bytes a pure function of the entry, which
// StateFingerprint relies on.
func encodeEntry(v *VersionedValue) []byte {
	out := make([]byte, 0, 16+len(v.Value))
	out = binary.AppendUvarint(out, v.Version.BlockNum)
	out = binary.AppendUvarint(out, v.Version.TxNum)
	out = binary.AppendUvarint(out, uint64(len(v.Metadata)))
	if len(v.Metadata) > 0 {
		names := make([]string, 0, len(v.Metadata))
		for n := range v.Metadata {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			out = appendString(out, n)
			out = appendBytes(out, v.Metadata[n])
		}
	}
	return append(out, v.Value...)
}

func decodeEntry(b []byte) (*VersionedValue, error) {
	var v VersionedValue
	var k int
	if v.Version.BlockNum, k = binary.Uvarint(b); k <= 0 {
		return nil, errCorrupt
	}
	b = b[k:]
	if v.Version.TxNum, k = binary.Uvarint(b); k <= 0 {
		return nil, errCorrupt
	}
	b = b[k:]
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)) {
		return nil, errCorrupt
	}
	b = b[k:]
	if n > 0 {
		v.Metadata = make(map[string][]byte, n)
		for i := uint64(0); i < n; i++ {
			var name, val string
			var ok bool
			if name, b, ok = readString(b); !ok {
				return nil, errCorrupt
			}
			if val, b, ok = readString(b); !ok {
				return nil, errCorrupt
			}
			v.Metadata[name] = []byte(val)
		}
	}
	v.Value = append([]byte{}, b...)
	return &v, nil
}

// KeyModification is one entry of a key's history, as GET_HISTORY_FOR_KEY
// reports it.
type KeyModification struct {
	TxID      string
	Value     []byte // nil for a delete
	Timestamp time.Time
	IsDelete  bool
	Version   Height
}

// The history record keeps the value itself: reading it back from the block
// would mean unmarshalling the envelope, transaction, action and rwset for
// every history row, while the copy costs one extra value per write that the
// LSM writes sequentially anyway (see BenchmarkCommit).
func encodeHistory(m *KeyModification) []byte {
	out := make([]byte, 0, 96+len(m.Value))
	var flags byte
	if m.IsDelete {
		flags = 1
	}
	out = append(out, flags)
	out = appendString(out, m.TxID)
	var sec int64
	var nsec int32
	if !m.Timestamp.IsZero() {
		sec, nsec = m.Timestamp.Unix(), int32(m.Timestamp.Nanosecond())
	}
	out = binary.AppendVarint(out, sec)
	out = binary.AppendUvarint(out, uint64(nsec))
	return append(out, m.Value...)
}

func decodeHistory(b []byte, h Height) (*KeyModification, error) {
	if len(b) < 1 {
		return nil, errCorrupt
	}
	m := &KeyModification{IsDelete: b[0]&1 != 0, Version: h}
	var ok bool
	if m.TxID, b, ok = readString(b[1:]); !ok {
		return nil, errCorrupt
	}
	sec, k := binary.Varint(b)
	if k <= 0 {
		return nil, errCorrupt
	}
	b = b[k:]
	nsec, k := binary.Uvarint(b)
	if k <= 0 || nsec >= 1e9 {
		return nil, errCorrupt
	}
	b = b[k:]
	if sec != 0 || nsec != 0 {
		m.Timestamp = time.Unix(sec, int64(nsec)).UTC()
	}
	if !m.IsDelete {
		m.Value = append([]byte{}, b...)
	}
	return m, nil
}

// TxLocation says where a transaction id was committed and with which code.
type TxLocation struct {
	BlockNum uint64
	TxNum    uint64
	Code     peer.TxValidationCode
}

func encodeTxLoc(l TxLocation) []byte {
	out := appendU64(appendU64(make([]byte, 0, 17), l.BlockNum), l.TxNum)
	return append(out, byte(l.Code))
}

func decodeTxLoc(b []byte) (*TxLocation, error) {
	if len(b) != 17 {
		return nil, errCorrupt
	}
	return &TxLocation{
		BlockNum: binary.BigEndian.Uint64(b),
		TxNum:    binary.BigEndian.Uint64(b[8:]),
		Code:     peer.TxValidationCode(b[16]),
	}, nil
}

// chainTip is what the meta record holds: the number of committed blocks and
// the header hash of the last one.
type chainTip struct {
	height   uint64
	lastHash []byte
}

func encodeTip(t chainTip) []byte { return append(appendU64(nil, t.height), t.lastHash...) }

func decodeTip(b []byte) (chainTip, error) {
	if len(b) < 8 {
		return chainTip{}, fmt.Errorf("%w: chain tip of %d bytes", errCorrupt, len(b))
	}
	return chainTip{height: binary.BigEndian.Uint64(b), lastHash: append([]byte{}, b[8:]...)}, nil
}

// A stored private version is a flag byte (1 = delete) and the value.
func encodePvtVersion(value []byte, isDelete bool) []byte {
	if isDelete {
		return []byte{1}
	}
	return append([]byte{0}, value...)
}
