// Command application-gateway-go is the asset-transfer-basic client of the
// saharanet samples, written the way a Hyperledger Fabric user writes one
// against Fabric's test-network: the fabric-gateway client, Org1's User1 from
// ../../test-network/organizations, and peer0.org1.example.com on
// localhost:7051. Run it from this directory after
//
//	cd ../../test-network && ./network.sh up createChannel && \
//	    ./network.sh deployCC -ccn basic -ccp ../samples/asset-transfer-basic/chaincode-go -ccl go
//
// It exits non-zero on any unexpected result.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/hyperledger/fabric-gateway/pkg/client"
	"github.com/hyperledger/fabric-gateway/pkg/hash"
	"github.com/hyperledger/fabric-protos-go-apiv2/gateway"
	"google.golang.org/grpc/status"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "FAILED:", err)
		os.Exit(1)
	}
	fmt.Println("*** all asset-transfer-basic steps succeeded")
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func run() error {
	conn, err := newGrpcConnection()
	if err != nil {
		return err
	}
	defer conn.Close()
	id, err := newIdentity()
	if err != nil {
		return err
	}
	sign, err := newSign()
	if err != nil {
		return err
	}
	gw, err := client.Connect(id,
		client.WithSign(sign),
		client.WithHash(hash.SHA256),
		client.WithClientConnection(conn),
		client.WithEvaluateTimeout(5*time.Second),
		client.WithEndorseTimeout(15*time.Second),
		client.WithSubmitTimeout(5*time.Second),
		client.WithCommitStatusTimeout(time.Minute),
	)
	if err != nil {
		return err
	}
	defer gw.Close()

	// Same overrides as the Fabric sample.
	contract := gw.GetNetwork(envOr("CHANNEL_NAME", "mychannel")).GetContract(envOr("CHAINCODE_NAME", "basic"))
	assetID := fmt.Sprintf("asset%d", time.Now().UnixMilli())

	fmt.Println("\n--> Submit Transaction: InitLedger, creates the initial set of assets")
	if _, err := contract.SubmitTransaction("InitLedger"); err != nil {
		return fmt.Errorf("InitLedger: %w", explain(err))
	}
	fmt.Println("*** Transaction committed successfully")

	fmt.Println("\n--> Evaluate Transaction: GetAllAssets, returns all current assets")
	all, err := contract.EvaluateTransaction("GetAllAssets")
	if err != nil {
		return fmt.Errorf("GetAllAssets: %w", explain(err))
	}
	var assets []map[string]any
	if err := json.Unmarshal(all, &assets); err != nil {
		return fmt.Errorf("GetAllAssets returned %q: %w", all, err)
	}
	if len(assets) < 6 {
		return fmt.Errorf("GetAllAssets returned %d assets, want at least 6", len(assets))
	}
	fmt.Printf("*** Result: %s\n", pretty(all))

	fmt.Printf("\n--> Submit Transaction: CreateAsset %s\n", assetID)
	if _, err := contract.SubmitTransaction("CreateAsset", assetID, "yellow", "5", "Tom", "1300"); err != nil {
		return fmt.Errorf("CreateAsset: %w", explain(err))
	}
	fmt.Println("*** Transaction committed successfully")

	fmt.Printf("\n--> Async Submit Transaction: TransferAsset %s to Mark\n", assetID)
	result, commit, err := contract.SubmitAsync("TransferAsset", client.WithArguments(assetID, "Mark"))
	if err != nil {
		return fmt.Errorf("TransferAsset: %w", explain(err))
	}
	if string(result) != "Tom" {
		return fmt.Errorf("TransferAsset returned previous owner %q, want Tom", result)
	}
	fmt.Printf("*** Successfully submitted transaction to transfer ownership from %s to Mark\n", result)
	fmt.Println("*** Waiting for transaction commit.")
	st, err := commit.Status()
	if err != nil {
		return fmt.Errorf("TransferAsset commit status: %w", explain(err))
	}
	if !st.Successful {
		return fmt.Errorf("transaction %s failed to commit with status code %d", st.TransactionID, int32(st.Code))
	}
	fmt.Printf("*** Transaction committed successfully in block %d\n", st.BlockNumber)

	fmt.Printf("\n--> Evaluate Transaction: ReadAsset %s\n", assetID)
	got, err := contract.EvaluateTransaction("ReadAsset", assetID)
	if err != nil {
		return fmt.Errorf("ReadAsset: %w", explain(err))
	}
	var a struct {
		ID, Owner, Color     string
		Size, AppraisedValue int
	}
	if err := json.Unmarshal(got, &a); err != nil {
		return fmt.Errorf("ReadAsset returned %q: %w", got, err)
	}
	if a.ID != assetID || a.Owner != "Mark" || a.Color != "yellow" || a.Size != 5 || a.AppraisedValue != 1300 {
		return fmt.Errorf("ReadAsset returned %s, want %s owned by Mark, yellow, 5, 1300", got, assetID)
	}
	fmt.Printf("*** Result: %s\n", pretty(got))

	fmt.Println("\n--> Submit Transaction: UpdateAsset asset70, asset70 does not exist and should return an error")
	_, err = contract.SubmitTransaction("UpdateAsset", "asset70", "blue", "5", "Tomoko", "300")
	var endorseErr *client.EndorseError
	switch {
	case err == nil:
		return errors.New("UpdateAsset of a missing asset succeeded")
	case errors.As(err, &endorseErr):
		fmt.Printf("*** Successfully caught the error: endorse error for transaction %s with gRPC status %v: %s\n",
			endorseErr.TransactionID, status.Code(endorseErr), endorseErr)
		if !chaincodeSaid(err, "the asset asset70 does not exist") {
			return fmt.Errorf("UpdateAsset error does not carry the chaincode's message: %w", explain(err))
		}
	default:
		return fmt.Errorf("UpdateAsset of a missing asset: want an EndorseError, got %T: %w", err, explain(err))
	}
	return nil
}

// chaincodeSaid reports whether the chaincode's message reached the client,
// in the error or in the peers' error details.
func chaincodeSaid(err error, msg string) bool {
	if bytes.Contains([]byte(err.Error()), []byte(msg)) {
		return true
	}
	for _, d := range status.Convert(err).Details() {
		if ed, ok := d.(*gateway.ErrorDetail); ok && bytes.Contains([]byte(ed.GetMessage()), []byte(msg)) {
			return true
		}
	}
	return false
}

// explain adds the peers' error details, as the Fabric sample prints them.
func explain(err error) error {
	details := status.Convert(err).Details()
	if len(details) == 0 {
		return err
	}
	var msg string
	for _, d := range details {
		if ed, ok := d.(*gateway.ErrorDetail); ok {
			msg += fmt.Sprintf(" [%s (%s): %s]", ed.GetAddress(), ed.GetMspId(), ed.GetMessage())
		}
	}
	return fmt.Errorf("%w; error details:%s", err, msg)
}

func pretty(raw []byte) string {
	var buf bytes.Buffer
	if err := json.Indent(&buf, raw, "", "  "); err != nil {
		return string(raw)
	}
	return buf.String()
}
