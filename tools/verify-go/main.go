// Command verify-go checks Truce's record with code Truce did not write: Go's own transparency-log
// packages golang.org/x/mod/sumdb/note (signed notes) and golang.org/x/mod/sumdb/tlog (RFC 6962 trees
// and proofs), as Debian ships them (golang-golang-x-mod-dev). It is written from docs/record.md, not
// from the Python code, so that the two verifiers agreeing means the format is what the document says.
//
//	verify-go bundle [-key VKEY] [-witness VKEY]... [-quorum N] [-trusted FILE] DIR
//	verify-go proof -key VKEY [-witness VKEY]... [-quorum N] [-entry FILE] FILE
//	verify-go consistency -key VKEY -old CHECKPOINT -new CHECKPOINT PROOF_FILE
//
// Exit status 0 and a line starting "OK" when the input verifies, 1 and "FAILED: <where>: <why>" when it
// does not, 2 for a usage error.
package main

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type failure struct{ where, why string }

func (f *failure) Error() string { return f.where + ": " + f.why }

func fail(where, format string, args ...any) error {
	return &failure{where, fmt.Sprintf(format, args...)}
}

type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }

// cosigVerifier verifies C2SP tlog-cosignature cosignature/v1 lines (key type 0x04), which the
// x/mod note package does not know: it signs "cosignature/v1\ntime <T>\n" + note text, and the
// signature is an 8-byte big-endian timestamp followed by the Ed25519 signature.
type cosigVerifier struct {
	name string
	hash uint32
	pub  ed25519.PublicKey
}

func (v *cosigVerifier) Name() string    { return v.name }
func (v *cosigVerifier) KeyHash() uint32 { return v.hash }
func (v *cosigVerifier) Verify(msg, sig []byte) bool {
	if len(sig) != 8+ed25519.SignatureSize {
		return false
	}
	t := binary.BigEndian.Uint64(sig[:8])
	if t >= 1<<63 {
		return false
	}
	signed := append([]byte("cosignature/v1\ntime "+strconv.FormatUint(t, 10)+"\n"), msg...)
	return ed25519.Verify(v.pub, signed, sig[8:])
}

func keyHash(name string, key []byte) uint32 {
	h := sha256.Sum256(append([]byte(name+"\n"), key...))
	return binary.BigEndian.Uint32(h[:4])
}

// witnessVerifier accepts a witness vkey written with type 0x04 (the spec's) or 0x01 (docs/record.md
// §6): the cosignature key hash is always computed with 0x04.
func witnessVerifier(vkey string) (*cosigVerifier, error) {
	parts := strings.SplitN(vkey, "+", 3)
	if len(parts) != 3 {
		return nil, fmt.Errorf("witness key %q is not name+hash+base64", vkey)
	}
	key, err := base64.StdEncoding.DecodeString(parts[2])
	if err != nil || len(key) != 33 || (key[0] != 0x01 && key[0] != 0x04) {
		return nil, fmt.Errorf("witness key %q: not a type byte 0x04 or 0x01 and 32 bytes", parts[0])
	}
	h, err := strconv.ParseUint(parts[1], 16, 32)
	if err != nil || len(parts[1]) != 8 || uint32(h) != keyHash(parts[0], key) {
		return nil, fmt.Errorf("witness key %q: key hash does not match", parts[0])
	}
	pub := ed25519.PublicKey(key[1:])
	return &cosigVerifier{parts[0], keyHash(parts[0], append([]byte{0x04}, pub...)), pub}, nil
}

type checkpoint struct {
	origin     string
	size       int64
	root       tlog.Hash
	extensions []string
}

