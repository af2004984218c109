package profiling

import (
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
)

func TestStartServesProfiles(t *testing.T) {
	srv, addr, err := Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	resp, err := http.Get("http://" + addr.String() + "/debug/pprof/goroutine?debug=1")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "goroutine profile:") {
		t.Fatalf("status %d, body %.200q", resp.StatusCode, body)
	}
	if _, _, err := Start(addr.String()); err == nil {
		t.Fatal("second Start on a busy address succeeded")
	}
}

func TestServeDisabledAndEnabled(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	stop, err := Serve(false, "127.0.0.1:1", log) // never bound when disabled
	if err != nil {
		t.Fatal(err)
	}
	stop()
	busy, addr, err := Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	if _, err := Serve(true, addr.String(), log); err == nil {
		t.Fatal("Serve on a busy address succeeded")
	}
}
