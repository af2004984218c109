package validation_test

import (
	"errors"
	"io"
	"log/slog"

	"github.com/saharanet/saharanet/network/msp"
)

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// noMSP knows no identities: enough for a config-only example.
type noMSP struct{}

func (noMSP) DeserializeIdentity([]byte) (msp.Identity, error) {
	return nil, errors.New("no MSP configured")
}
