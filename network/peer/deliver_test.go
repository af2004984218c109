package peer_test

import (
	"context"
	"crypto/sha256"
	"io"
	"math"
	"path/filepath"
	"testing"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	ab "github.com/hyperledger/fabric-protos-go-apiv2/orderer"
	pb "github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/saharanet/saharanet/network/comm"
	"github.com/saharanet/saharanet/network/cryptogen"
	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/peer"
	"github.com/saharanet/saharanet/network/protoutil"
)

func specified(n uint64) *ab.SeekPosition {
	return &ab.SeekPosition{Type: &ab.SeekPosition_Specified{Specified: &ab.SeekSpecified{Number: n}}}
}

func seekEnv(t *testing.T, s protoutil.Signer, channel string, seek *ab.SeekInfo, edit func(*common.ChannelHeader)) *common.Envelope {
	t.Helper()
	env, err := protoutil.CreateSignedEnvelope(common.HeaderType_DELIVER_SEEK_INFO, channel, s, seek)
	if err != nil {
		t.Fatal(err)
	}
	if edit == nil {
		return env
	}
	p, _ := protoutil.UnmarshalPayload(env)
	chdr, _ := protoutil.UnmarshalChannelHeader(p.Header.ChannelHeader)
	edit(chdr)
	p.Header.ChannelHeader = protoutil.MarshalOrPanic(chdr)
	env.Payload = protoutil.MarshalOrPanic(p)
	if env.Signature, err = s.Sign(env.Payload); err != nil {
		t.Fatal(err)
	}
	return env
}

type deliverResult struct {
	blocks   []uint64
	filtered []*pb.FilteredBlock
	status   common.Status
}

// deliver sends one request on a fresh stream of the given kind and reads
// until a status arrives.
func deliver(t *testing.T, tn *peer.TestNetwork, org, user, kind string, env *common.Envelope) deliverResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c := pb.NewDeliverClient(tn.Dial(tn.Peers[0], org, user))
	var (
		send func(*common.Envelope) error
		recv func() (*pb.DeliverResponse, error)
	)
	switch kind {
	case "filtered":
		s, err := c.DeliverFiltered(ctx)
		if err != nil {
			t.Fatal(err)
		}
		send, recv = s.Send, s.Recv
	case "private":
		s, err := c.DeliverWithPrivateData(ctx)
		if err != nil {
			t.Fatal(err)
		}
		send, recv = s.Send, s.Recv
	default:
		s, err := c.Deliver(ctx)
		if err != nil {
			t.Fatal(err)
		}
		send, recv = s.Send, s.Recv
	}
	if err := send(env); err != nil {
		t.Fatal(err)
	}
	var res deliverResult
	for {
		r, err := recv()
		if err == io.EOF {
			t.Fatal("stream ended without a status")
		}
		if err != nil {
			t.Fatalf("recv: %v", err)
		}
		switch x := r.Type.(type) {
		case *pb.DeliverResponse_Status:
			res.status = x.Status
			return res
		case *pb.DeliverResponse_Block:
			res.blocks = append(res.blocks, x.Block.Header.Number)
		case *pb.DeliverResponse_FilteredBlock:
			res.filtered = append(res.filtered, x.FilteredBlock)
			res.blocks = append(res.blocks, x.FilteredBlock.Number)
		case *pb.DeliverResponse_BlockAndPrivateData:
			res.blocks = append(res.blocks, x.BlockAndPrivateData.Block.Header.Number)
		}
	}
}

