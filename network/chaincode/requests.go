package chaincode

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/queryresult"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/protobuf/proto"
)

// ErrRichQueryUnsupported is the answer to GET_QUERY_RESULT.
var ErrRichQueryUnsupported = errors.New("rich queries are not supported: this peer's state database has no JSON query engine; use key and range queries")

var errPrivateInInit = errors.New("private data APIs are not allowed in chaincode Init()")

// dispatch serves one request and returns the RESPONSE payload.
func (h *Handler) dispatch(tc *txContext, m *peer.ChaincodeMessage) ([]byte, error) {
	var (
		out []byte
		err error
	)
	switch m.GetType() {
	case peer.ChaincodeMessage_GET_STATE:
		out, err = h.getState(tc, m)
	case peer.ChaincodeMessage_GET_PRIVATE_DATA_HASH:
		out, err = h.getPrivateDataHash(tc, m)
	case peer.ChaincodeMessage_PUT_STATE:
		err = h.putState(tc, m)
	case peer.ChaincodeMessage_DEL_STATE:
		err = h.delState(tc, m, false)
	case peer.ChaincodeMessage_PURGE_PRIVATE_DATA:
		err = h.delState(tc, m, true)
	case peer.ChaincodeMessage_GET_STATE_METADATA:
		out, err = h.getStateMetadata(tc, m)
	case peer.ChaincodeMessage_PUT_STATE_METADATA:
		err = h.putStateMetadata(tc, m)
	case peer.ChaincodeMessage_GET_STATE_BY_RANGE:
		out, err = h.getStateByRange(tc, m)
	case peer.ChaincodeMessage_QUERY_STATE_NEXT:
		out, err = h.queryStateNext(tc, m)
	case peer.ChaincodeMessage_QUERY_STATE_CLOSE:
		out, err = h.queryStateClose(tc, m)
	case peer.ChaincodeMessage_GET_QUERY_RESULT:
		err = ErrRichQueryUnsupported
	case peer.ChaincodeMessage_GET_HISTORY_FOR_KEY:
		out, err = h.getHistoryForKey(tc, m)
	case peer.ChaincodeMessage_INVOKE_CHAINCODE:
		out, err = h.invokeChaincode(tc, m)
	default:
		err = fmt.Errorf("unsupported request type %s", m.GetType())
	}
	if err != nil {
		return nil, fmt.Errorf("%s failed: transaction ID: %s: %w", m.GetType(), m.GetTxid(), err)
	}
	return out, nil
}

func unmarshal(b []byte, m proto.Message) error {
	if err := proto.Unmarshal(b, m); err != nil {
		return fmt.Errorf("unmarshal %s: %w", m.ProtoReflect().Descriptor().Name(), err)
	}
	return nil
}

// privateAllowed applies the peer-side rule for any private-data request.
func privateAllowed(tc *txContext) error {
	if tc.inv.Input.GetIsInit() {
		return errPrivateInInit
	}
	return nil
}

func (h *Handler) getState(tc *txContext, m *peer.ChaincodeMessage) ([]byte, error) {
	req := &peer.GetState{}
	if err := unmarshal(m.GetPayload(), req); err != nil {
		return nil, err
	}
	ns, sim := tc.inv.Chaincode, tc.inv.Simulator
	if req.GetCollection() != "" {
		if err := privateAllowed(tc); err != nil {
			return nil, err
		}
		return sim.GetPrivateData(ns, req.GetCollection(), req.GetKey())
	}
	return sim.GetState(ns, req.GetKey())
}

func (h *Handler) getPrivateDataHash(tc *txContext, m *peer.ChaincodeMessage) ([]byte, error) {
	req := &peer.GetState{}
	if err := unmarshal(m.GetPayload(), req); err != nil {
		return nil, err
	}
	if req.GetCollection() == "" {
		return nil, errors.New("only applicable for private data: collection is empty")
	}
	if err := privateAllowed(tc); err != nil {
		return nil, err
	}
	return tc.inv.Simulator.GetPrivateDataHash(tc.inv.Chaincode, req.GetCollection(), req.GetKey())
}

func (h *Handler) putState(tc *txContext, m *peer.ChaincodeMessage) error {
	req := &peer.PutState{}
	if err := unmarshal(m.GetPayload(), req); err != nil {
		return err
	}
	ns, sim := tc.inv.Chaincode, tc.inv.Simulator
	if req.GetCollection() != "" {
		if err := privateAllowed(tc); err != nil {
			return err
		}
		return sim.SetPrivateData(ns, req.GetCollection(), req.GetKey(), req.GetValue())
	}
	return sim.SetState(ns, req.GetKey(), req.GetValue())
}

