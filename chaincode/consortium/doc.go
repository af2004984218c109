// Package consortium is the saharanet consortium chaincode: payee and asset
// registry with lineage, offers and licenses with private terms, usage
// reports with per-report fee keys, rewards, and paged epoch settlement with
// the royalty cascade and the payout Merkle root (DOMAIN.md).
//
// The transactions are thin wrappers over fabric-contract-api-go; the money
// rules live in chaincode/settlement and the payout tree in api/payout. Every
// transaction takes plain string/number arguments and returns JSON text, so
// the REST gateway and the bridge see exactly the shapes documented in
// chaincode/README.md.
package consortium
