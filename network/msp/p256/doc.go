// Package p256 verifies ECDSA P-256 signatures against one public key faster
// than crypto/ecdsa by precomputing multiples of that key.
//
// Verification computes u1·G + u2·Q. The standard library has fixed tables
// for the generator G, so u1·G is cheap, but u2·Q is a variable-base scalar
// multiplication (~5x the cost of u1·G). In a consortium network a handful of
// keys (peers, orderers, a few clients) sign almost everything, so a Table
// built once per hot key turns u2·Q into ~37 point additions and verification
// becomes about twice as fast. A Registry shares tables between all
// verifiers of one key and caps how many are alive.
//
// Everything here is variable time. That is safe because every input of
// signature verification (key, digest, signature) is public; do not reuse
// this code for anything that handles secrets.
package p256
