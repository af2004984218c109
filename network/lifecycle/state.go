package lifecycle

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	lb "github.com/hyperledger/fabric-protos-go-apiv2/peer/lifecycle"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/ledger"
)

// ErrNotDefined is returned (wrapped) for a chaincode with no committed
// definition on the channel.
var ErrNotDefined = errors.New("chaincode is not defined")

// DefaultEndorsementPolicyRef is the endorsement policy of a definition that
// names none, as in Fabric.
const DefaultEndorsementPolicyRef = "/Channel/Application/Endorsement"

// LifecycleEndorsementPolicyRef is the channel policy that approvals of a
// definition must satisfy, and that endorses commits of definitions.
const LifecycleEndorsementPolicyRef = "/Channel/Application/LifecycleEndorsement"

// State layout of the _lifecycle namespace. The Sequence key has Fabric's
// name and encoding so that the endorser's implicit read of it (§3.4) makes a
// redefinition between endorsement and commit an MVCC conflict.
const (
	fieldsPrefix   = "namespaces/fields/"
	sequenceField  = "/Sequence"
	definitionFld  = "/Definition"
	approvalPrefix = "approvals/"
	sourcePrefix   = "chaincode-sources/"
)

// SequenceKey is the public key holding a chaincode's committed sequence.
func SequenceKey(name string) string { return fieldsPrefix + name + sequenceField }

// DefinitionKey is the public key holding a chaincode's committed definition
// record.
func DefinitionKey(name string) string { return fieldsPrefix + name + definitionFld }

// ApprovalKey is the key, in an org's implicit collection of _lifecycle,
// holding the org's approval of a definition at a sequence.
func ApprovalKey(name string, sequence int64) string {
	return fmt.Sprintf("%s%s#%d", approvalPrefix, name, sequence)
}

// ImplicitCollection is the implicit private data collection of an org.
func ImplicitCollection(mspID string) string { return "_implicit_org_" + mspID }

// SourceKey is the key, in an org's implicit collection of _lifecycle,
// holding the chaincode source (package id) the org approved for a
// definition at a sequence. It is kept apart from the approval record, as
// Fabric keeps its "chaincode-sources" apart from the definition
// parameters: the package is each org's own business, not part of what
// orgs agree on.
func SourceKey(name string, sequence int64) string {
	return fmt.Sprintf("%s%s#%d", sourcePrefix, name, sequence)
}

// Record is the canonical encoding of a definition's parameters as approved
// and committed: the fields of ApproveChaincodeDefinitionForMyOrgArgs
// without the source (package id) and with plugins cleared (saharanet has
// one built-in endorsement and validation), encoded deterministically so
// that equal definitions have equal bytes and hashes whatever package each
// org approved.
func Record(a *lb.ApproveChaincodeDefinitionForMyOrgArgs) ([]byte, error) {
	r := &lb.ApproveChaincodeDefinitionForMyOrgArgs{
		Sequence:            a.GetSequence(),
		Name:                a.GetName(),
		Version:             a.GetVersion(),
		ValidationParameter: a.GetValidationParameter(),
		Collections:         a.GetCollections(),
		InitRequired:        a.GetInitRequired(),
	}
	if len(r.Collections.GetConfig()) == 0 {
		r.Collections = nil
	}
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("lifecycle: encode definition of %q: %w", a.GetName(), err)
	}
	return b, nil
}

// canonicalRecord re-encodes a stored record with Record. Records committed
// before package ids became per-org carry a source; their canonical form
// drops it, so that they compare equal to today's records.
func canonicalRecord(stored []byte) ([]byte, *lb.ApproveChaincodeDefinitionForMyOrgArgs, error) {
	a := &lb.ApproveChaincodeDefinitionForMyOrgArgs{}
	if err := proto.Unmarshal(stored, a); err != nil {
		return nil, nil, fmt.Errorf("lifecycle: decode definition record: %w", err)
	}
	rec, err := Record(a)
	return rec, a, err
}

// RecordHash is the value hash an approval has in hashed private state.
func RecordHash(record []byte) []byte {
	h := sha256.Sum256(record)
	return h[:]
}

// PackageID returns the local package id a definition names, or "".
func PackageID(a *lb.ApproveChaincodeDefinitionForMyOrgArgs) string {
	return a.GetSource().GetLocalPackage().GetPackageId()
}

