package conformance

import (
	"encoding/json"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// num is an actual numeric value: its JSON text, and whether the driver gave
// it as a Go float (a DOUBLE for sure) rather than as JSON text.
type num struct {
	text   string
	double bool
}

// Differences allowed between numbers that are not both integers: absolute,
// or relative for magnitudes where 1e-6 is below the precision of a double.
const (
	absTolerance = 1e-6
	relTolerance = 1e-12
)

// dec is a parsed JSON number.
type dec struct {
	val     *big.Rat
	scale   int  // digits after the point, less the exponent; 0 for integers
	integer bool // written without point or exponent
	expo    bool // written with an exponent (a double, never a decimal)
}

func parseDec(s string) (dec, bool) {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return dec{}, false
	}
	d := dec{val: r}
	mant := s
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		d.expo = true
		mant = s[:i]
		e, err := strconv.Atoi(s[i+1:])
		if err != nil {
			return dec{}, false
		}
		d.scale = -e
	}
	if i := strings.IndexByte(mant, '.'); i >= 0 {
		d.scale += len(mant) - i - 1
	} else if !d.expo {
		d.integer = true
	}
	return d, true
}

// numberDiff compares an expected number with an actual one and returns ""
// or why they differ. The runner does not know column types, so it reads the
// JSON text: integers must be equal exactly; equal values written with
// different scales (1.50 and 1.5) differ, as DECIMALs must keep their scale,
// except 1 against 1.0 (a DOUBLE may be written either way) and exponent
// forms (only doubles use them); unequal values match within 1e-6 (or a
// relative 1e-12 for large magnitudes), as DOUBLE arithmetic may differ in
// the last digits.
func numberDiff(exp string, act num) string {
	e, eok := parseDec(exp)
	a, aok := parseDec(act.text)
	if !eok || !aok {
		if exp == act.text {
			return ""
		}
		return "differs"
	}
	if act.double {
		return closeEnough(e, a)
	}
	if e.val.Cmp(a.val) == 0 {
		switch {
		case e.scale == a.scale, e.expo || a.expo:
			return ""
		case (e.integer && a.scale <= 1) || (a.integer && e.scale <= 1):
			return ""
		}
		return "decimal scale differs"
	}
	if e.integer && a.integer {
		return "differs"
	}
	return closeEnough(e, a)
}

func closeEnough(e, a dec) string {
	ef, _ := e.val.Float64()
	af, _ := a.val.Float64()
	d := math.Abs(ef - af)
	if d <= absTolerance || d <= relTolerance*math.Max(math.Abs(ef), math.Abs(af)) {
		return ""
	}
	return "differs"
}

// decimalTextDiff compares an expected JSON string with an actual number, as
// upstream does for DECIMALs written as strings: same value and scale.
func decimalTextDiff(exp string, act num) string {
	e, eok := parseDec(exp)
	a, aok := parseDec(act.text)
	if !eok || !aok || e.val.Cmp(a.val) != 0 || e.scale != a.scale {
		return "differs"
	}
	return ""
}

// asNum converts an actual Go numeric value to num; ok is false for others.
func asNum(v any) (num, bool) {
	switch v := v.(type) {
	case json.Number:
		return num{text: v.String()}, true
	case int:
		return num{text: strconv.FormatInt(int64(v), 10)}, true
	case int8:
		return num{text: strconv.FormatInt(int64(v), 10)}, true
	case int16:
		return num{text: strconv.FormatInt(int64(v), 10)}, true
	case int32:
		return num{text: strconv.FormatInt(int64(v), 10)}, true
	case int64:
		return num{text: strconv.FormatInt(v, 10)}, true
	case uint32:
		return num{text: strconv.FormatUint(uint64(v), 10)}, true
	case uint64:
		return num{text: strconv.FormatUint(v, 10)}, true
	case float32:
		return num{text: strconv.FormatFloat(float64(v), 'g', -1, 32), double: true}, true
	case float64:
		return num{text: strconv.FormatFloat(v, 'g', -1, 64), double: true}, true
	}
	return num{}, false
}
