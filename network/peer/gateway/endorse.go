package gateway

import (
	"context"
	"crypto/tls"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	gp "github.com/hyperledger/fabric-protos-go-apiv2/gateway"
	pb "github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"

	"github.com/saharanet/saharanet/network/channelconfig"
	"github.com/saharanet/saharanet/network/lifecycle"
	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/peer/endorser"
	"github.com/saharanet/saharanet/network/policy"
	"github.com/saharanet/saharanet/network/protoutil"
)

// target is one peer that can endorse: this peer (local) or a remote one.
type target struct {
	address string
	mspID   string
	local   bool
}

// targets groups the known endorsers of channel by org; this peer comes
// first in its own org.
func (s *Server) targets(channel string) map[string][]target {
	out := map[string][]target{}
	local := s.backend.MSPID()
	out[local] = []target{{address: s.localAddr, mspID: local, local: true}}
	for _, ep := range s.backend.Endpoints(channel) {
		out[ep.MSPID] = append(out[ep.MSPID], target{address: ep.Address, mspID: ep.MSPID})
	}
	return out
}

// peerTLS is the client TLS config for peers and orderers of a channel: the
// node's client certificate, trusting the channel's TLS CAs unless the node
// configured its own roots.
func (s *Server) peerTLS(b *channelconfig.Bundle) func() *tls.Config {
	return func() *tls.Config {
		base := s.backend.ClientTLS()
		if base == nil {
			return nil
		}
		c := base.Clone()
		if c.RootCAs == nil && b != nil {
			c.RootCAs = b.TLSRootCAs()
		}
		return c
	}
}

// unpackedEndorser is implemented by endorsers (endorser.Endorser) that
// accept the proposal this server already unpacked, sparing a second parse,
// and that evaluate without signing an endorsement, which evaluations never
// use; EvaluateUnpacked returns the chaincode Response, all they need.
type unpackedEndorser interface {
	EndorseUnpacked(ctx context.Context, up *protoutil.UnpackedProposal) (*pb.ProposalResponse, error)
	EvaluateUnpacked(ctx context.Context, up *protoutil.UnpackedProposal) (*pb.ProposalResponse, error)
}

// call sends the proposal to one endorser; evaluate lets the local endorser
// skip signing.
func (s *Server) call(ctx context.Context, t target, up *protoutil.UnpackedProposal, tlsConf func() *tls.Config, evaluate bool) (*pb.ProposalResponse, error) {
	ctx, cancel := context.WithTimeout(ctx, s.endorseTimeout)
	defer cancel()
	sp := up.SignedProposal
	if t.local {
		if ue, ok := s.local.(unpackedEndorser); ok {
			if evaluate {
				return ue.EvaluateUnpacked(ctx, up)
			}
			return ue.EndorseUnpacked(ctx, up)
		}
		return s.local.ProcessProposal(ctx, sp)
	}
	conn, err := s.conn(t.address, tlsConf)
	if err != nil {
		return nil, err
	}
	return pb.NewEndorserClient(conn).ProcessProposal(ctx, sp)
}

func unpack(sp *pb.SignedProposal) (*protoutil.UnpackedProposal, error) {
	if sp == nil {
		return nil, rpcError(codes.InvalidArgument, "a signed proposal is required")
	}
	up, err := protoutil.UnpackProposal(sp)
	if err != nil {
		return nil, rpcError(codes.InvalidArgument, fmt.Sprintf("failed to unpack transaction proposal: %v", err))
	}
	return up, nil
}

