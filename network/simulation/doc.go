// Package simulation runs a transaction against a snapshot of committed state
// and records what it read and wrote as Fabric read-write sets
// (fabric-wire.md §3.2–3.3): the public rwset.TxReadWriteSet that goes into
// the endorsement, with hashes of private data, and the private
// rwset.TxPvtReadWriteSet that is disseminated to collection members only.
//
// A TxSimulator is used by one transaction. Reads always see committed state
// (no read-your-writes), writes are buffered, and Results produces the
// marshalled sets in Fabric's canonical order, so two peers that simulate the
// same transaction over the same state produce identical bytes.
package simulation
