// Package evm deploys and drives saharanet's EVM contracts: the
// RoyaltyDistributor that pays out settled epochs and, on dev networks, the
// SaharaTestToken. The bridge relayer uses it to post signed epoch roots; the
// dev network and tests use it to deploy, fund, claim, rotate signers and
// pause.
//
// The EIP-712 digests the org signers sign are built here in pure Go (see
// Domain) and match the contract's byte for byte, so a signer never has to
// ask the chain what to sign. Contract reverts come back as *RevertError
// carrying the decoded custom error from the generated bindings.
//
// SimChain wraps go-ethereum's simulated backend with a chain config that
// leaves out the experimental forks, so gas measured on it is mainnet-like.
package evm
