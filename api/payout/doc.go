// Package payout is the payout leaf encoding and Merkle tree shared by the
// chaincode, the bridge, the gateway and the Solidity RoyaltyDistributor
// (DOMAIN.md, "The payout tree").
//
// A leaf is the ABI tuple (uint64 epoch, uint256 index, address account,
// uint256 amount). Leaves are ordered by account address bytes and index is
// the position in that order. The tree is byte-compatible with
// @openzeppelin/merkle-tree's StandardMerkleTree.of(values,
// ["uint64","uint256","address","uint256"]) with its default sortLeaves
// option: leaf hash keccak256(keccak256(abi.encode(...))), leaf hashes sorted
// ascending, a complete binary tree in an array with the leaves at its end in
// reverse order, and inner nodes hashing their sorted children. Proofs verify
// with OpenZeppelin's MerkleProof.verify.
//
// The package depends only on the standard library and
// golang.org/x/crypto/sha3 so that every part of saharanet can import it.
package payout
