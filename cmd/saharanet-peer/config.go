package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/saharanet/saharanet/network/config"
)

// Config is the core.yaml subset this peer reads, with Fabric's key names.
// Every scalar field can be overridden from the environment: CORE_ + the
// upper-cased YAML path joined by "_", e.g. CORE_PEER_ADDRESS,
// CORE_PEER_TLS_CERT_FILE, CORE_PEER_MSPCONFIGPATH (lists comma-separated).
type Config struct {
	Peer struct {
		ID                     string `yaml:"id"`
		Address                string `yaml:"address"`
		ListenAddress          string `yaml:"listenAddress"`
		ChaincodeListenAddress string `yaml:"chaincodeListenAddress"`
		MSPConfigPath          string `yaml:"mspConfigPath"`
		LocalMSPID             string `yaml:"localMspId"`
		FileSystemPath         string `yaml:"fileSystemPath"`
		// JoinDir: every *.block genesis block in it is joined (checked at
		// start and every few seconds); default <fileSystemPath>/join.
		JoinDir string `yaml:"joinDir"`
		// Profile: Go's pprof endpoints on their own listener (Fabric's
		// peer.profile); off by default.
		Profile struct {
			Enabled       bool   `yaml:"enabled"`
			ListenAddress string `yaml:"listenAddress"`
		} `yaml:"profile"`
		TLS struct {
			Enabled            bool     `yaml:"enabled"`
			ClientAuthRequired bool     `yaml:"clientAuthRequired"`
			Cert               fileRef  `yaml:"cert"`
			Key                fileRef  `yaml:"key"`
			RootCert           fileRef  `yaml:"rootcert"`
			ClientRootCAs      filesRef `yaml:"clientRootCAs"`
		} `yaml:"tls"`
		Authentication struct {
			TimeWindow time.Duration `yaml:"timewindow"`
		} `yaml:"authentication"`
		// Gossip holds Fabric's private data settings; saharanet has no
		// gossip network, private data moves over the peers' own gRPC
		// endpoints (peer.gateway.peers).
		Gossip struct {
			PvtData struct {
				// ReconcileSleepInterval: how often missing private data is
				// pulled again (default 1m).
				ReconcileSleepInterval time.Duration `yaml:"reconcileSleepInterval"`
				// PullTimeout bounds the wait for private data pulled from
				// other peers at commit (default 3s).
				PullTimeout time.Duration `yaml:"pullTimeout"`
			} `yaml:"pvtData"`
		} `yaml:"gossip"`
		Gateway struct {
			Enabled bool `yaml:"enabled"`
			// Peers are the other peers the gateway may ask for endorsements
			// (saharanet has no discovery service).
			Peers []GatewayPeer `yaml:"peers"`
		} `yaml:"gateway"`
	} `yaml:"peer"`
	Chaincode struct {
		ExecuteTimeout time.Duration `yaml:"executetimeout"`
		// External maps package ids to chaincode-as-a-service addresses the
		// peer dials; package ids not listed are expected to dial in.
		External []ExternalChaincode `yaml:"external"`
	} `yaml:"chaincode"`
	Operations struct {
		ListenAddress string `yaml:"listenAddress"`
	} `yaml:"operations"`
	Logging struct {
		Level string `yaml:"level"`
	} `yaml:"logging"`
}

type fileRef struct {
	File string `yaml:"file"`
}

type filesRef struct {
	Files []string `yaml:"files"`
}

// GatewayPeer is one entry of peer.gateway.peers.
type GatewayPeer struct {
	Address     string `yaml:"address"`
	MSPID       string `yaml:"mspid"`
	TLSRootCert string `yaml:"tlsRootCert"`
}

// ExternalChaincode is one chaincode-as-a-service endpoint.
type ExternalChaincode struct {
	PackageID   string `yaml:"packageId"`
	Address     string `yaml:"address"`
	TLSRootCert string `yaml:"tlsRootCert"` // empty: plaintext (loopback only)
}

func defaultConfig() *Config {
	c := &Config{}
	p := &c.Peer
	p.ID, p.Address, p.ListenAddress = "peer0", "127.0.0.1:7051", "127.0.0.1:7051"
	p.MSPConfigPath, p.LocalMSPID = "msp", "Org1MSP"
	p.FileSystemPath = "production/peer"
	p.TLS.Enabled = true
	p.TLS.Cert.File, p.TLS.Key.File, p.TLS.RootCert.File = "tls/server.crt", "tls/server.key", "tls/ca.crt"
	p.Authentication.TimeWindow = 15 * time.Minute
	p.Gateway.Enabled = true
	p.Gossip.PvtData.ReconcileSleepInterval = time.Minute
	p.Gossip.PvtData.PullTimeout = 3 * time.Second
	c.Chaincode.ExecuteTimeout = 30 * time.Second
	c.Operations.ListenAddress = "127.0.0.1:9443"
	c.Logging.Level = "info"
	return c
}

// loadConfig reads path (if not empty), applies CORE_* environment
// overrides and resolves relative paths against the config file's folder.
func loadConfig(path string, env []string) (*Config, error) {
	c := defaultConfig()
	base, unknown, err := config.Load(c, path, "CORE", env)
	if err != nil {
		return nil, err
	}
	for _, k := range unknown {
		// Fabric deployments set many CORE_ variables this peer does not
		// use (e.g. CORE_VM_ENDPOINT); ignore rather than fail, but say so.
		fmt.Fprintf(os.Stderr, "saharanet-peer: ignoring unknown environment variable %s\n", k)
	}
	abs := func(p *string) {
		if *p != "" && !filepath.IsAbs(*p) {
			*p = filepath.Join(base, *p)
		}
	}
	p := &c.Peer
	abs(&p.MSPConfigPath)
	abs(&p.FileSystemPath)
	abs(&p.JoinDir)
	abs(&p.TLS.Cert.File)
	abs(&p.TLS.Key.File)
	abs(&p.TLS.RootCert.File)
	for i := range p.TLS.ClientRootCAs.Files {
		abs(&p.TLS.ClientRootCAs.Files[i])
	}
	for i := range p.Gateway.Peers {
		abs(&p.Gateway.Peers[i].TLSRootCert)
	}
	for i := range c.Chaincode.External {
		abs(&c.Chaincode.External[i].TLSRootCert)
	}
	if p.JoinDir == "" {
		p.JoinDir = filepath.Join(p.FileSystemPath, "join")
	}
	if p.LocalMSPID == "" {
		return nil, fmt.Errorf("peer.localMspId is empty")
	}
	if p.ListenAddress == "" {
		return nil, fmt.Errorf("peer.listenAddress is empty")
	}
	return c, nil
}
