package lifecycle

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	lb "github.com/hyperledger/fabric-protos-go-apiv2/peer/lifecycle"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/channelconfig"
	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/policy"
	"github.com/saharanet/saharanet/network/simulation"
)

// Function names, as Fabric's _lifecycle names them (args[0]); args[1] is
// the marshalled lifecycle.*Args message.
const (
	FuncApprove              = "ApproveChaincodeDefinitionForMyOrg"
	FuncCommit               = "CommitChaincodeDefinition"
	FuncCheckCommitReadiness = "CheckCommitReadiness"
	FuncQueryDefinition      = "QueryChaincodeDefinition"
	FuncQueryDefinitions     = "QueryChaincodeDefinitions"
	FuncQueryApproved        = "QueryApprovedChaincodeDefinition"
)

// SystemChaincode is the _lifecycle system chaincode, run inside the peer by
// the endorser (not through the shim). Its zero value is usable.
//
// Approvals live in the approving org's implicit collection of _lifecycle,
// so an approval needs only that org's endorsement (the implicit
// collection's policy) and other orgs see just its hash. An approval is
// two keys: the definition's parameters (ApprovalKey), which every org must
// approve alike, and the org's own package id (SourceKey). A commit reads the
// hashes of every org's approval, requires the approving orgs to satisfy
// /Channel/Application/LifecycleEndorsement and writes the definition to
// public _lifecycle state, which validation guards with that same policy.
type SystemChaincode struct {
	// LocalMSPID, when set, restricts approvals to the peer's own org, as
	// in Fabric ("approve for my org"). The implicit collection's
	// endorsement policy enforces it at validation either way.
	LocalMSPID string
}

// Invoke runs one _lifecycle function in simulator sim for a proposal whose
// creator has already been authenticated by the endorser.
func (s *SystemChaincode) Invoke(sim *simulation.TxSimulator, creator msp.Identity, sp *peer.SignedProposal, args [][]byte, bundle *channelconfig.Bundle) *peer.Response {
	if len(args) < 1 {
		return errResponse("_lifecycle: no function name in arguments")
	}
	fn := string(args[0])
	if len(args) != 2 {
		return errResponse("_lifecycle: %s takes exactly one argument, got %d", fn, len(args)-1)
	}
	if bundle == nil || bundle.Application == nil {
		return errResponse("_lifecycle: channel has no Application config")
	}
	var (
		out proto.Message
		err error
	)
	switch fn {
	case FuncApprove:
		out, err = s.approve(sim, creator, args[1], bundle)
	case FuncCommit:
		out, err = s.commit(sim, args[1], bundle)
	case FuncCheckCommitReadiness:
		out, err = s.checkCommitReadiness(sim, args[1], bundle)
	case FuncQueryDefinition:
		out, err = s.queryDefinition(sim, args[1], bundle)
	case FuncQueryDefinitions:
		out, err = s.queryDefinitions(sim)
	case FuncQueryApproved:
		out, err = s.queryApproved(sim, creator, args[1], bundle)
	default:
		return errResponse("_lifecycle: unknown function %q", fn)
	}
	if err != nil {
		return errResponse("_lifecycle: %s: %v", fn, err)
	}
	payload, err := proto.Marshal(out)
	if err != nil {
		return errResponse("_lifecycle: %s: marshal result: %v", fn, err)
	}
	return &peer.Response{Status: 200, Payload: payload}
}

func errResponse(format string, a ...any) *peer.Response {
	return &peer.Response{Status: 500, Message: fmt.Sprintf(format, a...)}
}

func parseDefinitionArgs(raw []byte) (*lb.ApproveChaincodeDefinitionForMyOrgArgs, []byte, error) {
	// Commit and CheckCommitReadiness args share fields 1..8 with approve
	// args. Field 9 (source) exists only in approve args; Record leaves it
	// out, so a commit that carries one anyway commits the same record.
	a := &lb.ApproveChaincodeDefinitionForMyOrgArgs{}
	if err := proto.Unmarshal(raw, a); err != nil {
		return nil, nil, fmt.Errorf("unmarshal arguments: %w", err)
	}
	if err := ValidateArgs(a); err != nil {
		return nil, nil, err
	}
	rec, err := Record(a)
	if err != nil {
		return nil, nil, err
	}
	return a, rec, nil
}