func parseCheckpoint(text string) (checkpoint, error) {
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if len(lines) < 3 {
		return checkpoint{}, errors.New("a checkpoint has at least three lines")
	}
	for _, l := range lines {
		if l == "" {
			return checkpoint{}, errors.New("empty line in checkpoint text")
		}
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 || strconv.FormatInt(size, 10) != lines[1] {
		return checkpoint{}, fmt.Errorf("size %q is not a decimal without leading zeros", lines[1])
	}
	root, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(root) != tlog.HashSize || base64.StdEncoding.EncodeToString(root) != lines[2] {
		return checkpoint{}, fmt.Errorf("root %q is not the canonical base64 of 32 bytes", lines[2])
	}
	var h tlog.Hash
	copy(h[:], root)
	return checkpoint{lines[0], size, h, lines[3:]}, nil
}

// noteText is the text of a signed note (up to its last empty line), without checking signatures.
func noteText(msg []byte) (string, error) {
	i := bytes.LastIndex(msg, []byte("\n\n"))
	if i < 0 {
		return "", errors.New("no empty line before the signatures")
	}
	return string(msg[:i+1]), nil
}

// The log key's rotation (docs/record.md §5.1): an entry of this type names the old and the new key;
// the first checkpoint beyond it (the handover) announces the new key in an extension line and is
// signed by both; every later checkpoint by the new key.
const rotationType = "RecordKeyRotated"
const keyExtension = "truce-log-key "

type rotation struct {
	index    int64
	old, new string
}

type logKey struct {
	vkey string
	v    note.Verifier
}

// chain follows the log key from the trusted one through each handover.
type chain struct {
	origin    string
	current   logKey
	keys      []logKey
	retired   []logKey
	pending   []rotation
	witnesses []*cosigVerifier
}

func (c *chain) isLog(s note.Signature) bool {
	for _, k := range c.keys {
		if s.Name == k.v.Name() && s.Hash == k.v.KeyHash() {
			return true
		}
	}
	return false
}

func signedBy(n *note.Note, k logKey) bool {
	for _, s := range n.Sigs {
		if s.Name == k.v.Name() && s.Hash == k.v.KeyHash() {
			return true
		}
	}
	return false
}

func (c *chain) require(n *note.Note, k logKey, what string) error {
	if signedBy(n, k) {
		return nil
	}
	for _, r := range c.retired {
		if signedBy(n, r) {
			return fmt.Errorf("signed by the retired log key %08x, not by %s %08x", r.v.KeyHash(), what, k.v.KeyHash())
		}
	}
	for _, s := range n.UnverifiedSigs {
		if s.Name == c.origin {
			return fmt.Errorf("signed by log key %08x, which no rotation announced, not by %s %08x", s.Hash, what, k.v.KeyHash())
		}
	}
	return fmt.Errorf("not signed by %s %08x", what, k.v.KeyHash())
}

// open verifies one checkpoint (in increasing size) and returns its trusted cosigners.
func (c *chain) open(msg []byte, cp checkpoint) ([]string, error) {
	var announced []string
	for _, e := range cp.extensions {
		if strings.HasPrefix(e, keyExtension) {
			announced = append(announced, strings.TrimPrefix(e, keyExtension))
		}
	}
	if len(announced) > 1 {
		return nil, errors.New("announces more than one new log key")
	}
	var due []rotation
	for _, r := range c.pending {
		if r.index < cp.size {
			due = append(due, r)
		}
	}
	if len(due) > 1 {
		return nil, fmt.Errorf("rotation entries %d and %d have no checkpoint between them", due[0].index, due[1].index)
	}
	list := []note.Verifier{c.current.v}
	var next logKey
	if len(due) == 1 {
		r := due[0]
		if r.old != c.current.vkey {
			return nil, fmt.Errorf("rotation entry %d leaves key %s, but the trusted key is %s", r.index, r.old, c.current.vkey)
		}
		v, err := note.NewVerifier(r.new)
		if err != nil {
			return nil, fmt.Errorf("rotation entry %d: new key: %v", r.index, err)
		}
		// note.NewVerifier accepts only Ed25519 (type 0x01) keys, the log's kind.
		if v.Name() != c.origin {
			return nil, fmt.Errorf("rotation entry %d: the new key is not a log key named %s", r.index, c.origin)
		}
		if v.KeyHash() == c.current.v.KeyHash() {
			return nil, fmt.Errorf("rotation entry %d names the key it leaves", r.index)
		}
		if len(announced) != 1 || announced[0] != r.new {
			return nil, fmt.Errorf("handover checkpoint of rotation entry %d does not announce its new key", r.index)
		}
		next = logKey{r.new, v}
		list = append(list, v)
	} else if len(announced) == 1 && announced[0] != c.current.vkey {
		return nil, fmt.Errorf("announces log key %s that no rotation entry before it names", announced[0])
	}
	for _, w := range c.witnesses {
		list = append(list, w)
	}
	for _, r := range c.retired {
		list = append(list, r.v)
	}
	n, err := note.Open(msg, note.VerifierList(list...))
	var unverified *note.UnverifiedNoteError
	if errors.As(err, &unverified) {
		n = unverified.Note // signed by no trusted key: require says by which key instead
	} else if err != nil {
		return nil, err
	}
	if len(due) == 1 {
		if err := c.require(n, c.current, "the old log key"); err != nil {
			return nil, err
		}
		if err := c.require(n, next, "the new log key"); err != nil {
			return nil, err
		}
		c.pending = c.pending[1:]
		c.retired = append(c.retired, c.current)
		c.current = next
		c.keys = append(c.keys, next)
	} else if err := c.require(n, c.current, "the current log key"); err != nil {
		return nil, err
	}
	var cosigners []string
	for _, s := range n.Sigs {
		if !c.isLog(s) {
			cosigners = append(cosigners, s.Name)
		}
	}
	sort.Strings(cosigners)
	return cosigners, nil
}

// trust is what the verifier believes: the log key and the witnesses' keys and quorum.
type trust struct {
	log       note.Verifier
	witnesses []*cosigVerifier
	quorum    int
}

func (t trust) verifiers() note.Verifiers {
	all := []note.Verifier{t.log}
	for _, w := range t.witnesses {
		all = append(all, w)
	}
	return note.VerifierList(all...)
}

// open verifies a signed checkpoint: signed by the log key, lines by unknown keys ignored (C2SP
// signed-note; note.Open keeps them in UnverifiedSigs), and returns it with its trusted cosigners.
func (t trust) open(msg []byte) (checkpoint, []string, error) {
	n, err := note.Open(msg, t.verifiers())
	if err != nil {
		return checkpoint{}, nil, err
	}
	cp, err := parseCheckpoint(n.Text)
	if err != nil {
		return checkpoint{}, nil, err
	}
	logSigned := false
	var cosigners []string
	for _, s := range n.Sigs {
		if s.Name == t.log.Name() && s.Hash == t.log.KeyHash() {
			logSigned = true
		} else {
			cosigners = append(cosigners, s.Name)
		}
	}
	if !logSigned {
		return cp, nil, errors.New("not signed by the log key")
	}
	sort.Strings(cosigners)
	return cp, cosigners, nil
}

type keysFile struct {
	Format    string `json:"format"`
	Origin    string `json:"origin"`
	LogVkey   string `json:"log_vkey"`
	Witnesses []struct {
		Name string `json:"name"`
		Vkey string `json:"vkey"`
	} `json:"witnesses"`
	Quorum *int  `json:"quorum"`
	Public *bool `json:"public"`
}

type pins struct {
	key       string
	witnesses multi
	quorum    int
	trusted   string
	entry     string
}

func bindPins(fs *flag.FlagSet, p *pins) {
	fs.StringVar(&p.key, "key", "", "the log's verifier key you trust")
	fs.Var(&p.witnesses, "witness", "a witness verifier key you trust (repeat)")
	fs.IntVar(&p.quorum, "quorum", -1, "witness cosignatures required")
}

type hashes []tlog.Hash

// emptyRoot is RFC 6962's root of the empty tree, SHA-256 of nothing; tlog.TreeHash(0) returns the
// all-zero hash instead, so size 0 is answered here (docs/record.md §2).
var emptyRoot = tlog.Hash(sha256.Sum256(nil))

func treeHash(n int64, r tlog.HashReader) (tlog.Hash, error) {
	if n == 0 {
		return emptyRoot, nil
	}
	return tlog.TreeHash(n, r)
}

func (h hashes) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		if x < 0 || x >= int64(len(h)) {
			return nil, fmt.Errorf("hash %d not stored", x)
		}
		out[i] = h[x]
	}
	return out, nil
}

