package types

import (
	"encoding/base64"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// FormatValue renders v as ksqlDB's CAST(v AS STRING) does (and so as string
// concatenation sees it):
//
//	BOOLEAN    true                      DOUBLE     1.0, 1.0E7, 1.234E-5, NaN, -Infinity
//	DECIMAL    12.30 (plain, scale kept) TIMESTAMP  2020-01-01T00:00:00.000 (UTC)
//	DATE       2020-01-01                TIME       10:00, 10:00:05 (Java LocalTime)
//	BYTES      base64                    ARRAY      [1, 2]
//	MAP        {a=1, b=2}                STRUCT     Struct{A=1,B=x} (NULL fields left out)
//
// Elements inside arrays, maps and structs are rendered as Java's toString of
// ksqlDB's runtime values: NULL as "null", decimals as BigDecimal.toString,
// timestamps as java.sql.Timestamp ("2020-01-01 00:00:00.0"), times as
// "10:00:00". A top-level NULL renders as "null"; SQL callers return NULL
// instead. t is the value's SQL type; the value's representation is
// self-describing, so t may be nil.
func FormatValue(v Value, t *Type) string {
	switch x := v.(type) {
	case Dec:
		return x.String()
	case TimestampValue:
		return FormatTimestamp(x)
	case DateValue:
		return FormatDate(x)
	case TimeValue:
		return FormatTime(x)
	}
	var b strings.Builder
	appendJava(&b, v)
	return b.String()
}

// appendJava writes Java's toString of ksqlDB's runtime form of v.
func appendJava(b *strings.Builder, v Value) {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case int32:
		b.WriteString(strconv.FormatInt(int64(x), 10))
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case float64:
		b.WriteString(FormatDouble(x))
	case Dec:
		b.WriteString(x.javaString())
	case string:
		b.WriteString(x)
	case []byte:
		b.WriteString(base64.StdEncoding.EncodeToString(x))
	case TimestampValue:
		b.WriteString(javaTimestampString(x))
	case DateValue:
		b.WriteString(FormatDate(x))
	case TimeValue:
		b.WriteString(time.UnixMilli(int64(TimestampToTime(TimestampValue(x)))).UTC().Format("15:04:05"))
	case []Value:
		appendJavaList(b, x)
	case *MapValue:
		appendJavaMap(b, x)
	case *StructValue:
		appendJavaStruct(b, x)
	default:
		fmt.Fprint(b, x)
	}
}

func appendJavaList(b *strings.Builder, l []Value) {
	b.WriteByte('[')
	for i, e := range l {
		if i > 0 {
			b.WriteString(", ")
		}
		appendJava(b, e)
	}
	b.WriteByte(']')
}

func appendJavaMap(b *strings.Builder, m *MapValue) {
	b.WriteByte('{')
	for i, k := range m.Keys {
		if i > 0 {
			b.WriteString(", ")
		}
		appendJava(b, k)
		b.WriteByte('=')
		appendJava(b, m.Vals[i])
	}
	b.WriteByte('}')
}

// appendJavaStruct follows Kafka Connect's Struct.toString, which leaves out
// NULL fields.
func appendJavaStruct(b *strings.Builder, s *StructValue) {
	b.WriteString("Struct{")
	first := true
	for i, f := range s.Fields {
		if f == nil {
			continue
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		if s.Type != nil && i < len(s.Type.Fields) {
			b.WriteString(s.Type.Fields[i].Name)
		}
		b.WriteByte('=')
		appendJava(b, f)
	}
	b.WriteByte('}')
}

// FormatDouble renders f as Java's Double.toString: the shortest digits that
// read back as f, in plain notation with at least one fraction digit when
// 1e-3 <= |f| < 1e7 ("0.001", "123.0") and in computerized scientific
// notation otherwise ("1.0E7", "1.234E-5").
func FormatDouble(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0 && math.Signbit(f):
		return "-0.0"
	case f == 0:
		return "0.0"
	}
	abs := math.Abs(f)
	digits, exp := shortestDigits(abs)
	var b strings.Builder
	if f < 0 {
		b.WriteByte('-')
	}
	switch {
	case abs < 1e-3 || abs >= 1e7:
		b.WriteString(digits[:1] + "." + orZero(digits[1:]) + "E" + strconv.Itoa(exp))
	case exp >= 0:
		for len(digits) <= exp {
			digits += "0"
		}
		b.WriteString(digits[:exp+1] + "." + orZero(digits[exp+1:]))
	default:
		b.WriteString("0." + strings.Repeat("0", -exp-1) + digits)
	}
	return b.String()
}

// shortestDigits returns the significant digits and decimal exponent Java's
// Double.toString chooses for abs > 0: the shortest that read back as abs,
// except that a one-digit result is replaced by the closest two-digit decimal
// (trailing zero removed), so Double.MIN_VALUE is 4.9E-324, not 5.0E-324.
func shortestDigits(abs float64) (string, int) {
	s := strconv.FormatFloat(abs, 'e', -1, 64)
	if !strings.Contains(s, ".") {
		s = strconv.FormatFloat(abs, 'e', 1, 64)
	}
	mant, expText, _ := strings.Cut(s, "e")
	exp, _ := strconv.Atoi(expText)
	digits := strings.Replace(mant, ".", "", 1)
	if t := strings.TrimRight(digits, "0"); t != "" {
		digits = t
	}
	return digits, exp
}

func orZero(s string) string {
	if s == "" {
		return "0"
	}
	return s
}

// FormatTimestamp renders ts as ksqlDB does: "yyyy-MM-dd'T'HH:mm:ss.SSS" in UTC.
func FormatTimestamp(ts TimestampValue) string {
	t := time.UnixMilli(int64(ts)).UTC()
	s := t.Format("2006-01-02T15:04:05.000")
	if t.Year() > 9999 {
		return "+" + s
	}
	return s
}

// FormatDate renders d as Java's LocalDate.toString: "2020-01-01", with a
// four-digit year ("0005", "-0001") and a '+' before years past 9999.
func FormatDate(d DateValue) string {
	t := time.Unix(int64(d)*86400, 0).UTC()
	y := t.Year()
	var year string
	switch {
	case y < 0 && y > -1000:
		year = fmt.Sprintf("-%04d", -y)
	case y >= 0 && y < 1000:
		year = fmt.Sprintf("%04d", y)
	case y > 9999:
		year = "+" + strconv.Itoa(y)
	default:
		year = strconv.Itoa(y)
	}
	return year + t.Format("-01-02")
}

// FormatTime renders t as ksqlDB does (Java's LocalTime of its whole seconds):
// "HH:mm" when the seconds are zero, "HH:mm:ss" otherwise. Milliseconds are
// dropped.
func FormatTime(t TimeValue) string {
	ms := int64(TimestampToTime(TimestampValue(t)))
	c := time.UnixMilli(ms).UTC()
	if c.Second() == 0 {
		return c.Format("15:04")
	}
	return c.Format("15:04:05")
}

// javaTimestampString renders ts as java.sql.Timestamp.toString in UTC:
// "2020-01-01 00:00:00.0", "2020-01-01 10:00:00.123".
func javaTimestampString(ts TimestampValue) string {
	t := time.UnixMilli(int64(ts)).UTC()
	frac := strings.TrimRight(fmt.Sprintf("%03d", t.Nanosecond()/1e6), "0")
	return t.Format("2006-01-02 15:04:05") + "." + orZero(frac)
}