func (s *SystemChaincode) approve(sim *simulation.TxSimulator, creator msp.Identity, raw []byte, bundle *channelconfig.Bundle) (proto.Message, error) {
	a, rec, err := parseDefinitionArgs(raw)
	if err != nil {
		return nil, err
	}
	if creator == nil {
		return nil, errors.New("no creator identity")
	}
	mspID := creator.MSPID()
	if s.LocalMSPID != "" && mspID != s.LocalMSPID {
		return nil, fmt.Errorf("creator of MSP %q cannot approve on a peer of %q: approve on a peer of your own org", mspID, s.LocalMSPID)
	}
	org, ok := appOrg(bundle, mspID)
	if !ok {
		return nil, fmt.Errorf("MSP %q is not an application org of channel %q", mspID, bundle.ChannelID)
	}
	admins, err := bundle.Policy("/Channel/Application/" + org.Name + "/Admins")
	if err != nil {
		return nil, fmt.Errorf("org %s: %w", org.Name, err)
	}
	if err := policy.EvaluateIdentities(admins, []msp.Identity{creator}); err != nil {
		return nil, fmt.Errorf("creator is not an admin of %s (policy /Channel/Application/%s/Admins): %v", mspID, org.Name, err)
	}
	coll := ImplicitCollection(mspID)
	pkg := PackageID(a)
	src := SourceRecord(pkg)
	cur, err := currentSequence(sim, a.GetName())
	if err != nil {
		return nil, err
	}
	switch {
	case a.GetSequence() == cur+1:
		// A new approval, or a change of this org's approval of a sequence
		// not yet committed.
	case a.GetSequence() == cur:
		// Re-approval of the committed sequence, as Fabric allows: the
		// parameters must be the committed ones; what may change is this
		// org's package id.
		stored, err := sim.GetState(Namespace, DefinitionKey(a.GetName()))
		if err != nil {
			return nil, err
		}
		committed, cargs, err := canonicalRecord(stored)
		if err != nil {
			return nil, err
		}
		if !bytes.Equal(committed, rec) {
			return nil, fmt.Errorf("chaincode %q: attempted to redefine the current committed sequence (%d) with different parameters (changed: %s); approve sequence %d to change the definition",
				a.GetName(), cur, paramDiff(cargs, a), cur+1)
		}
		ah, err := sim.GetPrivateDataHash(Namespace, coll, ApprovalKey(a.GetName(), cur))
		if err != nil {
			return nil, collectionErr(err)
		}
		sh, err := sim.GetPrivateDataHash(Namespace, coll, SourceKey(a.GetName(), cur))
		if err != nil {
			return nil, collectionErr(err)
		}
		if bytes.Equal(ah, RecordHash(rec)) && bytes.Equal(sh, RecordHash(src)) {
			return nil, fmt.Errorf("chaincode %q: attempted to redefine the current committed sequence (%d): %s already approved it with package id %q", a.GetName(), cur, mspID, pkg)
		}
	case cur == 0:
		return nil, fmt.Errorf("chaincode %q: requested sequence is %d, but the next sequence to define is 1", a.GetName(), a.GetSequence())
	default:
		return nil, fmt.Errorf("chaincode %q: requested sequence is %d, but the next sequence to define is %d (or %d, the committed one, to change this org's package id)",
			a.GetName(), a.GetSequence(), cur+1, cur)
	}
	if err := sim.SetPrivateData(Namespace, coll, ApprovalKey(a.GetName(), a.GetSequence()), rec); err != nil {
		return nil, collectionErr(err)
	}
	if err := sim.SetPrivateData(Namespace, coll, SourceKey(a.GetName(), a.GetSequence()), src); err != nil {
		return nil, collectionErr(err)
	}
	return &lb.ApproveChaincodeDefinitionForMyOrgResult{}, nil
}

func (s *SystemChaincode) commit(sim *simulation.TxSimulator, raw []byte, bundle *channelconfig.Bundle) (proto.Message, error) {
	a, rec, err := parseDefinitionArgs(raw)
	if err != nil {
		return nil, err
	}
	cur, err := currentSequence(sim, a.GetName())
	if err != nil {
		return nil, err
	}
	if a.GetSequence() != cur+1 {
		return nil, fmt.Errorf("chaincode %q: requested sequence is %d, but the next sequence to define is %d", a.GetName(), a.GetSequence(), cur+1)
	}
	approvals, err := readApprovals(sim, a.GetName(), a.GetSequence(), rec, bundle)
	if err != nil {
		return nil, err
	}
	if err := ApprovalsSatisfy(bundle, approvals); err != nil {
		return nil, fmt.Errorf("chaincode %q sequence %d: %w (approvals: %s)", a.GetName(), a.GetSequence(), err, formatApprovals(approvals))
	}
	if err := sim.SetState(Namespace, SequenceKey(a.GetName()), encodeSequence(a.GetSequence())); err != nil {
		return nil, err
	}
	if err := sim.SetState(Namespace, DefinitionKey(a.GetName()), rec); err != nil {
		return nil, err
	}
	return &lb.CommitChaincodeDefinitionResult{}, nil
}

