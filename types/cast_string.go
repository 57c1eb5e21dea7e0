package types

import (
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// CoerceString converts the text of a string literal to type to, as ksqlDB
// does for a string literal in an IN list or an ARRAY, MAP or STRUCT
// constructor next to values of another type: numbers and booleans are parsed
// exactly ("yes", "n" and prefixes of "true"/"false" are booleans; a decimal
// must fit without rounding), times and bytes as CAST parses them. The error
// for text that does not parse is ksqlDB's:
// `invalid input syntax for type INTEGER: "10 - not a number".`
func CoerceString(text string, to *Type) (Value, error) {
	s := javaTrim(text)
	switch to.Kind {
	case String:
		return text, nil
	case Boolean:
		if b, ok := parseExactBool(s); ok {
			return b, nil
		}
		return nil, syntaxError(text, to)
	case Decimal:
		d, err := ParseDec(s)
		if err != nil {
			return nil, syntaxError(text, to)
		}
		r, err := d.Fit(to.Precision, to.Scale)
		if err == nil && r.Cmp(d) != 0 {
			err = fmt.Errorf("cannot fit decimal '%s' into %s without rounding", d, to)
		}
		return r, err
	}
	return parseString(s, to)
}

// parseString parses trimmed text as a value of the scalar type to.
func parseString(s string, to *Type) (Value, error) {
	switch to.Kind {
	case Int:
		return parseJavaInt32(s)
	case BigInt:
		return parseJavaInt64(s)
	case Double:
		return parseJavaDouble(s)
	case Timestamp:
		return ParseTimestamp(s)
	case Date:
		return ParseDate(s)
	case Time:
		return ParseTime(s)
	case Bytes:
		return parseBase64(s)
	}
	return nil, fmt.Errorf("cannot convert STRING to %s", to)
}

func syntaxError(text string, to *Type) error {
	name := to.Kind.String()
	return fmt.Errorf("invalid input syntax for type %s: \"%s\".", name, text)
}

// javaTrim removes leading and trailing characters <= ' ', as Java's String.trim.
func javaTrim(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
}

// parseLenientBool is ksqlDB's SqlBooleans.parseBoolean: true when s is a
// case-insensitive, non-empty prefix of "true" or "yes", false otherwise.
func parseLenientBool(s string) bool {
	return isPrefixFold(s, "true") || isPrefixFold(s, "yes")
}

// parseExactBool is ksqlDB's SqlBooleans.parseBooleanExact: prefixes of
// "true"/"yes" are true, of "false"/"no" false, anything else fails.
func parseExactBool(s string) (bool, bool) {
	switch {
	case parseLenientBool(s):
		return true, true
	case isPrefixFold(s, "false") || isPrefixFold(s, "no"):
		return false, true
	}
	return false, false
}

func isPrefixFold(s, word string) bool {
	return s != "" && len(s) <= len(word) && strings.EqualFold(s, word[:len(s)])
}

// parseJavaInt32 parses as Java's Integer.parseInt: an optional sign and
// decimal digits, in range.
func parseJavaInt32(s string) (Value, error) {
	v, err := strconv.ParseInt(s, 10, 32)
	if err != nil {
		return nil, syntaxError(s, IntType)
	}
	return int32(v), nil
}

// parseJavaInt64 parses as Java's Long.parseLong.
func parseJavaInt64(s string) (Value, error) {
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return nil, syntaxError(s, BigIntType)
	}
	return v, nil
}

// parseJavaDouble parses as Java's Double.parseDouble: decimal or hexadecimal
// notation, "NaN" and "Infinity" with an optional sign; values beyond the
// range of float64 become ±Infinity or ±0 instead of failing.
func parseJavaDouble(s string) (Value, error) {
	body := s
	if body != "" && (body[0] == '+' || body[0] == '-') {
		body = body[1:]
	}
	switch {
	case body == "NaN":
		return math.NaN(), nil
	case body == "Infinity" && s[0] == '-':
		return math.Inf(-1), nil
	case body == "Infinity":
		return math.Inf(1), nil
	case body == "" || !(body[0] == '.' || body[0] >= '0' && body[0] <= '9') || strings.Contains(body, "_"):
		return nil, syntaxError(s, DoubleType)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return nil, syntaxError(s, DoubleType)
	}
	return f, nil
}

// parseBase64 decodes standard base64, with or without padding, as Java's
// Base64.getDecoder.
func parseBase64(s string) (Value, error) {
	enc := base64.RawStdEncoding
	if strings.HasSuffix(s, "=") {
		enc = base64.StdEncoding
	}
	b, err := enc.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("invalid base64 for type BYTES: \"%s\"", s)
	}
	return b, nil
}