// Evaluate runs the proposal on one peer (this one unless other orgs are
// targeted) and returns the chaincode's response without ordering it.
func (s *Server) Evaluate(ctx context.Context, req *gp.EvaluateRequest) (resp *gp.EvaluateResponse, err error) {
	defer func(start time.Time) { s.metrics.observe("Evaluate", start, err) }(time.Now())
	if req == nil {
		return nil, rpcError(codes.InvalidArgument, "an evaluate request is required")
	}
	up, err := unpack(req.GetProposedTransaction())
	if err != nil {
		return nil, err
	}
	ch, ok := s.backend.Channel(up.ChannelID())
	if !ok {
		return nil, rpcError(codes.NotFound, fmt.Sprintf("channel %s not found on this peer", up.ChannelID()))
	}
	byOrg := s.targets(ch.ID())
	local := s.backend.MSPID()
	var orgs []string
	switch {
	case len(req.GetTargetOrganizations()) > 0:
		orgs = req.GetTargetOrganizations()
	case len(up.Transient) > 0:
		// Transient data may be private: keep it inside this org.
		orgs = []string{local}
	default:
		orgs = append([]string{local}, otherOrgs(byOrg, local)...)
	}
	tlsConf := s.peerTLS(ch.Bundle())
	var details []*gp.ErrorDetail
	last := outcome{codes.Unavailable, "no peers available to evaluate chaincode " + up.ChaincodeName, false}
	for _, org := range orgs {
		for _, t := range byOrg[org] {
			resp, err := s.call(ctx, t, up, tlsConf, true)
			oc := classify(resp, err)
			if oc.code == codes.OK {
				if t.local {
					// This peer's endorser put this very Response into the
					// payload: no need to parse it back out.
					return &gp.EvaluateResponse{Result: resp.GetResponse()}, nil
				}
				return &gp.EvaluateResponse{Result: evaluateResult(resp)}, nil
			}
			details = append(details, detail(t.address, t.mspID, oc.msg))
			last = oc
			if !oc.retry {
				return nil, rpcError(oc.code, "evaluate call to endorser returned error: "+oc.msg, details...)
			}
			if ctx.Err() != nil {
				return nil, contextError(ctx, "evaluate")
			}
		}
	}
	if len(details) == 0 {
		return nil, rpcError(codes.Unavailable, fmt.Sprintf("no peers available to evaluate chaincode %s in channel %s", up.ChaincodeName, ch.ID()))
	}
	return nil, rpcError(last.code, "evaluate call to endorser returned error: "+last.msg, details...)
}

// evaluateResult is the endorser's response with the payload the chaincode
// returned, taken from inside the ProposalResponsePayload as Fabric does.
func evaluateResult(resp *pb.ProposalResponse) *pb.Response {
	r := &pb.Response{Status: resp.GetResponse().GetStatus(), Message: resp.GetResponse().GetMessage(), Payload: resp.GetResponse().GetPayload()}
	if prp, err := protoutil.UnmarshalProposalResponsePayload(resp.GetPayload()); err == nil {
		if act, err := protoutil.UnmarshalChaincodeAction(prp.GetExtension()); err == nil && act.GetResponse() != nil {
			r.Payload = act.GetResponse().GetPayload()
		}
	}
	return r
}

func otherOrgs(byOrg map[string][]target, local string) []string {
	var out []string
	for org := range byOrg {
		if org != local {
			out = append(out, org)
		}
	}
	sort.Strings(out)
	return out
}

// orgResult is the outcome of endorsing with one org's peers.
type orgResult struct {
	resp    *pb.ProposalResponse
	fail    *outcome
	details []*gp.ErrorDetail
}

