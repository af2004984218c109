package msp

import (
	"errors"
	"fmt"
	"sort"

	mspproto "github.com/hyperledger/fabric-protos-go-apiv2/msp"
	"google.golang.org/protobuf/proto"
)

// Manager dispatches identities to the MSP named in them. It is immutable
// and safe for concurrent use; a channel config change builds a new one.
type Manager struct {
	msps map[string]*MSP
	ids  []string
}

var _ IdentityDeserializer = (*Manager)(nil)
var _ IdentityDeserializer = (*MSP)(nil)

// NewManager indexes msps by ID; nil entries and duplicate IDs are errors.
func NewManager(msps ...*MSP) (*Manager, error) {
	mg := &Manager{msps: make(map[string]*MSP, len(msps))}
	for i, m := range msps {
		if m == nil {
			return nil, fmt.Errorf("msp: manager: MSP #%d is nil", i)
		}
		if _, dup := mg.msps[m.name]; dup {
			return nil, fmt.Errorf("msp: manager: duplicate MSP ID %q", m.name)
		}
		mg.msps[m.name] = m
		mg.ids = append(mg.ids, m.name)
	}
	sort.Strings(mg.ids)
	return mg, nil
}

// MSP returns the MSP with the given ID.
func (mg *Manager) MSP(id string) (*MSP, bool) {
	m, ok := mg.msps[id]
	return m, ok
}

// MSPIDs returns the sorted MSP IDs.
func (mg *Manager) MSPIDs() []string { return append([]string(nil), mg.ids...) }

// DeserializeIdentity parses SerializedIdentity bytes and hands the
// certificate to the named MSP; an unknown MSP ID is an error naming it.
func (mg *Manager) DeserializeIdentity(serialized []byte) (Identity, error) {
	if len(serialized) == 0 {
		return nil, errors.New("msp: empty serialized identity")
	}
	sid := &mspproto.SerializedIdentity{}
	if err := proto.Unmarshal(serialized, sid); err != nil {
		return nil, fmt.Errorf("msp: could not unmarshal SerializedIdentity: %w", err)
	}
	m, ok := mg.msps[sid.Mspid]
	if !ok {
		return nil, fmt.Errorf("msp: unknown MSP ID %q", sid.Mspid)
	}
	id, err := m.deserializeIDBytes(sid.IdBytes)
	if err != nil {
		return nil, err // not a typed-nil Identity
	}
	return id, nil
}