// SourceRecord is the value of SourceKey for an approval of package id pkg:
// a deterministic ChaincodeSource, "unavailable" when pkg is empty (the org
// approves the definition but its peers will not run the chaincode). It is
// never empty, so that it always overwrites an earlier approval's source.
func SourceRecord(pkg string) []byte {
	src := &lb.ChaincodeSource{Type: &lb.ChaincodeSource_Unavailable_{Unavailable: &lb.ChaincodeSource_Unavailable{}}}
	if pkg != "" {
		src = &lb.ChaincodeSource{Type: &lb.ChaincodeSource_LocalPackage{LocalPackage: &lb.ChaincodeSource_Local{PackageId: pkg}}}
	}
	return protoMarshal(src)
}

// decodeSource reads a SourceRecord; "" means unavailable.
func decodeSource(b []byte) (*lb.ChaincodeSource, error) {
	src := &lb.ChaincodeSource{}
	if err := proto.Unmarshal(b, src); err != nil {
		return nil, fmt.Errorf("lifecycle: decode chaincode source: %w", err)
	}
	return src, nil
}

// ValidateArgs checks the fields every approval and commit must have, and
// compiles every policy in them on its own structure (no channel needed), so
// that a definition whose policies cannot work is refused when it is
// approved, not found out when transactions fail validation.
func ValidateArgs(a *lb.ApproveChaincodeDefinitionForMyOrgArgs) error {
	switch {
	case a.GetName() == "":
		return errors.New("chaincode name is empty")
	case !validName(a.GetName()):
		return fmt.Errorf("chaincode name %q is invalid: use letters, digits, '_', '-', starting with a letter or digit", a.GetName())
	case a.GetVersion() == "":
		return fmt.Errorf("chaincode %q: version is empty", a.GetName())
	case a.GetSequence() < 1:
		return fmt.Errorf("chaincode %q: sequence %d is not positive", a.GetName(), a.GetSequence())
	}
	if len(a.GetValidationParameter()) > 0 {
		ap := &peer.ApplicationPolicy{}
		if err := proto.Unmarshal(a.GetValidationParameter(), ap); err != nil || ap.GetType() == nil {
			return fmt.Errorf("chaincode %q: validation parameter is not an ApplicationPolicy: %v", a.GetName(), errOr(err, "no policy"))
		}
		if err := CheckApplicationPolicy(ap); err != nil {
			return fmt.Errorf("chaincode %q: endorsement policy: %w", a.GetName(), err)
		}
	}
	seen := map[string]bool{}
	for _, c := range a.GetCollections().GetConfig() {
		sc := c.GetStaticCollectionConfig()
		if sc == nil || sc.GetName() == "" {
			return fmt.Errorf("chaincode %q: a collection has no static config or no name", a.GetName())
		}
		if strings.HasPrefix(sc.GetName(), "_") {
			return fmt.Errorf("chaincode %q: collection name %q must not start with '_'", a.GetName(), sc.GetName())
		}
		if seen[sc.GetName()] {
			return fmt.Errorf("chaincode %q: collection %q is defined twice", a.GetName(), sc.GetName())
		}
		seen[sc.GetName()] = true
		env := sc.GetMemberOrgsPolicy().GetSignaturePolicy()
		if env == nil {
			return fmt.Errorf("chaincode %q: collection %q has no member_orgs_policy signature policy", a.GetName(), sc.GetName())
		}
		if err := CheckSignaturePolicy(env); err != nil {
			return fmt.Errorf("chaincode %q: collection %q: member_orgs_policy: %w", a.GetName(), sc.GetName(), err)
		}
		if ep := sc.GetEndorsementPolicy(); ep.GetType() != nil {
			if err := CheckApplicationPolicy(ep); err != nil {
				return fmt.Errorf("chaincode %q: collection %q: endorsement policy: %w", a.GetName(), sc.GetName(), err)
			}
		}
	}
	return nil
}

func validName(s string) bool {
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case (r == '_' || r == '-') && i > 0:
		default:
			return false
		}
	}
	return s != ""
}

func errOr(err error, s string) string {
	if err != nil {
		return err.Error()
	}
	return s
}

// DefinitionFromRecord decodes a committed definition record: the public
// parameters only. Its PackageID is empty: which package a peer runs is its
// org's approval (PolicySource.Definition resolves it). A record committed
// before package ids became per-org still decodes; the package id inside it
// is not returned here.
func DefinitionFromRecord(record []byte) (*Definition, error) {
	a := &lb.ApproveChaincodeDefinitionForMyOrgArgs{}
	if err := proto.Unmarshal(record, a); err != nil {
		return nil, fmt.Errorf("lifecycle: decode definition record: %w", err)
	}
	return definitionFromArgs(a)
}

