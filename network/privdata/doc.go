// Package privdata implements private data collections on the peer
// (fabric-wire.md §6): collection resolution and access rules, the transient
// store that holds private write sets between endorsement and commit,
// dissemination to and pulling from peers of member orgs over an
// authenticated gRPC service, the commit-side coordinator that gathers and
// verifies a block's private data, the missing-data index with its
// reconciliation loop, and the membership filter of DeliverWithPrivateData.
//
// Private values never appear in logs: only transaction ids, namespaces,
// collection names and counts are logged.
//
// The peer wires the pieces in at four places: after simulation (persist and
// disseminate), before validation (gather), after commit (purge and record
// what is missing) and in DeliverWithPrivateData (filter).
package privdata
