package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/channelconfig"
)

func init() {
	register("genesis", "build a channel's genesis block from a configtx.yaml profile (like configtxgen)", runGenesis)
}

// runGenesis mirrors configtxgen -profile P -channelID C -outputBlock F
// [-configPath DIR]; flags take one or two dashes, and kebab-case aliases work too.
func runGenesis(args []string) error {
	fs := flag.NewFlagSet("genesis", flag.ContinueOnError)
	var configPath, profile, channelID, output string
	for _, n := range []string{"configPath", "config-path"} {
		fs.StringVar(&configPath, n, "", "directory holding configtx.yaml, or the file (default: $FABRIC_CFG_PATH or .)")
	}
	fs.StringVar(&profile, "profile", "", "profile in configtx.yaml to use")
	for _, n := range []string{"channelID", "channel-id", "channel"} {
		fs.StringVar(&channelID, n, "", "channel name")
	}
	for _, n := range []string{"outputBlock", "output-block"} {
		fs.StringVar(&output, n, "", "file to write the genesis block to")
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if configPath == "" {
		configPath = os.Getenv("FABRIC_CFG_PATH")
	}
	if configPath == "" {
		configPath = "."
	}
	if profile == "" || channelID == "" || output == "" {
		fs.Usage()
		return errors.New("-profile, -channelID and -outputBlock are required")
	}
	p, err := channelconfig.LoadProfile(configPath, profile)
	if err != nil {
		return err
	}
	block, err := channelconfig.GenesisBlock(p, channelID)
	if err != nil {
		return err
	}
	raw, err := proto.Marshal(block)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(output), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(output, raw, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "wrote genesis block of channel %s (profile %s, %d bytes) to %s\n", channelID, profile, len(raw), output)
	return nil
}
