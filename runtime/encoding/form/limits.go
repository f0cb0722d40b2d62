package form

import (
	"strconv"
	"strings"
)

// The defaults of [MaxDepth], [MaxKeys] and [MaxNames].
const (
	defaultMaxDepth = 100
	defaultMaxKeys  = 1000
	defaultMaxNames = 10000
)

// MaxDepth limits how many field names the dotted path of a key may have:
// "a.b.c" has 3 and "a.labels[x.y]" has 2, a map key in brackets not
// counting. A deeper key makes [Decoder.Decode] and [Decoder.DecodeValue]
// fail with an [*Error] naming it ("nests 101 fields deep; the limit is
// 100") before anything is looked up, created or bound for it, even when it
// names no field: a key cannot build a message nested deeper than the
// limit (in a recursive message type it would otherwise nest as deep as the
// key is long, and a later Marshal could exhaust the stack). n <= 0 means
// no limit; the last MaxDepth given wins. Default: 100.
func MaxDepth(n int) DecoderOption {
	return func(c *decoderConfig) {
		c.maxDepth = max(n, 0)
	}
}

// MaxKeys limits how many distinct keys one [Decoder.Decode] call takes
// (a key given several times, "tags=a&tags=b", is one). Keys that name no
// field or a skipped one count too: they are still work. More keys make
// Decode fail with an [*Error] with no Key ("1001 keys; the limit is 1000")
// before anything is bound. n <= 0 means no limit; the last MaxKeys given
// wins. Default: 1000.
func MaxKeys(n int) DecoderOption {
	return func(c *decoderConfig) {
		c.maxKeys = max(n, 0)
	}
}

// MaxNames limits how many field names the keys of one [Decoder.Decode]
// call may have in all, counted as [MaxDepth] counts them for one key.
// Each name may create a message, so without this budget a request type
// with two recursive fields (a tree) could be made to create MaxKeys ×
// MaxDepth messages by one query of a few hundred kilobytes. More names
// make Decode fail with an [*Error] naming the key that went past it
// ("10001 field names in all; the limit is 10000"). n <= 0 means no limit;
// the last MaxNames given wins. Default: 10000.
func MaxNames(n int) DecoderOption {
	return func(c *decoderConfig) {
		c.maxNames = max(n, 0)
	}
}

// checkKeys fails when n, the number of keys given to one Decode call, is
// past the Decoder's limit.
func (d *Decoder) checkKeys(n int) error {
	if d.maxKeys > 0 && n > d.maxKeys {
		return keyError("", limitMsg("", n, " keys; the limit is ", d.maxKeys))
	}
	return nil
}

// checkDepth fails when the dotted path of key has more names than the
// Decoder's limit, or when they bring *total, the names of the call so
// far, past MaxNames. It reads the key only, once, without allocating
// unless it fails.
func (d *Decoder) checkDepth(key string, total *int) error {
	if d.maxDepth <= 0 && d.maxNames <= 0 {
		return nil
	}
	names := keyNames(key)
	if d.maxDepth > 0 && names > d.maxDepth {
		return keyError(key, limitMsg("nests ", names, " fields deep; the limit is ", d.maxDepth))
	}
	*total += names
	if d.maxNames > 0 && *total > d.maxNames {
		return keyError(key, limitMsg("", *total, " field names in all; the limit is ", d.maxNames))
	}
	return nil
}

// keyNames returns the number of names in the dotted path of key, what
// comes before the first '[' of a key ending in ']' (see splitKey). A
// short key, as most are, is read in one pass, a long one with the
// vectorized searches of package strings.
func keyNames(key string) int {
	if len(key) > 64 {
		path, _, _ := splitKey(key)
		return strings.Count(path, ".") + 1
	}
	dots, before := 0, -1 // before: the dots before the first '['
	for i := 0; i < len(key); i++ {
		c := key[i]
		switch {
		case c > '[': // lower-case letters and '_', the most of a key
		case c == '.':
			dots++
		case c == '[' && before < 0:
			before = dots
		}
	}
	if before >= 0 && key[len(key)-1] == ']' {
		return before + 1
	}
	return dots + 1
}

// limitMsg returns before+n+middle+limit, the numbers in decimal, in one
// allocation (fmt.Sprintf would box the numbers and take a printer from a
// sync.Pool): a request past a limit should cost next to nothing.
func limitMsg(before string, n int, middle string, limit int) string {
	var buf [64]byte
	b := append(buf[:0], before...)
	b = strconv.AppendInt(b, int64(n), 10)
	b = append(b, middle...)
	b = strconv.AppendInt(b, int64(limit), 10)
	return string(b)
}