func (s *SystemChaincode) checkCommitReadiness(sim *simulation.TxSimulator, raw []byte, bundle *channelconfig.Bundle) (proto.Message, error) {
	a, rec, err := parseDefinitionArgs(raw)
	if err != nil {
		return nil, err
	}
	cur, err := currentSequence(sim, a.GetName())
	if err != nil {
		return nil, err
	}
	if a.GetSequence() != cur+1 {
		return nil, fmt.Errorf("chaincode %q: requested sequence is %d, but the next sequence to define is %d", a.GetName(), a.GetSequence(), cur+1)
	}
	approvals, err := readApprovals(sim, a.GetName(), a.GetSequence(), rec, bundle)
	if err != nil {
		return nil, err
	}
	return &lb.CheckCommitReadinessResult{Approvals: approvals}, nil
}

func (s *SystemChaincode) queryDefinition(sim *simulation.TxSimulator, raw []byte, bundle *channelconfig.Bundle) (proto.Message, error) {
	q := &lb.QueryChaincodeDefinitionArgs{}
	if err := proto.Unmarshal(raw, q); err != nil {
		return nil, fmt.Errorf("unmarshal arguments: %w", err)
	}
	if q.GetName() == "" {
		return nil, errors.New("chaincode name is empty")
	}
	v, err := sim.GetState(Namespace, DefinitionKey(q.GetName()))
	if err != nil {
		return nil, err
	}
	if len(v) == 0 {
		return nil, fmt.Errorf("namespace %s is not defined: %w", q.GetName(), ErrNotDefined)
	}
	canon, a, err := canonicalRecord(v)
	if err != nil {
		return nil, err
	}
	// A record committed with a source inside was approved with that
	// source in the approval records; re-approvals since store the
	// canonical record. Either counts.
	approvals, err := readApprovals(sim, a.GetName(), a.GetSequence(), canon, bundle, v)
	if err != nil {
		return nil, err
	}
	return &lb.QueryChaincodeDefinitionResult{
		Sequence: a.GetSequence(), Version: a.GetVersion(), EndorsementPlugin: "escc", ValidationPlugin: "vscc",
		ValidationParameter: a.GetValidationParameter(), Collections: a.GetCollections(), InitRequired: a.GetInitRequired(),
		Approvals: approvals,
	}, nil
}

func (s *SystemChaincode) queryDefinitions(sim *simulation.TxSimulator) (proto.Message, error) {
	it, err := sim.GetStateRange(Namespace, fieldsPrefix, fieldsEnd)
	if err != nil {
		return nil, err
	}
	defer it.Close()
	res := &lb.QueryChaincodeDefinitionsResult{}
	for {
		kv, err := it.Next()
		if err != nil {
			return nil, err
		}
		if kv == nil {
			break
		}
		if !bytes.HasSuffix([]byte(kv.Key), []byte(definitionFld)) {
			continue
		}
		a := &lb.ApproveChaincodeDefinitionForMyOrgArgs{}
		if err := proto.Unmarshal(kv.Value, a); err != nil {
			return nil, fmt.Errorf("decode definition %q: %w", kv.Key, err)
		}
		res.ChaincodeDefinitions = append(res.ChaincodeDefinitions, &lb.QueryChaincodeDefinitionsResult_ChaincodeDefinition{
			Name: a.GetName(), Sequence: a.GetSequence(), Version: a.GetVersion(), EndorsementPlugin: "escc", ValidationPlugin: "vscc",
			ValidationParameter: a.GetValidationParameter(), Collections: a.GetCollections(), InitRequired: a.GetInitRequired(),
		})
	}
	return res, nil
}

func currentSequence(sim *simulation.TxSimulator, name string) (int64, error) {
	b, err := sim.GetState(Namespace, SequenceKey(name))
	if err != nil {
		return 0, err
	}
	return decodeSequence(b)
}

