package helloworld_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	nethttp "net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"
)

// TestPrometheusScrapes runs a real Prometheus (Debian's package, which
// scripts/ensure-prometheus.sh installs) that scrapes the example every
// second while the test calls it: SayHello 40 times a second, and a
// SayHelloStream of three greetings 100 ms apart (a call of ~200 ms)
// twice a second. Prometheus's HTTP API must then give the request rate
// and the p99 of the duration histograms the traffic implies.
func TestPrometheusScrapes(t *testing.T) {
	bin, err := exec.LookPath("prometheus")
	if err != nil {
		if os.Getenv("BIA_REQUIRE_PROMETHEUS") != "" {
			t.Fatal("prometheus is not installed and BIA_REQUIRE_PROMETHEUS is set: run scripts/ensure-prometheus.sh")
		}
		t.Skip("prometheus is not installed (scripts/ensure-prometheus.sh installs Debian's package)")
	}
	_, httpAddr := startApp(t)
	dir := t.TempDir()
	config := fmt.Sprintf(`global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: helloworld
    static_configs:
      - targets: [%q]
`, httpAddr)
	if err := os.WriteFile(filepath.Join(dir, "prometheus.yml"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	promAddr := freeAddr(t)
	cmd := exec.Command(bin, "--config.file="+filepath.Join(dir, "prometheus.yml"),
		"--storage.tsdb.path="+filepath.Join(dir, "data"), "--web.listen-address="+promAddr, "--log.level=warn")
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	prom := "http://" + promAddr
	waitReady(t, prom+"/-/ready")
	waitScraped(t, prom)

	// Traffic for 8 s; Prometheus is queried over the last 5 s of it.
	ctx, stop := context.WithTimeout(t.Context(), 8*time.Second)
	defer stop()
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failures []error
	drive := func(every time.Duration, url string) {
		wg.Go(func() {
			tick := time.NewTicker(every)
			defer tick.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case <-tick.C:
				}
				wg.Go(func() {
					resp, err := nethttp.Get(url)
					if err == nil {
						_, err = io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
						if err == nil && resp.StatusCode != 200 {
							err = fmt.Errorf("status %d", resp.StatusCode)
						}
					}
					if err != nil && ctx.Err() == nil {
						mu.Lock()
						failures = append(failures, err)
						mu.Unlock()
					}
				})
			}
		})
	}
	base := "http://" + httpAddr
	drive(25*time.Millisecond, base+"/helloworld/bia")
	drive(500*time.Millisecond, base+"/helloworld/bia/stream?count=3&interval=0.1s")
	<-ctx.Done()
	time.Sleep(1500 * time.Millisecond) // a last scrape of the traffic's end
	wg.Wait()
	if len(failures) > 0 {
		t.Fatalf("%d calls failed, first: %v", len(failures), failures[0])
	}

	const hello = `operation="/helloworld.v1.Greeter/SayHello",kind="http",code="200"`
	const stream = `operation="/helloworld.v1.Greeter/SayHelloStream",kind="http",code="200"`
	at := time.Now().Add(-1500 * time.Millisecond) // the end of the traffic
	rate := query(t, prom, `sum(rate(server_requests_total{`+hello+`}[5s]))`, at)
	if rate < 30 || rate > 50 {
		t.Errorf("SayHello rate %.1f/s, want ~40/s", rate)
	}
	streams := query(t, prom, `sum(rate(server_requests_total{`+stream+`}[5s]))`, at)
	if streams < 1.4 || streams > 2.6 {
		t.Errorf("SayHelloStream rate %.2f/s, want ~2/s", streams)
	}
	// Every stream takes ~200 ms: its p99 is in the (0.1, 0.25] bucket.
	p99 := query(t, prom, `histogram_quantile(0.99, sum by (le) (rate(server_request_duration_seconds_bucket{`+stream+`}[5s])))`, at)
	if p99 <= 0.1 || p99 > 0.25 {
		t.Errorf("SayHelloStream p99 %.3f s, want in (0.1, 0.25]", p99)
	}
	// SayHello answers at once: its p99 is in the first bucket or two.
	fast := query(t, prom, `histogram_quantile(0.99, sum by (le) (rate(server_request_duration_seconds_bucket{`+hello+`}[5s])))`, at)
	if fast <= 0 || fast > 0.01 {
		t.Errorf("SayHello p99 %.4f s, want under 10 ms", fast)
	}
	t.Logf("SayHello %.1f/s p99 %.4f s; SayHelloStream %.2f/s p99 %.3f s", rate, fast, streams, p99)
}

func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func waitReady(t *testing.T, url string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := nethttp.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("prometheus not ready after 30 s")
}

// waitScraped waits for Prometheus's first scrape of the example (ready
// comes before the scrape loop runs).
func waitScraped(t *testing.T, prom string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := nethttp.Get(prom + "/api/v1/query?" + url.Values{"query": {`up{job="helloworld"} == 1`}}.Encode())
		if err == nil {
			var r struct{ Data struct{ Result []any } }
			_ = json.NewDecoder(resp.Body).Decode(&r)
			resp.Body.Close()
			if len(r.Data.Result) == 1 {
				return
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatal("prometheus has not scraped the example after 30 s")
}

// query evaluates an instant PromQL query at a time and returns its one
// value.
func query(t *testing.T, prom, q string, at time.Time) float64 {
	t.Helper()
	u := prom + "/api/v1/query?" + url.Values{"query": {q}, "time": {strconv.FormatFloat(float64(at.UnixMilli())/1000, 'f', 3, 64)}}.Encode()
	resp, err := nethttp.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r struct {
		Status string
		Data   struct {
			Result []struct {
				Value [2]any
			}
		}
		Error string
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		t.Fatal(err)
	}
	if r.Status != "success" || len(r.Data.Result) != 1 {
		t.Fatalf("%s: %s %s %+v", q, r.Status, r.Error, r.Data.Result)
	}
	s, _ := r.Data.Result[0].Value[1].(string)
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("%s: value %q", q, s)
	}
	return v
}
