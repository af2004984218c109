package validation_test

import (
	"context"
	"fmt"
	"os"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"

	"github.com/saharanet/saharanet/network/ledger"
	"github.com/saharanet/saharanet/network/protoutil"
	"github.com/saharanet/saharanet/network/validation"
)

// A peer's commit path: a Committer over the channel ledger validates each
// block from the orderer and stores it with the state changes of its valid
// transactions.
func ExampleCommitter() {
	dir, _ := os.MkdirTemp("", "example-ledger-")
	defer os.RemoveAll(dir)
	l, err := ledger.Open(dir, ledger.WithLogger(quietLogger()))
	if err != nil {
		panic(err)
	}
	defer l.Close()

	// The channel's MSPs and chaincode definitions; here a fixed set.
	policies := &validation.StaticPolicies{Definitions: map[string]*validation.ChaincodeDefinition{}}
	c := validation.NewCommitter(l, validation.Deps{
		ChannelID:    "mychannel",
		Deserializer: noMSP{},
		Policies:     policies,
	}, validation.WithLogger(quietLogger()))

	genesis, _ := protoutil.GenesisBlock("mychannel", &common.Config{ChannelGroup: &common.ConfigGroup{}})
	res, err := c.Commit(context.Background(), genesis, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(res.BlockNum, res.Flags, l.Height())

	// Delivered again after a restart: recognised, not re-applied.
	res, err = c.Commit(context.Background(), genesis, nil)
	fmt.Println(res.AlreadyCommitted, err)
	// Output:
	// 0 [VALID] 1
	// true <nil>
}