func definitionFromArgs(a *lb.ApproveChaincodeDefinitionForMyOrgArgs) (*Definition, error) {
	ap := &peer.ApplicationPolicy{Type: &peer.ApplicationPolicy_ChannelConfigPolicyReference{ChannelConfigPolicyReference: DefaultEndorsementPolicyRef}}
	if len(a.GetValidationParameter()) > 0 {
		ap = &peer.ApplicationPolicy{}
		if err := proto.Unmarshal(a.GetValidationParameter(), ap); err != nil {
			return nil, fmt.Errorf("lifecycle: definition of %q: endorsement policy: %w", a.GetName(), err)
		}
	}
	return &Definition{
		Name: a.GetName(), Version: a.GetVersion(), Sequence: a.GetSequence(),
		EndorsementPolicy: ap, Collections: a.GetCollections(), InitRequired: a.GetInitRequired(),
	}, nil
}

// StateGetter reads one public key; ledger.StateReader and snapshots satisfy
// it through GetStateFunc.
type StateGetter interface {
	GetState(ns, key string) (*ledger.VersionedValue, error)
}

// ReadDefinition reads the committed definition of a chaincode from state.
// It returns an error wrapping ErrNotDefined when there is none.
func ReadDefinition(st StateGetter, name string) (*Definition, error) {
	v, err := st.GetState(Namespace, DefinitionKey(name))
	if err != nil {
		return nil, fmt.Errorf("lifecycle: read definition of %q: %w", name, err)
	}
	if v == nil || len(v.Value) == 0 {
		return nil, fmt.Errorf("chaincode %q: %w", name, ErrNotDefined)
	}
	return DefinitionFromRecord(v.Value)
}

// readDefinition is ReadDefinition plus the canonical record and the
// package id a record committed before per-org sources carries.
func readDefinition(st StateGetter, name string) (*Definition, []byte, string, error) {
	v, err := st.GetState(Namespace, DefinitionKey(name))
	if err != nil {
		return nil, nil, "", fmt.Errorf("lifecycle: read definition of %q: %w", name, err)
	}
	if v == nil || len(v.Value) == 0 {
		return nil, nil, "", fmt.Errorf("chaincode %q: %w", name, ErrNotDefined)
	}
	rec, a, err := canonicalRecord(v.Value)
	if err != nil {
		return nil, nil, "", err
	}
	def, err := definitionFromArgs(a)
	if err != nil {
		return nil, nil, "", err
	}
	return def, rec, PackageID(a), nil
}

// fieldsEnd bounds a scan of every key under fieldsPrefix ("namespaces/fields/"):
// it is the prefix with its last byte incremented, so it stays valid UTF-8
// (a "\xff" bound would not, and the simulator refuses to record it).
var fieldsEnd = fieldsPrefix[:len(fieldsPrefix)-1] + string(rune(fieldsPrefix[len(fieldsPrefix)-1]+1))

// ListDefinitions reads every committed definition, sorted by name.
func ListDefinitions(st ledger.StateReader) ([]*Definition, error) {
	it, err := st.GetStateRange(Namespace, fieldsPrefix, fieldsEnd)
	if err != nil {
		return nil, fmt.Errorf("lifecycle: list definitions: %w", err)
	}
	defer it.Close()
	var out []*Definition
	for {
		kv, err := it.Next()
		if err != nil {
			return nil, fmt.Errorf("lifecycle: list definitions: %w", err)
		}
		if kv == nil {
			sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
			return out, nil
		}
		if !strings.HasSuffix(kv.Key, definitionFld) {
			continue
		}
		d, err := DefinitionFromRecord(kv.Value)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
}

func encodeSequence(seq int64) []byte {
	return protoMarshal(&lb.StateData{Type: &lb.StateData_Int64{Int64: seq}})
}

func decodeSequence(b []byte) (int64, error) {
	if len(b) == 0 {
		return 0, nil
	}
	sd := &lb.StateData{}
	if err := proto.Unmarshal(b, sd); err != nil {
		return 0, fmt.Errorf("lifecycle: decode sequence: %w", err)
	}
	return sd.GetInt64(), nil
}

func protoMarshal(m proto.Message) []byte {
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(m)
	if err != nil {
		panic(fmt.Sprintf("lifecycle: marshal %T: %v", m, err))
	}
	return b
}
