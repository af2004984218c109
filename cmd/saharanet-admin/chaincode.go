package main

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	ab "github.com/hyperledger/fabric-protos-go-apiv2/orderer"
	pb "github.com/hyperledger/fabric-protos-go-apiv2/peer"
	lb "github.com/hyperledger/fabric-protos-go-apiv2/peer/lifecycle"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/comm"
	"github.com/saharanet/saharanet/network/lifecycle"
	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/policy"
	"github.com/saharanet/saharanet/network/protoutil"
)

func init() {
	register("chaincode", "chaincode definitions: approve, queryapproved, checkcommitreadiness, commit, querycommitted", runChaincode)
}

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

type ccFlags struct {
	channel, name, version, policyExpr, policyRef, collections, packageID string
	sequence                                                              int64
	initRequired                                                          bool
	peers, orderers, tlsCAs                                               listFlag
	mspDir, mspID, tlsCert, tlsKey                                        string
	timeout                                                               time.Duration
}

func runChaincode(args []string) error {
	const usage = `usage: saharanet-admin chaincode approve|queryapproved|checkcommitreadiness|commit|querycommitted [flags]

  approve               approve a definition for your org; --package-id names the package YOUR org's
                        peers run (each org may approve its own). Approving the committed sequence
                        again with the same parameters changes only your org's package id.
  queryapproved         show your org's approved definition and package id (--sequence 0: the latest);
                        ask a peer of your own org
  checkcommitreadiness  which orgs approved these parameters (package ids do not matter)
  commit                commit the definition (needs --peer of enough orgs for LifecycleEndorsement)
  querycommitted        show the committed definition and approvals (no package id: that is per org)`
	if len(args) < 1 {
		return errors.New(usage)
	}
	sub := args[0]
	var f ccFlags
	fs := flag.NewFlagSet("chaincode "+sub, flag.ContinueOnError)
	fs.StringVar(&f.channel, "channel", "mychannel", "channel")
	fs.StringVar(&f.name, "name", "", "chaincode name")
	fs.StringVar(&f.version, "version", "", "chaincode version")
	fs.Int64Var(&f.sequence, "sequence", 0, "definition sequence (1 for the first definition, +1 per upgrade; queryapproved: 0 = latest)")
	fs.StringVar(&f.policyExpr, "policy", "", "endorsement policy expression, e.g. \"AND('Org1MSP.peer','Org2MSP.peer')\"")
	fs.StringVar(&f.policyRef, "policy-ref", "", "endorsement policy as a channel policy reference, e.g. /Channel/Application/Endorsement (the default)")
	fs.StringVar(&f.collections, "collections-config", "", "collections configuration JSON file (Fabric's collections_config.json format)")
	fs.StringVar(&f.packageID, "package-id", "", "approve: the package id (label:hash) your org's peers run: dial-in registration id or chaincode-as-a-service key; empty = approve without running the chaincode")
	fs.BoolVar(&f.initRequired, "init-required", false, "the chaincode must be invoked with Init first")
	fs.Var(&f.peers, "peer", "peer address (repeat: commit needs peers of enough orgs to satisfy LifecycleEndorsement)")
	fs.Var(&f.orderers, "orderer", "orderer address (repeat for fail-over)")
	fs.Var(&f.tlsCAs, "tls-ca", "TLS CA certificate file trusted for peers and orderers (repeat)")
	fs.StringVar(&f.mspDir, "msp-dir", "", "org admin's MSP folder")
	fs.StringVar(&f.mspID, "mspid", "", "org admin's MSP ID")
	fs.StringVar(&f.tlsCert, "tls-cert", "", "client TLS certificate (mutual TLS)")
	fs.StringVar(&f.tlsKey, "tls-key", "", "client TLS key")
	fs.DurationVar(&f.timeout, "timeout", 60*time.Second, "overall timeout")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if f.mspDir == "" || f.mspID == "" || len(f.peers) == 0 {
		return errors.New("--msp-dir, --mspid and at least one --peer are required")
	}
	signer, err := msp.LoadSigningIdentity(f.mspDir, f.mspID)
	if err != nil {
		return err
	}
	tlsConf, err := clientTLS(f)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), f.timeout)
	defer cancel()
	switch sub {
	case "querycommitted":
		if f.name == "" {
			return errors.New("--name is required")
		}
		res := &lb.QueryChaincodeDefinitionResult{}
		if err := query(ctx, f, signer, tlsConf, lifecycle.FuncQueryDefinition, &lb.QueryChaincodeDefinitionArgs{Name: f.name}, res); err != nil {
			return err
		}
		return printJSON(res)
	case "queryapproved":
		if f.name == "" {
			return errors.New("--name is required")
		}
		if f.sequence < 0 {
			return errors.New("--sequence must not be negative")
		}
		res := &lb.QueryApprovedChaincodeDefinitionResult{}
		if err := query(ctx, f, signer, tlsConf, lifecycle.FuncQueryApproved, &lb.QueryApprovedChaincodeDefinitionArgs{Name: f.name, Sequence: f.sequence}, res); err != nil {
			return err
		}
		return printJSON(res)
	case "checkcommitreadiness":
		def, err := definitionArgs(f)
		if err != nil {
			return err
		}
		res := &lb.CheckCommitReadinessResult{}
		if err := query(ctx, f, signer, tlsConf, lifecycle.FuncCheckCommitReadiness, def, res); err != nil {
			return err
		}
		return printJSON(res)
	case "approve", "commit":
		def, err := definitionArgs(f)
		if err != nil {
			return err
		}
		if len(f.orderers) == 0 {
			return errors.New("--orderer is required")
		}
		fn := lifecycle.FuncApprove
		if sub == "commit" {
			fn = lifecycle.FuncCommit
		}
		code, err := submit(ctx, f, signer, tlsConf, fn, def)
		if err != nil {
			return err
		}
		if code != pb.TxValidationCode_VALID {
			return fmt.Errorf("transaction committed as %v", code)
		}
		fmt.Printf("%s of %s sequence %d committed: VALID\n", sub, f.name, f.sequence)
		return nil
	default:
		return errors.New(usage)
	}
}