// delState serves DEL_STATE and PURGE_PRIVATE_DATA, which shares its payload.
func (h *Handler) delState(tc *txContext, m *peer.ChaincodeMessage, purge bool) error {
	req := &peer.DelState{}
	if err := unmarshal(m.GetPayload(), req); err != nil {
		return err
	}
	ns, sim, coll := tc.inv.Chaincode, tc.inv.Simulator, req.GetCollection()
	if purge && coll == "" {
		return errors.New("only applicable for private data: collection is empty")
	}
	if coll == "" {
		return sim.DeleteState(ns, req.GetKey())
	}
	if err := privateAllowed(tc); err != nil {
		return err
	}
	if purge {
		return sim.PurgePrivateData(ns, coll, req.GetKey())
	}
	return sim.DeletePrivateData(ns, coll, req.GetKey())
}

func (h *Handler) getStateMetadata(tc *txContext, m *peer.ChaincodeMessage) ([]byte, error) {
	req := &peer.GetStateMetadata{}
	if err := unmarshal(m.GetPayload(), req); err != nil {
		return nil, err
	}
	ns, sim := tc.inv.Chaincode, tc.inv.Simulator
	var (
		md  map[string][]byte
		err error
	)
	if req.GetCollection() != "" {
		if err := privateAllowed(tc); err != nil {
			return nil, err
		}
		md, err = sim.GetPrivateDataMetadata(ns, req.GetCollection(), req.GetKey())
	} else {
		md, err = sim.GetStateMetadata(ns, req.GetKey())
	}
	if err != nil {
		return nil, err
	}
	res := &peer.StateMetadataResult{}
	names := make([]string, 0, len(md))
	for k := range md {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		res.Entries = append(res.Entries, &peer.StateMetadata{Metakey: k, Value: md[k]})
	}
	return proto.Marshal(res)
}

func (h *Handler) putStateMetadata(tc *txContext, m *peer.ChaincodeMessage) error {
	req := &peer.PutStateMetadata{}
	if err := unmarshal(m.GetPayload(), req); err != nil {
		return err
	}
	if req.GetMetadata() == nil {
		return errors.New("metadata entry is missing")
	}
	md := map[string][]byte{req.GetMetadata().GetMetakey(): req.GetMetadata().GetValue()}
	ns, sim := tc.inv.Chaincode, tc.inv.Simulator
	if req.GetCollection() != "" {
		if err := privateAllowed(tc); err != nil {
			return err
		}
		return sim.SetPrivateDataMetadata(ns, req.GetCollection(), req.GetKey(), md)
	}
	return sim.SetStateMetadata(ns, req.GetKey(), md)
}

func (h *Handler) getStateByRange(tc *txContext, m *peer.ChaincodeMessage) ([]byte, error) {
	req := &peer.GetStateByRange{}
	if err := unmarshal(m.GetPayload(), req); err != nil {
		return nil, err
	}
	var qm *peer.QueryMetadata
	if len(req.GetMetadata()) > 0 {
		qm = &peer.QueryMetadata{}
		if err := unmarshal(req.GetMetadata(), qm); err != nil {
			return nil, err
		}
	}
	limit := h.support.totalQueryLimit
	if ps := qm.GetPageSize(); ps > 0 && ps < limit {
		limit = ps
	}
	ns, sim := tc.inv.Chaincode, tc.inv.Simulator
	q := &queryState{limit: limit}
	switch {
	case req.GetCollection() != "":
		// Collection queries ignore pagination metadata, as in Fabric.
		if err := privateAllowed(tc); err != nil {
			return nil, err
		}
		it, err := sim.GetPrivateDataRange(ns, req.GetCollection(), req.GetStartKey(), req.GetEndKey())
		if err != nil {
			return nil, err
		}
		q.close = it.Close
		q.next = func() ([]byte, bool, error) {
			kv, err := it.Next()
			if err != nil || kv == nil {
				return nil, false, err
			}
			b, err := proto.Marshal(&queryresult.KV{Namespace: ns, Key: kv.Key, Value: kv.Value})
			return b, true, err
		}
	default:
		paginated := qm.GetPageSize() != 0 || qm.GetBookmark() != ""
		start := req.GetStartKey()
		var (
			it  rangeIter
			err error
		)
		if paginated {
			if qm.GetPageSize() <= 0 {
				return nil, fmt.Errorf("page size %d must be positive", qm.GetPageSize())
			}
			if qm.GetBookmark() != "" {
				start = qm.GetBookmark()
			}
			r, e := sim.GetStateRangeWithPagination(ns, start, req.GetEndKey(), qm.GetPageSize())
			if e == nil {
				q.bookmark = r.Bookmark
			}
			it, err = r, e
		} else {
			it, err = sim.GetStateRange(ns, start, req.GetEndKey())
		}
		if err != nil {
			return nil, err
		}
		q.paginated = paginated
		q.close = it.Close
		q.next = func() ([]byte, bool, error) {
			kv, err := it.Next()
			if err != nil || kv == nil {
				return nil, false, err
			}
			b, err := proto.Marshal(&queryresult.KV{Namespace: ns, Key: kv.Key, Value: kv.Value})
			return b, true, err
		}
	}
	id := tc.addQuery(q)
	return h.queryResponse(tc, id, q)
}

