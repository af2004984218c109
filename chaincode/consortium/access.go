package consortium

import (
	"fmt"
	"slices"
)

// RoleAttribute is the Fabric CA certificate attribute that can carry a
// caller's role when the MSP does not use NodeOUs for it.
const RoleAttribute = "saharanet.role"

// caller is who submitted the transaction.
type caller struct {
	MSP   string
	Admin bool
	Roles []string // values of RoleAttribute, plus "admin" for NodeOU admins
}

// who identifies the caller: its MSP ID, and whether it is an admin, from
// the NodeOU ("admin" in the certificate's subject OUs) or from the
// certificate attribute saharanet.role=admin. The MSP has already
// validated the certificate chain, so its OUs and attributes are the CA's.
func who(ctx ctxT) (caller, error) {
	id := ctx.GetClientIdentity()
	msp, err := id.GetMSPID()
	if err != nil {
		return caller{}, fmt.Errorf("caller identity: %w", err)
	}
	c := caller{MSP: msp}
	if cert, err := id.GetX509Certificate(); err == nil && cert != nil && slices.Contains(cert.Subject.OrganizationalUnit, "admin") {
		c.Admin = true
		c.Roles = append(c.Roles, "admin")
	}
	if v, found, err := id.GetAttributeValue(RoleAttribute); err == nil && found {
		c.Roles = append(c.Roles, v)
		if v == "admin" {
			c.Admin = true
		}
	}
	return c, nil
}

func (c caller) has(role string) bool { return slices.Contains(c.Roles, role) }

func (c caller) requireOrg(org, action string) error {
	if c.MSP != org {
		return fmt.Errorf("access denied: %s is for members of %s, caller is from %s", action, org, c.MSP)
	}
	return nil
}

func (c caller) requireAdmin(action string) error {
	if !c.Admin {
		return fmt.Errorf("access denied: %s needs an admin of %s (NodeOU admin or %s=admin)", action, c.MSP, RoleAttribute)
	}
	return nil
}

func (c caller) requireOrgAdmin(org, action string) error {
	if err := c.requireOrg(org, action); err != nil {
		return err
	}
	return c.requireAdmin(action)
}