// Endorse collects the endorsements the chaincode's policy needs and
// returns the unsigned transaction envelope.
func (s *Server) Endorse(ctx context.Context, req *gp.EndorseRequest) (resp *gp.EndorseResponse, err error) {
	defer func(start time.Time) { s.metrics.observe("Endorse", start, err) }(time.Now())
	if req == nil {
		return nil, rpcError(codes.InvalidArgument, "an endorse request is required")
	}
	sp := req.GetProposedTransaction()
	up, err := unpack(sp)
	if err != nil {
		return nil, err
	}
	ch, ok := s.backend.Channel(up.ChannelID())
	if !ok {
		return nil, rpcError(codes.NotFound, fmt.Sprintf("channel %s not found on this peer", up.ChannelID()))
	}
	// Other peers wait until they have this peer's height before they
	// simulate, so a client reads its own committed writes everywhere.
	ctx = metadata.AppendToOutgoingContext(ctx, endorser.MinHeightMetadataKey, strconv.FormatUint(ch.Ledger().Height(), 10))
	byOrg := s.targets(ch.ID())
	orgs, err := s.plan(ch, up, byOrg, req.GetEndorsingOrganizations())
	if err != nil {
		return nil, err
	}
	tlsConf := s.peerTLS(ch.Bundle())
	results := make([]orgResult, len(orgs))
	var wg sync.WaitGroup
	// Transient data may be private input: unless the client chose the
	// orgs, endorse here first and send the proposal only to orgs that are
	// members of every collection the transaction touched (Fabric's
	// transient data protection). Otherwise all orgs endorse in parallel.
	local := s.backend.MSPID()
	protect := len(up.Transient) > 0 && len(req.GetEndorsingOrganizations()) == 0 && (len(orgs) > 1 || orgs[0] != local)
	if protect && localIndex(orgs, local) < 0 {
		// The local peer must simulate first to learn the collections; its
		// endorsement is one more than the policy needs, which is harmless.
		orgs = append([]string{local}, orgs...)
		results = append(results, orgResult{})
	}
	for i, org := range orgs {
		if protect && org == local {
			results[i] = s.endorseWithOrg(ctx, byOrg[org], up, tlsConf)
			if results[i].fail == nil {
				if err := s.checkTransientProtection(ch, results[i].resp, orgs); err != nil {
					return nil, err
				}
			}
			continue
		}
		if protect && results[localIndex(orgs, local)].fail != nil {
			break // the local endorsement failed: tell no one else
		}
		if org == local {
			continue // below, on this goroutine
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = s.endorseWithOrg(ctx, byOrg[org], up, tlsConf)
		}()
	}
	// The local endorsement runs on the handler's goroutine while the
	// others are in flight: a fresh goroutine would grow its stack through
	// simulation, Pebble and ECDSA on every call (~5% of a loaded gateway
	// peer's CPU in copystack).
	if i := localIndex(orgs, local); i >= 0 && !protect {
		results[i] = s.endorseWithOrg(ctx, byOrg[local], up, tlsConf)
	}
	wg.Wait()

	// Fabric reports every endorsement failure as Aborted with one
	// ErrorDetail per failed peer ("chaincode response 500, <message>" for a
	// chaincode error): "failed to endorse" when this peer's org failed,
	// "failed to collect enough" when another org did.
	var details []*gp.ErrorDetail
	var responses []*pb.ProposalResponse
	localFailed, otherFailed := false, false
	for i, r := range results {
		details = append(details, r.details...)
		if r.fail != nil {
			if orgs[i] == local {
				localFailed = true
			} else {
				otherFailed = true
			}
			continue
		}
		responses = append(responses, r.resp)
	}
	if ctx.Err() != nil {
		return nil, contextError(ctx, "endorse")
	}
	if localFailed {
		return nil, rpcError(codes.Aborted, "failed to endorse transaction, see attached details for more info", details...)
	}
	if otherFailed {
		return nil, rpcError(codes.Aborted, "failed to collect enough transaction endorsements, see attached details for more info", details...)
	}
	for i, r := range responses[1:] {
		if string(r.GetPayload()) != string(responses[0].GetPayload()) {
			t := orgs[i+1]
			details = append(details, detail(byOrg[t][0].address, t, "ProposalResponsePayloads do not match"))
			return nil, rpcError(codes.Aborted, "failed to collect enough transaction endorsements, see attached details for more info", details...)
		}
	}
	env, err := protoutil.CreateEnvelope(up, responses...)
	if err != nil {
		return nil, rpcError(codes.Aborted, fmt.Sprintf("failed to assemble transaction: %v", err), details...)
	}
	return &gp.EndorseResponse{PreparedTransaction: env}, nil
}

// endorseWithOrg tries the org's peers in turn until one endorses or fails
// in a way another peer would not fix.
func (s *Server) endorseWithOrg(ctx context.Context, ts []target, up *protoutil.UnpackedProposal, tlsConf func() *tls.Config) orgResult {
	var res orgResult
	for _, t := range ts {
		resp, err := s.call(ctx, t, up, tlsConf, false)
		oc := classify(resp, err)
		if oc.code == codes.OK {
			res.resp, res.fail = resp, nil
			return res
		}
		res.details = append(res.details, detail(t.address, t.mspID, oc.msg))
		res.fail = &oc
		if !oc.retry || ctx.Err() != nil {
			return res
		}
	}
	if res.fail == nil {
		res.fail = &outcome{codes.Unavailable, "no endorsers available", true}
	}
	return res
}

// plan decides which orgs must endorse (fabric-wire.md §1.5): the client's
// list if given, else the smallest set of orgs with known peers, local org
// preferred, whose endorsements satisfy the chaincode's policy.
func (s *Server) plan(ch Channel, up *protoutil.UnpackedProposal, byOrg map[string][]target, requested []string) ([]string, error) {
	if len(requested) > 0 {
		for _, org := range requested {
			if len(byOrg[org]) == 0 {
				return nil, rpcError(codes.Unavailable, fmt.Sprintf("failed to select a set of endorsers that satisfy the endorsement policy: no peers known for org %s", org))
			}
		}
		return requested, nil
	}
	local := s.backend.MSPID()
	pol, err := s.endorsementPolicy(ch, up)
	if err != nil {
		return nil, rpcError(codes.Unavailable, fmt.Sprintf("failed to select a set of endorsers that satisfy the endorsement policy: %v", err))
	}
	if pol == nil {
		return []string{local}, nil
	}
	candidates := append([]string{local}, otherOrgs(byOrg, local)...)
	orgs, err := planOrgs(pol, candidates)
	if err != nil {
		return nil, rpcError(codes.Unavailable, fmt.Sprintf("failed to select a set of endorsers that satisfy the endorsement policy: %v", err))
	}
	return orgs, nil
}

