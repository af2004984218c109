// Command application-gateway-go is the asset-transfer-private-data client
// of the saharanet samples: Org1's User1 creates an asset whose properties
// travel as transient data, endorsed by Org1's peer only, reads it back from
// the collections, and Org2's User1 checks that Org2 sees the asset's hash on
// the channel. Run it from this directory after deploying the chaincode with
// its collections configuration (see ../chaincode-go/main.go). It exits
// non-zero on any unexpected result.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/hyperledger/fabric-gateway/pkg/client"
	"github.com/hyperledger/fabric-protos-go-apiv2/gateway"
	"google.golang.org/grpc/status"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "FAILED:", err)
		os.Exit(1)
	}
	fmt.Println("*** all asset-transfer-private-data steps succeeded")
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func run() error {
	channel, ccName := envOr("CHANNEL_NAME", "mychannel"), envOr("CHAINCODE_NAME", "private")
	gw1, conn1, err := org1.connect()
	if err != nil {
		return fmt.Errorf("Org1 gateway: %w", err)
	}
	defer conn1.Close()
	defer gw1.Close()
	gw2, conn2, err := org2.connect()
	if err != nil {
		return fmt.Errorf("Org2 gateway: %w", err)
	}
	defer conn2.Close()
	defer gw2.Close()
	c1 := gw1.GetNetwork(channel).GetContract(ccName)
	c2 := gw2.GetNetwork(channel).GetContract(ccName)

	assetID := fmt.Sprintf("asset%d", time.Now().UnixMilli())
	props := fmt.Sprintf(`{"assetID":%q,"color":"green","size":20,"appraisedValue":100}`, assetID)
	fmt.Printf("\n--> Submit Transaction: CreateAsset %s as Org1, properties as transient data\n", assetID)
	_, commit, err := c1.SubmitAsync("CreateAsset",
		client.WithTransient(map[string][]byte{"asset_properties": []byte(props)}),
		client.WithEndorsingOrganizations("Org1MSP"))
	if err != nil {
		return fmt.Errorf("CreateAsset: %w", explain(err))
	}
	st, err := commit.Status()
	if err != nil {
		return fmt.Errorf("CreateAsset commit status: %w", explain(err))
	}
	if !st.Successful {
		return fmt.Errorf("CreateAsset %s committed with status %s", st.TransactionID, st.Code)
	}
	fmt.Printf("*** Transaction committed successfully in block %d\n", st.BlockNumber)

	fmt.Printf("\n--> Evaluate Transaction: ReadAsset %s as Org1\n", assetID)
	raw, err := c1.EvaluateTransaction("ReadAsset", assetID)
	if err != nil {
		return fmt.Errorf("ReadAsset: %w", explain(err))
	}
	var asset struct {
		ID    string `json:"assetID"`
		Color string `json:"color"`
		Size  int    `json:"size"`
	}
	if err := json.Unmarshal(raw, &asset); err != nil || asset.ID != assetID || asset.Color != "green" || asset.Size != 20 {
		return fmt.Errorf("ReadAsset returned %q, want %s green 20", raw, assetID)
	}
	fmt.Printf("*** Result: %s\n", raw)

	fmt.Printf("\n--> Evaluate Transaction: ReadAssetPrivateDetails Org1MSPPrivateCollection %s as Org1\n", assetID)
	raw, err = c1.EvaluateTransaction("ReadAssetPrivateDetails", "Org1MSPPrivateCollection", assetID)
	if err != nil {
		return fmt.Errorf("ReadAssetPrivateDetails: %w", explain(err))
	}
	var details struct {
		AppraisedValue int `json:"appraisedValue"`
	}
	if err := json.Unmarshal(raw, &details); err != nil || details.AppraisedValue != 100 {
		return fmt.Errorf("ReadAssetPrivateDetails returned %q, want appraisedValue 100", raw)
	}
	fmt.Printf("*** Result: %s\n", raw)

	// Org1's gateway reported the commit on Org1's peer; Org2's peer commits
	// the same block on its own schedule. Wait until it has, as any client
	// reading from another org's peer must.
	if err := waitForBlock(gw2.GetNetwork(channel), st.BlockNumber); err != nil {
		return fmt.Errorf("waiting for Org2's peer to commit block %d: %w", st.BlockNumber, explain(err))
	}
	fmt.Printf("\n--> Evaluate Transaction: AssetHashExists Org1MSPPrivateCollection %s as Org2\n", assetID)
	raw, err = c2.EvaluateTransaction("AssetHashExists", "Org1MSPPrivateCollection", assetID)
	if err != nil {
		return fmt.Errorf("AssetHashExists on Org2's peer: %w", explain(err))
	}
	if string(raw) != "true" {
		return fmt.Errorf("Org2's peer has no hash of Org1's private details of %s (got %q)", assetID, raw)
	}
	fmt.Println("*** Org2 sees the hash of Org1's private details, not the details")
	return nil
}

// waitForBlock returns once the network's gateway peer has committed block n:
// a deliver stream starting at n yields it only after commit.
func waitForBlock(network *client.Network, n uint64) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	blocks, err := network.BlockEvents(ctx, client.WithStartBlock(n))
	if err != nil {
		return err
	}
	select {
	case b, ok := <-blocks:
		if !ok || b.GetHeader().GetNumber() != n {
			return fmt.Errorf("block event stream ended before block %d", n)
		}
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func explain(err error) error {
	var msg string
	for _, d := range status.Convert(err).Details() {
		if ed, ok := d.(*gateway.ErrorDetail); ok {
			msg += fmt.Sprintf(" [%s (%s): %s]", ed.GetAddress(), ed.GetMspId(), ed.GetMessage())
		}
	}
	if msg == "" {
		return err
	}
	return fmt.Errorf("%w; error details:%s", err, msg)
}
