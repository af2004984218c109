package payout

import (
	"bytes"
	"encoding/json"
	"math/big"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// ozScript builds a StandardMerkleTree per input tree with the npm package
// and prints the root and the proof of every value, by value index.
const ozScript = `
const { StandardMerkleTree } = require(process.argv[1]);
let input = '';
process.stdin.on('data', d => input += d);
process.stdin.on('end', () => {
  const out = JSON.parse(input).map(values => {
    const t = StandardMerkleTree.of(values, ["uint64","uint256","address","uint256"]);
    return { root: t.root, proofs: values.map((_, i) => t.getProof(i)) };
  });
  process.stdout.write(JSON.stringify(out));
});
`

// repoRoot walks up from the test's directory to the module root.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test directory")
		}
		dir = parent
	}
}

// ozTrees runs the npm package on trees (each a list of leaves) and returns
// its roots and proofs. It fails the test if node or the package is missing:
// the OpenZeppelin comparison is the point, not an optional extra.
func ozTrees(t *testing.T, trees [][]Leaf) (roots []string, proofs [][][]string) {
	t.Helper()
	pkg := filepath.Join(repoRoot(t), "node_modules", "@openzeppelin", "merkle-tree")
	if _, err := os.Stat(filepath.Join(pkg, "package.json")); err != nil {
		t.Fatalf("@openzeppelin/merkle-tree is not installed at %s: run `make deps` (./scripts/deps.sh) first", pkg)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node is not on PATH; it is needed to compare with @openzeppelin/merkle-tree: %v", err)
	}
	in := make([][][4]string, len(trees))
	for i, leaves := range trees {
		in[i] = make([][4]string, len(leaves))
		for j, l := range leaves {
			in[i][j] = [4]string{new(big.Int).SetUint64(l.Epoch).String(), new(big.Int).SetUint64(l.Index).String(),
				FormatAddress(l.Account), l.Amount.String()}
		}
	}
	inJSON, _ := json.Marshal(in)
	cmd := exec.Command(node, "-e", ozScript, pkg)
	cmd.Stdin = bytes.NewReader(inJSON)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	outJSON, err := cmd.Output()
	if err != nil {
		t.Fatalf("node @openzeppelin/merkle-tree: %v\n%s", err, stderr.String())
	}
	var out []struct {
		Root   string     `json:"root"`
		Proofs [][]string `json:"proofs"`
	}
	if err := json.Unmarshal(outJSON, &out); err != nil {
		t.Fatalf("decoding node output: %v", err)
	}
	for _, o := range out {
		roots = append(roots, o.Root)
		proofs = append(proofs, o.Proofs)
	}
	return roots, proofs
}

func randomPayouts(r *rand.Rand, n int) []Payout {
	seen := map[[20]byte]bool{}
	ps := make([]Payout, 0, n)
	for len(ps) < n {
		var a [20]byte
		for i := range a {
			a[i] = byte(r.UintN(256))
		}
		if r.UintN(4) == 0 { // shared prefixes exercise byte-wise address order
			a[0], a[1] = 0, 0
		}
		if seen[a] || a == ([20]byte{}) {
			continue
		}
		seen[a] = true
		amt := new(big.Int).SetUint64(r.Uint64() | 1)
		switch r.UintN(3) {
		case 0:
			amt.Lsh(amt, 190) // 18-decimal fortunes and near-uint256 values
		case 1:
			amt.SetUint64(1 + r.Uint64N(1000))
		}
		ps = append(ps, Payout{Account: a, Amount: amt})
	}
	return ps
}

func TestTreeMatchesOpenZeppelin(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	sizes := []int{1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 31, 100, 257}
	var trees []*Tree
	var leaves [][]Leaf
	for k, n := range sizes {
		tr, err := NewTree(uint64(k*1000+n), randomPayouts(r, n))
		if err != nil {
			t.Fatal(err)
		}
		trees = append(trees, tr)
		leaves = append(leaves, tr.Leaves())
	}
	// The largest uint64 epoch and uint256 amount in one tree.
	maxTree, err := NewTree(^uint64(0), []Payout{{Account: [20]byte{0xff, 1}, Amount: new(big.Int).Set(maxUint256)},
		{Account: [20]byte{19: 1}, Amount: big.NewInt(1)}})
	if err != nil {
		t.Fatal(err)
	}
	trees = append(trees, maxTree)
	leaves = append(leaves, maxTree.Leaves())

	roots, proofs := ozTrees(t, leaves)
	if len(roots) != len(trees) {
		t.Fatalf("node returned %d trees, want %d", len(roots), len(trees))
	}
	for k, tr := range trees {
		if got := FormatHash(tr.Root()); got != roots[k] {
			t.Errorf("tree of %d leaves: root %s, OpenZeppelin %s", tr.Len(), got, roots[k])
			continue
		}
		for i := 0; i < tr.Len(); i++ {
			p := tr.Proof(i)
			if len(p) != len(proofs[k][i]) {
				t.Fatalf("tree of %d, leaf %d: proof length %d, OpenZeppelin %d", tr.Len(), i, len(p), len(proofs[k][i]))
			}
			for j := range p {
				if FormatHash(p[j]) != proofs[k][i][j] {
					t.Fatalf("tree of %d, leaf %d, proof[%d]: %s, OpenZeppelin %s", tr.Len(), i, j, FormatHash(p[j]), proofs[k][i][j])
				}
			}
		}
	}
}
