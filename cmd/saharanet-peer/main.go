// Command saharanet-peer runs a saharanet peer: it joins channels, pulls and
// commits their blocks from the orderers, and serves the Gateway, Endorser,
// Deliver and ChaincodeSupport gRPC services on one TLS endpoint, with
// /healthz, /readyz and Prometheus /metrics on the operations listener.
//
//	saharanet-peer [-config core.yaml]
//
// Configuration is a core.yaml-like file (see Config) with CORE_*
// environment overrides. Channels are joined by dropping a genesis block
// into peer.joinDir (saharanet-admin channel join does that).
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	gwpb "github.com/hyperledger/fabric-protos-go-apiv2/gateway"
	pb "github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/saharanet/saharanet/network/chaincode"
	"github.com/saharanet/saharanet/network/comm"
	"github.com/saharanet/saharanet/network/config"
	"github.com/saharanet/saharanet/network/ledger"
	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/peer"
	"github.com/saharanet/saharanet/network/peer/endorser"
	"github.com/saharanet/saharanet/network/peer/gateway"
	"github.com/saharanet/saharanet/network/privdata"
	"github.com/saharanet/saharanet/network/profiling"
	"github.com/saharanet/saharanet/network/protoutil"
)

func main() {
	config.TuneGC()
	cfgPath := flag.String("config", defaultConfigPath(), "core.yaml-like config file (empty: defaults and environment only)")
	flag.Parse()
	if err := run(*cfgPath); err != nil {
		fmt.Fprintln(os.Stderr, "saharanet-peer:", err)
		os.Exit(1)
	}
}

func defaultConfigPath() string {
	if d := os.Getenv("FABRIC_CFG_PATH"); d != "" {
		if p := filepath.Join(d, "core.yaml"); fileExists(p) {
			return p
		}
	}
	return ""
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func run(cfgPath string) error {
	cfg, err := loadConfig(cfgPath, os.Environ())
	if err != nil {
		return err
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(cfg.Logging.Level)); err != nil {
		return fmt.Errorf("logging.level: %w", err)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	slog.SetDefault(logger)

	signer, err := msp.LoadSigningIdentity(cfg.Peer.MSPConfigPath, cfg.Peer.LocalMSPID)
	if err != nil {
		return fmt.Errorf("local MSP: %w", err)
	}
	var nodeTLS *comm.NodeTLS
	if cfg.Peer.TLS.Enabled {
		if nodeTLS, err = comm.LoadTLS(cfg.Peer.TLS.Cert.File, cfg.Peer.TLS.Key.File, cfg.Peer.TLS.RootCert.File); err != nil {
			return fmt.Errorf("peer TLS: %w", err)
		}
	}
	var gwPeers []peer.PeerEndpoint
	for _, gp := range cfg.Peer.Gateway.Peers {
		ep := peer.PeerEndpoint{Address: gp.Address, MSPID: gp.MSPID}
		if gp.TLSRootCert != "" {
			b, err := os.ReadFile(gp.TLSRootCert)
			if err != nil {
				return fmt.Errorf("gateway peer %s: %w", gp.Address, err)
			}
			ep.TLSRootCAs = [][]byte{b}
		}
		gwPeers = append(gwPeers, ep)
	}

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	metrics := peer.NewMetrics(reg)

	var node *peer.Node
	support := chaincode.New(chaincode.WithLogger(logger), chaincode.WithExecuteTimeout(cfg.Chaincode.ExecuteTimeout),
		chaincode.WithPackageResolver(func(ch, cc string) (string, error) { return node.ResolvePackageID(ch, cc) }))
	for _, ext := range cfg.Chaincode.External {
		creds := insecure.NewCredentials()
		if ext.TLSRootCert != "" {
			pool, err := comm.LoadCertPool(ext.TLSRootCert)
			if err != nil {
				return fmt.Errorf("chaincode %s: %w", ext.PackageID, err)
			}
			creds = credentials.NewTLS(&tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12})
		}
		support.AddExternal(ext.PackageID, ext.Address, grpc.WithTransportCredentials(creds))
		logger.Info("chaincode-as-a-service registered", "package_id", ext.PackageID, "address", ext.Address)
	}
	node, err = peer.New(peer.Config{ID: cfg.Peer.ID, MSPID: cfg.Peer.LocalMSPID, Signer: signer,
		FileSystemPath: cfg.Peer.FileSystemPath, TLS: nodeTLS, Peers: gwPeers, Chaincodes: support},
		peer.WithLogger(logger), peer.WithMetrics(metrics), peer.WithLedgerOptions(ledger.WithLogger(logger)),
		peer.WithReconcileInterval(cfg.Peer.Gossip.PvtData.ReconcileSleepInterval),
		peer.WithPrivateDataPullTimeout(cfg.Peer.Gossip.PvtData.PullTimeout))
	if err != nil {
		return err
	}
	defer node.Close()

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := os.MkdirAll(cfg.Peer.JoinDir, 0o755); err != nil {
		return err
	}
	joinFromDir(node, cfg.Peer.JoinDir, logger)
	go func() {
		t := time.NewTicker(2 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				joinFromDir(node, cfg.Peer.JoinDir, logger)
			}
		}
	}()

	var tlsConf *tls.Config
	if cfg.Peer.TLS.Enabled {
		var clientCAs *x509.CertPool
		if len(cfg.Peer.TLS.ClientRootCAs.Files) > 0 {
			if clientCAs, err = comm.LoadCertPool(cfg.Peer.TLS.ClientRootCAs.Files...); err != nil {
				return fmt.Errorf("client root CAs: %w", err)
			}
		} else {
			clientCAs = nodeTLS.RootCAs
		}
		tlsConf = comm.ServerConfig(nodeTLS.Certificate, clientCAs, cfg.Peer.TLS.ClientAuthRequired)
		if !cfg.Peer.TLS.ClientAuthRequired {
			// Verify a client certificate when one is offered, so the
			// Deliver TLS binding can be checked, without requiring it.
			tlsConf.ClientAuth = tls.VerifyClientCertIfGiven
		}
		tlsConf.GetConfigForClient = dynamicClientCAs(tlsConf, node, clientCAs)
	}
	var srv *grpc.Server
	if tlsConf != nil {
		srv = comm.NewServer(tlsConf, chaincode.ServerOptions()...)
	} else {
		srv = grpc.NewServer(chaincode.ServerOptions()...)
	}
	end := endorser.New(node)
	pb.RegisterEndorserServer(srv, end)
	if cfg.Peer.Gateway.Enabled {
		gwpb.RegisterGatewayServer(srv, gateway.New(node, end))
	}
	pb.RegisterDeliverServer(srv, peer.NewDeliverServer(node, peer.WithTimeWindow(cfg.Peer.Authentication.TimeWindow),
		peer.WithMutualTLSBinding(cfg.Peer.TLS.Enabled && cfg.Peer.TLS.ClientAuthRequired)))
	pb.RegisterChaincodeSupportServer(srv, support)
	// Private data moves between peers over this endpoint, authenticated by
	// mutual TLS and each request's MSP signature.
	privdata.Register(srv, node.PrivateDataServer())
	lis, err := net.Listen("tcp", cfg.Peer.ListenAddress)
	if err != nil {
		return err
	}
	go func() {
		if err := srv.Serve(lis); err != nil {
			logger.Error("gRPC server stopped", "err", err)
			stop()
		}
	}()
	defer srv.Stop()
	if a := cfg.Peer.ChaincodeListenAddress; a != "" && a != cfg.Peer.ListenAddress {
		ccSrv := grpc.NewServer(append(chaincode.ServerOptions(), serverCreds(tlsConf)...)...)
		pb.RegisterChaincodeSupportServer(ccSrv, support)
		ccLis, err := net.Listen("tcp", a)
		if err != nil {
			return err
		}
		go ccSrv.Serve(ccLis)
		defer ccSrv.Stop()
	}

	ops := &http.Server{Addr: cfg.Operations.ListenAddress, Handler: opsHandler(node, reg), ReadHeaderTimeout: 5 * time.Second}
	opsLis, err := net.Listen("tcp", cfg.Operations.ListenAddress)
	if err != nil {
		return fmt.Errorf("operations listener: %w", err)
	}
	go ops.Serve(opsLis)
	defer ops.Close()

	stopProfile, err := profiling.Serve(cfg.Peer.Profile.Enabled, cfg.Peer.Profile.ListenAddress, logger)
	if err != nil {
		return err
	}
	defer stopProfile()

	logger.Info("peer started", "id", cfg.Peer.ID, "mspid", cfg.Peer.LocalMSPID, "listen", lis.Addr().String(),
		"operations", opsLis.Addr().String(), "channels", strings.Join(node.Channels(), ","))
	<-ctx.Done()
	logger.Info("peer stopping")
	srv.GracefulStop()
	return nil
}

