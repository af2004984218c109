package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/saharanet/saharanet/network/channelconfig"
	"github.com/saharanet/saharanet/network/protoutil"
)

func init() {
	register("channel", "channel operations on a peer: join", runChannel)
}

func runChannel(args []string) error {
	if len(args) < 1 || args[0] != "join" {
		return errors.New("usage: saharanet-admin channel join --join-dir DIR --block FILE")
	}
	fs := flag.NewFlagSet("channel join", flag.ContinueOnError)
	joinDir := fs.String("join-dir", "", "the peer's join directory (peer.joinDir; default <peer.fileSystemPath>/join)")
	blockFile := fs.String("block", "", "genesis block of the channel")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *joinDir == "" || *blockFile == "" {
		return errors.New("--join-dir and --block are required")
	}
	raw, err := os.ReadFile(*blockFile)
	if err != nil {
		return err
	}
	b, err := protoutil.UnmarshalBlock(raw)
	if err != nil {
		return fmt.Errorf("%s: %w", *blockFile, err)
	}
	// Check the block as the peer will, so a bad file fails here.
	if b.GetHeader().GetNumber() != 0 || !protoutil.IsConfigBlock(b) {
		return fmt.Errorf("%s is not a genesis config block", *blockFile)
	}
	bundle, err := channelconfig.NewBundleFromBlock(b)
	if err != nil {
		return fmt.Errorf("%s: %w", *blockFile, err)
	}
	if err := os.MkdirAll(*joinDir, 0o755); err != nil {
		return err
	}
	dst := filepath.Join(*joinDir, bundle.ChannelID+".block")
	tmp := dst + ".tmp"
	if err := os.WriteFile(tmp, raw, 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, dst); err != nil {
		return err
	}
	fmt.Printf("channel %s: genesis block placed in %s; the peer joins within seconds\n", bundle.ChannelID, dst)
	return nil
}
