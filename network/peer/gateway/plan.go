package gateway

import (
	"crypto/x509"
	"errors"
	"fmt"
	"sort"
	"time"

	mspproto "github.com/hyperledger/fabric-protos-go-apiv2/msp"
	"google.golang.org/protobuf/proto"

	"github.com/saharanet/saharanet/network/msp"
	"github.com/saharanet/saharanet/network/policy"
)

// maxPlanOrgs bounds the subset search (2^n evaluations of a policy that
// costs microseconds without cryptography).
const maxPlanOrgs = 16

// planOrgs returns the smallest set of orgs, drawn from candidates in order
// of preference (local org first), whose peers' endorsements would satisfy
// pol. Each org is represented by a stand-in identity that satisfies
// member and peer principals of its MSP, which is what an endorsing peer of
// that org does; principals naming admins, clients or specific identities
// are never satisfied by an endorsement plan.
func planOrgs(pol policy.Policy, candidates []string) ([]string, error) {
	if len(candidates) == 0 {
		return nil, errors.New("no orgs with known peers")
	}
	if len(candidates) > maxPlanOrgs {
		candidates = candidates[:maxPlanOrgs]
	}
	ids := make([]msp.Identity, len(candidates))
	for i, m := range candidates {
		ids[i] = planIdentity(m)
	}
	n := len(candidates)
	for k := 1; k <= n; k++ {
		var found []string
		combinations(n, k, func(idx []int) bool {
			set := make([]msp.Identity, len(idx))
			for i, j := range idx {
				set[i] = ids[j]
			}
			if policy.EvaluateIdentities(pol, set) == nil {
				found = make([]string, len(idx))
				for i, j := range idx {
					found[i] = candidates[j]
				}
				return false
			}
			return true
		})
		if found != nil {
			return found, nil
		}
	}
	sorted := append([]string(nil), candidates...)
	sort.Strings(sorted)
	return nil, fmt.Errorf("no combination of peers of orgs %v can satisfy the endorsement policy", sorted)
}

// combinations calls f with every k-subset of 0..n-1 in lexicographic order
// until f returns false.
func combinations(n, k int, f func([]int) bool) {
	idx := make([]int, k)
	for i := range idx {
		idx[i] = i
	}
	for {
		if !f(idx) {
			return
		}
		i := k - 1
		for i >= 0 && idx[i] == n-k+i {
			i--
		}
		if i < 0 {
			return
		}
		idx[i]++
		for j := i + 1; j < k; j++ {
			idx[j] = idx[j-1] + 1
		}
	}
}

// planIdentity stands in for "some peer of this MSP" during planning.
type planIdentity string

func (p planIdentity) MSPID() string                  { return string(p) }
func (p planIdentity) ID() string                     { return "endorsement-plan:" + string(p) }
func (p planIdentity) Certificate() *x509.Certificate { return nil }
func (p planIdentity) Validate() error                { return nil }
func (p planIdentity) ExpiresAt() time.Time           { return time.Time{} }
func (p planIdentity) Verify(msg, sig []byte) error   { return errors.New("plan identity cannot verify") }
func (p planIdentity) Serialize() []byte {
	b, _ := proto.Marshal(&mspproto.SerializedIdentity{Mspid: string(p)})
	return b
}

func (p planIdentity) SatisfiesPrincipal(pr *mspproto.MSPPrincipal) error {
	if pr.GetPrincipalClassification() != mspproto.MSPPrincipal_ROLE {
		return errors.New("plan identity satisfies role principals only")
	}
	role := &mspproto.MSPRole{}
	if err := proto.Unmarshal(pr.GetPrincipal(), role); err != nil {
		return err
	}
	if role.GetMspIdentifier() != string(p) {
		return errors.New("other MSP")
	}
	switch role.GetRole() {
	case mspproto.MSPRole_MEMBER, mspproto.MSPRole_PEER:
		return nil
	}
	return fmt.Errorf("role %s is not an endorsing peer's", role.GetRole())
}
