package comm

import (
	"context"
	"crypto/tls"
	"io"
	"net"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	pb "github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/grpc"

	"github.com/saharanet/saharanet/network/cryptogen"
)

// The benchmarks below measure what one gRPC message exchange costs in CPU on
// this machine — client and server in one process, mTLS over loopback,
// Fabric-sized messages — because on a small machine running a whole network
// the number of such exchanges per transaction bounds throughput (see
// network/e2e/BENCHMARK.md). They report cpu-µs per exchange, both ends
// together: go test ./network/comm -run '^$' -bench . -benchtime 20000x

type echoEndorser struct {
	pb.UnimplementedEndorserServer
	resp *pb.ProposalResponse
}

func (e *echoEndorser) ProcessProposal(context.Context, *pb.SignedProposal) (*pb.ProposalResponse, error) {
	return e.resp, nil
}

type echoChaincode struct {
	pb.UnimplementedChaincodeSupportServer
}

func (echoChaincode) Register(s pb.ChaincodeSupport_RegisterServer) error {
	for {
		m, err := s.Recv()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := s.Send(m); err != nil {
			return err
		}
	}
}

// benchServe serves what register adds on a loopback mTLS server for the
// benchmark's duration and returns a client connection to it.
func benchServe(b *testing.B, register func(*grpc.Server)) *grpc.ClientConn {
	srvConf, cliConf := benchTLS(b)
	srv := NewServer(srvConf)
	register(srv)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go srv.Serve(l)
	b.Cleanup(srv.Stop)
	conn, err := Dial(l.Addr().String(), cliConf)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { conn.Close() })
	return conn
}

func benchTLS(b *testing.B) (server, client *tls.Config) {
	b.Helper()
	dir := b.TempDir()
	if err := cryptogen.Generate(cryptogen.TestNetworkConfig("org1"), dir); err != nil {
		b.Fatal(err)
	}
	org := cryptogen.PeerOrgDir(dir, "org1.example.com")
	peer, err := LoadNodeTLS(filepath.Join(org, "peers", "peer0.org1.example.com", "tls"))
	if err != nil {
		b.Fatal(err)
	}
	userDir := filepath.Join(org, "users", "User1@org1.example.com", "tls")
	user, err := LoadTLS(filepath.Join(userDir, "client.crt"), filepath.Join(userDir, "client.key"), filepath.Join(userDir, "ca.crt"))
	if err != nil {
		b.Fatal(err)
	}
	return ServerConfig(peer.Certificate, peer.RootCAs, true), ClientConfig(&user.Certificate, user.RootCAs, "peer0.org1.example.com")
}

func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkUnaryMTLS: a ProcessProposal-shaped unary call (3 KB request,
// 1 KB response) from 64 concurrent callers on one connection.
func BenchmarkUnaryMTLS(b *testing.B) {
	conn := benchServe(b, func(srv *grpc.Server) {
		pb.RegisterEndorserServer(srv, &echoEndorser{resp: &pb.ProposalResponse{
			Response: &pb.Response{Status: 200}, Payload: make([]byte, 1024),
			Endorsement: &pb.Endorsement{Endorser: make([]byte, 800), Signature: make([]byte, 72)},
		}})
	})
	client := pb.NewEndorserClient(conn)
	req := &pb.SignedProposal{ProposalBytes: make([]byte, 3072), Signature: make([]byte, 72)}
	if _, err := client.ProcessProposal(context.Background(), req); err != nil {
		b.Fatal(err)
	}
	const callers = 64
	b.ResetTimer()
	cpu0 := cpuTime(b)
	var wg sync.WaitGroup
	work := make(chan struct{}, b.N)
	for range b.N {
		work <- struct{}{}
	}
	close(work)
	for range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range work {
				if _, err := client.ProcessProposal(context.Background(), req); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	b.ReportMetric(float64((cpuTime(b)-cpu0).Microseconds())/float64(b.N), "cpu-µs/call")
}

// BenchmarkStreamRoundTripMTLS: a chaincode-shim-shaped exchange (a 300-byte
// message and its echo) on 16 long-lived bidirectional streams.
func BenchmarkStreamRoundTripMTLS(b *testing.B) {
	conn := benchServe(b, func(srv *grpc.Server) { pb.RegisterChaincodeSupportServer(srv, echoChaincode{}) })
	client := pb.NewChaincodeSupportClient(conn)
	msg := &pb.ChaincodeMessage{Type: pb.ChaincodeMessage_GET_STATE, Txid: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
		ChannelId: "mychannel", Payload: make([]byte, 200)}
	const streams = 16
	work := make(chan struct{}, b.N)
	for range b.N {
		work <- struct{}{}
	}
	close(work)
	ss := make([]pb.ChaincodeSupport_RegisterClient, streams)
	for i := range ss {
		s, err := client.Register(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		ss[i] = s
	}
	b.ResetTimer()
	cpu0 := cpuTime(b)
	var wg sync.WaitGroup
	for _, s := range ss {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range work {
				if err := s.Send(msg); err != nil {
					b.Error(err)
					return
				}
				if _, err := s.Recv(); err != nil {
					b.Error(err)
					return
				}
			}
			_ = s.CloseSend()
		}()
	}
	wg.Wait()
	b.ReportMetric(float64((cpuTime(b)-cpu0).Microseconds())/float64(b.N), "cpu-µs/roundtrip")
}
