package orderer

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"google.golang.org/protobuf/proto"
)

// Block pulling over the cluster port: request = from u64 | to u64; the
// server streams len u32 | block bytes for each block in [from, to) and ends
// with len 0. A node restoring a raft snapshot newer than its chain uses it.

const pullWait = 10 * time.Second

func servePull(conn net.Conn, store BlockStore) {
	defer conn.Close()
	var req [16]byte
	if _, err := io.ReadFull(conn, req[:]); err != nil {
		return
	}
	from, to := binary.BigEndian.Uint64(req[:8]), binary.BigEndian.Uint64(req[8:])
	w := bufio.NewWriterSize(conn, 256<<10)
	defer w.Flush()
	for n := from; n < to; n++ {
		ctx, cancel := context.WithTimeout(context.Background(), pullWait)
		err := store.Wait(ctx, n)
		cancel()
		if err != nil {
			break
		}
		b, err := store.Block(n)
		if err != nil {
			break
		}
		raw, err := proto.Marshal(b)
		if err != nil {
			break
		}
		var l [4]byte
		binary.BigEndian.PutUint32(l[:], uint32(len(raw)))
		if _, err := w.Write(l[:]); err != nil {
			return
		}
		if _, err := w.Write(raw); err != nil {
			return
		}
	}
	_, _ = w.Write([]byte{0, 0, 0, 0})
}

// clusterPuller pulls from the other consenters in turn.
type clusterPuller struct {
	c       *Cluster
	channel string
	peers   func() []string // cluster addresses of the other consenters
}

func (p *clusterPuller) PullBlocks(ctx context.Context, from, to uint64, deliver func(*common.Block) error) error {
	var lastErr error = errors.New("no other consenters")
	for _, addr := range p.peers() {
		for from < to {
			got, err := p.pullFrom(ctx, addr, from, to, deliver)
			from += got
			if err != nil || got == 0 {
				lastErr = fmt.Errorf("pull from %s: %v", addr, err)
				break
			}
		}
		if from >= to {
			return nil
		}
	}
	return lastErr
}

func (p *clusterPuller) pullFrom(ctx context.Context, addr string, from, to uint64, deliver func(*common.Block) error) (uint64, error) {
	conn, err := p.c.dial(kindPull, p.channel, addr, 3*time.Second)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	var req [16]byte
	binary.BigEndian.PutUint64(req[:8], from)
	binary.BigEndian.PutUint64(req[8:], to)
	if _, err := conn.Write(req[:]); err != nil {
		return 0, err
	}
	r := bufio.NewReaderSize(conn, 256<<10)
	var got uint64
	for {
		var l [4]byte
		if _, err := io.ReadFull(r, l[:]); err != nil {
			return got, err
		}
		n := binary.BigEndian.Uint32(l[:])
		if n == 0 {
			return got, nil
		}
		if n > maxForwardFrame {
			return got, errors.New("oversized block")
		}
		raw := make([]byte, n)
		if _, err := io.ReadFull(r, raw); err != nil {
			return got, err
		}
		b := &common.Block{}
		if err := proto.Unmarshal(raw, b); err != nil {
			return got, err
		}
		if b.GetHeader().GetNumber() != from+got {
			return got, fmt.Errorf("got block %d, want %d", b.GetHeader().GetNumber(), from+got)
		}
		if err := deliver(b); err != nil {
			return got, err
		}
		got++
	}
}
