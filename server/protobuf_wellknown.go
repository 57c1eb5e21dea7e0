package server

import (
	"math/big"
	"time"

	"github.com/streamsql/streamsql/types"
)

// Encoders of the well-known messages that carry ksqlDB's logical types, as
// Confluent's ProtobufData converts them.

// appendProtoDecimal encodes confluent.type.Decimal {bytes value = 1;
// uint32 precision = 2; int32 scale = 3}: the unscaled value in big-endian
// two's complement (Java's BigInteger.toByteArray), its number of digits, and
// the scale.
func appendProtoDecimal(b []byte, d types.Dec) []byte {
	b = appendProtoBytes(b, 1, twosComplement(d.Unscaled))
	b = appendProtoVarintField(b, 2, uint64(decimalDigits(d.Unscaled)))
	return appendProtoVarintField(b, 3, uint64(int64(d.Scale)))
}

// twosComplement returns x in the fewest big-endian two's complement bytes
// that hold it and its sign (at least one).
func twosComplement(x *big.Int) []byte {
	bits := x.BitLen()
	if x.Sign() < 0 {
		bits = new(big.Int).Not(x).BitLen() // -x-1
	}
	n := bits/8 + 1
	m := new(big.Int).Mod(x, new(big.Int).Lsh(big.NewInt(1), uint(8*n))) // Euclidean: never negative
	return m.FillBytes(make([]byte, n))
}

// decimalDigits is the number of decimal digits of |x| (1 for zero), Java's
// BigDecimal.precision.
func decimalDigits(x *big.Int) int {
	if x.Sign() == 0 {
		return 1
	}
	return len(new(big.Int).Abs(x).String())
}

// appendProtoTimestamp encodes google.protobuf.Timestamp {int64 seconds = 1;
// int32 nanos = 2} for ms milliseconds since the epoch.
func appendProtoTimestamp(b []byte, ms int64) []byte {
	sec, milli := ms/1000, ms%1000
	if milli < 0 {
		sec, milli = sec-1, milli+1000
	}
	b = appendProtoVarintField(b, 1, uint64(sec))
	return appendProtoVarintField(b, 2, uint64(milli*1_000_000))
}

// appendProtoDate encodes google.type.Date {int32 year = 1; int32 month = 2;
// int32 day = 3} for days since the epoch (proleptic Gregorian calendar).
func appendProtoDate(b []byte, days int64) []byte {
	d := time.Unix(days*86400, 0).UTC()
	b = appendProtoVarintField(b, 1, uint64(int64(d.Year())))
	b = appendProtoVarintField(b, 2, uint64(d.Month()))
	return appendProtoVarintField(b, 3, uint64(d.Day()))
}

// appendProtoTime encodes google.type.TimeOfDay {int32 hours = 1; int32
// minutes = 2; int32 seconds = 3; int32 nanos = 4} for ms since midnight.
func appendProtoTime(b []byte, ms int64) []byte {
	b = appendProtoVarintField(b, 1, uint64(ms/3_600_000))
	b = appendProtoVarintField(b, 2, uint64(ms/60_000%60))
	b = appendProtoVarintField(b, 3, uint64(ms/1000%60))
	return appendProtoVarintField(b, 4, uint64(ms%1000*1_000_000))
}
