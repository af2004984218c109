package p256

import "encoding/binary"

// maxWindows bounds the digit count for every supported window width
// (w = 5 needs ceil(257/5) = 52).
const maxWindows = 52

// windowCount returns how many signed w-bit digits represent any scalar
// below 2^256. Recoding adds at most 1 to the digit above each window, so
// the top window must have room for (its bits) + 1 <= 2^(w-1): that holds
// once the windows cover 257 bits.
func windowCount(w int) int { return (257 + w - 1) / w }

// recode writes k (32 bytes, big-endian) as k = Σ d[i]·2^(w·i) with every
// d[i] in [-(2^(w-1)-1), 2^(w-1)], and returns the digits used
// (windowCount(w) of them). Zero digits cost nothing at verification time.
func recode(k *[32]byte, w int, out *[maxWindows]int32) []int32 {
	var limbs [5]uint64 // little-endian; limbs[4] = 0 so reads past bit 255 see zeros
	for i := range 4 {
		limbs[i] = binary.BigEndian.Uint64(k[32-8*(i+1):])
	}
	n := windowCount(w)
	half := int32(1) << (w - 1)
	mask := uint64(1)<<w - 1
	var carry int32
	for i := range n {
		pos := i * w
		li, sh := pos/64, uint(pos%64)
		v := limbs[li] >> sh
		if sh+uint(w) > 64 && li+1 < len(limbs) {
			v |= limbs[li+1] << (64 - sh)
		}
		d := int32(v&mask) + carry
		carry = 0
		if d > half {
			d -= 1 << w
			carry = 1
		}
		out[i] = d
	}
	return out[:n]
}