func (h *Handler) queryStateNext(tc *txContext, m *peer.ChaincodeMessage) ([]byte, error) {
	req := &peer.QueryStateNext{}
	if err := unmarshal(m.GetPayload(), req); err != nil {
		return nil, err
	}
	q := tc.query(req.GetId())
	if q == nil {
		return nil, fmt.Errorf("query iterator not found: %q", req.GetId())
	}
	return h.queryResponse(tc, req.GetId(), q)
}

func (h *Handler) queryStateClose(tc *txContext, m *peer.ChaincodeMessage) ([]byte, error) {
	req := &peer.QueryStateClose{}
	if err := unmarshal(m.GetPayload(), req); err != nil {
		return nil, err
	}
	tc.closeQuery(req.GetId())
	return proto.Marshal(&peer.QueryResponse{HasMore: false, Id: req.GetId()})
}

func (h *Handler) getHistoryForKey(tc *txContext, m *peer.ChaincodeMessage) ([]byte, error) {
	req := &peer.GetHistoryForKey{}
	if err := unmarshal(m.GetPayload(), req); err != nil {
		return nil, err
	}
	if tc.inv.History == nil {
		return nil, errors.New("history queries are not enabled on this peer")
	}
	it, err := tc.inv.History.GetHistoryForKey(tc.inv.Chaincode, req.GetKey())
	if err != nil {
		return nil, err
	}
	q := &queryState{limit: h.support.totalQueryLimit, close: it.Close}
	q.next = func() ([]byte, bool, error) {
		km, err := it.Next()
		if err != nil || km == nil {
			return nil, false, err
		}
		b, err := proto.Marshal(km)
		return b, true, err
	}
	id := tc.addQuery(q)
	return h.queryResponse(tc, id, q)
}

// queryResponse reads the next batch of results: 100 per response for plain
// queries (has_more tells the shim to ask for more), one page with metadata
// for paginated ones. A finished query is closed and forgotten.
func (h *Handler) queryResponse(tc *txContext, id string, q *queryState) ([]byte, error) {
	resp, err := q.fill(id)
	if err != nil {
		tc.closeQuery(id)
		return nil, err
	}
	if !resp.GetHasMore() {
		tc.closeQuery(id)
	}
	return proto.Marshal(resp)
}

func (q *queryState) fill(id string) (*peer.QueryResponse, error) {
	for {
		if q.total >= q.limit {
			return q.finish(id)
		}
		b, ok, err := q.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			return q.finish(id)
		}
		r := &peer.QueryResultBytes{ResultBytes: b}
		if !q.paginated && len(q.pending) == MaxQueryBatch {
			batch := q.pending
			q.pending = []*peer.QueryResultBytes{r}
			q.total++
			return &peer.QueryResponse{Results: batch, HasMore: true, Id: id}, nil
		}
		q.pending = append(q.pending, r)
		q.total++
	}
}

func (q *queryState) finish(id string) (*peer.QueryResponse, error) {
	batch := q.pending
	q.pending = nil
	resp := &peer.QueryResponse{Results: batch, HasMore: false, Id: id}
	if q.paginated {
		bm, err := q.bookmark()
		if err != nil {
			return nil, err
		}
		md, err := proto.Marshal(&peer.QueryResponseMetadata{FetchedRecordsCount: int32(len(batch)), Bookmark: bm})
		if err != nil {
			return nil, err
		}
		resp.Metadata = md
	}
	return resp, nil
}

// invokeChaincode runs another chaincode on the same channel inside this
// transaction: same txid and proposal, same simulator (its reads and writes
// land in the callee's namespace). The reply is the callee's completion
// message, as the shim expects.
func (h *Handler) invokeChaincode(tc *txContext, m *peer.ChaincodeMessage) ([]byte, error) {
	spec := &peer.ChaincodeSpec{}
	if err := unmarshal(m.GetPayload(), spec); err != nil {
		return nil, err
	}
	name := spec.GetChaincodeId().GetName()
	if cc, ch, ok := strings.Cut(name, "/"); ok {
		if ch != "" && ch != tc.inv.Channel {
			return nil, fmt.Errorf("cross-channel chaincode invocation (%s on channel %s from %s) is not supported", cc, ch, tc.inv.Channel)
		}
		name = cc
	}
	if name == "" {
		return nil, errors.New("chaincode to invoke has an empty name")
	}
	s := h.support
	if s.c2cACL != nil {
		if err := s.c2cACL(tc.inv.SignedProposal, tc.inv.Channel, name); err != nil {
			return nil, fmt.Errorf("chaincode-to-chaincode call to %s denied: %w", name, err)
		}
	}
	pkg, err := s.resolve(tc.inv.Channel, name)
	if err != nil {
		return nil, fmt.Errorf("resolve chaincode %s: %w", name, err)
	}
	input := spec.GetInput()
	if input == nil {
		input = &peer.ChaincodeInput{}
	}
	input.IsInit = false
	callee := *tc.inv
	callee.Chaincode = name
	callee.PackageID = pkg
	callee.Input = input
	res, err := s.execute(tc.ctx, &callee)
	if err != nil {
		return nil, err
	}
	return proto.Marshal(res)
}
