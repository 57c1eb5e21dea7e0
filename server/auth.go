package server

import (
	"bufio"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/crypto/bcrypt"
)

// Role is what an authenticated client may do.
type Role int

const (
	// RoleRead may run queries (SELECT, PRINT) and SHOW, LIST, DESCRIBE and
	// EXPLAIN, over /ksql, /query*, /ws* and the read-only GET endpoints.
	RoleRead Role = iota + 1
	// RoleAdmin may do everything: DDL, INSERT, TERMINATE, /ksql/terminate.
	RoleAdmin
)

func (r Role) String() string {
	switch r {
	case RoleRead:
		return "read"
	case RoleAdmin:
		return "admin"
	}
	return fmt.Sprintf("Role(%d)", int(r))
}

func parseRole(s string) (Role, error) {
	switch s {
	case "read":
		return RoleRead, nil
	case "admin":
		return RoleAdmin, nil
	}
	return 0, fmt.Errorf("unknown role %q: want read or admin", s)
}

// Auth holds the credentials the server accepts: users with hashed passwords
// (HTTP basic) and bearer tokens. Build it with LoadAuth or ParseUsers and
// ParseTokens. It is immutable once built.
//
// A users file has one `user:role:hash` per line; the hash is bcrypt
// ($2a$/$2b$/$2y$...) or `sha256$<salt hex>$<hex of SHA-256(salt bytes || password)>`.
// A tokens file has one `name:role:token` per line, the token taken literally
// (at least 16 characters). In both, blank lines and lines starting with #
// are ignored, and role is read or admin.
type Auth struct {
	users  map[string]userEntry
	tokens map[[sha256.Size]byte]tokenEntry
	fails  *failureLimiter
}

type userEntry struct {
	role Role
	hash string
}

type tokenEntry struct {
	name string
	role Role
}

// LoadAuth reads the users file and the tokens file; either path may be empty
// but not both.
func LoadAuth(usersFile, tokensFile string) (*Auth, error) {
	if usersFile == "" && tokensFile == "" {
		return nil, fmt.Errorf("auth: neither a users file nor a tokens file was given")
	}
	a := newAuth()
	if usersFile != "" {
		if err := readFile(usersFile, a.ParseUsers); err != nil {
			return nil, err
		}
	}
	if tokensFile != "" {
		if err := readFile(tokensFile, a.ParseTokens); err != nil {
			return nil, err
		}
	}
	return a, nil
}

func readFile(path string, parse func(io.Reader) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("auth: %w", err)
	}
	defer f.Close()
	if err := parse(f); err != nil {
		return fmt.Errorf("auth: %s: %w", path, err)
	}
	return nil
}

// NewAuth returns an Auth accepting nobody until ParseUsers or ParseTokens
// add credentials.
func NewAuth() *Auth { return newAuth() }

func newAuth() *Auth {
	return &Auth{
		users:  map[string]userEntry{},
		tokens: map[[sha256.Size]byte]tokenEntry{},
		fails:  newFailureLimiter(maxAuthFailures, authFailureWindow),
	}
}

// ParseUsers adds the users of a users file (see Auth).
func (a *Auth) ParseUsers(r io.Reader) error {
	return eachLine(r, func(line string) error {
		user, role, hash, err := splitEntry(line)
		if err != nil {
			return err
		}
		if err := checkHash(hash); err != nil {
			return fmt.Errorf("user %q: %w", user, err)
		}
		a.users[user] = userEntry{role: role, hash: hash}
		return nil
	})
}

// ParseTokens adds the tokens of a tokens file (see Auth).
func (a *Auth) ParseTokens(r io.Reader) error {
	return eachLine(r, func(line string) error {
		name, role, token, err := splitEntry(line)
		if err != nil {
			return err
		}
		if len(token) < 16 {
			return fmt.Errorf("token %q: shorter than 16 characters", name)
		}
		a.tokens[sha256.Sum256([]byte(token))] = tokenEntry{name: name, role: role}
		return nil
	})
}

// eachLine calls fn for each line that is not blank or a comment, prefixing
// its errors with the line number.
func eachLine(r io.Reader, fn func(string) error) error {
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		if err := fn(line); err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
	}
	return sc.Err()
}

func splitEntry(line string) (name string, role Role, secret string, err error) {
	parts := strings.SplitN(line, ":", 3)
	if len(parts) != 3 || parts[0] == "" || parts[2] == "" {
		return "", 0, "", fmt.Errorf("want name:role:secret, found %d field(s)", len(parts))
	}
	role, err = parseRole(parts[1])
	return parts[0], role, parts[2], err
}

func checkHash(hash string) error {
	if strings.HasPrefix(hash, "$2") {
		_, err := bcrypt.Cost([]byte(hash))
		return err
	}
	if _, _, err := splitSHA256(hash); err != nil {
		return err
	}
	return nil
}

func splitSHA256(hash string) (salt, sum []byte, err error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 3 || parts[0] != "sha256" {
		return nil, nil, fmt.Errorf("unknown password hash: want bcrypt or sha256$<salt hex>$<sum hex>")
	}
	if salt, err = hex.DecodeString(parts[1]); err != nil || len(salt) < 8 {
		return nil, nil, fmt.Errorf("sha256 hash: salt must be at least 8 bytes in hex")
	}
	if sum, err = hex.DecodeString(parts[2]); err != nil || len(sum) != sha256.Size {
		return nil, nil, fmt.Errorf("sha256 hash: sum must be 32 bytes in hex")
	}
	return salt, sum, nil
}

// HashSHA256 returns the users-file hash of password with salt.
func HashSHA256(salt []byte, password string) string {
	sum := sha256.Sum256(append(append([]byte{}, salt...), password...))
	return "sha256$" + hex.EncodeToString(salt) + "$" + hex.EncodeToString(sum[:])
}

// checkPassword returns the user's role if password matches.
func (a *Auth) checkPassword(user, password string) (Role, bool) {
	e, ok := a.users[user]
	if !ok {
		return 0, false
	}
	if strings.HasPrefix(e.hash, "$2") {
		return e.role, bcrypt.CompareHashAndPassword([]byte(e.hash), []byte(password)) == nil
	}
	salt, sum, err := splitSHA256(e.hash)
	if err != nil {
		return 0, false
	}
	got := sha256.Sum256(append(salt, password...))
	return e.role, subtle.ConstantTimeCompare(got[:], sum) == 1
}

// checkToken returns the token's name and role if it is known.
func (a *Auth) checkToken(token string) (tokenEntry, bool) {
	e, ok := a.tokens[sha256.Sum256([]byte(token))]
	return e, ok
}
