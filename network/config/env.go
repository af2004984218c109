// Package config applies environment overrides to node configuration
// structs, the way Fabric's nodes accept CORE_PEER_* and ORDERER_GENERAL_*
// variables on top of core.yaml and orderer.yaml.
package config

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// ApplyEnv sets fields of the struct cfg points to from vars named
// PREFIX_FIELD_SUBFIELD..., where each name part is a field's yaml tag in
// upper case (CORE_PEER_TLS_ENABLED sets Peer.TLS.Enabled under prefix
// CORE). Used names are deleted from vars, so callers can reject the rest.
func ApplyEnv(cfg any, prefix string, vars map[string]string) error {
	v := reflect.ValueOf(cfg)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("config: ApplyEnv needs a pointer to a struct, got %T", cfg)
	}
	return applyEnv(v.Elem(), prefix, vars)
}

var durationType = reflect.TypeOf(time.Duration(0))

func applyEnv(v reflect.Value, prefix string, vars map[string]string) error {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name := prefix + "_" + strings.ToUpper(strings.Split(f.Tag.Get("yaml"), ",")[0])
		fv := v.Field(i)
		if f.Type.Kind() == reflect.Struct {
			if err := applyEnv(fv, name, vars); err != nil {
				return err
			}
			continue
		}
		s, ok := vars[name]
		if !ok {
			continue
		}
		delete(vars, name)
		if err := setField(fv, s); err != nil {
			return fmt.Errorf("%s=%q: %w", name, s, err)
		}
	}
	return nil
}

func setField(fv reflect.Value, s string) error {
	switch {
	case fv.Type() == durationType:
		d, err := time.ParseDuration(s)
		if err != nil {
			return err
		}
		fv.SetInt(int64(d))
	case fv.Kind() == reflect.String:
		fv.SetString(s)
	case fv.Kind() == reflect.Bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return err
		}
		fv.SetBool(b)
	case fv.Kind() == reflect.Int:
		n, err := strconv.Atoi(s)
		if err != nil {
			return err
		}
		fv.SetInt(int64(n))
	case fv.Kind() == reflect.Uint64:
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return err
		}
		fv.SetUint(n)
	case fv.Kind() == reflect.Slice && fv.Type().Elem().Kind() == reflect.String:
		s = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(s), "["), "]")
		var out []string
		for _, p := range strings.Split(s, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		fv.Set(reflect.ValueOf(out))
	default:
		return fmt.Errorf("unsupported field type %s", fv.Type())
	}
	return nil
}

// Load fills cfg from the YAML file at path (when path is not empty;
// unknown keys are an error) and then from the PREFIX_* variables of env
// (os.Environ form). It returns the folder relative paths in the file are
// resolved against ("." without a file) and, sorted, the PREFIX_* variables
// that matched no field, which each program treats as its policy demands.
func Load(cfg any, path, prefix string, env []string) (base string, unknown []string, err error) {
	base = "."
	if path != "" {
		raw, err := os.ReadFile(path)
		if err != nil {
			return "", nil, fmt.Errorf("read config: %w", err)
		}
		dec := yaml.NewDecoder(bytes.NewReader(raw))
		dec.KnownFields(true)
		if err := dec.Decode(cfg); err != nil {
			return "", nil, fmt.Errorf("parse %s: %w", path, err)
		}
		base = filepath.Dir(path)
	}
	vars := map[string]string{}
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok && strings.HasPrefix(k, prefix+"_") {
			vars[k] = v
		}
	}
	if err := ApplyEnv(cfg, prefix, vars); err != nil {
		return "", nil, err
	}
	for k := range vars {
		unknown = append(unknown, k)
	}
	sort.Strings(unknown)
	return base, unknown, nil
}