func clientTLS(f ccFlags) (*tls.Config, error) {
	pool, err := comm.LoadCertPool(f.tlsCAs...)
	if err != nil {
		return nil, err
	}
	var cert *tls.Certificate
	if f.tlsCert != "" {
		nt, err := comm.LoadTLS(f.tlsCert, f.tlsKey)
		if err != nil {
			return nil, err
		}
		cert = &nt.Certificate
	}
	return comm.ClientConfig(cert, pool, ""), nil
}

// definitionArgs builds the definition from flags.
func definitionArgs(f ccFlags) (*lb.ApproveChaincodeDefinitionForMyOrgArgs, error) {
	a := &lb.ApproveChaincodeDefinitionForMyOrgArgs{Name: f.name, Version: f.version, Sequence: f.sequence, InitRequired: f.initRequired}
	switch {
	case f.policyExpr != "" && f.policyRef != "":
		return nil, errors.New("--policy and --policy-ref are exclusive")
	case f.policyExpr != "":
		env, err := policy.FromString(f.policyExpr)
		if err != nil {
			return nil, fmt.Errorf("--policy: %w", err)
		}
		a.ValidationParameter = protoutil.MarshalOrPanic(&pb.ApplicationPolicy{Type: &pb.ApplicationPolicy_SignaturePolicy{SignaturePolicy: env}})
	case f.policyRef != "":
		a.ValidationParameter = protoutil.MarshalOrPanic(&pb.ApplicationPolicy{Type: &pb.ApplicationPolicy_ChannelConfigPolicyReference{ChannelConfigPolicyReference: f.policyRef}})
	}
	if f.collections != "" {
		pkg, err := loadCollections(f.collections)
		if err != nil {
			return nil, err
		}
		a.Collections = pkg
	}
	if f.packageID != "" {
		a.Source = &lb.ChaincodeSource{Type: &lb.ChaincodeSource_LocalPackage{LocalPackage: &lb.ChaincodeSource_Local{PackageId: f.packageID}}}
	}
	if err := lifecycle.ValidateArgs(a); err != nil {
		return nil, err
	}
	return a, nil
}

