package sql

import "strconv"

// Token is a lexical token kind. Keywords are not separate tokens: they
// scan as IDENT and the parser recognises them by their upper-cased text
// (see IsReserved).
type Token int

// Token kinds.
const (
	ILLEGAL Token = iota // a character or construct the scanner rejects
	EOF

	IDENT    // unquoted identifier or keyword; lit is the text as written
	QIDENT   // "quoted" or `backquoted` identifier; lit is the unescaped name
	STRING   // 'string'; lit is the unescaped value
	INT      // 123
	DECIMAL  // 1.5, .5, 1.
	FLOAT    // 1.5E3, 1E-2
	VARIABLE // ${name}; lit is the name

	EQ      // =
	NE      // != or <>
	LT      // <
	LE      // <=
	GT      // >
	GE      // >=
	PLUS    // +
	MINUS   // -
	STAR    // *
	SLASH   // /
	PERCENT // %
	CONCAT  // ||
	ARROW   // ->
	LAMBDA  // =>
	ASSIGN  // :=
	LPAREN  // (
	RPAREN  // )
	LBRACK  // [
	RBRACK  // ]
	COMMA   // ,
	DOT     // .
	SEMI    // ;
	COLON   // :
)

var tokenNames = [...]string{
	ILLEGAL: "illegal", EOF: "end of input",
	IDENT: "identifier", QIDENT: "quoted identifier", STRING: "string", INT: "integer",
	DECIMAL: "decimal", FLOAT: "double", VARIABLE: "variable",
	EQ: "=", NE: "<>", LT: "<", LE: "<=", GT: ">", GE: ">=", PLUS: "+", MINUS: "-",
	STAR: "*", SLASH: "/", PERCENT: "%", CONCAT: "||", ARROW: "->", LAMBDA: "=>",
	ASSIGN: ":=", LPAREN: "(", RPAREN: ")", LBRACK: "[", RBRACK: "]", COMMA: ",",
	DOT: ".", SEMI: ";", COLON: ":",
}

// String returns the token's operator text or a description of its kind.
func (t Token) String() string {
	if t >= 0 && int(t) < len(tokenNames) {
		return tokenNames[t]
	}
	return "token(" + strconv.Itoa(int(t)) + ")"
}

// IsOperator reports whether t is an operator or punctuation token.
func (t Token) IsOperator() bool { return t >= EQ }

// reserved holds the keywords that cannot be used as unquoted
// identifiers: ksqlDB's keywords minus its nonReserved list.
var reserved = setOf(
	"SELECT", "FROM", "AS", "ALL", "DISTINCT", "WHERE", "WITHIN", "WINDOW", "GROUP", "BY",
	"HAVING", "LIMIT", "AT", "OR", "AND", "IN", "NOT", "EXISTS", "BETWEEN", "LIKE", "IS",
	"NULL", "TRUE", "FALSE", "MILLISECOND", "YEARS", "MONTHS", "DAYS", "HOURS", "MINUTES",
	"SECONDS", "MILLISECONDS", "TUMBLING", "HOPPING", "SIZE", "ADVANCE", "RETENTION",
	"CASE", "WHEN", "THEN", "ELSE", "END", "JOIN", "FULL", "OUTER", "INNER", "LEFT", "RIGHT",
	"ON", "WITH", "VALUES", "CREATE", "TABLE", "TOPIC", "STREAM", "STREAMS", "INSERT",
	"DELETE", "INTO", "DESCRIBE", "EXTENDED", "PRINT", "CAST", "LIST", "TOPICS", "QUERY",
	"QUERIES", "TERMINATE", "LOAD", "DROP", "TO", "RENAME", "UNSET", "RUN", "SCRIPT",
	"DECIMAL", "CONNECTOR", "CONNECTORS", "NAMESPACE", "MATERIALIZED", "VIEW", "SAMPLE",
	"EXPORT", "CATALOG", "PROPERTIES", "BEGINNING",
)

// IsReserved reports whether the upper-cased word is a reserved keyword,
// which must be quoted to be used as an identifier.
func IsReserved(upper string) bool { return reserved[upper] }

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// timeUnits maps the unit keywords to their units.
var timeUnits = map[string]TimeUnit{
	"MILLISECOND": Milliseconds, "MILLISECONDS": Milliseconds,
	"SECOND": Seconds, "SECONDS": Seconds,
	"MINUTE": Minutes, "MINUTES": Minutes,
	"HOUR": Hours, "HOURS": Hours,
	"DAY": Days, "DAYS": Days,
}
