// Package settlement is the deterministic core of epoch settlement
// (DOMAIN.md, "Epochs and settlement"): the royalty split of one asset's
// gross revenue between its lineage parents and its contributors, and the
// whole-epoch cascade from fees and rewards to amounts per payee, per
// address and per funding org.
//
// It has no Fabric imports and no I/O. Every output is sorted; maps are
// never iterated to produce output. Money is *big.Int base units, shares are
// basis points. The chaincode runs the same Split in bounded pages; Settle
// is the one-shot reference it is tested against.
package settlement
