package ledger

import (
	"bytes"
	"reflect"
	"testing"
)

// FuzzKeyIsolation checks the layout rule the whole ledger depends on: a
// namespace's scan prefix (and a collection's) covers exactly its own keys,
// whatever bytes names and keys contain.
func FuzzKeyIsolation(f *testing.F) {
	f.Add("a", "b\x00c", "a\x00b", "c")
	f.Add("ab", "c", "a", "bc")
	f.Add("a", "\U0010FFFF", "a\U0010FFFF", "")
	f.Add("\xff", "\xff", "\xff\xff", "")
	f.Fuzz(func(t *testing.T, ns1, k1, ns2, k2 string) {
		// public state
		in := bytes.HasPrefix(stateKey(ns2, k2), stateNSPrefix(ns1))
		if in != (ns1 == ns2) {
			t.Fatalf("state key (%q,%q) under ns %q prefix: %v", ns2, k2, ns1, in)
		}
		if (ns1 != ns2 || k1 != k2) && bytes.Equal(stateKey(ns1, k1), stateKey(ns2, k2)) {
			t.Fatal("two state keys collide")
		}
		// collections: (ns1,k1) and (ns2,k2) used as (ns, coll)
		in = bytes.HasPrefix(privateKey(ns2, k2, "x"), collPrefix(pfxPrivate, ns1, k1))
		if in != (ns1 == ns2 && k1 == k2) {
			t.Fatalf("private key of (%q,%q) under prefix of (%q,%q): %v", ns2, k2, ns1, k1, in)
		}
		// history: one key's rows never fall under another key's prefix
		in = bytes.HasPrefix(historyKey(ns2, k2, Height{1, 2}), historyPrefix(ns1, k1))
		if in != (ns1 == ns2 && k1 == k2) {
			t.Fatalf("history of (%q,%q) under prefix of (%q,%q)", ns2, k2, ns1, k1)
		}
		if end := prefixEnd(stateNSPrefix(ns1)); end != nil && bytes.Compare(stateKey(ns1, k1), end) >= 0 {
			t.Fatal("key of a namespace sorts after the namespace's end bound")
		}
	})
}

func FuzzEntryRoundTrip(f *testing.F) {
	f.Add([]byte("v"), "VALIDATION_PARAMETER", []byte("p"), uint64(3), uint64(4))
	f.Add([]byte{}, "", []byte{}, uint64(0), uint64(0))
	f.Fuzz(func(t *testing.T, val []byte, mk string, mv []byte, blk, tx uint64) {
		in := &VersionedValue{Value: append([]byte{}, val...), Version: Height{blk, tx}}
		if mk != "" {
			in.Metadata = map[string][]byte{mk: append([]byte{}, mv...), mk + "2": {1}}
		}
		out, err := decodeEntry(encodeEntry(in))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(in, out) {
			t.Fatalf("round trip: %+v != %+v", in, out)
		}
		// Decoding arbitrary bytes must not panic.
		_, _ = decodeEntry(val)
		_, _ = decodeHistory(val, Height{})
	})
}

func TestPrefixEnd(t *testing.T) {
	cases := []struct{ in, want []byte }{
		{[]byte{1, 2}, []byte{1, 3}},
		{[]byte{1, 0xff}, []byte{2}},
		{[]byte{0xff, 0xff}, nil},
	}
	for _, c := range cases {
		if got := prefixEnd(c.in); !bytes.Equal(got, c.want) {
			t.Errorf("prefixEnd(%x) = %x, want %x", c.in, got, c.want)
		}
	}
}
