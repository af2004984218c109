package p256

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"math/big"
	"strings"
	"testing"
)

func TestNewTableRejectsBadKeys(t *testing.T) {
	good := testKey(t, 1).PublicKey
	p384 := &ecdsa.PublicKey{Curve: elliptic.P384(), X: elliptic.P384().Params().Gx, Y: elliptic.P384().Params().Gy}
	offCurve := &ecdsa.PublicKey{Curve: elliptic.P256(), X: good.X, Y: new(big.Int).Add(good.Y, big.NewInt(1))}
	tooBig := &ecdsa.PublicKey{Curve: elliptic.P256(), X: new(big.Int).Add(good.X, elliptic.P256().Params().P), Y: good.Y}
	for _, c := range []struct {
		name string
		pub  *ecdsa.PublicKey
		want string
	}{
		{"nil key", nil, "nil public key"},
		{"nil curve", &ecdsa.PublicKey{X: good.X, Y: good.Y}, "want P-256"},
		{"P-384 key", p384, "curve P-384, want P-256"},
		{"off-curve point", offCurve, "invalid public key"},
		{"x not reduced", tooBig, "invalid public key"},
		{"negative x", &ecdsa.PublicKey{Curve: elliptic.P256(), X: new(big.Int).Neg(good.X), Y: good.Y}, "out of range"},
		{"nil y", &ecdsa.PublicKey{Curve: elliptic.P256(), X: good.X}, "out of range"},
		{"infinity (0,0)", &ecdsa.PublicKey{Curve: elliptic.P256(), X: new(big.Int), Y: new(big.Int)}, "invalid public key"},
	} {
		tab, err := NewTable(c.pub)
		if err == nil || tab != nil {
			t.Errorf("%s: NewTable = %v, %v; want an error", c.name, tab, err)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %q does not mention %q", c.name, err, c.want)
		}
	}
	if _, err := NewTable(&good); err != nil {
		t.Fatalf("valid key rejected: %v", err)
	}
}

// TestTableEntries checks the table layout against nistec's own ScalarMult:
// entry [i][j] = (j+1)·2^(7i)·Q.
func TestTableEntries(t *testing.T) {
	key := testKey(t, 3)
	tab, err := NewTable(&key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := tab.Size(), 37*64*96; got != want {
		t.Errorf("Size = %d, want %d", got, want)
	}
	q, err := publicPoint(&key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	for _, ij := range [][2]int{{0, 0}, {0, 1}, {0, 63}, {1, 0}, {17, 40}, {36, 0}, {36, 63}} {
		i, j := ij[0], ij[1]
		k := new(big.Int).Lsh(big.NewInt(int64(j+1)), uint(7*i))
		k.Mod(k, order)
		want, err := q.ScalarMult(q, k.FillBytes(make([]byte, 32)))
		if err != nil {
			t.Fatal(err)
		}
		if tab.points[i*64+j].Equal(want) != 1 {
			t.Errorf("entry [%d][%d] is not %d·2^%d·Q", i, j, j+1, 7*i)
		}
		q, _ = publicPoint(&key.PublicKey) // ScalarMult overwrote the receiver
	}
}
