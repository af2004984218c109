// Package integration runs the consortium chaincode (chaincode/cmd/saharanet-cc)
// on a real saharanet network of processes (network/e2e) and drives it with
// the fabric-gateway client, as an enterprise application would: typed
// calls for every transaction (Client), private terms in the transient map,
// both parties endorsing licence changes, chaincode events, and payout
// proofs checked with api/payout.
//
// The network has three channel orgs: two license to each other, the third
// is on the channel but party to no licence, so the tests can show that it
// reads neither terms nor usage.
package integration
