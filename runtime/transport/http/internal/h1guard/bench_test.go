package h1guard

import (
	"io"
	"net"
	"strconv"
	"strings"
	"testing"
)

// A typical ~300-byte GET and a POST with a 200-byte JSON body.
var (
	benchGET = "GET /v1/projects/demo/items?page_size=50&page_token=CiAKGjBpNDd2Nmp HTTP/1.1\r\n" +
		"Host: api.example.com\r\n" +
		"User-Agent: Mozilla/5.0 (X11; Linux)\r\n" +
		"Accept: application/json\r\n" +
		"Accept-Encoding: gzip, br\r\n" +
		"Accept-Language: en-US,en;q=0.9\r\n" +
		"Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8o\r\n" +
		"Connection: keep-alive\r\n\r\n"
	benchJSON = `{"name":"projects/demo/items/42","display_name":"A benchmark item","labels":{"env":"prod","team":"core"},` +
		`"quantity":1700,"price":{"currency_code":"EUR","units":"12","nanos":5},"tags":["a","b"],"ok":1}`
	benchPOST = "POST /v1/projects/demo/items HTTP/1.1\r\n" +
		"Host: api.example.com\r\n" +
		"User-Agent: bia-client/1.0\r\n" +
		"Content-Type: application/json\r\n" +
		"Content-Length: " + strconv.Itoa(len(benchJSON)) + "\r\n\r\n" + benchJSON
	benchStream = benchGET + benchPOST
)

// loopConn returns src from the start on every Read (one pipelined GET and
// POST per Read into a large enough buffer), forever.
type loopConn struct {
	net.Conn
	src string
	off int
	max int // bytes per Read
}

func (c *loopConn) Read(p []byte) (int, error) {
	n := copy(p[:min(len(p), c.max)], c.src[c.off:])
	c.off = (c.off + n) % len(c.src)
	return n, nil
}

func BenchmarkGuard(b *testing.B) {
	if len(benchGET) < 280 || len(benchGET) > 340 || len(benchJSON) != 200 {
		b.Fatalf("GET is %d bytes, JSON body %d", len(benchGET), len(benchJSON))
	}
	buf := make([]byte, 4096)
	for _, bc := range []struct {
		name    string
		guarded bool
		max     int
	}{
		{"unguarded", false, 1 << 20},
		{"guarded", true, 1 << 20},
		{"guarded-64B-reads", true, 64},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var c net.Conn = &loopConn{src: benchStream, max: bc.max}
			if bc.guarded {
				c = WrapConn(c)
			}
			b.SetBytes(int64(len(benchStream)))
			b.ReportAllocs()
			for b.Loop() {
				for n := 0; n < len(benchStream); {
					m, err := c.Read(buf[:len(benchStream)-n])
					if err != nil {
						b.Fatal(err)
					}
					n += m
				}
			}
			if bc.guarded && c.(*conn).t.stopped() {
				b.Fatal("the guard stopped tracking the benchmark stream")
			}
		})
	}
	// One new connection per GET + POST, as in a server without keep-alive.
	b.Run("wrap-per-conn", func(b *testing.B) {
		b.SetBytes(int64(len(benchStream)))
		b.ReportAllocs()
		src := &loopConn{src: benchStream, max: 1 << 20}
		for b.Loop() {
			c := WrapConn(src)
			if _, err := io.ReadFull(c, buf[:len(benchStream)]); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// The benchmark stream is followed exactly and left unchanged.
func TestBenchmarkStream(t *testing.T) {
	in := strings.Repeat(benchStream, 3)
	checkChunkings(t, []byte(in), []byte(in))
	if n, marked := checkNetHTTP(t, []byte(in), []byte(in)); n != 6 || marked {
		t.Fatalf("differential check: %d requests, marked=%v", n, marked)
	}
}