func serverCreds(c *tls.Config) []grpc.ServerOption {
	if c == nil {
		return nil
	}
	return []grpc.ServerOption{grpc.Creds(credentials.NewTLS(c))}
}

// dynamicClientCAs trusts, besides the configured client CAs, the TLS CAs
// of every joined channel, so clients of any channel org can connect
// without restarting the peer after a join or a config change.
func dynamicClientCAs(base *tls.Config, node *peer.Node, static *x509.CertPool) func(*tls.ClientHelloInfo) (*tls.Config, error) {
	return func(*tls.ClientHelloInfo) (*tls.Config, error) {
		c := base.Clone()
		c.GetConfigForClient = nil
		pool := static.Clone()
		for _, id := range node.Channels() {
			if ch, ok := node.Channel(id); ok {
				for _, cert := range ch.Bundle().TLSRootCerts() {
					pool.AddCert(cert)
				}
			}
		}
		c.ClientCAs = pool
		return c, nil
	}
}

// joinFromDir joins the genesis block of every *.block file not joined yet.
func joinFromDir(node *peer.Node, dir string, logger *slog.Logger) {
	files, _ := filepath.Glob(filepath.Join(dir, "*.block"))
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			logger.Error("join: read block", "file", f, "err", err)
			continue
		}
		b, err := protoutil.UnmarshalBlock(raw)
		if err != nil {
			logger.Error("join: not a block", "file", f, "err", err)
			continue
		}
		id, err := protoutil.ChannelID(b)
		if err != nil {
			logger.Error("join: block has no channel", "file", f, "err", err)
			continue
		}
		if _, ok := node.Channel(id); ok {
			continue
		}
		if _, err := node.JoinChannel(b); err != nil {
			logger.Error("join channel failed", "file", f, "err", err)
			continue
		}
		logger.Info("joined channel from join directory", "channel", id, "file", f)
	}
}

func opsHandler(node *peer.Node, reg *prometheus.Registry) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"status":"OK"}`)
	})
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, _ *http.Request) {
		if err := node.Ready(); err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		if len(node.Channels()) == 0 {
			http.Error(w, "no channel joined", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprint(w, "ready")
	})
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	return mux
}
