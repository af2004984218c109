// Command saharanet-orderer runs one ordering node: AtomicBroadcast on the
// general listener, the raft cluster protocol on the cluster listener, and
// /metrics, /healthz and channel participation on the operations listener.
// Configuration: orderer.yaml (see config.go) with ORDERER_* overrides.
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	ab "github.com/hyperledger/fabric-protos-go-apiv2/orderer"
	"google.golang.org/protobuf/proto"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/saharanet/saharanet/network/comm"
	"github.com/saharanet/saharanet/network/config"
	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/orderer"
	"github.com/saharanet/saharanet/network/profiling"
)

func main() {
	config.TuneGC()
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "saharanet-orderer:", err)
		os.Exit(1)
	}
}

func run() error {
	def := ""
	if d := os.Getenv("FABRIC_CFG_PATH"); d != "" {
		def = filepath.Join(d, "orderer.yaml")
	} else if _, err := os.Stat("orderer.yaml"); err == nil {
		def = "orderer.yaml"
	}
	cfgPath := flag.String("config", def, "orderer.yaml path")
	flag.Parse()
	cfg, err := loadConfig(*cfgPath, os.Environ())
	if err != nil {
		return err
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(cfg.Logging.Level)); err != nil {
		return fmt.Errorf("Logging.Level: %w", err)
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	slog.SetDefault(log)

	signer, err := msp.LoadSigningIdentity(cfg.General.LocalMSPDir, cfg.General.LocalMSPID)
	if err != nil {
		return fmt.Errorf("local MSP: %w", err)
	}
	g := cfg.General
	if !g.TLS.Enabled {
		return errors.New("General.TLS.Enabled must be true: the cluster and clients use mutual TLS")
	}
	nodeTLS, err := comm.LoadTLS(g.TLS.Certificate, g.TLS.PrivateKey, g.TLS.RootCAs...)
	if err != nil {
		return err
	}
	clusterTLS := nodeTLS
	if g.Cluster.ClientCertificate != "" {
		if clusterTLS, err = comm.LoadTLS(g.Cluster.ClientCertificate, g.Cluster.ClientPrivateKey, g.Cluster.RootCAs...); err != nil {
			return err
		}
	} else if len(g.Cluster.RootCAs) > 0 {
		pool, err := comm.LoadCertPool(g.Cluster.RootCAs...)
		if err != nil {
			return err
		}
		clusterTLS = &comm.NodeTLS{Certificate: nodeTLS.Certificate, CertPEM: nodeTLS.CertPEM, RootCAs: pool}
	}

	clusterAddr := net.JoinHostPort(g.Cluster.ListenAddress, strconv.Itoa(g.Cluster.ListenPort))
	advertise := g.Cluster.Endpoint
	if advertise == "" {
		advertise = clusterAddr
	}
	cl, err := net.Listen("tcp", clusterAddr)
	if err != nil {
		return fmt.Errorf("cluster listener: %w", err)
	}
	cluster := orderer.NewCluster(cl, advertise,
		comm.ServerConfig(clusterTLS.Certificate, clusterTLS.RootCAs, true),
		comm.ClientConfig(&clusterTLS.Certificate, clusterTLS.RootCAs, ""), log)
	defer cluster.Close()

	timing := orderer.DefaultRaftTiming()
	if cfg.Raft.HeartbeatTimeout > 0 {
		timing.HeartbeatTimeout = cfg.Raft.HeartbeatTimeout
	}
	if cfg.Raft.ElectionTimeout > 0 {
		timing.ElectionTimeout = cfg.Raft.ElectionTimeout
	}
	timing.LeaderLeaseTimeout = min(timing.LeaderLeaseTimeout, timing.HeartbeatTimeout)
	if cfg.Raft.SnapshotThreshold > 0 {
		timing.SnapshotThreshold = cfg.Raft.SnapshotThreshold
	}
	if cfg.Raft.TrailingLogs > 0 {
		timing.TrailingLogs = cfg.Raft.TrailingLogs
	}
	o, err := orderer.New(cfg.FileLedger.Location, cluster, signer, orderer.WithLogger(log),
		orderer.WithRaftTiming(timing), orderer.WithClusterCert(clusterTLS.CertPEM))
	if err != nil {
		return err
	}
	defer o.Close()
	if err := joinFromDir(o, cfg.ChannelParticipation.JoinDir, log); err != nil {
		return err
	}

	// Client CAs: the configured ones plus the TLS CAs of every org of every
	// joined channel, recomputed per handshake so a newly joined channel's
	// clients are accepted without a restart.
	staticCAs, err := comm.LoadCertPool(g.TLS.ClientRootCAs...)
	if err != nil {
		return err
	}
	srvTLS := comm.ServerConfig(nodeTLS.Certificate, nil, g.TLS.ClientAuthRequired)
	srvTLS.GetConfigForClient = func(*tls.ClientHelloInfo) (*tls.Config, error) {
		c := comm.ServerConfig(nodeTLS.Certificate, clientCAs(o, staticCAs, g.TLS.ClientRootCAs), g.TLS.ClientAuthRequired)
		if !g.TLS.ClientAuthRequired {
			c.ClientAuth = tls.VerifyClientCertIfGiven
		}
		return c, nil
	}
	gl, err := net.Listen("tcp", net.JoinHostPort(g.ListenAddress, strconv.Itoa(g.ListenPort)))
	if err != nil {
		return fmt.Errorf("general listener: %w", err)
	}
	srv := comm.NewServer(srvTLS)
	ab.RegisterAtomicBroadcastServer(srv, o)
	go func() {
		if err := srv.Serve(gl); err != nil {
			log.Error("gRPC server stopped", "err", err)
		}
	}()
	defer srv.Stop()

	opsH := o.MetricsHandler()
	if cfg.ChannelParticipation.Enabled && cfg.Admin.ListenAddress == "" {
		log.Warn("channel participation is served on the plain-HTTP operations listener; set Admin.ListenAddress for mutual TLS")
		opsH = o.OpsHandler()
	}
	ol, err := net.Listen("tcp", cfg.Operations.ListenAddress)
	if err != nil {
		return fmt.Errorf("operations listener: %w", err)
	}
	serveHTTP(ol, opsH, log)
	if cfg.ChannelParticipation.Enabled && cfg.Admin.ListenAddress != "" {
		if len(cfg.Admin.ClientRootCAs) == 0 {
			return errors.New("Admin.ClientRootCAs is required with Admin.ListenAddress")
		}
		adminCAs, err := comm.LoadCertPool(cfg.Admin.ClientRootCAs...)
		if err != nil {
			return err
		}
		al, err := net.Listen("tcp", cfg.Admin.ListenAddress)
		if err != nil {
			return fmt.Errorf("admin listener: %w", err)
		}
		serveHTTP(tls.NewListener(al, comm.ServerConfig(nodeTLS.Certificate, adminCAs, true)), o.ParticipationHandler(), log)
	}

	stopProfile, err := profiling.Serve(cfg.General.Profile.Enabled, cfg.General.Profile.Address, log)
	if err != nil {
		return err
	}
	defer stopProfile()
	log.Info("orderer started", "listen", gl.Addr().String(), "cluster", advertise, "operations", ol.Addr().String(), "admin", cfg.Admin.ListenAddress,
		"channels", strings.Join(o.Channels(), ","))
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	log.Info("shutting down")
	return nil
}

func clientCAs(o *orderer.Orderer, static *x509.CertPool, staticFiles []string) *x509.CertPool {
	pool := static.Clone()
	if len(staticFiles) == 0 {
		pool = x509.NewCertPool()
	}
	for _, ch := range o.Channels() {
		if c, ok := o.Chain(ch); ok {
			for _, cert := range c.Bundle().TLSRootCerts() {
				pool.AddCert(cert)
			}
		}
	}
	return pool
}

// serveHTTP serves h on l until the process exits.
func serveHTTP(l net.Listener, h http.Handler, log *slog.Logger) {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("HTTP server stopped", "addr", l.Addr().String(), "err", err)
		}
	}()
}

// joinFromDir joins every <name>.block in dir whose channel is not joined yet.
func joinFromDir(o *orderer.Orderer, dir string, log *slog.Logger) error {
	if dir == "" {
		return nil
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.block"))
	if err != nil {
		return err
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".block")
		if _, ok := o.Chain(name); ok {
			continue
		}
		raw, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		b := &common.Block{}
		if err := proto.Unmarshal(raw, b); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		if _, err := o.JoinChannel(b); err != nil {
			return fmt.Errorf("join %s: %w", f, err)
		}
		log.Info("joined channel from join dir", "file", f)
	}
	return nil
}
