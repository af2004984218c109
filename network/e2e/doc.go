// Package e2e starts saharanet networks as real operating-system processes
// (orderers, peers, chaincode) built from this module's commands, and drives
// them the way operators and Fabric applications do: the admin CLI for
// crypto material, genesis, channel join and chaincode lifecycle, and the
// fabric-gateway client for transactions. Its tests are the process-level
// proof of issue 4; the harness is reusable by other end-to-end tests:
//
//	bins, err := e2e.Build(dir) // go build of the peer, orderer, admin CLI and test chaincode
//	n := e2e.StartNetwork(t, bins, e2e.Topology{
//		Orgs: []string{"org1", "org2"}, PeersPerOrg: 2, ForeignOrgs: []string{"org3"},
//		Chaincodes: []e2e.Chaincode{{Name: "asset", Mode: e2e.AsService}},
//	})
//	n.Deploy(t, "asset", "AND('Org1MSP.peer','Org2MSP.peer')")
//	gw := n.Gateway(t, n.PeersOf("org1")[0], "org1", "User1") // *client.Gateway
//
// Every process is killed when the test ends (logs of each are printed when
// it failed); ports come from [PortMin, PortMax].
package e2e
