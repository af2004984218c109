package integration

import (
	"context"
	"time"

	"github.com/saharanet/saharanet/chaincode/consortium"
)

// Clock answers epoch questions from the chaincode's Config, on the
// client's clock (proposal timestamps come from it too).
type Clock struct{ consortium.Config }

// EpochAt is the epoch containing t (0 before genesis).
func (c Clock) EpochAt(t time.Time) uint64 {
	if t.Unix() < c.GenesisUnix {
		return 0
	}
	return uint64((t.Unix() - c.GenesisUnix) / c.EpochSeconds)
}

// End is the first second after epoch e.
func (c Clock) End(e uint64) time.Time {
	return time.Unix(c.GenesisUnix+int64(e+1)*c.EpochSeconds, 0)
}

// ClosableFrom is when CloseEpoch(e) is first accepted: end plus grace.
func (c Clock) ClosableFrom(e uint64) time.Time {
	return c.End(e).Add(time.Duration(c.GraceSeconds) * time.Second)
}

// EpochWithRoom returns the current epoch if at least room is left in it,
// else waits for the next one and returns that.
func (c Clock) EpochWithRoom(ctx context.Context, room time.Duration) (uint64, error) {
	e := c.EpochAt(time.Now())
	if time.Until(c.End(e)) >= room {
		return e, nil
	}
	if err := SleepUntil(ctx, c.End(e).Add(100*time.Millisecond)); err != nil {
		return 0, err
	}
	return e + 1, nil
}

// SleepUntil waits until t or until ctx ends.
func SleepUntil(ctx context.Context, t time.Time) error {
	timer := time.NewTimer(time.Until(t))
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// CloseThrough settles every epoch from the first unsettled one through
// last, in order, waiting until each may be closed, with admin's client.
// It returns the final status of last.
func CloseThrough(ctx context.Context, admin *Client, clock Clock, last uint64, pageSize uint32) (consortium.EpochStatus, error) {
	var st consortium.EpochStatus
	for e := uint64(0); e <= last; e++ {
		cur, err := admin.GetEpochStatus(ctx, e)
		if err != nil {
			return cur, err
		}
		if cur.Status != "OPEN" && cur.Status != "CLOSING" {
			st = cur
			continue
		}
		if err := SleepUntil(ctx, clock.ClosableFrom(e).Add(time.Second)); err != nil {
			return st, err
		}
		if st, _, err = admin.CloseEpochAll(ctx, e, pageSize, 1_000_000); err != nil {
			return st, err
		}
	}
	return st, nil
}
