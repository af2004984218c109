package orderer

import (
	"reflect"
	"testing"
)

func TestCutterByCount(t *testing.T) {
	c := NewCutter[int](3, 100)
	var got [][]int
	for i := 1; i <= 7; i++ {
		got = append(got, c.Ordered(i, 10)...)
	}
	want := [][]int{{1, 2, 3}, {4, 5, 6}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("batches %v, want %v", got, want)
	}
	if c.Pending() != 1 {
		t.Fatalf("pending %d, want 1", c.Pending())
	}
	if b := c.Cut(); !reflect.DeepEqual(b, []int{7}) {
		t.Fatalf("Cut = %v", b)
	}
	if b := c.Cut(); b != nil {
		t.Fatalf("second Cut = %v, want nil", b)
	}
}

func TestCutterByPreferredBytes(t *testing.T) {
	c := NewCutter[string](100, 25)
	if b := c.Ordered("a", 10); b != nil {
		t.Fatalf("cut early: %v", b)
	}
	if b := c.Ordered("b", 10); b != nil {
		t.Fatalf("cut early: %v", b)
	}
	// 10+10+10 > 25: the pending two are cut, "c" starts the next batch.
	if b := c.Ordered("c", 10); !reflect.DeepEqual(b, [][]string{{"a", "b"}}) {
		t.Fatalf("got %v", b)
	}
	// An oversized item cuts the pending batch and goes alone.
	if b := c.Ordered("big", 26); !reflect.DeepEqual(b, [][]string{{"c"}, {"big"}}) {
		t.Fatalf("got %v", b)
	}
	if c.Pending() != 0 {
		t.Fatalf("pending %d", c.Pending())
	}
	// Oversized with nothing pending: a single batch.
	if b := c.Ordered("big2", 1000); !reflect.DeepEqual(b, [][]string{{"big2"}}) {
		t.Fatalf("got %v", b)
	}
	// Exactly preferred fits.
	if b := c.Ordered("x", 25); b != nil {
		t.Fatalf("got %v", b)
	}
}

func FuzzCutter(f *testing.F) {
	f.Add(uint8(3), uint16(100), []byte{10, 20, 200, 5, 5})
	f.Fuzz(func(t *testing.T, maxCount uint8, pref uint16, sizes []byte) {
		c := NewCutter[int](int(maxCount), int(pref))
		var out [][]int
		for i, s := range sizes {
			out = append(out, c.Ordered(i, int(s))...)
		}
		if b := c.Cut(); b != nil {
			out = append(out, b)
		}
		next := 0
		for _, b := range out {
			if len(b) == 0 || len(b) > max(int(maxCount), 1) {
				t.Fatalf("batch of %d with max %d", len(b), maxCount)
			}
			total := 0
			for _, i := range b {
				if i != next {
					t.Fatalf("item %d out of order, want %d", i, next)
				}
				next++
				total += int(sizes[i])
			}
			if len(b) > 1 && total > max(int(pref), 1) {
				t.Fatalf("multi-item batch of %d bytes exceeds preferred %d", total, pref)
			}
		}
		if next != len(sizes) {
			t.Fatalf("%d items out, %d in", next, len(sizes))
		}
	})
}