// collectionJSON is one entry of Fabric's collections_config.json.
type collectionJSON struct {
	Name              string `json:"name"`
	Policy            string `json:"policy"`
	RequiredPeerCount int32  `json:"requiredPeerCount"`
	MaxPeerCount      int32  `json:"maxPeerCount"`
	BlockToLive       uint64 `json:"blockToLive"`
	MemberOnlyRead    bool   `json:"memberOnlyRead"`
	MemberOnlyWrite   bool   `json:"memberOnlyWrite"`
	EndorsementPolicy *struct {
		SignaturePolicy     string `json:"signaturePolicy"`
		ChannelConfigPolicy string `json:"channelConfigPolicy"`
	} `json:"endorsementPolicy"`
}

func loadCollections(path string) (*pb.CollectionConfigPackage, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var cols []collectionJSON
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cols); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	pkg := &pb.CollectionConfigPackage{}
	for _, c := range cols {
		member, err := policy.FromString(c.Policy)
		if err != nil {
			return nil, fmt.Errorf("collection %q: policy: %w", c.Name, err)
		}
		sc := &pb.StaticCollectionConfig{Name: c.Name, RequiredPeerCount: c.RequiredPeerCount, MaximumPeerCount: c.MaxPeerCount,
			BlockToLive: c.BlockToLive, MemberOnlyRead: c.MemberOnlyRead, MemberOnlyWrite: c.MemberOnlyWrite,
			MemberOrgsPolicy: &pb.CollectionPolicyConfig{Payload: &pb.CollectionPolicyConfig_SignaturePolicy{SignaturePolicy: member}}}
		if ep := c.EndorsementPolicy; ep != nil {
			switch {
			case ep.SignaturePolicy != "":
				env, err := policy.FromString(ep.SignaturePolicy)
				if err != nil {
					return nil, fmt.Errorf("collection %q: endorsement policy: %w", c.Name, err)
				}
				sc.EndorsementPolicy = &pb.ApplicationPolicy{Type: &pb.ApplicationPolicy_SignaturePolicy{SignaturePolicy: env}}
			case ep.ChannelConfigPolicy != "":
				sc.EndorsementPolicy = &pb.ApplicationPolicy{Type: &pb.ApplicationPolicy_ChannelConfigPolicyReference{ChannelConfigPolicyReference: ep.ChannelConfigPolicy}}
			}
		}
		pkg.Config = append(pkg.Config, &pb.CollectionConfig{Payload: &pb.CollectionConfig_StaticCollectionConfig{StaticCollectionConfig: sc}})
	}
	return pkg, nil
}

func proposal(f ccFlags, signer msp.SigningIdentity, fn string, arg proto.Message) (*pb.SignedProposal, string, error) {
	return protoutil.CreateSignedProposal(signer, f.channel, lifecycle.Namespace, [][]byte{[]byte(fn), protoutil.MarshalOrPanic(arg)}, nil)
}

func endorse(ctx context.Context, addr string, tlsConf *tls.Config, sp *pb.SignedProposal) (*pb.ProposalResponse, error) {
	conn, err := comm.Dial(addr, tlsConf)
	if err != nil {
		return nil, fmt.Errorf("peer %s: %w", addr, err)
	}
	defer conn.Close()
	pr, err := pb.NewEndorserClient(conn).ProcessProposal(ctx, sp)
	if err != nil {
		return nil, fmt.Errorf("peer %s: %w", addr, err)
	}
	if pr.GetResponse().GetStatus() >= 400 {
		return nil, fmt.Errorf("peer %s: status %d: %s", addr, pr.GetResponse().GetStatus(), pr.GetResponse().GetMessage())
	}
	return pr, nil
}

func query(ctx context.Context, f ccFlags, signer msp.SigningIdentity, tlsConf *tls.Config, fn string, arg, out proto.Message) error {
	sp, _, err := proposal(f, signer, fn, arg)
	if err != nil {
		return err
	}
	pr, err := endorse(ctx, f.peers[0], tlsConf, sp)
	if err != nil {
		return err
	}
	return proto.Unmarshal(pr.GetResponse().GetPayload(), out)
}