// readApprovals compares each application org's approval hash with the
// hash of rec. Only hashes are read, so every peer can answer for every org.
// Further records (also) count as approvals.
func readApprovals(sim *simulation.TxSimulator, name string, seq int64, rec []byte, bundle *channelconfig.Bundle, also ...[]byte) (map[string]bool, error) {
	want := [][]byte{RecordHash(rec)}
	for _, r := range also {
		want = append(want, RecordHash(r))
	}
	out := map[string]bool{}
	for _, id := range appMSPIDs(bundle) {
		h, err := sim.GetPrivateDataHash(Namespace, ImplicitCollection(id), ApprovalKey(name, seq))
		if err != nil {
			return nil, collectionErr(err)
		}
		ok := false
		for _, w := range want {
			ok = ok || (h != nil && bytes.Equal(h, w))
		}
		out[id] = ok
	}
	return out, nil
}

// paramDiff names the parameters in which two definitions differ.
func paramDiff(x, y *lb.ApproveChaincodeDefinitionForMyOrgArgs) string {
	var d []string
	if x.GetVersion() != y.GetVersion() {
		d = append(d, fmt.Sprintf("version %q vs %q", x.GetVersion(), y.GetVersion()))
	}
	if !bytes.Equal(x.GetValidationParameter(), y.GetValidationParameter()) {
		d = append(d, "endorsement policy")
	}
	if !proto.Equal(nonEmpty(x.GetCollections()), nonEmpty(y.GetCollections())) {
		d = append(d, "collections")
	}
	if x.GetInitRequired() != y.GetInitRequired() {
		d = append(d, fmt.Sprintf("init_required %t vs %t", x.GetInitRequired(), y.GetInitRequired()))
	}
	if len(d) == 0 {
		return "encoding"
	}
	return strings.Join(d, ", ")
}

func nonEmpty(c *peer.CollectionConfigPackage) *peer.CollectionConfigPackage {
	if len(c.GetConfig()) == 0 {
		return nil
	}
	return c
}

// queryApproved returns this org's approval of a definition, package id
// included, as Fabric's QueryApprovedChaincodeDefinition: sequence 0 means
// the latest approval (the next sequence's if this org approved it, else
// the committed one's). It reads the org's implicit collection, which only
// the org's peers hold, so it answers for the peer's own org, to members of
// that org.
func (s *SystemChaincode) queryApproved(sim *simulation.TxSimulator, creator msp.Identity, raw []byte, bundle *channelconfig.Bundle) (proto.Message, error) {
	q := &lb.QueryApprovedChaincodeDefinitionArgs{}
	if err := proto.Unmarshal(raw, q); err != nil {
		return nil, fmt.Errorf("unmarshal arguments: %w", err)
	}
	if q.GetName() == "" {
		return nil, errors.New("chaincode name is empty")
	}
	if q.GetSequence() < 0 {
		return nil, fmt.Errorf("chaincode %q: sequence %d is negative", q.GetName(), q.GetSequence())
	}
	if creator == nil {
		return nil, errors.New("no creator identity")
	}
	mspID := creator.MSPID()
	if s.LocalMSPID != "" && mspID != s.LocalMSPID {
		return nil, fmt.Errorf("creator of MSP %q cannot query the approvals of %q: query a peer of your own org", mspID, s.LocalMSPID)
	}
	if _, ok := appOrg(bundle, mspID); !ok {
		return nil, fmt.Errorf("MSP %q is not an application org of channel %q", mspID, bundle.ChannelID)
	}
	coll := ImplicitCollection(mspID)
	seq := q.GetSequence()
	if seq == 0 {
		cur, err := currentSequence(sim, q.GetName())
		if err != nil {
			return nil, err
		}
		seq = cur
		h, err := sim.GetPrivateDataHash(Namespace, coll, ApprovalKey(q.GetName(), cur+1))
		if err != nil {
			return nil, collectionErr(err)
		}
		if h != nil {
			seq = cur + 1
		}
	}
	notFound := fmt.Errorf("chaincode %q: %s has no approved definition at sequence %d on channel %q", q.GetName(), mspID, seq, bundle.ChannelID)
	if seq == 0 {
		return nil, notFound
	}
	rec, err := sim.GetPrivateData(Namespace, coll, ApprovalKey(q.GetName(), seq))
	if err != nil {
		return nil, collectionErr(err)
	}
	if len(rec) == 0 {
		return nil, notFound
	}
	a := &lb.ApproveChaincodeDefinitionForMyOrgArgs{}
	if err := proto.Unmarshal(rec, a); err != nil {
		return nil, fmt.Errorf("decode approval of %q at sequence %d: %w", q.GetName(), seq, err)
	}
	srcRaw, err := sim.GetPrivateData(Namespace, coll, SourceKey(q.GetName(), seq))
	if err != nil {
		return nil, collectionErr(err)
	}
	// An approval written before sources had their own key carries its
	// source inside the record.
	src := a.GetSource()
	if len(srcRaw) > 0 {
		if src, err = decodeSource(srcRaw); err != nil {
			return nil, err
		}
	}
	if src.GetLocalPackage().GetPackageId() == "" {
		src = &lb.ChaincodeSource{Type: &lb.ChaincodeSource_Unavailable_{Unavailable: &lb.ChaincodeSource_Unavailable{}}}
	}
	return &lb.QueryApprovedChaincodeDefinitionResult{
		Sequence: a.GetSequence(), Version: a.GetVersion(), EndorsementPlugin: "escc", ValidationPlugin: "vscc",
		ValidationParameter: a.GetValidationParameter(), Collections: a.GetCollections(), InitRequired: a.GetInitRequired(),
		Source: src,
	}, nil
}

