package payout

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// leafJSON is the wire form of a leaf: numbers for epoch and index, 0x hex
// for the account, a decimal string for the amount (it may exceed 2^53).
type leafJSON struct {
	Epoch   uint64 `json:"epoch"`
	Index   uint64 `json:"index"`
	Account string `json:"account"`
	Amount  string `json:"amount"`
}

func (l Leaf) toJSON() (leafJSON, error) {
	if err := checkAmount(l.Amount); err != nil {
		return leafJSON{}, err
	}
	return leafJSON{l.Epoch, l.Index, FormatAddress(l.Account), l.Amount.String()}, nil
}

func (j leafJSON) toLeaf() (Leaf, error) {
	acc, err := ParseAddress(j.Account)
	if err != nil {
		return Leaf{}, fmt.Errorf("payout leaf: %w", err)
	}
	amt, err := ParseAmount(j.Amount)
	if err != nil {
		return Leaf{}, fmt.Errorf("payout leaf: %w", err)
	}
	return Leaf{Epoch: j.Epoch, Index: j.Index, Account: acc, Amount: amt}, nil
}

// MarshalJSON encodes {"epoch":7,"index":0,"account":"0x…","amount":"123"}.
func (l Leaf) MarshalJSON() ([]byte, error) {
	j, err := l.toJSON()
	if err != nil {
		return nil, err
	}
	return json.Marshal(j)
}

// UnmarshalJSON decodes the form MarshalJSON writes, rejecting unknown
// fields, bad addresses and amounts that are not base-unit integers.
func (l *Leaf) UnmarshalJSON(b []byte) error {
	var j leafJSON
	if err := strictUnmarshal(b, &j); err != nil {
		return fmt.Errorf("payout leaf: %w", err)
	}
	v, err := j.toLeaf()
	if err != nil {
		return err
	}
	*l = v
	return nil
}

type claimJSON struct {
	leafJSON
	Proof []string `json:"proof"`
}

// MarshalJSON encodes the leaf's fields plus "proof": ["0x…", …].
func (c Claim) MarshalJSON() ([]byte, error) {
	lj, err := c.Leaf.toJSON()
	if err != nil {
		return nil, err
	}
	p := make([]string, len(c.Proof))
	for i, h := range c.Proof {
		p[i] = FormatHash(h)
	}
	return json.Marshal(claimJSON{lj, p})
}

// UnmarshalJSON decodes the form MarshalJSON writes.
func (c *Claim) UnmarshalJSON(b []byte) error {
	var j claimJSON
	if err := strictUnmarshal(b, &j); err != nil {
		return fmt.Errorf("payout claim: %w", err)
	}
	l, err := j.leafJSON.toLeaf()
	if err != nil {
		return err
	}
	proof := make([][32]byte, len(j.Proof))
	for i, s := range j.Proof {
		if proof[i], err = ParseHash(s); err != nil {
			return fmt.Errorf("payout claim: proof[%d]: %w", i, err)
		}
	}
	*c = Claim{Leaf: l, Proof: proof}
	return nil
}

// treeJSON is the wire form of a whole tree: enough to rebuild and check it.
type treeJSON struct {
	Format    string     `json:"format"`
	Epoch     uint64     `json:"epoch"`
	Root      string     `json:"root"`
	Total     string     `json:"total"`
	LeafCount int        `json:"leafCount"`
	Leaves    []leafJSON `json:"leaves"`
}

// TreeFormat names the JSON form of a Tree.
const TreeFormat = "saharanet-payout-v1"

// MarshalJSON encodes the tree's epoch, root, total, leaf count and leaves.
func (t *Tree) MarshalJSON() ([]byte, error) {
	j := treeJSON{Format: TreeFormat, Epoch: t.epoch, Root: FormatHash(t.Root()), Total: t.total.String(),
		LeafCount: len(t.leaves), Leaves: make([]leafJSON, len(t.leaves))}
	for i, l := range t.leaves {
		lj, err := l.toJSON()
		if err != nil {
			return nil, err
		}
		j.Leaves[i] = lj
	}
	return json.Marshal(j)
}

// UnmarshalJSON rebuilds the tree from its leaves and fails unless the
// stated root, total, leaf count and every leaf's epoch and index match the
// rebuilt tree, so a decoded Tree is always internally consistent.
func (t *Tree) UnmarshalJSON(b []byte) error {
	var j treeJSON
	if err := strictUnmarshal(b, &j); err != nil {
		return fmt.Errorf("payout tree: %w", err)
	}
	if j.Format != TreeFormat {
		return fmt.Errorf("payout tree: format %q, want %q", j.Format, TreeFormat)
	}
	ps := make([]Payout, len(j.Leaves))
	for i, lj := range j.Leaves {
		l, err := lj.toLeaf()
		if err != nil {
			return fmt.Errorf("payout tree: leaves[%d]: %w", i, err)
		}
		if l.Epoch != j.Epoch || l.Index != uint64(i) {
			return fmt.Errorf("payout tree: leaves[%d] has epoch %d index %d, want epoch %d index %d",
				i, l.Epoch, l.Index, j.Epoch, i)
		}
		ps[i] = Payout{Account: l.Account, Amount: l.Amount}
	}
	nt, err := NewTree(j.Epoch, ps)
	if err != nil {
		return fmt.Errorf("payout tree: %w", err)
	}
	for i := range ps {
		if nt.leaves[i].Account != ps[i].Account {
			return fmt.Errorf("payout tree: leaves[%d] is out of address order", i)
		}
	}
	if got := FormatHash(nt.Root()); got != j.Root {
		return fmt.Errorf("payout tree: stated root %s, leaves give %s", j.Root, got)
	}
	if got := nt.total.String(); got != j.Total {
		return fmt.Errorf("payout tree: stated total %s, leaves sum to %s", j.Total, got)
	}
	if j.LeafCount != len(ps) {
		return fmt.Errorf("payout tree: stated leafCount %d, got %d leaves", j.LeafCount, len(ps))
	}
	*t = *nt
	return nil
}

func strictUnmarshal(b []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return err
	}
	if d.More() {
		return fmt.Errorf("trailing data after JSON value")
	}
	return nil
}
