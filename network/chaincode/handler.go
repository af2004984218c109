package chaincode

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/protobuf/proto"
)

// stream is what both transports give us: the server side of Register and
// the client side of Connect.
type stream interface {
	Send(*peer.ChaincodeMessage) error
	Recv() (*peer.ChaincodeMessage, error)
	Context() context.Context
}

var errReplaced = errors.New("chaincode stream replaced by a newer registration")

// Handler is one chaincode stream: REGISTER → REGISTERED → READY, then
// transactions interleaved by (channel, txid).
type Handler struct {
	support *Support
	stream  stream
	expect  string // the id a dialled chaincode must register as; "" for dial-in
	id      string
	log     *slog.Logger

	sendMu sync.Mutex

	mu  sync.Mutex
	txs map[string]*txContext

	// work feeds state requests to long-lived workers; only run's goroutine
	// starts them, so workers needs no lock.
	work    chan *peer.ChaincodeMessage
	workers int

	ready    chan struct{} // closed after READY is sent and the handler registered
	done     chan struct{} // closed when the stream has ended
	stopOnce sync.Once
	stopCh   chan struct{}
	err      error // why the stream ended; read after done
}

func newHandler(s *Support, st stream, expect string) *Handler {
	return &Handler{
		support: s,
		stream:  st,
		expect:  expect,
		log:     s.log,
		txs:     map[string]*txContext{},
		work:    make(chan *peer.ChaincodeMessage),
		ready:   make(chan struct{}),
		done:    make(chan struct{}),
		stopCh:  make(chan struct{}),
	}
}

// ID is the id the chaincode registered with.
func (h *Handler) ID() string { return h.id }

func (h *Handler) send(m *peer.ChaincodeMessage) error {
	h.sendMu.Lock()
	defer h.sendMu.Unlock()
	return h.stream.Send(m)
}

func (h *Handler) stop() { h.stopOnce.Do(func() { close(h.stopCh) }) }

type recvResult struct {
	msg *peer.ChaincodeMessage
	err error
}

// serve runs the stream to its end and returns why it ended.
func (h *Handler) serve() error {
	err := h.run()
	h.err = err
	h.stop() // releases the receive goroutine
	close(h.done)
	if h.id != "" {
		h.support.deregister(h)
		h.log.Info("chaincode stream ended", "chaincode", h.id, "reason", err)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, errReplaced) {
		return nil
	}
	return err
}

func (h *Handler) run() error {
	recv := make(chan recvResult)
	go func() {
		for {
			m, err := h.stream.Recv()
			select {
			case recv <- recvResult{m, err}:
			case <-h.stopCh:
				return
			}
			if err != nil {
				return
			}
		}
	}()
	next := func() (*peer.ChaincodeMessage, error) {
		select {
		case r := <-recv:
			if r.err == nil && r.msg == nil {
				return nil, errors.New("received nil message")
			}
			return r.msg, r.err
		case <-h.stopCh:
			return nil, errReplaced
		}
	}

	first, err := next()
	if err != nil {
		return fmt.Errorf("chaincode stream: waiting for REGISTER: %w", err)
	}
	if err := h.handshake(first); err != nil {
		// Tell the chaincode why before hanging up.
		_ = h.send(&peer.ChaincodeMessage{Type: peer.ChaincodeMessage_ERROR, Payload: []byte(err.Error())})
		return err
	}
	if h.support.keepalive > 0 {
		go h.keepalive(h.support.keepalive)
	}
	for {
		m, err := next()
		if err != nil {
			return err
		}
		switch m.GetType() {
		case peer.ChaincodeMessage_KEEPALIVE:
			// The shim echoes our keepalives; answering would loop.
		case peer.ChaincodeMessage_COMPLETED, peer.ChaincodeMessage_ERROR:
			h.complete(m)
		case peer.ChaincodeMessage_GET_STATE, peer.ChaincodeMessage_PUT_STATE, peer.ChaincodeMessage_DEL_STATE,
			peer.ChaincodeMessage_INVOKE_CHAINCODE, peer.ChaincodeMessage_GET_STATE_BY_RANGE,
			peer.ChaincodeMessage_GET_QUERY_RESULT, peer.ChaincodeMessage_QUERY_STATE_NEXT,
			peer.ChaincodeMessage_QUERY_STATE_CLOSE, peer.ChaincodeMessage_GET_HISTORY_FOR_KEY,
			peer.ChaincodeMessage_GET_STATE_METADATA, peer.ChaincodeMessage_PUT_STATE_METADATA,
			peer.ChaincodeMessage_GET_PRIVATE_DATA_HASH, peer.ChaincodeMessage_PURGE_PRIVATE_DATA:
			h.handleAsync(m)
		default:
			return fmt.Errorf("chaincode %s sent unexpected message %s in ready state", h.id, m.GetType())
		}
	}
}