func verifyBundle(dir string, p pins) (string, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "keys.json"))
	if err != nil {
		return "", fail("keys.json", "%v", err)
	}
	var keys keysFile
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&keys); err != nil || keys.Quorum == nil || keys.Public == nil {
		return "", fail("keys.json", "not the six members of docs/record.md §7 (%v)", err)
	}
	if keys.Format != "truce-record-bundle/v1" {
		return "", fail("keys.json", "format %q", keys.Format)
	}
	if p.key != "" && p.key != keys.LogVkey {
		return "", fail("keys.json", "log_vkey is not the pinned log key")
	}
	var t trust
	if t.log, err = note.NewVerifier(keys.LogVkey); err != nil {
		return "", fail("keys.json", "log key: %v", err)
	}
	listed := map[string]*cosigVerifier{}
	for _, w := range keys.Witnesses {
		v, err := witnessVerifier(w.Vkey)
		if err != nil || v.name != w.Name {
			return "", fail("keys.json", "witness %s: bad key (%v)", w.Name, err)
		}
		listed[w.Name] = v
		t.witnesses = append(t.witnesses, v)
	}
	if len(p.witnesses) > 0 {
		t.witnesses = nil
		for _, vkey := range p.witnesses {
			v, err := witnessVerifier(vkey)
			if err != nil {
				return "", fail("pinned witness keys", "%v", err)
			}
			if other, ok := listed[v.name]; ok && !bytes.Equal(other.pub, v.pub) {
				return "", fail("keys.json", "witness %s: the bundle lists another key than the pinned one", v.name)
			}
			t.witnesses = append(t.witnesses, v)
		}
	}
	t.quorum = *keys.Quorum
	if p.quorum >= 0 {
		t.quorum = p.quorum
	}

	type signed struct {
		msg       []byte
		cp        checkpoint
		cosigners []string
	}
	var cps []signed
	names, err := os.ReadDir(filepath.Join(dir, "checkpoints"))
	if err != nil || len(names) == 0 {
		return "", fail("checkpoints/", "the bundle holds no checkpoint")
	}
	for _, e := range names {
		where := "checkpoints/" + e.Name()
		msg, err := os.ReadFile(filepath.Join(dir, "checkpoints", e.Name()))
		if err != nil {
			return "", fail(where, "%v", err)
		}
		text, err := noteText(msg)
		if err != nil {
			return "", fail(where, "%v", err)
		}
		cp, err := parseCheckpoint(text)
		if err != nil {
			return "", fail(where, "%v", err)
		}
		if strconv.FormatInt(cp.size, 10) != e.Name() {
			return "", fail(where, "file name is not the checkpoint's size %d", cp.size)
		}
		if cp.origin != keys.Origin {
			return "", fail(where, "origin %q is not the bundle's %q", cp.origin, keys.Origin)
		}
		cps = append(cps, signed{msg, cp, nil})
	}
	sort.Slice(cps, func(i, j int) bool { return cps[i].cp.size < cps[j].cp.size })
	var rotations []rotation

	// Entries: index and hash chain, then every leaf through tlog's stored-hash layout.
	f, err := os.Open(filepath.Join(dir, "entries.jsonl"))
	if err != nil {
		return "", fail("entries.jsonl", "%v", err)
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<20)
	var stored hashes
	sealed := map[int64]map[string]string{}
	prev := strings.Repeat("0", 64)
	var n int64
	for {
		line, err := r.ReadBytes('\n')
		if len(line) == 0 && err != nil {
			break
		}
		where := fmt.Sprintf("entries.jsonl line %d (index %d)", n+1, n)
		if !bytes.HasSuffix(line, []byte("\n")) {
			return "", fail(where, "does not end in a newline")
		}
		data := line[:len(line)-1]
		var e struct {
			V         *int              `json:"v"`
			Index     *int64            `json:"index"`
			Prev      string            `json:"prev"`
			Time      string            `json:"time"`
			Type      string            `json:"type"`
			Agreement *string           `json:"agreement"`
			Subject   string            `json:"subject"`
			Data      map[string]any    `json:"data"`
			Sealed    map[string]string `json:"sealed"`
		}
		d := json.NewDecoder(bytes.NewReader(data))
		d.DisallowUnknownFields()
		if err := d.Decode(&e); err != nil || e.V == nil || *e.V != 1 || e.Index == nil || e.Data == nil || e.Sealed == nil {
			return "", fail(where, "not an entry of docs/record.md §1 (%v)", err)
		}
		if *e.Index != n {
			return "", fail(where, "index is %d", *e.Index)
		}
		if e.Prev != prev {
			return "", fail(where, "chain broken: prev is not the SHA-256 of the previous entry")
		}
		if e.Type == rotationType {
			oldKey, ok1 := e.Data["old_vkey"].(string)
			newKey, ok2 := e.Data["new_vkey"].(string)
			if !ok1 || !ok2 {
				return "", fail(where, "rotation entry must name old_vkey and new_vkey as strings")
			}
			rotations = append(rotations, rotation{n, oldKey, newKey})
		}
		sum := sha256.Sum256(data)
		prev = hex.EncodeToString(sum[:])
		if len(e.Sealed) > 0 {
			sealed[n] = e.Sealed
		}
		more, err := tlog.StoredHashes(n, data, stored)
		if err != nil {
			return "", fail(where, "%v", err)
		}
		stored = append(stored, more...)
		n++
	}

	c := &chain{origin: keys.Origin, current: logKey{keys.LogVkey, t.log}, pending: rotations, witnesses: t.witnesses}
	c.keys = []logKey{c.current}
	for i := range cps {
		cosigners, err := c.open(cps[i].msg, cps[i].cp)
		if err != nil {
			return "", fail(fmt.Sprintf("checkpoints/%d", cps[i].cp.size), "%v", err)
		}
		cps[i].cosigners = cosigners
	}

	for i, s := range cps {
		where := fmt.Sprintf("checkpoints/%d", s.cp.size)
		if s.cp.size > n {
			return "", fail(where, "beyond the %d entries", n)
		}
		root, err := treeHash(s.cp.size, stored)
		if err != nil {
			return "", fail(where, "%v", err)
		}
		if root != s.cp.root {
			return "", fail(where, "root hash does not match the first %d entries", s.cp.size)
		}
		// Each checkpoint must extend the one before: prove it with tlog and check the proof.
		if i > 0 && cps[i-1].cp.size > 0 {
			old := cps[i-1].cp
			proof, err := tlog.ProveTree(s.cp.size, old.size, stored)
			if err == nil {
				err = tlog.CheckTree(proof, s.cp.size, s.cp.root, old.size, old.root)
			}
			if err != nil {
				return "", fail(where, "not consistent with checkpoints/%d: %v", old.size, err)
			}
		}
	}
	latest := cps[len(cps)-1]
	if latest.cp.size != n {
		return "", fail(fmt.Sprintf("entries.jsonl line %d", latest.cp.size+1), "entries not covered by any checkpoint")
	}
	if len(latest.cosigners) < t.quorum {
		return "", fail(fmt.Sprintf("checkpoints/%d", latest.cp.size), "%d witness cosignature(s), quorum is %d", len(latest.cosigners), t.quorum)
	}
	// Inclusion of every entry (or of a spread of them in a large bundle) under the latest checkpoint.
	step := n/256 + 1
	for i := int64(0); i < n; i += step {
		proof, err := tlog.ProveRecord(n, i, stored)
		if err == nil {
			err = tlog.CheckRecord(proof, n, latest.cp.root, i, stored[tlog.StoredHashIndex(0, i)])
		}
		if err != nil {
			return "", fail(fmt.Sprintf("entries.jsonl line %d", i+1), "inclusion: %v", err)
		}
	}

	if p.trusted != "" {
		msg, err := os.ReadFile(p.trusted)
		if err != nil {
			return "", fail("trusted checkpoint", "%v", err)
		}
		var all []note.Verifier
		for _, k := range c.keys {
			all = append(all, k.v)
		}
		tn, err := note.Open(msg, note.VerifierList(all...))
		if err != nil {
			return "", fail("trusted checkpoint", "%v", err)
		}
		cp, err := parseCheckpoint(tn.Text)
		if err != nil {
			return "", fail("trusted checkpoint", "%v", err)
		}
		if cp.origin != keys.Origin {
			return "", fail("trusted checkpoint", "origin %q", cp.origin)
		}
		if cp.size > n {
			return "", fail("trusted checkpoint", "the bundle is rolled back: %d entries, trusted %d", n, cp.size)
		}
		if root, err := treeHash(cp.size, stored); err != nil || root != cp.root {
			return "", fail("trusted checkpoint", "history was rewritten")
		}
	}

	openings := 0
	if of, err := os.Open(filepath.Join(dir, "openings.jsonl")); err == nil {
		defer of.Close()
		if *keys.Public {
			return "", fail("openings.jsonl", "a public bundle must not contain openings")
		}
		sc := bufio.NewScanner(of)
		sc.Buffer(make([]byte, 1<<20), 1<<26)
		for line := 1; sc.Scan(); line++ {
			where := fmt.Sprintf("openings.jsonl line %d", line)
			var o struct {
				Index *int64          `json:"index"`
				Name  string          `json:"name"`
				Salt  string          `json:"salt"`
				Value json.RawMessage `json:"value"`
			}
			if err := json.Unmarshal(sc.Bytes(), &o); err != nil || o.Index == nil {
				return "", fail(where, "bad opening (%v)", err)
			}
			salt, err := hex.DecodeString(o.Salt)
			if err != nil || len(salt) != 32 {
				return "", fail(where, "salt is not 64 hex digits")
			}
			// The line is canonical JSON, so the raw bytes of "value" are canonical_bytes(value).
			sum := sha256.Sum256(append(salt, o.Value...))
			if sealed[*o.Index][o.Name] != hex.EncodeToString(sum[:]) {
				return "", fail(where, "does not open the commitment %q of entry %d", o.Name, *o.Index)
			}
			openings++
		}
	}
	return fmt.Sprintf("OK: %d entries, %d checkpoints, latest cosigned by %s, %d openings",
		n, len(cps), strings.Join(latest.cosigners, ","), openings), nil
}

