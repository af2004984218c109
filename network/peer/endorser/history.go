package endorser

import (
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/queryresult"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/saharanet/saharanet/network/chaincode"
	"github.com/saharanet/saharanet/network/ledger"
)

// ledgerHistory serves GET_HISTORY_FOR_KEY from the channel ledger's index.
type ledgerHistory struct{ l *ledger.Ledger }

func (h ledgerHistory) GetHistoryForKey(ns, key string) (chaincode.HistoryIterator, error) {
	it, err := h.l.GetHistoryForKey(ns, key)
	if err != nil {
		return nil, err
	}
	return historyIter{it}, nil
}

type historyIter struct{ it ledger.HistoryIterator }

func (h historyIter) Next() (*queryresult.KeyModification, error) {
	m, err := h.it.Next()
	if err != nil || m == nil {
		return nil, err
	}
	km := &queryresult.KeyModification{TxId: m.TxID, Value: m.Value, IsDelete: m.IsDelete}
	if !m.Timestamp.IsZero() {
		km.Timestamp = timestamppb.New(m.Timestamp)
	}
	return km, nil
}

func (h historyIter) Close() { h.it.Close() }
