package payout

import (
	"encoding/json"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"
)

func addr(b byte) [20]byte { return [20]byte{19: b} }

// A fixed vector computed with @openzeppelin/merkle-tree 1.0.8, so that a
// change to hashing or layout fails here even where node is absent.
func TestGoldenRoot(t *testing.T) {
	tr, err := NewTree(7, []Payout{
		{Account: addr(3), Amount: big.NewInt(300)},
		{Account: addr(1), Amount: big.NewInt(100)},
		{Account: addr(2), Amount: big.NewInt(200)},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := FormatHash(tr.Root()); got != goldenRoot {
		t.Fatalf("root %s, want %s", got, goldenRoot)
	}
	if tr.Total().Cmp(big.NewInt(600)) != 0 || tr.Len() != 3 || tr.Epoch() != 7 {
		t.Fatalf("total %v len %d epoch %d", tr.Total(), tr.Len(), tr.Epoch())
	}
	for i, l := range tr.Leaves() {
		if l.Index != uint64(i) || l.Account != addr(byte(i+1)) || l.Epoch != 7 {
			t.Fatalf("leaf %d = %+v: not in address order", i, l)
		}
	}
}

const goldenRoot = "0xe9b73808ca720f4ec18a661230247e420849aaa4e4de4bccb33fb2a6a040f19b"

func TestLeafEncoding(t *testing.T) {
	l := Leaf{Epoch: 1, Index: 2, Account: addr(0xab), Amount: big.NewInt(0x0102)}
	enc, err := l.Encode()
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Repeat("00", 31) + "01" + strings.Repeat("00", 31) + "02" +
		strings.Repeat("00", 31) + "ab" + strings.Repeat("00", 30) + "0102"
	if got := FormatHash([32]byte{})[:2] + hexOf(enc); got != "0x"+want {
		t.Fatalf("encoding\n got %s\nwant 0x%s", got, want)
	}
	if _, err := (Leaf{Amount: big.NewInt(-1)}).Encode(); err == nil {
		t.Fatal("negative amount encoded")
	}
	if _, err := (Leaf{Amount: new(big.Int).Lsh(big.NewInt(1), 256)}).Encode(); err == nil {
		t.Fatal("2^256 encoded")
	}
	if LeafHash(Leaf{}) != ([32]byte{}) {
		t.Fatal("nil amount should hash to zero")
	}
}

func hexOf(b []byte) string {
	const digits = "0123456789abcdef"
	var sb strings.Builder
	for _, c := range b {
		sb.WriteByte(digits[c>>4])
		sb.WriteByte(digits[c&15])
	}
	return sb.String()
}

func TestProofsVerifyAndTamperFails(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{1, 2, 3, 6, 33} {
		tr, err := NewTree(5, randomPayouts(r, n))
		if err != nil {
			t.Fatal(err)
		}
		root := tr.Root()
		for i := 0; i < n; i++ {
			c, err := tr.Claim(i)
			if err != nil {
				t.Fatal(err)
			}
			if !c.Verify(root) {
				t.Fatalf("n=%d leaf %d: proof does not verify", n, i)
			}
			bad := c
			bad.Leaf.Amount = new(big.Int).Add(c.Leaf.Amount, big.NewInt(1))
			if bad.Verify(root) {
				t.Fatalf("n=%d leaf %d: inflated amount verifies", n, i)
			}
			bad = c
			bad.Leaf.Epoch++
			if bad.Verify(root) {
				t.Fatalf("n=%d leaf %d: other epoch verifies", n, i)
			}
			if n > 1 {
				bad = c
				bad.Leaf.Index = uint64((i + 1) % n)
				if bad.Verify(root) {
					t.Fatalf("n=%d leaf %d: wrong index verifies", n, i)
				}
				bad = c
				bad.Proof = append([][32]byte{}, c.Proof...)
				bad.Proof[0][0] ^= 1
				if bad.Verify(root) {
					t.Fatalf("n=%d leaf %d: tampered proof verifies", n, i)
				}
			}
		}
		if tr.Proof(-1) != nil || tr.Proof(n) != nil {
			t.Fatal("out-of-range proof is not nil")
		}
		if _, err := tr.Claim(n); err == nil {
			t.Fatal("out-of-range claim gave no error")
		}
	}
}

func TestNewTreeRejects(t *testing.T) {
	cases := map[string][]Payout{
		"empty":        nil,
		"zero address": {{Account: [20]byte{}, Amount: big.NewInt(1)}},
		"duplicate":    {{Account: addr(1), Amount: big.NewInt(1)}, {Account: addr(1), Amount: big.NewInt(2)}},
		"zero amount":  {{Account: addr(1), Amount: big.NewInt(0)}},
		"negative":     {{Account: addr(1), Amount: big.NewInt(-5)}},
		"nil amount":   {{Account: addr(1)}},
		"too large":    {{Account: addr(1), Amount: new(big.Int).Lsh(big.NewInt(1), 256)}},
	}
	for name, ps := range cases {
		if _, err := NewTree(1, ps); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestInputOrderAndAliasing(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	ps := randomPayouts(r, 50)
	a, _ := NewTree(2, ps)
	r.Shuffle(len(ps), func(i, j int) { ps[i], ps[j] = ps[j], ps[i] })
	b, _ := NewTree(2, ps)
	if a.Root() != b.Root() {
		t.Fatal("root depends on input order")
	}
	m := map[[20]byte]*big.Int{}
	for _, p := range ps {
		m[p.Account] = p.Amount
	}
	c, err := NewTreeFromMap(2, m)
	if err != nil || c.Root() != a.Root() {
		t.Fatalf("map form: %v", err)
	}
	ps[0].Amount.SetInt64(1) // the caller's big.Int changes; the tree must not
	d, _ := NewTree(2, ps)
	if d.Root() == a.Root() {
		t.Fatal("changed input gave the same root")
	}
	c.Leaves()[0].Amount.SetInt64(42)
	if c.Root() != a.Root() || c.Leaf(0).Amount.Cmp(big.NewInt(42)) == 0 {
		t.Fatal("Leaves leaked internal state")
	}
	for i, l := range a.Leaves() {
		if j, ok := a.Find(l.Account); !ok || j != i {
			t.Fatalf("Find(%x) = %d %v, want %d", l.Account, j, ok, i)
		}
	}
	if _, ok := a.Find(addr(0)); ok {
		t.Fatal("Find found an absent account")
	}
}

func TestJSONRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	tr, _ := NewTree(11, randomPayouts(r, 9))
	b, err := json.Marshal(tr)
	if err != nil {
		t.Fatal(err)
	}
	var back Tree
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Root() != tr.Root() || back.Total().Cmp(tr.Total()) != 0 {
		t.Fatal("tree changed in JSON round trip")
	}
	// Any edit to the stated values must be refused.
	s := string(b)
	root := FormatHash(tr.Root())
	for name, edited := range map[string]string{
		"root":   strings.Replace(s, root, FormatHash([32]byte{1}), 1),
		"total":  strings.Replace(s, `"total":"`, `"total":"1`, 1),
		"format": strings.Replace(s, TreeFormat, "v0", 1),
		"amount": strings.Replace(s, `"amount":"`, `"amount":"-`, 1),
		"extra":  strings.Replace(s, `"epoch"`, `"x":1,"epoch"`, 1),
	} {
		if err := json.Unmarshal([]byte(edited), &back); err == nil {
			t.Errorf("edited %s accepted", name)
		}
	}

	c, _ := tr.Claim(4)
	cb, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(cb), `"account":"0x`) || !strings.Contains(string(cb), `"amount":"`) {
		t.Fatalf("claim JSON lacks hex account or decimal amount: %s", cb)
	}
	var cback Claim
	if err := json.Unmarshal(cb, &cback); err != nil {
		t.Fatal(err)
	}
	if !cback.Verify(tr.Root()) {
		t.Fatal("decoded claim does not verify")
	}
}

func TestParseAddress(t *testing.T) {
	// EIP-55's own examples.
	for _, s := range []string{"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"} {
		a, err := ParseAddress(s)
		if err != nil {
			t.Fatal(err)
		}
		if ChecksumAddress(a) != s {
			t.Fatalf("checksum %s, want %s", ChecksumAddress(a), s)
		}
		if _, err := ParseAddress(strings.ToLower(s)); err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range []string{"", "0x", "5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD",
		"0x5aaeb6053f3e94c9b9a09f33669435e7ef1bea", "0xzzaeb6053f3e94c9b9a09f33669435e7ef1beaed"} {
		if _, err := ParseAddress(s); err == nil {
			t.Errorf("ParseAddress(%q) accepted", s)
		}
	}
	for _, s := range []string{"", "-1", "1.5", "1e18", "01", " 1", "+1"} {
		if _, err := ParseAmount(s); err == nil {
			t.Errorf("ParseAmount(%q) accepted", s)
		}
	}
	if v, err := ParseAmount("1000000000000000000"); err != nil || v.String() != "1000000000000000000" {
		t.Fatal(v, err)
	}
}

func FuzzTreeProofs(f *testing.F) {
	f.Add(uint64(1), uint8(3), uint64(42))
	f.Add(uint64(0), uint8(1), uint64(0))
	f.Fuzz(func(t *testing.T, epoch uint64, n uint8, seed uint64) {
		if n == 0 {
			return
		}
		r := rand.New(rand.NewPCG(seed, uint64(n)))
		tr, err := NewTree(epoch, randomPayouts(r, int(n)))
		if err != nil {
			t.Fatal(err)
		}
		sum := new(big.Int)
		for i, l := range tr.Leaves() {
			sum.Add(sum, l.Amount)
			if !Verify(tr.Root(), l, tr.Proof(i)) {
				t.Fatalf("leaf %d does not verify", i)
			}
		}
		if sum.Cmp(tr.Total()) != 0 {
			t.Fatal("total is not the sum of leaves")
		}
	})
}