func (h *Handler) handshake(m *peer.ChaincodeMessage) error {
	if m.GetType() != peer.ChaincodeMessage_REGISTER {
		return fmt.Errorf("chaincode stream: first message is %s, want REGISTER", m.GetType())
	}
	ccid := &peer.ChaincodeID{}
	if err := proto.Unmarshal(m.GetPayload(), ccid); err != nil {
		return fmt.Errorf("chaincode stream: REGISTER payload: %w", err)
	}
	if ccid.GetName() == "" {
		return errors.New("chaincode stream: REGISTER with an empty chaincode id")
	}
	if h.expect != "" && ccid.GetName() != h.expect {
		return fmt.Errorf("chaincode stream: dialled chaincode %s registered as %s", h.expect, ccid.GetName())
	}
	if h.support.authorize != nil {
		if err := h.support.authorize(h.stream.Context(), ccid.GetName()); err != nil {
			return fmt.Errorf("chaincode %s refused: %w", ccid.GetName(), err)
		}
	}
	h.id = ccid.GetName()
	if err := h.send(&peer.ChaincodeMessage{Type: peer.ChaincodeMessage_REGISTERED}); err != nil {
		return fmt.Errorf("chaincode %s: send REGISTERED: %w", h.id, err)
	}
	// v2.5 semantics: empty READY payload, so the shim keeps write batching
	// and GetMultipleStates off (we do not implement types 24/25).
	if err := h.send(&peer.ChaincodeMessage{Type: peer.ChaincodeMessage_READY}); err != nil {
		return fmt.Errorf("chaincode %s: send READY: %w", h.id, err)
	}
	h.support.register(h)
	close(h.ready)
	return nil
}

func (h *Handler) keepalive(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			if err := h.send(&peer.ChaincodeMessage{Type: peer.ChaincodeMessage_KEEPALIVE}); err != nil {
				return
			}
		case <-h.done:
			return
		}
	}
}

func txKey(channel, txid string) string { return channel + "\x00" + txid }

func (h *Handler) lookup(channel, txid string) *txContext {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.txs[txKey(channel, txid)]
}

func (h *Handler) complete(m *peer.ChaincodeMessage) {
	tc := h.lookup(m.GetChannelId(), m.GetTxid())
	if tc == nil {
		h.log.Warn("completion for unknown transaction", "chaincode", h.id, "channel", m.GetChannelId(), "txid", m.GetTxid(), "type", m.GetType())
		return
	}
	select {
	case tc.result <- m:
	default: // a second completion for the same tx is ignored
	}
}

