package integration

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	gp "github.com/hyperledger/fabric-protos-go-apiv2/gateway"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/saharanet/saharanet/chaincode/consortium"
)

func TestParallelCallsEachIndexOnce(t *testing.T) {
	const n = 1000
	var seen [n]atomic.Int32
	if err := Parallel(context.Background(), n, 7, func(i int) error { seen[i].Add(1); return nil }); err != nil {
		t.Fatal(err)
	}
	for i := range seen {
		if c := seen[i].Load(); c != 1 {
			t.Fatalf("index %d called %d times", i, c)
		}
	}
}

func TestParallelStopsAtFirstError(t *testing.T) {
	boom := errors.New("boom")
	var calls atomic.Int32
	err := Parallel(context.Background(), 100000, 4, func(i int) error {
		calls.Add(1)
		if i == 10 {
			return boom
		}
		time.Sleep(time.Millisecond)
		return nil
	})
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), "item 10") {
		t.Fatalf("error %v, want item 10's", err)
	}
	if c := calls.Load(); c > 1000 {
		t.Fatalf("%d calls after the first error; want the rest skipped", c)
	}
}

func TestClock(t *testing.T) {
	c := Clock{consortium.Config{GenesisUnix: 1000, EpochSeconds: 30, GraceSeconds: 5}}
	for _, tc := range []struct {
		at   int64
		want uint64
	}{{999, 0}, {1000, 0}, {1029, 0}, {1030, 1}, {1095, 3}} {
		if got := c.EpochAt(time.Unix(tc.at, 0)); got != tc.want {
			t.Errorf("EpochAt(%d) = %d, want %d", tc.at, got, tc.want)
		}
	}
	if got := c.End(1).Unix(); got != 1060 {
		t.Errorf("End(1) = %d, want 1060", got)
	}
	if got := c.ClosableFrom(1).Unix(); got != 1065 {
		t.Errorf("ClosableFrom(1) = %d, want 1065", got)
	}
}

// TestWorkloadAssets checks the synthetic lineage: depths 0..MaxDepth in
// chains, parents always registered in an earlier round, shares summing to
// 10000 and every payee a contributor somewhere.
func TestWorkloadAssets(t *testing.T) {
	w := Workload{Reports: 10, Assets: 100, Payees: 500}
	w.defaults()
	used := map[string]bool{}
	for i := 0; i < w.Assets; i++ {
		a := w.asset(i)
		depth := i % (w.MaxDepth + 1)
		if (depth == 0) != (len(a.Parents) == 0) {
			t.Fatalf("asset %d (depth %d) has parents %v", i, depth, a.Parents)
		}
		if depth > 0 && a.Parents[0].Asset != assetID(i-1) {
			t.Fatalf("asset %d's parent is %s", i, a.Parents[0].Asset)
		}
		var sum uint32
		for _, c := range a.Contributors {
			sum += c.ShareBps
			used[c.Payee] = true
		}
		if sum != 10000 || len(a.Contributors) != 5 {
			t.Fatalf("asset %d: %d contributors, shares sum %d", i, len(a.Contributors), sum)
		}
	}
	if len(used) != w.Payees {
		t.Fatalf("%d of %d payees are contributors", len(used), w.Payees)
	}
	if w.Transactions() != 500+200+10 {
		t.Fatalf("Transactions() = %d", w.Transactions())
	}
}

// TestErrorCarriesPeerMessages: the chaincode's message arrives in the
// gateway's ErrorDetail, not the status message; Error must show it.
func TestErrorCarriesPeerMessages(t *testing.T) {
	st, err := status.New(codes.Aborted, "failed to endorse transaction").WithDetails(
		&gp.ErrorDetail{Address: "peer0:7051", MspId: "Org1MSP", Message: "chaincode response 500, access denied: x"})
	if err != nil {
		t.Fatal(err)
	}
	got := wrap("GetLicenseTerms", st.Err())
	var e *Error
	if !errors.As(got, &e) || len(e.Details) != 1 || !strings.Contains(got.Error(), "Org1MSP@peer0:7051: chaincode response 500, access denied: x") ||
		!strings.HasPrefix(got.Error(), "GetLicenseTerms: ") {
		t.Fatalf("wrapped error %v", got)
	}
	if wrap("X", nil) != nil {
		t.Fatal("wrap(nil) is not nil")
	}
}
