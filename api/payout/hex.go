package payout

import (
	"encoding/hex"
	"fmt"
	"math/big"
	"strings"
)

// FormatAddress returns the canonical text form of an address: 0x and 40
// lowercase hex digits. Lowercase keeps string comparisons byte-exact.
func FormatAddress(a [20]byte) string { return "0x" + hex.EncodeToString(a[:]) }

// ChecksumAddress returns the EIP-55 mixed-case form, for display.
func ChecksumAddress(a [20]byte) string {
	lower := hex.EncodeToString(a[:])
	h := keccak([]byte(lower))
	out := []byte(lower)
	for i, c := range out {
		if c >= 'a' && c <= 'f' {
			nibble := h[i/2]
			if i%2 == 0 {
				nibble >>= 4
			}
			if nibble&0xf >= 8 {
				out[i] = c - 'a' + 'A'
			}
		}
	}
	return "0x" + string(out)
}

// ParseAddress parses 0x and 40 hex digits. All-lowercase and all-uppercase
// are accepted as is; a mixed-case address must carry a valid EIP-55
// checksum, because a wrong one usually means a typo.
func ParseAddress(s string) ([20]byte, error) {
	var a [20]byte
	if !strings.HasPrefix(s, "0x") && !strings.HasPrefix(s, "0X") {
		return a, fmt.Errorf("address %q: want 0x followed by 40 hex digits", s)
	}
	body := s[2:]
	if len(body) != 40 {
		return a, fmt.Errorf("address %q: want 40 hex digits, got %d", s, len(body))
	}
	if _, err := hex.Decode(a[:], []byte(body)); err != nil {
		return a, fmt.Errorf("address %q: %v", s, err)
	}
	if body != strings.ToLower(body) && body != strings.ToUpper(body) && ChecksumAddress(a) != "0x"+body {
		return [20]byte{}, fmt.Errorf("address %q: bad EIP-55 checksum", s)
	}
	return a, nil
}

// FormatHash returns 0x and 64 lowercase hex digits.
func FormatHash(h [32]byte) string { return "0x" + hex.EncodeToString(h[:]) }

// ParseHash parses 0x and 64 hex digits.
func ParseHash(s string) ([32]byte, error) {
	var h [32]byte
	if !strings.HasPrefix(s, "0x") || len(s) != 66 {
		return h, fmt.Errorf("hash %q: want 0x followed by 64 hex digits", s)
	}
	if _, err := hex.Decode(h[:], []byte(s[2:])); err != nil {
		return [32]byte{}, fmt.Errorf("hash %q: %v", s, err)
	}
	return h, nil
}

// ParseAmount parses a base-unit amount: a decimal string of digits only (no
// sign, no exponent, no fraction, no leading zeros except "0") that fits a
// uint256.
func ParseAmount(s string) (*big.Int, error) {
	if s == "" {
		return nil, fmt.Errorf("amount: empty")
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return nil, fmt.Errorf("amount %q: want a non-negative integer in base units, digits only", s)
		}
	}
	if len(s) > 1 && s[0] == '0' {
		return nil, fmt.Errorf("amount %q: leading zeros", s)
	}
	v, ok := new(big.Int).SetString(s, 10)
	if !ok {
		return nil, fmt.Errorf("amount %q: not an integer", s)
	}
	if err := checkAmount(v); err != nil {
		return nil, fmt.Errorf("amount %q: %w", s, err)
	}
	return v, nil
}
