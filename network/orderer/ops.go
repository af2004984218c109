package orderer

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"google.golang.org/protobuf/proto"
)

// maxGenesisBytes bounds an uploaded genesis block.
const maxGenesisBytes = 64 << 20

// ChannelInfo is the channel participation API's view of a joined channel;
// the first fields match Fabric's osnadmin output.
type ChannelInfo struct {
	Name              string `json:"name"`
	URL               string `json:"url"`
	ConsensusRelation string `json:"consensusRelation"`
	Status            string `json:"status"`
	Height            uint64 `json:"height"`
	Leader            string `json:"leader"`
	Self              string `json:"consenter"`
}

// OpsHandler serves MetricsHandler and ParticipationHandler together
// (development set-ups; production serves participation on the mutual-TLS
// admin listener).
func (o *Orderer) OpsHandler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/participation/", o.ParticipationHandler())
	mux.Handle("/", o.MetricsHandler())
	return mux
}

// MetricsHandler serves /metrics (Prometheus), /healthz (the process is up)
// and /readyz (every joined channel has a raft leader).
func (o *Orderer) MetricsHandler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(o.metrics.Registry, promhttp.HandlerOpts{}))
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		o.mu.RLock()
		closed := o.closed
		o.mu.RUnlock()
		if closed {
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "closed"})
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "OK"})
	})
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, r *http.Request) {
		var noLeader []string
		for _, ch := range o.Channels() {
			if c, ok := o.Chain(ch); ok && c.Leader() == "" {
				noLeader = append(noLeader, ch)
			}
		}
		if len(noLeader) > 0 {
			writeJSON(w, http.StatusServiceUnavailable, map[string]any{"status": "no raft leader", "channels": noLeader})
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "OK"})
	})
	return mux
}

// ParticipationHandler is the channel participation API:
// GET /participation/v1/channels lists channels, GET .../channels/<name>
// shows one, POST .../channels with the genesis block (raw protobuf body or
// a multipart "config-block" field, as osnadmin sends) joins one. Serve it
// only on a listener that requires admin client certificates.
func (o *Orderer) ParticipationHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/participation/v1/channels", func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet:
			var out []ChannelInfo
			for _, ch := range o.Channels() {
				if c, ok := o.Chain(ch); ok {
					out = append(out, c.info())
				}
			}
			writeJSON(w, http.StatusOK, map[string]any{"channels": out})
		case http.MethodPost:
			raw, err := readGenesisUpload(r)
			if err != nil {
				writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
				return
			}
			b := &common.Block{}
			if err := proto.Unmarshal(raw, b); err != nil {
				writeJSON(w, http.StatusBadRequest, map[string]string{"error": "body is not a block: " + err.Error()})
				return
			}
			c, err := o.JoinChannel(b)
			if err != nil {
				code := http.StatusBadRequest
				if strings.Contains(err.Error(), "already joined") {
					code = http.StatusMethodNotAllowed
				}
				writeJSON(w, code, map[string]string{"error": err.Error()})
				return
			}
			writeJSON(w, http.StatusCreated, c.info())
		default:
			w.Header().Set("Allow", "GET, POST")
			writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"error": "use GET or POST"})
		}
	})
	mux.HandleFunc("/participation/v1/channels/", func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/participation/v1/channels/")
		c, ok := o.Chain(name)
		if !ok {
			writeJSON(w, http.StatusNotFound, map[string]string{"error": "channel " + name + " not joined"})
			return
		}
		writeJSON(w, http.StatusOK, c.info())
	})
	return mux
}

func (c *Chain) info() ChannelInfo {
	st := "active"
	if c.Leader() == "" {
		st = "no-leader"
	}
	return ChannelInfo{Name: c.channel, URL: "/participation/v1/channels/" + c.channel, ConsensusRelation: "consenter",
		Status: st, Height: c.Height(), Leader: c.Leader(), Self: c.self}
}

func readGenesisUpload(r *http.Request) ([]byte, error) {
	r.Body = http.MaxBytesReader(nil, r.Body, maxGenesisBytes)
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		if err := r.ParseMultipartForm(maxGenesisBytes); err != nil {
			return nil, err
		}
		f, _, err := r.FormFile("config-block")
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return io.ReadAll(f)
	}
	return io.ReadAll(r.Body)
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}