func trustFrom(p pins) (trust, error) {
	var t trust
	var err error
	if p.key == "" {
		return t, errors.New("-key VKEY (the log's key) is required")
	}
	if t.log, err = note.NewVerifier(p.key); err != nil {
		return t, err
	}
	for _, vkey := range p.witnesses {
		v, err := witnessVerifier(vkey)
		if err != nil {
			return t, err
		}
		t.witnesses = append(t.witnesses, v)
	}
	t.quorum = p.quorum
	if t.quorum < 0 {
		t.quorum = 0
	}
	return t, nil
}

func verifyProof(file string, p pins) (string, error) {
	t, err := trustFrom(p)
	if err != nil {
		return "", fail("arguments", "%v", err)
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		return "", fail(file, "%v", err)
	}
	split := bytes.Index(raw, []byte("\n\n"))
	if split < 0 {
		return "", fail(file, "no empty line before the checkpoint")
	}
	head := strings.Split(string(raw[:split]), "\n")
	if head[0] != "c2sp.org/tlog-proof@v1" {
		return "", fail(file, "not a c2sp.org/tlog-proof@v1 file")
	}
	head = head[1:]
	var leaf []byte
	if len(head) > 0 && strings.HasPrefix(head[0], "extra ") {
		if leaf, err = base64.StdEncoding.DecodeString(strings.TrimPrefix(head[0], "extra ")); err != nil {
			return "", fail(file, "extra is not base64")
		}
		head = head[1:]
	}
	if p.entry != "" {
		if leaf, err = os.ReadFile(p.entry); err != nil {
			return "", fail(p.entry, "%v", err)
		}
		leaf = bytes.TrimSuffix(leaf, []byte("\n"))
	}
	if leaf == nil {
		return "", fail(file, "no extra line and no -entry")
	}
	if len(head) == 0 || !strings.HasPrefix(head[0], "index ") {
		return "", fail(file, "no index line")
	}
	index, err := strconv.ParseInt(strings.TrimPrefix(head[0], "index "), 10, 64)
	if err != nil {
		return "", fail(file, "bad index")
	}
	var proof tlog.RecordProof
	for _, l := range head[1:] {
		h, err := base64.StdEncoding.DecodeString(l)
		if err != nil || len(h) != tlog.HashSize {
			return "", fail(file, "proof hash %q is not 32 bytes of base64", l)
		}
		var x tlog.Hash
		copy(x[:], h)
		proof = append(proof, x)
	}
	cp, cosigners, err := t.open(raw[split+2:])
	if err != nil {
		return "", fail("checkpoint", "%v", err)
	}
	if len(cosigners) < t.quorum {
		return "", fail("checkpoint", "%d witness cosignature(s), quorum is %d", len(cosigners), t.quorum)
	}
	if err := tlog.CheckRecord(proof, cp.size, cp.root, index, tlog.RecordHash(leaf)); err != nil {
		return "", fail(file, "entry %d is not in the checkpointed tree: %v", index, err)
	}
	var e struct {
		Index *int64 `json:"index"`
	}
	if json.Unmarshal(leaf, &e) == nil && e.Index != nil && *e.Index != index {
		return "", fail(file, "entry says index %d, the proof is for %d", *e.Index, index)
	}
	return fmt.Sprintf("OK: entry %d is in %s at size %d", index, cp.origin, cp.size), nil
}

