package ledger

import (
	"encoding/binary"
)

// Every table of a channel lives in one Pebble keyspace, told apart by a
// one-byte prefix. Variable-length components that are followed by more
// components (namespace, collection, and the key inside history/private-version
// keys) are uvarint-length-prefixed: the encoding is prefix-free, so no key can
// make one namespace's range overlap another's, whatever bytes (0x00, 0xFF,
// U+10FFFF) the chaincode puts in it. The last component (the key of a state
// entry) is raw, so a namespace's keys sort in plain key byte order.
const (
	pfxMeta             byte = 'm' // chain tip: height ‖ last header hash
	pfxFormat           byte = 'F' // storage format version
	pfxBlock            byte = 'b' // be64(num) -> marshalled common.Block
	pfxBlockHash        byte = 'h' // header hash -> be64(num)
	pfxTx               byte = 't' // txid -> be64(block) ‖ be64(tx) ‖ code
	pfxState            byte = 's' // enc(ns) ‖ key -> entry
	pfxHashed           byte = 'H' // enc(ns) ‖ enc(coll) ‖ keyHash -> entry
	pfxPrivate          byte = 'p' // enc(ns) ‖ enc(coll) ‖ key -> entry
	pfxPvtVersion       byte = 'v' // enc(ns) ‖ enc(coll) ‖ enc(key) ‖ be64(block) ‖ be64(tx) -> flag ‖ value
	pfxPvtByBlock       byte = 'P' // be64(block) ‖ be64(tx) ‖ enc(ns) ‖ enc(coll) ‖ enc(key) -> empty
	pfxExpiry           byte = 'e' // be64(expiresAt) ‖ kind ‖ be64(block) ‖ be64(tx) ‖ enc(ns) ‖ enc(coll) ‖ key -> empty
	pfxHistory          byte = 'i' // enc(ns) ‖ enc(key) ‖ be64(^block) ‖ be64(^tx) -> history record
	pfxPvtKeyHash       byte = 'k' // enc(ns) ‖ enc(coll) ‖ SHA-256(key) -> key, while any version of key is stored
	expiryPrivate       byte = 'p'
	expiryHashed        byte = 'h'
	storageFormat            = "saharanet-ledger-v2"
	storageFormatV1          = "saharanet-ledger-v1" // before the key-hash index; migrated by Open
	expiryHeadBytes          = 1 + 8 + 1 + 16
	historySuffixBytes       = 16
	pvtVersionSuffixLen      = 16
)

var (
	metaKey   = []byte{pfxMeta}
	formatKey = []byte{pfxFormat}
)

func appendString(dst []byte, s string) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(s)))
	return append(dst, s...)
}

func appendBytes(dst, b []byte) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(b)))
	return append(dst, b...)
}

func appendU64(dst []byte, v uint64) []byte { return binary.BigEndian.AppendUint64(dst, v) }

func appendHeight(dst []byte, h Height) []byte {
	return appendU64(appendU64(dst, h.BlockNum), h.TxNum)
}

// readString decodes one length-prefixed component and returns the rest.
func readString(b []byte) (string, []byte, bool) {
	n, k := binary.Uvarint(b)
	if k <= 0 || uint64(len(b)-k) < n {
		return "", nil, false
	}
	return string(b[k : k+int(n)]), b[k+int(n):], true
}

func blockKey(n uint64) []byte { return appendU64([]byte{pfxBlock}, n) }

func blockHashKey(h []byte) []byte { return append([]byte{pfxBlockHash}, h...) }

func txKey(txid string) []byte { return append([]byte{pfxTx}, txid...) }

func stateNSPrefix(ns string) []byte { return appendString([]byte{pfxState}, ns) }

func stateKey(ns, key string) []byte { return append(stateNSPrefix(ns), key...) }

func collPrefix(pfx byte, ns, coll string) []byte {
	return appendString(appendString([]byte{pfx}, ns), coll)
}

func hashedKey(ns, coll string, keyHash []byte) []byte {
	return append(collPrefix(pfxHashed, ns, coll), keyHash...)
}

func privateKey(ns, coll, key string) []byte {
	return append(collPrefix(pfxPrivate, ns, coll), key...)
}

// pvtVersionPrefix is the prefix of every stored version of one private key.
func pvtVersionPrefix(ns, coll, key string) []byte {
	return appendString(collPrefix(pfxPvtVersion, ns, coll), key)
}

func pvtVersionKey(ns, coll, key string, h Height) []byte {
	return appendHeight(pvtVersionPrefix(ns, coll, key), h)
}

// pvtKeyHashKey indexes a private key by its hash, so that a purge or an
// expiry of hashed state (which names only the hash) can find the private
// value and its versions.
func pvtKeyHashKey(ns, coll string, keyHash []byte) []byte {
	return append(collPrefix(pfxPvtKeyHash, ns, coll), keyHash...)
}

func pvtByBlockKey(ns, coll, key string, h Height) []byte {
	k := appendHeight([]byte{pfxPvtByBlock}, h)
	return appendString(appendString(appendString(k, ns), coll), key)
}

func pvtByBlockPrefix(block uint64) []byte { return appendU64([]byte{pfxPvtByBlock}, block) }

func expiryPrefix(at uint64) []byte { return appendU64([]byte{pfxExpiry}, at) }

func expiryKey(at uint64, kind byte, h Height, ns, coll string, key []byte) []byte {
	k := append(expiryPrefix(at), kind)
	k = appendHeight(k, h)
	k = appendString(appendString(k, ns), coll)
	return append(k, key...)
}

func historyPrefix(ns, key string) []byte {
	return appendString(appendString([]byte{pfxHistory}, ns), key)
}

// historyKey stores the inverted height so a forward scan yields newest first.
func historyKey(ns, key string, h Height) []byte {
	return appendU64(appendU64(historyPrefix(ns, key), ^h.BlockNum), ^h.TxNum)
}

// prefixEnd is the smallest key greater than every key that starts with p,
// or nil when there is none (p is all 0xFF).
func prefixEnd(p []byte) []byte {
	end := append([]byte(nil), p...)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] != 0xFF {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}
