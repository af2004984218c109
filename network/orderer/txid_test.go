package orderer

import (
	"testing"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
)

// txidCorpus holds envelopes whose wire format exercises the cases where a
// field walk could disagree with proto.Unmarshal: repeated fields (bytes
// keep the last, messages merge), fields with an unexpected wire type,
// truncation and missing parts.
func txidCorpus(t testing.TB) map[string][]byte {
	t.Helper()
	mustMarshal := func(m proto.Message) []byte {
		raw, err := proto.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		return raw
	}
	chdr := func(id string) []byte { return mustMarshal(&common.ChannelHeader{ChannelId: "c", TxId: id}) }
	hdr := func(ch []byte) []byte { return mustMarshal(&common.Header{ChannelHeader: ch}) }
	bytesField := func(num protowire.Number, v []byte) []byte {
		return protowire.AppendBytes(protowire.AppendTag(nil, num, protowire.BytesType), v)
	}
	cat := func(parts ...[]byte) []byte {
		var out []byte
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	good := envWithTxID(t, "tx-1")
	return map[string][]byte{
		"good":                good,
		"empty":               {},
		"truncated":           good[:len(good)-3],
		"no payload":          mustMarshal(&common.Envelope{Signature: []byte("s")}),
		"payload without hdr": bytesField(1, mustMarshal(&common.Payload{Data: []byte("d")})),
		"repeated payload":    cat(bytesField(1, bytesField(1, hdr(chdr("first")))), bytesField(1, bytesField(1, hdr(chdr("last"))))),
		"repeated header merges": bytesField(1, cat(
			bytesField(1, hdr(chdr("a"))),
			bytesField(1, bytesField(2, []byte("creator"))))),
		"repeated channel header": bytesField(1, bytesField(1, cat(bytesField(1, chdr("first")), bytesField(1, chdr("last"))))),
		"payload as varint":       cat(protowire.AppendVarint(protowire.AppendTag(nil, 1, protowire.VarintType), 7), good),
		"bad utf8 txid":           bytesField(1, bytesField(1, hdr(cat(bytesField(5, []byte{0xff, 0xfe}))))),
		"garbage channel header":  bytesField(1, bytesField(1, hdr([]byte{0x0a, 0x05}))),
		"unknown fields":          cat(bytesField(9, []byte("x")), good, protowire.AppendFixed64(protowire.AppendTag(nil, 7, protowire.Fixed64Type), 1)),
	}
}

func TestEnvelopeTxIDMatchesUnmarshal(t *testing.T) {
	for name, raw := range txidCorpus(t) {
		if got, want := envelopeTxID(raw), envelopeTxIDSlow(raw); got != want {
			t.Errorf("%s: envelopeTxID = %q, full unmarshal gives %q", name, got, want)
		}
	}
	if got := envelopeTxID(envWithTxID(t, "tx-1")); got != "tx-1" {
		t.Fatalf("envelopeTxID = %q, want tx-1", got)
	}
}

// FuzzEnvelopeTxID checks the wire walk against a full unmarshal.
func FuzzEnvelopeTxID(f *testing.F) {
	for _, raw := range txidCorpus(f) {
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		if got, want := envelopeTxID(raw), envelopeTxIDSlow(raw); got != want {
			t.Fatalf("envelopeTxID = %q, full unmarshal gives %q", got, want)
		}
	})
}
