// Package validation decides which transactions of an ordered block are valid
// and turns the valid ones into a ledger.UpdateBatch, following Fabric's
// committer rules in Fabric's order (fabric-wire.md §4.2–4.6, §6.4):
// envelope and header checks, creator signature, txid binding, proposal-hash
// binding, duplicate txids, dispatch checks, endorsement policies (chaincode,
// key-level and collection), then MVCC and phantom-read checks against
// committed state plus the updates of earlier valid transactions in the block.
//
// ValidateBlock is a pure function of its inputs: it reads committed state
// through small interfaces and never writes. Signature checks and policy
// evaluation run in parallel across transactions; everything whose outcome
// depends on earlier transactions of the block (key-level policy updates,
// in-block duplicate txids, MVCC) then runs sequentially in transaction order.
// Committer applies the result to a ledger; its CommitStream overlaps the
// signature checks of the next block with the commit of the current one.
package validation