// execute sends TRANSACTION (or INIT) and waits for the chaincode to finish.
func (h *Handler) execute(ctx context.Context, inv *Invocation) (*peer.ChaincodeMessage, error) {
	input, err := proto.Marshal(inv.Input)
	if err != nil {
		return nil, fmt.Errorf("marshal chaincode input: %w", err)
	}
	tc := newTxContext(ctx, inv)
	key := txKey(inv.Channel, inv.TxID)
	h.mu.Lock()
	if _, dup := h.txs[key]; dup {
		h.mu.Unlock()
		return nil, fmt.Errorf("txid %s exists on channel %s for chaincode %s", inv.TxID, inv.Channel, h.id)
	}
	h.txs[key] = tc
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		delete(h.txs, key)
		h.mu.Unlock()
		tc.closeQueries()
	}()

	typ := peer.ChaincodeMessage_TRANSACTION
	if inv.Input.GetIsInit() {
		typ = peer.ChaincodeMessage_INIT
	}
	err = h.send(&peer.ChaincodeMessage{
		Type:      typ,
		Txid:      inv.TxID,
		ChannelId: inv.Channel,
		Payload:   input,
		Proposal:  inv.SignedProposal,
	})
	if err != nil {
		return nil, fmt.Errorf("chaincode %s: send %s: %w", h.id, typ, err)
	}
	timer := time.NewTimer(h.support.executeTimeout)
	defer timer.Stop()
	select {
	case m := <-tc.result:
		return m, nil
	case <-timer.C:
		return nil, fmt.Errorf("chaincode %s tx %s: timeout expired while executing transaction (%s)", h.id, inv.TxID, h.support.executeTimeout)
	case <-ctx.Done():
		return nil, fmt.Errorf("chaincode %s tx %s: %w", h.id, inv.TxID, ctx.Err())
	case <-h.done:
		return nil, fmt.Errorf("chaincode %s tx %s: chaincode stream terminated: %w", h.id, inv.TxID, h.err)
	}
}

// maxRequestWorkers bounds the idle goroutines a stream keeps for state
// requests: about the transactions a chaincode runs at once.
const maxRequestWorkers = 32

// handleAsync answers m off the receive loop. A request goes to an idle
// worker if there is one: a fresh goroutine per request would grow a new
// stack through the ledger's read path every time. Past maxRequestWorkers
// busy workers, a goroutine per request as before.
func (h *Handler) handleAsync(m *peer.ChaincodeMessage) {
	select {
	case h.work <- m:
		return
	default:
	}
	if h.workers >= maxRequestWorkers {
		go h.handleRequest(m)
		return
	}
	h.workers++
	go func() {
		h.handleRequest(m)
		for {
			select {
			case m := <-h.work:
				h.handleRequest(m)
			case <-h.done:
				return
			}
		}
	}()
}

// handleRequest answers one state request with RESPONSE or ERROR. It never
// stays silent: a request for an unknown or busy transaction gets an ERROR.
func (h *Handler) handleRequest(m *peer.ChaincodeMessage) {
	reply := func(typ peer.ChaincodeMessage_Type, payload []byte) {
		if err := h.send(&peer.ChaincodeMessage{Type: typ, Payload: payload, Txid: m.GetTxid(), ChannelId: m.GetChannelId()}); err != nil {
			h.log.Warn("send reply to chaincode failed", "chaincode", h.id, "txid", m.GetTxid(), "err", err)
		}
	}
	tc := h.lookup(m.GetChannelId(), m.GetTxid())
	if tc == nil {
		reply(peer.ChaincodeMessage_ERROR, fmt.Appendf(nil, "%s failed: no transaction context for channel %q txid %q", m.GetType(), m.GetChannelId(), m.GetTxid()))
		return
	}
	if !tc.busy.CompareAndSwap(false, true) {
		reply(peer.ChaincodeMessage_ERROR, fmt.Appendf(nil, "%s failed: another request of transaction %s is still being processed", m.GetType(), m.GetTxid()))
		return
	}
	payload, err := h.dispatch(tc, m)
	// Free the slot before replying: the shim sends its next request as soon
	// as it has this reply.
	tc.busy.Store(false)
	if err != nil {
		reply(peer.ChaincodeMessage_ERROR, []byte(err.Error()))
		return
	}
	reply(peer.ChaincodeMessage_RESPONSE, payload)
}
