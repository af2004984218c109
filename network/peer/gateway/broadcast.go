package gateway

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	ab "github.com/hyperledger/fabric-protos-go-apiv2/orderer"
)

// errUnprocessed means the orderer ended a Broadcast stream before it read
// the envelope: after a non-SUCCESS answer an orderer processes nothing more
// on that stream (Fabric's and saharanet's alike), so the envelope can be
// sent again on a new stream without risk of ordering it twice.
var errUnprocessed = errors.New("the orderer closed the broadcast stream before processing the transaction")

// ordererStream is one long-lived Broadcast stream to an orderer, shared by
// every Submit to it. An orderer answers each envelope of a stream once, in
// the order received, so answers are matched to senders by a FIFO queue
// kept under the same lock as Send. A fresh stream per Submit would cost an
// HTTP/2 stream setup on both sides and the orderer's per-stream goroutines
// for every transaction.
type ordererStream struct {
	stream ab.AtomicBroadcast_BroadcastClient
	cancel context.CancelFunc

	mu      sync.Mutex
	pending []chan broadcastResult // senders awaiting an answer, in send order
	err     error                  // non-nil once the stream takes no more envelopes
}

type broadcastResult struct {
	resp *ab.BroadcastResponse
	err  error
}

// openStream starts a Broadcast stream on conn's orderer; it lives until it
// fails or the server closes.
func openStream(ctx context.Context, client ab.AtomicBroadcastClient) (*ordererStream, error) {
	ctx, cancel := context.WithCancel(ctx)
	stream, err := client.Broadcast(ctx)
	if err != nil {
		cancel()
		return nil, err
	}
	st := &ordererStream{stream: stream, cancel: cancel}
	go st.receive()
	return st, nil
}

func (st *ordererStream) usable() bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.err == nil
}

// send queues env and returns where its answer will arrive.
func (st *ordererStream) send(env *common.Envelope) (<-chan broadcastResult, error) {
	ch := make(chan broadcastResult, 1)
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.err != nil {
		return nil, errUnprocessed
	}
	st.pending = append(st.pending, ch)
	if err := st.stream.Send(env); err != nil {
		// Not sent (the stream has ended); envelopes sent before still get
		// their answers or the stream's error from receive.
		st.pending = st.pending[:len(st.pending)-1]
		st.err = err
		return nil, errUnprocessed
	}
	return ch, nil
}

// receive hands each answer to the oldest waiting sender. When the stream
// ends, senders still waiting learn why: io.EOF (the orderer returned after
// a rejection) means their envelopes were never processed.
func (st *ordererStream) receive() {
	for {
		resp, err := st.stream.Recv()
		st.mu.Lock()
		if err == nil && len(st.pending) == 0 {
			err = fmt.Errorf("orderer sent an answer (status %s) for no transaction", resp.GetStatus())
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = errUnprocessed
			}
			st.finishLocked(err)
			st.mu.Unlock()
			return
		}
		ch := st.pending[0]
		st.pending[0] = nil
		st.pending = st.pending[1:]
		if resp.GetStatus() != common.Status_SUCCESS && st.err == nil {
			// The orderer ends the stream after this answer.
			st.err = errUnprocessed
		}
		st.mu.Unlock()
		ch <- broadcastResult{resp: resp}
	}
}

// fail ends the stream; waiting senders get err. Cancelling first unblocks
// a Send stuck on flow control, which holds the lock.
func (st *ordererStream) fail(err error) {
	st.cancel()
	st.mu.Lock()
	st.finishLocked(err)
	st.mu.Unlock()
}

func (st *ordererStream) finishLocked(err error) {
	if st.err == nil || errors.Is(st.err, errUnprocessed) {
		st.err = err
	}
	for _, ch := range st.pending {
		ch <- broadcastResult{err: err}
	}
	st.pending = nil
	st.cancel()
}

// ordererStream returns the shared stream to addr, opening a new one if
// there is none or the last one ended. Opening is serialised so that a
// burst of Submits opens one stream, not one each.
func (s *Server) ordererStream(addr string, tlsConf func() *tls.Config) (*ordererStream, error) {
	s.mu.Lock()
	st := s.streams[addr]
	s.mu.Unlock()
	if st != nil && st.usable() {
		return st, nil
	}
	// Per address, so that an orderer that is slow to connect does not
	// hold up Submits to the others.
	s.mu.Lock()
	open := s.streamOpen[addr]
	if open == nil {
		open = &sync.Mutex{}
		s.streamOpen[addr] = open
	}
	s.mu.Unlock()
	open.Lock()
	defer open.Unlock()
	s.mu.Lock()
	st = s.streams[addr]
	s.mu.Unlock()
	if st != nil && st.usable() {
		return st, nil // opened while we waited
	}
	conn, err := s.conn(addr, tlsConf)
	if err != nil {
		return nil, err
	}
	st, err = openStream(s.streamCtx, ab.NewAtomicBroadcastClient(conn))
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.streams[addr] = st
	s.mu.Unlock()
	return st, nil
}

// broadcast is one attempt to have the orderer at addr order env, through
// the shared stream: it returns the orderer's answer for env. An envelope
// the orderer provably never read is resent on a new stream (a stream ends
// for everyone queued behind a rejected envelope).
func (s *Server) broadcast(ctx context.Context, addr string, env *common.Envelope, tlsConf func() *tls.Config) (*ab.BroadcastResponse, error) {
	deadline := time.Now().Add(s.broadcastTimeout)
	timer := time.NewTimer(s.broadcastTimeout)
	defer timer.Stop()
	// Each resend follows another envelope's rejection, so the orderer is
	// making progress; the bound only stops an orderer that ends every
	// stream unread from being hammered.
	const maxResends = 16
	for attempt := 0; ; attempt++ {
		if attempt > 2 {
			select {
			case <-time.After(time.Duration(attempt) * time.Millisecond):
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		st, err := s.ordererStream(addr, tlsConf)
		if err != nil {
			return nil, err
		}
		var res broadcastResult
		// An orderer that stops reading blocks Send under the stream's
		// lock, and everyone queued behind it: cancelling the stream's
		// context is what unblocks them, so a watchdog does it.
		watchdog := time.AfterFunc(time.Until(deadline), st.cancel)
		answer, err := st.send(env)
		watchdog.Stop()
		if err != nil {
			res.err = err
		} else {
			select {
			case res = <-answer:
			case <-ctx.Done():
				// The answer, when it comes, goes to the buffered channel.
				return nil, ctx.Err()
			case <-timer.C:
				// An orderer that answers nothing for this long is not
				// working: end the stream so everyone queued fails over.
				err := fmt.Errorf("no answer from orderer within %s", s.broadcastTimeout)
				st.fail(err)
				return nil, err
			}
		}
		if errors.Is(res.err, errUnprocessed) && attempt < maxResends && ctx.Err() == nil && time.Now().Before(deadline) {
			continue
		}
		return res.resp, res.err
	}
}

// closeStreams ends every orderer stream (Server.Close).
func (s *Server) closeStreams() {
	s.streamCancel()
	for a, st := range s.streams {
		st.fail(errors.New("gateway closed"))
		delete(s.streams, a)
	}
}
