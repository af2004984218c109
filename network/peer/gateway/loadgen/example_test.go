package loadgen_test

import (
	"fmt"

	"github.com/saharanet/saharanet/network/peer/gateway/loadgen"
)

// Template turns the load command's --args into per-transaction arguments:
// {id} is unique per transaction, {seed} is shared.
func ExampleTemplate() {
	args := loadgen.Template("{id},owner,1", "run7")
	fmt.Println(args(0), args(1))
	fmt.Println(loadgen.Template("{seed}", "run7")(42))
	// Output:
	// [run7-0 owner 1] [run7-1 owner 1]
	// [run7-seed]
}
