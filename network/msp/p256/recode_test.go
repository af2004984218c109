package p256

import (
	"crypto/rand"
	"math/big"
	"testing"
)

func TestRecode(t *testing.T) {
	one := big.NewInt(1)
	values := []*big.Int{
		big.NewInt(0), big.NewInt(1), big.NewInt(64), big.NewInt(65), big.NewInt(127), big.NewInt(128),
		new(big.Int).Sub(new(big.Int).Lsh(one, 256), one), // 2^256-1: carries all the way up
		new(big.Int).Sub(order, one),
		new(big.Int).Lsh(one, 255),
	}
	for range 200 {
		v, _ := rand.Int(rand.Reader, new(big.Int).Lsh(one, 256))
		values = append(values, v)
	}
	for w := 5; w <= 8; w++ {
		half := int32(1) << (w - 1)
		for _, v := range values {
			var k [32]byte
			v.FillBytes(k[:])
			var buf [maxWindows]int32
			digits := recode(&k, w, &buf)
			if len(digits) != windowCount(w) {
				t.Fatalf("w=%d: %d digits, want %d", w, len(digits), windowCount(w))
			}
			sum := new(big.Int)
			for i, d := range digits {
				if d < -(half-1) || d > half {
					t.Errorf("w=%d v=%x: digit %d = %d out of [%d, %d]", w, v, i, d, -(half - 1), half)
				}
				sum.Add(sum, new(big.Int).Lsh(big.NewInt(int64(d)), uint(w*i)))
			}
			if sum.Cmp(v) != 0 {
				t.Errorf("w=%d: digits of %x sum to %x", w, v, sum)
			}
		}
	}
}