func TestDeliver(t *testing.T) {
	tn := peer.NewTestNetwork(t)
	user := tn.Identity("org1", "User1")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	env := tn.Orderers.NewTx(user, 10)
	if err := tn.Broadcast(ctx, env); err != nil {
		t.Fatal(err)
	}
	p, _ := protoutil.UnmarshalPayload(env)
	chdr, _ := protoutil.UnmarshalChannelHeader(p.Header.ChannelHeader)
	if _, err := tn.Peers[0].Channel(tn.ChannelID).WaitForTx(ctx, chdr.TxId); err != nil {
		t.Fatal(err)
	}
	height := tn.Peers[0].Channel(tn.ChannelID).Ledger().Height()
	upTo1 := &ab.SeekInfo{Start: specified(0), Stop: specified(1)}

	t.Run("blocks", func(t *testing.T) {
		r := deliver(t, tn, "org1", "User1", "block", seekEnv(t, user, tn.ChannelID, upTo1, nil))
		if r.status != common.Status_SUCCESS || len(r.blocks) != 2 || r.blocks[0] != 0 || r.blocks[1] != 1 {
			t.Fatalf("got %+v", r)
		}
	})
	t.Run("org2 reader, with private data", func(t *testing.T) {
		r := deliver(t, tn, "org2", "User1", "private", seekEnv(t, tn.Identity("org2", "User1"), tn.ChannelID, upTo1, nil))
		if r.status != common.Status_SUCCESS || len(r.blocks) != 2 {
			t.Fatalf("got %+v", r)
		}
	})
	t.Run("filtered", func(t *testing.T) {
		seek := &ab.SeekInfo{Start: specified(0), Stop: specified(height - 1)}
		r := deliver(t, tn, "org1", "User1", "filtered", seekEnv(t, user, tn.ChannelID, seek, nil))
		if r.status != common.Status_SUCCESS || uint64(len(r.filtered)) != height {
			t.Fatalf("got %+v", r)
		}
		found := false
		for _, fb := range r.filtered {
			for _, ft := range fb.FilteredTransactions {
				if ft.Txid == chdr.TxId {
					found = ft.Type == common.HeaderType_ENDORSER_TRANSACTION && ft.TxValidationCode != pb.TxValidationCode_VALID
				}
			}
		}
		if !found {
			t.Errorf("filtered blocks lack tx %s with its invalid code", chdr.TxId)
		}
	})
	t.Run("TLS binding", func(t *testing.T) {
		dir := filepath.Join(tn.Orderers.UserDir("org1", "User1"), "tls")
		nt, err := comm.LoadTLS(filepath.Join(dir, "client.crt"), filepath.Join(dir, "client.key"))
		if err != nil {
			t.Fatal(err)
		}
		h := sha256.Sum256(nt.Certificate.Certificate[0])
		good := seekEnv(t, user, tn.ChannelID, upTo1, func(c *common.ChannelHeader) { c.TlsCertHash = h[:] })
		if r := deliver(t, tn, "org1", "User1", "block", good); r.status != common.Status_SUCCESS || len(r.blocks) != 2 {
			t.Errorf("bound request: %+v", r)
		}
		bad := seekEnv(t, user, tn.ChannelID, upTo1, func(c *common.ChannelHeader) { c.TlsCertHash = make([]byte, 32) })
		if r := deliver(t, tn, "org1", "User1", "block", bad); r.status != common.Status_BAD_REQUEST || len(r.blocks) != 0 {
			t.Errorf("wrongly bound request: %+v", r)
		}
	})

	foreign := foreignIdentity(t)
	cases := []struct {
		name string
		env  func() *common.Envelope
		kind string
		want common.Status
	}{
		{"tampered payload", func() *common.Envelope {
			e := seekEnv(t, user, tn.ChannelID, upTo1, nil)
			p, _ := protoutil.UnmarshalPayload(e)
			p.Data = protoutil.MarshalOrPanic(&ab.SeekInfo{Start: specified(0), Stop: specified(0)})
			e.Payload = protoutil.MarshalOrPanic(p)
			return e
		}, "block", common.Status_FORBIDDEN},
		{"bad signature", func() *common.Envelope {
			e := seekEnv(t, user, tn.ChannelID, upTo1, nil)
			e.Signature[len(e.Signature)-3] ^= 0xff
			return e
		}, "filtered", common.Status_FORBIDDEN},
		{"foreign identity", func() *common.Envelope { return seekEnv(t, foreign, tn.ChannelID, upTo1, nil) }, "block", common.Status_FORBIDDEN},
		{"orderer identity is not an application reader", func() *common.Envelope {
			return seekEnv(t, ordererAdmin(t, tn), tn.ChannelID, upTo1, nil)
		}, "block", common.Status_FORBIDDEN},
		{"wrong channel", func() *common.Envelope { return seekEnv(t, user, "otherchannel", upTo1, nil) }, "block", common.Status_NOT_FOUND},
		{"no timestamp", func() *common.Envelope {
			return seekEnv(t, user, tn.ChannelID, upTo1, func(c *common.ChannelHeader) { c.Timestamp = nil })
		}, "block", common.Status_BAD_REQUEST},
		{"stale timestamp", func() *common.Envelope {
			return seekEnv(t, user, tn.ChannelID, upTo1, func(c *common.ChannelHeader) {
				c.Timestamp = timestamppb.New(time.Now().Add(-time.Hour))
			})
		}, "filtered", common.Status_BAD_REQUEST},
		{"not an envelope payload", func() *common.Envelope {
			return &common.Envelope{Payload: []byte{0xff, 0xff}, Signature: []byte{1}}
		}, "block", common.Status_BAD_REQUEST},
		{"missing stop", func() *common.Envelope {
			return seekEnv(t, user, tn.ChannelID, &ab.SeekInfo{Start: specified(0)}, nil)
		}, "block", common.Status_BAD_REQUEST},
		{"stop before start", func() *common.Envelope {
			return seekEnv(t, user, tn.ChannelID, &ab.SeekInfo{Start: specified(1), Stop: specified(0)}, nil)
		}, "block", common.Status_BAD_REQUEST},
		{"start beyond height", func() *common.Envelope {
			return seekEnv(t, user, tn.ChannelID, &ab.SeekInfo{Start: specified(height + 5), Stop: specified(math.MaxUint64)}, nil)
		}, "block", common.Status_NOT_FOUND},
		{"fail if not ready", func() *common.Envelope {
			return seekEnv(t, user, tn.ChannelID, &ab.SeekInfo{Start: specified(height), Stop: specified(height),
				Behavior: ab.SeekInfo_FAIL_IF_NOT_READY}, nil)
		}, "block", common.Status_NOT_FOUND},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := deliver(t, tn, "org1", "User1", c.kind, c.env())
			if r.status != c.want || len(r.blocks) != 0 {
				t.Errorf("got status %v with %d blocks, want %v and none", r.status, len(r.blocks), c.want)
			}
		})
	}

	t.Run("newest then wait for next commit", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		s, err := pb.NewDeliverClient(tn.Dial(tn.Peers[1], "org2", "User1")).DeliverFiltered(ctx)
		if err != nil {
			t.Fatal(err)
		}
		h := tn.Peers[1].Channel(tn.ChannelID).Ledger().Height()
		seek := &ab.SeekInfo{Start: &ab.SeekPosition{Type: &ab.SeekPosition_NextCommit{NextCommit: &ab.SeekNextCommit{}}}, Stop: specified(math.MaxUint64)}
		if err := s.Send(seekEnv(t, tn.Identity("org2", "User1"), tn.ChannelID, seek, nil)); err != nil {
			t.Fatal(err)
		}
		if err := tn.Broadcast(ctx, tn.Orderers.NewTx(user, 1)); err != nil {
			t.Fatal(err)
		}
		r, err := s.Recv()
		if err != nil {
			t.Fatal(err)
		}
		if fb := r.GetFilteredBlock(); fb == nil || fb.Number != h {
			t.Errorf("got %v, want filtered block %d", r, h)
		}
	})
}

// foreignIdentity is a well-formed identity of an MSP that is not on the channel.
func foreignIdentity(t *testing.T) msp.SigningIdentity {
	dir := t.TempDir()
	if err := cryptogen.Generate(cryptogen.TestNetworkConfig("org3"), dir); err != nil {
		t.Fatal(err)
	}
	id, err := msp.LoadSigningIdentity(filepath.Join(cryptogen.PeerOrgDir(dir, "org3.example.com"), "users", "User1@org3.example.com", "msp"), "Org3MSP")
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func ordererAdmin(t *testing.T, tn *peer.TestNetwork) msp.SigningIdentity {
	id, err := msp.LoadSigningIdentity(filepath.Join(cryptogen.OrdererOrgDir(tn.CryptoDir(), "example.com"), "users", "Admin@example.com", "msp"), "OrdererMSP")
	if err != nil {
		t.Fatal(err)
	}
	return id
}

var _ = proto.Marshal
