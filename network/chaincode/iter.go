package chaincode

import "github.com/saharanet/saharanet/network/ledger"

// rangeIter is the part of simulation.RangeIterator a query needs.
type rangeIter interface {
	Next() (*ledger.KV, error)
	Close()
}