// submit endorses on every --peer, sends the transaction to the orderers
// and waits until the first peer commits it.
func submit(ctx context.Context, f ccFlags, signer msp.SigningIdentity, tlsConf *tls.Config, fn string, arg proto.Message) (pb.TxValidationCode, error) {
	sp, txid, err := proposal(f, signer, fn, arg)
	if err != nil {
		return 0, err
	}
	up, err := protoutil.UnpackProposal(sp)
	if err != nil {
		return 0, err
	}
	var responses []*pb.ProposalResponse
	for _, p := range f.peers {
		pr, err := endorse(ctx, p, tlsConf, sp)
		if err != nil {
			return 0, err
		}
		responses = append(responses, pr)
	}
	env, err := protoutil.CreateEnvelope(up, responses...)
	if err != nil {
		return 0, err
	}
	if err := protoutil.SignEnvelope(env, signer); err != nil {
		return 0, err
	}
	// Listen for commits before submitting, so the commit cannot be missed.
	conn, err := comm.Dial(f.peers[0], tlsConf)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	events, err := pb.NewDeliverClient(conn).DeliverFiltered(ctx)
	if err != nil {
		return 0, err
	}
	seek := &ab.SeekInfo{Start: &ab.SeekPosition{Type: &ab.SeekPosition_Newest{Newest: &ab.SeekNewest{}}},
		Stop: &ab.SeekPosition{Type: &ab.SeekPosition_Specified{Specified: &ab.SeekSpecified{Number: ^uint64(0)}}}}
	seekEnv, err := protoutil.CreateSignedEnvelope(common.HeaderType_DELIVER_SEEK_INFO, f.channel, signer, seek)
	if err != nil {
		return 0, err
	}
	if err := events.Send(seekEnv); err != nil {
		return 0, err
	}
	first, err := events.Recv()
	if err != nil {
		return 0, fmt.Errorf("deliver from %s: %w", f.peers[0], err)
	}
	if st := first.GetStatus(); st != common.Status_UNKNOWN {
		return 0, fmt.Errorf("deliver from %s: status %v", f.peers[0], st)
	}
	if err := broadcast(ctx, f.orderers, tlsConf, env); err != nil {
		return 0, err
	}
	for {
		r, err := events.Recv()
		if err != nil {
			return 0, fmt.Errorf("waiting for commit of %s: %w", txid, err)
		}
		if st := r.GetStatus(); st != common.Status_UNKNOWN {
			return 0, fmt.Errorf("deliver ended with status %v before %s committed", st, txid)
		}
		for _, ft := range r.GetFilteredBlock().GetFilteredTransactions() {
			if ft.GetTxid() == txid {
				return ft.GetTxValidationCode(), nil
			}
		}
	}
}

func broadcast(ctx context.Context, orderers []string, tlsConf *tls.Config, env *common.Envelope) error {
	var errs []error
	for _, o := range orderers {
		err := func() error {
			conn, err := comm.Dial(o, tlsConf)
			if err != nil {
				return err
			}
			defer conn.Close()
			s, err := ab.NewAtomicBroadcastClient(conn).Broadcast(ctx)
			if err != nil {
				return err
			}
			if err := s.Send(env); err != nil {
				return err
			}
			r, err := s.Recv()
			if err != nil {
				return err
			}
			if r.GetStatus() != common.Status_SUCCESS {
				return fmt.Errorf("status %v: %s", r.GetStatus(), r.GetInfo())
			}
			return nil
		}()
		if err == nil {
			return nil
		}
		errs = append(errs, fmt.Errorf("orderer %s: %w", o, err))
	}
	return errors.Join(errs...)
}

func printJSON(m proto.Message) error {
	b, err := protojson.MarshalOptions{Multiline: true}.Marshal(m)
	if err != nil {
		return err
	}
	fmt.Println(string(b))
	return nil
}
