package orderer

// Cutter groups ordered items into batches by the channel's BatchSize: a
// batch closes when it reaches MaxMessageCount, when the next item would push
// it past PreferredMaxBytes, or when an item is itself larger than
// PreferredMaxBytes (that item then forms a batch of its own). BatchTimeout is
// the caller's business: it calls Cut when the timer fires. Cutter is a pure,
// single-goroutine state machine.
type Cutter[T any] struct {
	maxCount       int
	preferredBytes int
	pending        []T
	pendingBytes   int
}

// NewCutter returns a Cutter for the given limits (values <= 0 mean 1).
func NewCutter[T any](maxCount, preferredBytes int) *Cutter[T] {
	return &Cutter[T]{maxCount: max(maxCount, 1), preferredBytes: max(preferredBytes, 1)}
}

// Ordered adds an item of the given size and returns the batches it closes
// (zero, one or two), oldest first.
func (c *Cutter[T]) Ordered(item T, size int) [][]T {
	var out [][]T
	if size > c.preferredBytes {
		if len(c.pending) > 0 {
			out = append(out, c.Cut())
		}
		return append(out, []T{item})
	}
	if c.pendingBytes+size > c.preferredBytes && len(c.pending) > 0 {
		out = append(out, c.Cut())
	}
	c.pending = append(c.pending, item)
	c.pendingBytes += size
	if len(c.pending) >= c.maxCount {
		out = append(out, c.Cut())
	}
	return out
}

// Cut returns the pending batch (nil when empty) and starts a new one.
func (c *Cutter[T]) Cut() []T {
	b := c.pending
	c.pending, c.pendingBytes = nil, 0
	return b
}

// Pending reports how many items wait for the next batch.
func (c *Cutter[T]) Pending() int { return len(c.pending) }
