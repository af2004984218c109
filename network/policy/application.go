package policy

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"github.com/saharanet/saharanet/network/msp"
)

// NewApplicationPolicy compiles a chaincode (or collection) endorsement
// policy (§4.4): signature_policy is compiled against d;
// channel_config_policy_reference resolves in channel at evaluation time, so
// a reference to a missing policy fails evaluation (as an endorsement policy
// failure, like Fabric), not construction.
func NewApplicationPolicy(ap *peer.ApplicationPolicy, d msp.IdentityDeserializer, channel Manager) (Policy, error) {
	switch t := ap.GetType().(type) {
	case *peer.ApplicationPolicy_SignaturePolicy:
		if t.SignaturePolicy == nil {
			return nil, errors.New("application policy: empty signature policy")
		}
		return NewSignaturePolicy(t.SignaturePolicy, d)
	case *peer.ApplicationPolicy_ChannelConfigPolicyReference:
		if t.ChannelConfigPolicyReference == "" {
			return nil, errors.New("application policy: empty channel config policy reference")
		}
		if channel == nil {
			return nil, fmt.Errorf("application policy: reference %q but no channel policy manager", t.ChannelConfigPolicyReference)
		}
		return &channelReference{path: t.ChannelConfigPolicyReference, channel: channel}, nil
	case nil:
		return nil, errors.New("application policy: no policy set")
	default:
		return nil, fmt.Errorf("application policy: unsupported type %T", t)
	}
}

// channelReference is an endorsement policy that names a channel policy.
type channelReference struct {
	path    string
	channel Manager
}

func (r *channelReference) EvaluateSignedData(set []*SignedData) error {
	p, ok := r.channel.GetPolicy(r.path)
	if !ok {
		return fmt.Errorf("channel policy reference %s: no such policy: %w", r.path, ErrNotSatisfied)
	}
	return p.EvaluateSignedData(set)
}

func (r *channelReference) EvaluateIdentities(ids []msp.Identity) error {
	p, ok := r.channel.GetPolicy(r.path)
	if !ok {
		return fmt.Errorf("channel policy reference %s: no such policy: %w", r.path, ErrNotSatisfied)
	}
	return EvaluateIdentities(p, ids)
}

// ParseApplicationPolicy accepts what `peer lifecycle --signature-policy /
// --channel-config-policy` accept: a path starting with "/" becomes a
// channel_config_policy_reference, anything else is parsed by FromString.
func ParseApplicationPolicy(s string) (*peer.ApplicationPolicy, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, PathSeparator) {
		for _, part := range strings.Split(s[1:], PathSeparator) {
			if part == "" {
				return nil, fmt.Errorf("channel policy reference %q has an empty path element", s)
			}
		}
		return &peer.ApplicationPolicy{Type: &peer.ApplicationPolicy_ChannelConfigPolicyReference{ChannelConfigPolicyReference: s}}, nil
	}
	env, err := FromString(s)
	if err != nil {
		return nil, err
	}
	return &peer.ApplicationPolicy{Type: &peer.ApplicationPolicy_SignaturePolicy{SignaturePolicy: env}}, nil
}
