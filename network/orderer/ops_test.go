package orderer

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/channelconfig"
)

func TestChannelParticipationAndOps(t *testing.T) {
	tc := NewTestCluster(t, 1, WithTestBatch(1, 20*time.Millisecond))
	o := tc.Nodes[0].Orderer
	srv := httptest.NewServer(o.OpsHandler())
	defer srv.Close()
	post := func(body []byte) (int, string) {
		resp, err := http.Post(srv.URL+"/participation/v1/channels", "application/octet-stream", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := post([]byte("not a block")); code != http.StatusBadRequest {
		t.Fatalf("junk: %d %s", code, body)
	}
	raw, _ := proto.Marshal(tc.Genesis)
	if code, body := post(raw); code != http.StatusMethodNotAllowed || !strings.Contains(body, "already joined") {
		t.Fatalf("rejoin: %d %s", code, body)
	}
	notGenesis := proto.Clone(tc.Genesis).(*common.Block)
	notGenesis.Header.Number = 5
	raw5, _ := proto.Marshal(notGenesis)
	if code, _ := post(raw5); code != http.StatusBadRequest {
		t.Fatalf("non-genesis block accepted: %d", code)
	}
	// A second channel with the same consenters joins over HTTP and orders.
	g2, err := channelconfig.GenesisBlock(tc.Profile, "second")
	if err != nil {
		t.Fatal(err)
	}
	raw2, _ := proto.Marshal(g2)
	if code, body := post(raw2); code != http.StatusCreated {
		t.Fatalf("join second: %d %s", code, body)
	}
	c2, ok := o.Chain("second")
	if !ok {
		t.Fatal("second channel not joined")
	}
	deadline := time.Now().Add(5 * time.Second)
	for !c2.IsLeader() && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	st, info := o.ProcessBroadcast(context.Background(), func() *common.Envelope {
		tc2 := *tc
		tc2.ChannelID = "second"
		return tc2.NewTx(tc.Identity("org1", "User1"), 10)
	}())
	if st != common.Status_SUCCESS || c2.Height() != 2 {
		t.Fatalf("order on second channel: %v %s height %d", st, info, c2.Height())
	}
	if tc.Chain(0).Height() != 1 {
		t.Fatal("a tx of channel second landed on mychannel")
	}
	resp, err := http.Get(srv.URL + "/participation/v1/channels")
	if err != nil {
		t.Fatal(err)
	}
	var list struct{ Channels []ChannelInfo }
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil || len(list.Channels) != 2 || list.Channels[1].Name != "second" || list.Channels[1].Height != 2 {
		t.Fatalf("list: %+v %v", list, err)
	}
	resp.Body.Close()
	if resp, _ := http.Get(srv.URL + "/participation/v1/channels/nochannel"); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown channel: %d", resp.StatusCode)
	}
	resp, _ = http.Get(srv.URL + "/metrics")
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, m := range []string{`orderer_blocks_committed_total{channel="second"} 1`, `orderer_raft_is_leader{channel="mychannel"} 1`, "orderer_broadcast_envelopes_total"} {
		if !strings.Contains(string(b), m) {
			t.Errorf("metrics lack %s", m)
		}
	}
	if resp, _ := http.Get(srv.URL + "/healthz"); resp.StatusCode != 200 {
		t.Fatalf("healthz %d", resp.StatusCode)
	}
	// Both channels come back after a restart (joined channels persist).
	tc.Stop(0)
	tc.Restart(0)
	if got := tc.Nodes[0].Orderer.Channels(); len(got) != 2 {
		t.Fatalf("after restart: channels %v", got)
	}
}
