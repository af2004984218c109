package orderer

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
)

// Followers forward accepted envelopes to the raft leader over the cluster
// port. Frames: request = id u64 | len u32 | envelope; response = id u64 |
// status u32 | len u32 | info. Many requests share one connection, answered
// out of order, so a follower adds no per-envelope round trip set-up.

const maxForwardFrame = 256 << 20

// forwardClient keeps one connection to the current leader. A writer
// goroutine per connection coalesces frames and flushes when idle, so many
// concurrent submissions share system calls.
type forwardClient struct {
	c       *Cluster
	channel string

	mu      sync.Mutex
	addr    string
	conn    net.Conn
	sendC   chan []byte
	done    chan struct{} // closed when conn is dropped
	nextID  uint64
	pending map[uint64]func(forwardResult)
}

type forwardResult struct {
	status common.Status
	info   string
}

func newForwardClient(c *Cluster, channel string) *forwardClient {
	return &forwardClient{c: c, channel: channel, pending: map[uint64]func(forwardResult){}}
}

// submit sends env to the leader at addr; done gets the leader's answer
// (or why there is none) exactly once and must not block.
func (f *forwardClient) submit(ctx context.Context, addr string, env []byte, done func(forwardResult)) {
	f.mu.Lock()
	if f.conn == nil || f.addr != addr {
		if f.conn != nil {
			f.conn.Close()
		}
		conn, err := f.c.dial(kindForward, f.channel, addr, 3*time.Second)
		if err != nil {
			f.mu.Unlock()
			done(forwardResult{common.Status_SERVICE_UNAVAILABLE, fmt.Sprintf("cannot reach leader %s: %v", addr, err)})
			return
		}
		f.conn, f.addr, f.sendC, f.done = conn, addr, make(chan []byte, 1024), make(chan struct{})
		go f.readLoop(conn)
		go f.writeLoop(conn, f.sendC, f.done)
	}
	f.nextID++
	id := f.nextID
	f.pending[id] = done
	sendC, dropped := f.sendC, f.done
	f.mu.Unlock()

	frame := make([]byte, 12, 12+len(env))
	binary.BigEndian.PutUint64(frame[:8], id)
	binary.BigEndian.PutUint32(frame[8:], uint32(len(env)))
	frame = append(frame, env...)
	select {
	case sendC <- frame:
	case <-dropped: // drop answered the request
	case <-ctx.Done():
		if f.forget(id) {
			done(forwardResult{common.Status_SERVICE_UNAVAILABLE, "request cancelled while waiting for the leader"})
		}
	}
}

// forget removes a pending request and reports whether it was still
// pending (so its callback has not run and will not).
func (f *forwardClient) forget(id uint64) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	_, ok := f.pending[id]
	delete(f.pending, id)
	return ok
}

func (f *forwardClient) writeLoop(conn net.Conn, sendC chan []byte, done chan struct{}) {
	w := bufio.NewWriterSize(conn, 256<<10)
	for {
		var frame []byte
		select {
		case frame = <-sendC:
		case <-done:
			return
		}
		if _, err := w.Write(frame); err != nil {
			f.drop(conn, err)
			return
		}
		if len(sendC) == 0 {
			if err := w.Flush(); err != nil {
				f.drop(conn, err)
				return
			}
		}
	}
}

func (f *forwardClient) readLoop(conn net.Conn) {
	r := bufio.NewReaderSize(conn, 64<<10)
	for {
		var hdr [16]byte
		if _, err := io.ReadFull(r, hdr[:]); err != nil {
			f.drop(conn, err)
			return
		}
		id := binary.BigEndian.Uint64(hdr[:8])
		status := common.Status(binary.BigEndian.Uint32(hdr[8:12]))
		n := binary.BigEndian.Uint32(hdr[12:])
		if n > 1<<20 {
			f.drop(conn, errors.New("oversized forward response"))
			return
		}
		info := make([]byte, n)
		if _, err := io.ReadFull(r, info); err != nil {
			f.drop(conn, err)
			return
		}
		f.mu.Lock()
		done := f.pending[id]
		delete(f.pending, id)
		f.mu.Unlock()
		if done != nil {
			done(forwardResult{status, string(info)})
		}
	}
}

// drop closes conn and fails every request that waited on it.
func (f *forwardClient) drop(conn net.Conn, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	conn.Close()
	if f.conn != conn {
		return
	}
	f.conn, f.addr = nil, ""
	close(f.done)
	f.sendC, f.done = nil, nil
	for id, done := range f.pending {
		done(forwardResult{common.Status_SERVICE_UNAVAILABLE, fmt.Sprintf("connection to leader lost: %v", err)})
		delete(f.pending, id)
	}
}

func (f *forwardClient) close() {
	f.mu.Lock()
	conn := f.conn
	f.mu.Unlock()
	if conn != nil {
		f.drop(conn, errors.New("closed"))
	}
}

// serveForward passes forwarded envelopes to submit (the leader path) in
// the order they arrive and writes the answers back as they come. submit
// reports through a callback, so no goroutine waits per envelope, and one
// writer goroutine sends whatever answers have accumulated in one write: a
// block's worth of answers costs a few system calls, not one each.
func serveForward(conn net.Conn, submit func(ctx context.Context, env []byte, done func(forwardResult)), stop <-chan struct{}) {
	defer conn.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-stop:
			conn.Close()
		case <-ctx.Done():
		}
	}()
	var (
		mu    sync.Mutex
		queue []byte
		wake  = make(chan struct{}, 1)
	)
	respond := func(id uint64, r forwardResult) {
		info := r.info
		if len(info) > 1<<20 {
			info = info[:1<<20]
		}
		mu.Lock()
		queue = binary.BigEndian.AppendUint64(queue, id)
		queue = binary.BigEndian.AppendUint32(queue, uint32(r.status))
		queue = binary.BigEndian.AppendUint32(queue, uint32(len(info)))
		queue = append(queue, info...)
		mu.Unlock()
		select {
		case wake <- struct{}{}:
		default:
		}
	}
	writerDone := make(chan struct{})
	go func() {
		defer close(writerDone)
		var spare []byte
		for {
			select {
			case <-wake:
			case <-ctx.Done():
				return
			}
			mu.Lock()
			out := queue
			queue = spare[:0]
			mu.Unlock()
			if _, err := conn.Write(out); err != nil {
				conn.Close()
				return
			}
			spare = out
		}
	}()
	defer func() { cancel(); <-writerDone }()
	r := bufio.NewReaderSize(conn, 64<<10)
	for {
		var hdr [12]byte
		if _, err := io.ReadFull(r, hdr[:]); err != nil {
			return
		}
		id, n := binary.BigEndian.Uint64(hdr[:8]), binary.BigEndian.Uint32(hdr[8:])
		if n > maxForwardFrame {
			return
		}
		env := make([]byte, n)
		if _, err := io.ReadFull(r, env); err != nil {
			return
		}
		submit(ctx, env, func(r forwardResult) { respond(id, r) })
	}
}
