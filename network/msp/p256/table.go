package p256

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"errors"
	"fmt"
	"unsafe"

	"filippo.io/nistec"
)

// Window is the signed-digit width used by NewTable. Measured on amd64
// (BenchmarkVerifyTableWindow, BenchmarkNewTableWindow): w=6 verifies in
// ~35.4 µs (137 KB, 0.65 ms build), w=7 in ~33.5 µs (227 KB, 1.1 ms), w=8 in
// ~31.7 µs (400 KB, 2.2 ms). 8 saves 5% per verify for 1.8x the memory, so 7.
const Window = 7

// Table holds precomputed multiples of one P-256 public key Q for fast ECDSA
// verification: row i holds (j+1)·2^(w·i)·Q for j = 0 .. 2^(w-1)-1.
//
// With the default Window of 7 that is 37 rows of 64 points of 96 bytes, so
// about 227 KB per key (see Size), and NewTable costs ~2,400 point operations
// (~1 ms). A Table is immutable and safe for concurrent use.
type Table struct {
	w      int
	half   int // 2^(w-1): entries per row
	points []nistec.P256Point
}

// NewTable precomputes the multiples of pub. It fails if pub is not a valid
// point of the P-256 curve (for such a key crypto/ecdsa rejects every
// signature, so there is nothing to speed up).
func NewTable(pub *ecdsa.PublicKey) (*Table, error) {
	return newTable(pub, Window)
}

// newTable builds a table with window width w (5..8), for benchmarks.
func newTable(pub *ecdsa.PublicKey, w int) (*Table, error) {
	if w < 5 || w > 8 {
		return nil, fmt.Errorf("p256: window width %d out of range 5..8", w)
	}
	q, err := publicPoint(pub)
	if err != nil {
		return nil, err
	}
	n, half := windowCount(w), 1<<(w-1)
	t := &Table{w: w, half: half, points: make([]nistec.P256Point, n*half)}
	base := nistec.NewP256Point().Set(q) // 2^(w·i)·Q
	for i := range n {
		row := t.points[i*half : (i+1)*half]
		row[0].Set(base)
		row[1].Double(base)
		for j := 2; j < half; j++ {
			row[j].Add(&row[j-1], base)
		}
		base.Double(&row[half-1]) // 2·2^(w-1) = 2^w times the row's base
	}
	return t, nil
}

// publicPoint converts pub to a nistec point with the same checks as
// crypto/ecdsa: P-256 parameters, non-negative coordinates that fit the
// field, and a point on the curve (so never the point at infinity).
func publicPoint(pub *ecdsa.PublicKey) (*nistec.P256Point, error) {
	if pub == nil {
		return nil, errors.New("p256: nil public key")
	}
	if pub.Curve == nil || pub.Curve.Params() != elliptic.P256().Params() {
		name := "<nil>"
		if pub.Curve != nil {
			name = pub.Curve.Params().Name
		}
		return nil, fmt.Errorf("p256: public key is on curve %s, want P-256", name)
	}
	if pub.X == nil || pub.Y == nil || pub.X.Sign() < 0 || pub.Y.Sign() < 0 ||
		pub.X.BitLen() > 256 || pub.Y.BitLen() > 256 {
		return nil, errors.New("p256: invalid public key: coordinates out of range")
	}
	var enc [65]byte
	enc[0] = 4 // uncompressed
	pub.X.FillBytes(enc[1:33])
	pub.Y.FillBytes(enc[33:])
	q, err := nistec.NewP256Point().SetBytes(enc[:])
	if err != nil {
		return nil, fmt.Errorf("p256: invalid public key: %w", err)
	}
	return q, nil
}

// Size returns the memory held by the table's points, in bytes.
func (t *Table) Size() int {
	return len(t.points) * int(unsafe.Sizeof(nistec.P256Point{}))
}