func collectionErr(err error) error {
	if errors.Is(err, simulation.ErrUnknownCollection) {
		return fmt.Errorf("%w (the endorser must give the simulator collection access covering the implicit org collections of _lifecycle)", err)
	}
	return err
}

func formatApprovals(m map[string]bool) string {
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var b bytes.Buffer
	for i, id := range ids {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s=%t", id, m[id])
	}
	return b.String()
}

func appOrg(bundle *channelconfig.Bundle, mspID string) (*channelconfig.Org, bool) {
	for _, o := range bundle.Application.Orgs {
		if o.MSPID == mspID {
			return o, true
		}
	}
	return nil, false
}

func appMSPIDs(bundle *channelconfig.Bundle) []string {
	var ids []string
	for _, o := range bundle.Application.Orgs {
		ids = append(ids, o.MSPID)
	}
	sort.Strings(ids)
	return ids
}

// ApprovalsSatisfy reports whether the orgs that approved satisfy the
// channel's LifecycleEndorsement policy, each approving org standing for
// its own sub-policy: an ImplicitMeta rule counts approving orgs, a
// signature policy treats every principal of an approving MSP as signed.
func ApprovalsSatisfy(bundle *channelconfig.Bundle, approvals map[string]bool) error {
	cp := findAppPolicy(bundle, "LifecycleEndorsement")
	if cp == nil {
		return fmt.Errorf("channel has no %s policy", LifecycleEndorsementPolicyRef)
	}
	switch common.Policy_PolicyType(cp.GetType()) {
	case common.Policy_IMPLICIT_META:
		im := &common.ImplicitMetaPolicy{}
		if err := proto.Unmarshal(cp.GetValue(), im); err != nil {
			return fmt.Errorf("decode %s: %w", LifecycleEndorsementPolicyRef, err)
		}
		n, ok := len(bundle.Application.Orgs), 0
		for _, o := range bundle.Application.Orgs {
			if approvals[o.MSPID] {
				ok++
			}
		}
		need := 1
		switch im.GetRule() {
		case common.ImplicitMetaPolicy_ALL:
			need = n
		case common.ImplicitMetaPolicy_MAJORITY:
			need = n/2 + 1
		}
		if ok < need {
			return fmt.Errorf("%d of %d orgs approved, %s (%s %s) needs %d", ok, n, LifecycleEndorsementPolicyRef, im.GetRule(), im.GetSubPolicy(), need)
		}
		return nil
	case common.Policy_SIGNATURE:
		env := &common.SignaturePolicyEnvelope{}
		if err := proto.Unmarshal(cp.GetValue(), env); err != nil {
			return fmt.Errorf("decode %s: %w", LifecycleEndorsementPolicyRef, err)
		}
		if !evalByOrg(env.GetRule(), env.GetIdentities(), approvals) {
			return fmt.Errorf("approvals do not satisfy %s", LifecycleEndorsementPolicyRef)
		}
		return nil
	default:
		return fmt.Errorf("%s has unsupported policy type %d", LifecycleEndorsementPolicyRef, cp.GetType())
	}
}

func findAppPolicy(bundle *channelconfig.Bundle, name string) *common.Policy {
	app := bundle.Config.GetChannelGroup().GetGroups()[channelconfig.ApplicationGroupKey]
	return app.GetPolicies()[name].GetPolicy()
}