func verifyConsistency(proofFile, oldFile, newFile string, p pins) (string, error) {
	t, err := trustFrom(p)
	if err != nil {
		return "", fail("arguments", "%v", err)
	}
	var cps [2]checkpoint
	for i, name := range []string{oldFile, newFile} {
		msg, err := os.ReadFile(name)
		if err != nil {
			return "", fail(name, "%v", err)
		}
		if cps[i], _, err = t.open(msg); err != nil {
			return "", fail(name, "%v", err)
		}
	}
	raw, err := os.ReadFile(proofFile)
	if err != nil {
		return "", fail(proofFile, "%v", err)
	}
	var proof tlog.TreeProof
	for _, l := range strings.Fields(string(raw)) {
		h, err := base64.StdEncoding.DecodeString(l)
		if err != nil || len(h) != tlog.HashSize {
			return "", fail(proofFile, "proof hash %q is not 32 bytes of base64", l)
		}
		var x tlog.Hash
		copy(x[:], h)
		proof = append(proof, x)
	}
	if err := tlog.CheckTree(proof, cps[1].size, cps[1].root, cps[0].size, cps[0].root); err != nil {
		return "", fail(proofFile, "size %d is not a prefix of size %d: %v", cps[0].size, cps[1].size, err)
	}
	return fmt.Sprintf("OK: size %d is a prefix of size %d", cps[0].size, cps[1].size), nil
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: verify-go bundle|proof|consistency [flags] ARG")
		os.Exit(2)
	}
	fs := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	var p pins
	bindPins(fs, &p)
	var oldCp, newCp string
	switch os.Args[1] {
	case "bundle":
		fs.StringVar(&p.trusted, "trusted", "", "a signed checkpoint kept from before")
	case "proof":
		fs.StringVar(&p.entry, "entry", "", "the entry's leaf input, if the proof has no extra line")
	case "consistency":
		fs.StringVar(&oldCp, "old", "", "the older signed checkpoint")
		fs.StringVar(&newCp, "new", "", "the newer signed checkpoint")
	default:
		fmt.Fprintf(os.Stderr, "unknown subcommand %q\n", os.Args[1])
		os.Exit(2)
	}
	_ = fs.Parse(os.Args[2:])
	if fs.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "exactly one file or directory argument expected")
		os.Exit(2)
	}
	var out string
	var err error
	switch os.Args[1] {
	case "bundle":
		out, err = verifyBundle(fs.Arg(0), p)
	case "proof":
		out, err = verifyProof(fs.Arg(0), p)
	case "consistency":
		out, err = verifyConsistency(fs.Arg(0), oldCp, newCp, p)
	}
	if err != nil {
		fmt.Println("FAILED: " + err.Error())
		os.Exit(1)
	}
	fmt.Println(out)
}
