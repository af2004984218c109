package main

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/saharanet/saharanet/network/config"
)

// Config is the orderer.yaml subset this orderer reads. Every field can be
// overridden from the environment: ORDERER_ + the upper-cased YAML path
// joined by "_", e.g. ORDERER_GENERAL_LISTENPORT=7050 or
// ORDERER_GENERAL_TLS_ROOTCAS=a.pem,b.pem (lists are comma-separated).
type Config struct {
	General struct {
		ListenAddress string `yaml:"ListenAddress"`
		ListenPort    int    `yaml:"ListenPort"`
		TLS           struct {
			Enabled            bool     `yaml:"Enabled"`
			PrivateKey         string   `yaml:"PrivateKey"`
			Certificate        string   `yaml:"Certificate"`
			RootCAs            []string `yaml:"RootCAs"`
			ClientAuthRequired bool     `yaml:"ClientAuthRequired"`
			ClientRootCAs      []string `yaml:"ClientRootCAs"`
		} `yaml:"TLS"`
		// Profile: Go's pprof endpoints on their own listener (Fabric's
		// General.Profile); off by default.
		Profile struct {
			Enabled bool   `yaml:"Enabled"`
			Address string `yaml:"Address"`
		} `yaml:"Profile"`
		Cluster struct {
			// ListenAddress/ListenPort: the consenter endpoint other orderers
			// dial (the Host/Port of this node's EtcdRaft.Consenters entry).
			ListenAddress     string   `yaml:"ListenAddress"`
			ListenPort        int      `yaml:"ListenPort"`
			Endpoint          string   `yaml:"Endpoint"` // advertised host:port; default ListenAddress:ListenPort
			ClientCertificate string   `yaml:"ClientCertificate"`
			ClientPrivateKey  string   `yaml:"ClientPrivateKey"`
			RootCAs           []string `yaml:"RootCAs"`
		} `yaml:"Cluster"`
		LocalMSPDir string `yaml:"LocalMSPDir"`
		LocalMSPID  string `yaml:"LocalMSPID"`
	} `yaml:"General"`
	FileLedger struct {
		Location string `yaml:"Location"`
	} `yaml:"FileLedger"`
	Operations struct {
		ListenAddress string `yaml:"ListenAddress"`
	} `yaml:"Operations"`
	// Admin: when ListenAddress is set, channel participation is served
	// there over mutual TLS (client certificates from ClientRootCAs, e.g.
	// the orderer org's TLS CA for Admin@example.com), and no longer on the
	// plain-HTTP operations listener.
	Admin struct {
		ListenAddress string   `yaml:"ListenAddress"`
		ClientRootCAs []string `yaml:"ClientRootCAs"`
	} `yaml:"Admin"`
	ChannelParticipation struct {
		Enabled bool `yaml:"Enabled"`
		// JoinDir: every <name>.block in it is joined at start-up when not joined yet.
		JoinDir string `yaml:"JoinDir"`
	} `yaml:"ChannelParticipation"`
	Raft struct {
		HeartbeatTimeout  time.Duration `yaml:"HeartbeatTimeout"`
		ElectionTimeout   time.Duration `yaml:"ElectionTimeout"`
		SnapshotThreshold uint64        `yaml:"SnapshotThreshold"`
		TrailingLogs      uint64        `yaml:"TrailingLogs"`
	} `yaml:"Raft"`
	Logging struct {
		Level string `yaml:"Level"` // debug, info, warn, error
	} `yaml:"Logging"`
}

func defaultConfig() *Config {
	c := &Config{}
	c.General.ListenAddress, c.General.ListenPort = "127.0.0.1", 7050
	c.General.TLS.Enabled, c.General.TLS.ClientAuthRequired = true, true
	c.General.Cluster.ListenAddress, c.General.Cluster.ListenPort = "127.0.0.1", 7051
	c.General.LocalMSPDir, c.General.LocalMSPID = "msp", "OrdererMSP"
	c.FileLedger.Location = "production/orderer"
	c.Operations.ListenAddress = "127.0.0.1:8443"
	c.ChannelParticipation.Enabled = true
	c.Logging.Level = "info"
	return c
}

// loadConfig reads path (if it exists), applies env overrides, and resolves
// relative file paths against the config file's directory, as Fabric does.
func loadConfig(path string, env []string) (*Config, error) {
	c := defaultConfig()
	base, unknown, err := config.Load(c, path, "ORDERER", env)
	if err != nil {
		return nil, err
	}
	if len(unknown) > 0 {
		return nil, fmt.Errorf("unknown environment override %s", unknown[0])
	}
	abs := func(p *string) {
		if *p != "" && !filepath.IsAbs(*p) {
			*p = filepath.Join(base, *p)
		}
	}
	absAll := func(ps []string) {
		for i := range ps {
			abs(&ps[i])
		}
	}
	g := &c.General
	abs(&g.TLS.PrivateKey)
	abs(&g.TLS.Certificate)
	absAll(g.TLS.RootCAs)
	absAll(g.TLS.ClientRootCAs)
	abs(&g.Cluster.ClientCertificate)
	abs(&g.Cluster.ClientPrivateKey)
	absAll(g.Cluster.RootCAs)
	abs(&g.LocalMSPDir)
	abs(&c.FileLedger.Location)
	abs(&c.ChannelParticipation.JoinDir)
	absAll(c.Admin.ClientRootCAs)
	return c, nil
}
