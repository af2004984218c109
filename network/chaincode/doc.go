// Package chaincode is the peer side of Fabric's chaincode shim protocol
// (fabric-wire.md §5). It runs unmodified chaincode written with
// fabric-chaincode-go and fabric-contract-api-go in both transports:
//
//   - dial-in: the chaincode calls ChaincodeSupport.Register on the peer
//     (Support is that gRPC service);
//   - chaincode-as-a-service: the peer dials the chaincode's Chaincode.Connect
//     (Support.AddExternal, then on demand or Support.Connect).
//
// Both drive the same Handler state machine. Support.Execute sends a
// transaction to the chaincode, serves its state requests from the
// transaction's simulation.TxSimulator, and returns the chaincode's response
// and event.
package chaincode
