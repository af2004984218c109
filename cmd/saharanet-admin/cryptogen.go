package main

import (
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/saharanet/saharanet/network/cryptogen"
)

func init() {
	register("cryptogen", "generate Fabric-style crypto material (generate, showtemplate)", runCryptogen)
}

func runCryptogen(args []string) error {
	const usage = "usage: saharanet-admin cryptogen generate --config=crypto-config.yaml [--output=organizations]\n" +
		"       saharanet-admin cryptogen showtemplate"
	if len(args) == 0 {
		return errors.New(usage)
	}
	switch args[0] {
	case "-h", "--help", "help":
		fmt.Fprintln(os.Stderr, usage)
		return nil
	case "showtemplate":
		if len(args) > 1 {
			return fmt.Errorf("showtemplate takes no arguments\n%s", usage)
		}
		_, err := fmt.Fprint(os.Stdout, cryptogen.DefaultTemplate)
		return err
	case "generate":
		fs := flag.NewFlagSet("cryptogen generate", flag.ContinueOnError)
		configPath := fs.String("config", "", "crypto-config.yaml to read (default: the showtemplate config)")
		output := fs.String("output", "organizations", "directory to write the material into")
		if err := fs.Parse(args[1:]); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil // usage already printed
			}
			return err
		}
		if fs.NArg() > 0 {
			return fmt.Errorf("unexpected arguments %q\n%s", fs.Args(), usage)
		}
		raw := []byte(cryptogen.DefaultTemplate)
		if *configPath != "" {
			var err error
			if raw, err = os.ReadFile(*configPath); err != nil {
				return err
			}
		}
		cfg, err := cryptogen.ParseConfig(raw)
		if err != nil {
			return err
		}
		if err := cryptogen.Generate(cfg, *output); err != nil {
			return err
		}
		for _, o := range cfg.PeerOrgs {
			fmt.Println(cryptogen.PeerOrgDir(*output, o.Domain))
		}
		for _, o := range cfg.OrdererOrgs {
			fmt.Println(cryptogen.OrdererOrgDir(*output, o.Domain))
		}
		return nil
	default:
		return fmt.Errorf("unknown cryptogen subcommand %q\n%s", args[0], usage)
	}
}
