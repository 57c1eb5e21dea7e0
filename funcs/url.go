package funcs

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/streamsql/streamsql/types"
)

// URL functions parse with net/url; an unparsable URL yields NULL.

func init() {
	register(
		urlFunc("URL_EXTRACT_FRAGMENT", "The decoded fragment of a URL, or NULL.", func(u *url.URL, raw string) types.Value {
			if !strings.Contains(raw, "#") {
				return nil
			}
			return u.Fragment
		}),
		urlFunc("URL_EXTRACT_HOST", "The host name of a URL, or NULL.", func(u *url.URL, _ string) types.Value {
			return nonEmpty(u.Hostname())
		}),
		urlFunc("URL_EXTRACT_PATH", "The decoded path of a URL; empty when it has none.", func(u *url.URL, _ string) types.Value {
			if u.Opaque != "" {
				return nil
			}
			return u.Path
		}),
		urlFunc("URL_EXTRACT_PROTOCOL", "The scheme of a URL, or NULL.", func(u *url.URL, _ string) types.Value {
			return nonEmpty(u.Scheme)
		}),
		urlFunc("URL_EXTRACT_QUERY", "The decoded query string of a URL, or NULL.", func(u *url.URL, _ string) types.Value {
			if u.RawQuery == "" && !u.ForceQuery {
				return nil
			}
			q, err := url.PathUnescape(u.RawQuery)
			if err != nil {
				return nil
			}
			return q
		}),
		urlPortFunc, urlParamFunc,
		&Func{Name: "URL_ENCODE_PARAM", Category: CatURL,
			Description: "Escapes a string for use as a URL query parameter (application/x-www-form-urlencoded).",
			Overloads: []*Overload{{Params: ps(p("input", tString)), Returns: tString,
				Eval: strictPure(func(a []types.Value) types.Value { return formEncode(a[0].(string)) })}}},
		&Func{Name: "URL_DECODE_PARAM", Category: CatURL,
			Description: "Unescapes an application/x-www-form-urlencoded URL query parameter.",
			Overloads: []*Overload{{Params: ps(p("input", tString)), Returns: tString,
				Eval: strict(func(a []types.Value) (types.Value, error) { return url.QueryUnescape(a[0].(string)) })}}},
	)
}

func nonEmpty(s string) types.Value {
	if s == "" {
		return nil
	}
	return s
}

func urlFunc(name, desc string, f func(u *url.URL, raw string) types.Value) *Func {
	return &Func{Name: name, Category: CatURL, Description: desc, Overloads: []*Overload{{
		Params: ps(p("url", tString)), Returns: tString,
		Eval: strictPure(func(a []types.Value) types.Value {
			u, err := url.Parse(a[0].(string))
			if err != nil {
				return nil
			}
			return f(u, a[0].(string))
		}),
	}}}
}

var urlPortFunc = &Func{
	Name: "URL_EXTRACT_PORT", Category: CatURL, Description: "The explicit port of a URL, or NULL.",
	Overloads: []*Overload{{Params: ps(p("url", tString)), Returns: tInt,
		Eval: strictPure(func(a []types.Value) types.Value {
			u, err := url.Parse(a[0].(string))
			if err != nil {
				return nil
			}
			port, err := strconv.ParseInt(u.Port(), 10, 32)
			if err != nil {
				return nil
			}
			return int32(port)
		})}},
}

var urlParamFunc = &Func{
	Name: "URL_EXTRACT_PARAMETER", Category: CatURL,
	Description: "The decoded value of a query parameter of a URL, or NULL when absent or without a value.",
	Overloads: []*Overload{{Params: ps(p("url", tString), p("parameterName", tString)), Returns: tString,
		Eval: strictPure(func(a []types.Value) types.Value {
			u, err := url.Parse(a[0].(string))
			if err != nil {
				return nil
			}
			for _, part := range strings.Split(u.RawQuery, "&") {
				k, v, hasValue := strings.Cut(part, "=")
				if key, err := url.QueryUnescape(k); err != nil || key != a[1].(string) {
					continue
				}
				if !hasValue {
					return nil
				}
				if val, err := url.QueryUnescape(v); err == nil {
					return val
				}
				return nil
			}
			return nil
		})}},
}

// formEncode is Java's URLEncoder.encode with UTF-8: letters, digits and
// ".-*_" stay, a space becomes '+', every other byte is %XX.
func formEncode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(".-*_", c) >= 0:
			b.WriteByte(c)
		case c == ' ':
			b.WriteByte('+')
		default:
			b.WriteString("%" + strings.ToUpper(strconv.FormatUint(uint64(c)>>4, 16)+strconv.FormatUint(uint64(c)&15, 16)))
		}
	}
	return b.String()
}
