package nexmark

import (
	"math/bits"
	"math/rand/v2"
	"strconv"
	"strings"
)

// Field domains of the Nexmark spec.
var (
	firstNames  = []string{"Peter", "Paul", "Luke", "John", "Saul", "Vicky", "Kate", "Julie", "Sarah", "Deiter", "Walter"}
	lastNames   = []string{"Shultz", "Abrams", "Spencer", "White", "Bartels", "Walton", "Smith", "Jones", "Noris"}
	cities      = []string{"Phoenix", "Los Angeles", "San Francisco", "Boise", "Portland", "Bend", "Redmond", "Seattle", "Kent", "Cheyenne"}
	states      = []string{"AZ", "CA", "ID", "OR", "WA", "WY"}
	hotChannels = [...]string{"Google", "Facebook", "Baidu", "Apple"}
)

// numChannels is the number of cold channels, channel-0 .. channel-9999.
const numChannels = 10_000

const minWordLen = 3

type channel struct{ name, url string }

// initChannels fixes the channel names and URLs from the seed alone.
func (g *Generator) initChannels() {
	g.pcg.Seed(g.cfg.Seed, 0x6e65786d61726b) // "nexmark"
	for i := range g.hotURLs {
		g.hotURLs[i] = g.baseURL()
	}
	g.channels = make([]channel, numChannels)
	for i := range g.channels {
		url := g.baseURL()
		if g.rnd.IntN(10) > 0 {
			url += "&channel_id=" + strconv.FormatUint(uint64(bits.Reverse32(uint32(i))&0x7fffffff), 10)
		}
		g.channels[i] = channel{name: "channel-" + strconv.Itoa(i), url: url}
	}
}

func (g *Generator) baseURL() string {
	return "https://www.nexmark.com/" + g.wordSep(5, '_') + "/" + g.wordSep(5, '_') + "/" + g.wordSep(5, '_') + "/item.htm?query=1"
}

// word is a string of 3 to maxLen-1 lowercase letters with the odd space,
// trimmed.
func (g *Generator) word(maxLen int) string { return strings.TrimSpace(g.wordSep(maxLen, ' ')) }

func (g *Generator) wordSep(maxLen int, sep byte) string {
	return string(g.letters(minWordLen+g.rnd.IntN(maxLen-minWordLen), sep))
}

// letters returns n random letters with about one in 13 replaced by sep; the
// result aliases g.buf.
func (g *Generator) letters(n int, sep byte) []byte {
	g.buf = g.buf[:0]
	for range n {
		if g.rnd.IntN(13) == 0 {
			g.buf = append(g.buf, sep)
		} else {
			g.buf = append(g.buf, byte('a'+g.rnd.IntN(26)))
		}
	}
	return g.buf
}

// extra pads an entity of size bytes to about avg bytes (±20%).
func (g *Generator) extra(size, avg int) string {
	if size > avg {
		return ""
	}
	avg -= size
	delta := int(float64(avg)*0.2 + 0.5)
	n := avg - delta
	if delta > 0 {
		n += g.rnd.IntN(2 * delta)
	}
	return string(g.letters(n, ' '))
}

func (g *Generator) creditCard() string {
	b := make([]byte, 0, 19)
	for i := range 4 {
		if i > 0 {
			b = append(b, ' ')
		}
		n := g.rnd.IntN(10000)
		b = append(b, byte('0'+n/1000), byte('0'+n/100%10), byte('0'+n/10%10), byte('0'+n%10))
	}
	return string(b)
}

// seedRand is a helper for code that needs its own deterministic stream.
func seedRand(seed, stream uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, stream)) }