// endorsementPolicy returns the policy the transaction will be validated
// against, or nil when only this peer's org endorses (_lifecycle approvals
// and queries, which other orgs' peers would refuse).
func (s *Server) endorsementPolicy(ch Channel, up *protoutil.UnpackedProposal) (policy.Policy, error) {
	b := ch.Bundle()
	if up.ChaincodeName == lifecycle.Namespace {
		args := up.Input.GetArgs()
		if len(args) > 0 && string(args[0]) == lifecycle.FuncCommit {
			return b.Policy(lifecycle.LifecycleEndorsementPolicyRef)
		}
		return nil, nil
	}
	def, err := ch.Definition(up.ChaincodeName)
	if err != nil {
		return nil, err
	}
	key := ch.ID() + "\x00" + def.Name + "\x00" + strconv.FormatInt(def.Sequence, 10)
	s.mu.Lock()
	if c, ok := s.policies[key]; ok && c.bundle == b {
		s.mu.Unlock()
		return c.pol, nil
	}
	s.mu.Unlock()
	ap := def.EndorsementPolicy
	if ap == nil {
		ap = &pb.ApplicationPolicy{Type: &pb.ApplicationPolicy_ChannelConfigPolicyReference{ChannelConfigPolicyReference: lifecycle.DefaultEndorsementPolicyRef}}
	}
	pol, err := policy.NewApplicationPolicy(ap, b.MSPManager, b.Policies)
	if err != nil {
		return nil, fmt.Errorf("chaincode %s: %w", def.Name, err)
	}
	s.mu.Lock()
	s.policies[key] = cachedPolicy{bundle: b, pol: pol}
	s.mu.Unlock()
	return pol, nil
}

type cachedPolicy struct {
	bundle *channelconfig.Bundle
	pol    policy.Policy
}

func localIndex(orgs []string, local string) int {
	for i, o := range orgs {
		if o == local {
			return i
		}
	}
	return -1
}

// checkTransientProtection refuses to send a proposal with transient data
// to an org that is not a member of a private data collection the local
// simulation read or wrote.
func (s *Server) checkTransientProtection(ch Channel, resp *pb.ProposalResponse, orgs []string) error {
	prp, err := protoutil.UnmarshalProposalResponsePayload(resp.GetPayload())
	if err != nil {
		return rpcError(codes.Aborted, fmt.Sprintf("failed to parse the local endorsement: %v", err))
	}
	act, err := protoutil.UnmarshalChaincodeAction(prp.GetExtension())
	if err != nil {
		return rpcError(codes.Aborted, fmt.Sprintf("failed to parse the local endorsement: %v", err))
	}
	txrw, err := protoutil.UnmarshalTxReadWriteSet(act.GetResults())
	if err != nil {
		return rpcError(codes.Aborted, fmt.Sprintf("failed to parse the local endorsement: %v", err))
	}
	b := ch.Bundle()
	var blocked []string
	for _, ns := range txrw.GetNsRwset() {
		for _, coll := range ns.GetCollectionHashedRwset() {
			name := coll.GetCollectionName()
			for _, org := range orgs {
				if org == s.backend.MSPID() {
					continue
				}
				if !collectionMember(ch, b, ns.GetNamespace(), name, org) {
					blocked = append(blocked, ns.GetNamespace()+"/"+name)
					break
				}
			}
		}
	}
	if len(blocked) > 0 {
		return rpcError(codes.FailedPrecondition, fmt.Sprintf("requires endorsement from organisation(s) that are not in the distribution policy of the private data collection(s): %v; retry specifying trusted endorsing organizations to protect transient data", blocked))
	}
	return nil
}

// collectionMember reports whether org's peers may hold the collection.
func collectionMember(ch Channel, b *channelconfig.Bundle, ns, coll, org string) bool {
	if msp, ok := strings.CutPrefix(coll, endorser.ImplicitCollectionPrefix); ok {
		return msp == org
	}
	def, err := ch.Definition(ns)
	if err != nil {
		return false
	}
	for _, c := range def.Collections.GetConfig() {
		sc := c.GetStaticCollectionConfig()
		if sc.GetName() != coll {
			continue
		}
		env := sc.GetMemberOrgsPolicy().GetSignaturePolicy()
		if env == nil {
			return false
		}
		pol, err := policy.NewSignaturePolicy(env, b.MSPManager)
		if err != nil {
			return false
		}
		return policy.EvaluateIdentities(pol, []msp.Identity{planIdentity(org)}) == nil
	}
	return false
}
