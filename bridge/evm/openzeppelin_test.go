package evm

import (
	"bytes"
	"encoding/json"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/saharanet/saharanet/api/payout"
)

// ozTree builds a StandardMerkleTree with @openzeppelin/merkle-tree (the
// reference DOMAIN.md names) and returns its root and per-value proofs.
const ozTreeJS = `
const {StandardMerkleTree} = require(process.argv[1]);
let input = '';
process.stdin.on('data', d => input += d);
process.stdin.on('end', () => {
  const values = JSON.parse(input);
  const t = StandardMerkleTree.of(values, ["uint64", "uint256", "address", "uint256"]);
  const proofs = values.map((_, i) => t.getProof(i));
  process.stdout.write(JSON.stringify({root: t.root, proofs}));
});`

func repoRoot(t *testing.T) string {
	t.Helper()
	dir, _ := os.Getwd()
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

// TestOpenZeppelinTreeClaimsOnChain is the tool-we-did-not-write check: a
// tree and proofs built by @openzeppelin/merkle-tree post and claim on chain,
// and api/payout builds the same root.
func TestOpenZeppelinTreeClaimsOnChain(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed")
	}
	lib := filepath.Join(repoRoot(t), "node_modules", "@openzeppelin", "merkle-tree")
	if _, err := os.Stat(lib); err != nil {
		t.Skip("node_modules missing: run ./scripts/deps.sh")
	}

	const n = 37
	const epoch = 0
	type leaf struct {
		account common.Address
		amount  *big.Int
	}
	leaves := make([]leaf, n)
	for i := range leaves {
		h := crypto.Keccak256([]byte{byte(i), 0x5a})
		leaves[i] = leaf{common.BytesToAddress(h[:20]), new(big.Int).SetBytes(h[20:29])}
	}
	sort.Slice(leaves, func(i, j int) bool { return bytes.Compare(leaves[i].account[:], leaves[j].account[:]) < 0 })
	values := make([][4]string, n)
	ps := make([]payout.Payout, n)
	total := new(big.Int)
	for i, l := range leaves {
		values[i] = [4]string{"0", big.NewInt(int64(i)).String(), l.account.Hex(), l.amount.String()}
		ps[i] = payout.Payout{Account: l.account, Amount: l.amount}
		total.Add(total, l.amount)
	}
	in, _ := json.Marshal(values)
	cmd := exec.Command(node, "-e", ozTreeJS, lib)
	cmd.Stdin = bytes.NewReader(in)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var oz struct {
		Root   common.Hash     `json:"root"`
		Proofs [][]common.Hash `json:"proofs"`
	}
	if err := json.Unmarshal(out, &oz); err != nil {
		t.Fatalf("node output %q: %v", out, err)
	}
	goTree, err := payout.NewTree(epoch, ps)
	if err != nil {
		t.Fatal(err)
	}
	if common.Hash(goTree.Root()) != oz.Root {
		t.Fatalf("api/payout root %x, OpenZeppelin root %s", goTree.Root(), oz.Root)
	}

	f := newFixture(t)
	if err := f.post(EpochRoot{Epoch: epoch, Root: oz.Root, Total: total, LeafCount: n}); err != nil {
		t.Fatal(err)
	}
	for i, l := range leaves {
		c := Claim{Epoch: epoch, Index: uint64(i), Account: l.account, Amount: l.amount, Proof: oz.Proofs[i]}
		if _, err := f.dist.Claim(f.ctx, c); err != nil {
			t.Fatalf("claim of OpenZeppelin leaf %d: %v", i, err)
		}
		if got := f.balance(l.account); got.Cmp(l.amount) != 0 {
			t.Fatalf("leaf %d paid %s, want %s", i, got, l.amount)
		}
	}
}
