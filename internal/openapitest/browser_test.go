package openapitest

import (
	"context"
	"log/slog"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/bia-go/bia/runtime/transport/http"
	libpb "github.com/bia-go/bia/testdata/golden/httptest/v1"
)

// chromium returns the path of the Chromium binary. Without one the test
// is skipped, unless BIA_REQUIRE_BROWSER is set (make test sets it, after
// installing Debian's chromium when missing): then it fails.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("BIA_REQUIRE_BROWSER") != "" {
		t.Fatal("no chromium on PATH; make test installs Debian's (scripts/ensure-chromium.sh)")
	}
	t.Skip("no chromium on PATH (make test installs it)")
	return ""
}

// TestPageRenders serves the golden document with the HTTP server's
// OpenAPI option and loads the built-in page in headless Chromium: the DOM
// it renders, after its script fetched /openapi.json, lists the
// operations with their parameters, responses and error reasons.
func TestPageRenders(t *testing.T) {
	browser := chromium(t)
	spec, err := os.ReadFile("../../testdata/golden/openapi/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	srv := http.NewServer(http.Address("127.0.0.1:0"), http.Logger(slog.New(slog.DiscardHandler)), http.OpenAPI(spec))
	libpb.RegisterLibraryHTTPServer(srv, library{})
	ep, err := srv.Endpoint()
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Start(context.Background()) }()
	t.Cleanup(func() { _ = srv.Stop(context.Background()) })

	ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
		"--user-data-dir="+t.TempDir(), "--virtual-time-budget=15000", "--dump-dom", "http://"+ep.Host+"/docs/")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium: %v", err)
	}
	dom := string(out)
	for _, want := range []string{
		`data-ready="true"`,                                     // the script ran to the end
		`data-operation-id="Library_GetBook"`,                   // an operation
		`data-operation-id="Library_GetBook_2"`,                 // an additional binding
		`data-operation-id="Library_ListBookRevisions"`,         // a custom HTTP method
		`/v1/shelves/{name.shelves}/books/{name.books}:publish`, // a custom verb
		`data-param="shelf.name"`,                               // a path parameter
		`data-param="languages"`,                                // a query parameter
		`data-status="404"`,                                     // an error response
		`BOOK_NOT_FOUND`,                                        // an error reason of the enums
		`<h2 class="tag">Library</h2>`,                          // a tag
		`Server-streaming: Server-Sent Events`,                  // a server stream
		`WebSocket (bidi-streaming)`,                            // a WebSocket method
	} {
		if !strings.Contains(dom, want) {
			t.Errorf("the rendered page lacks %s", want)
		}
	}
	if strings.Contains(dom, `id="error">T`) || strings.Contains(dom, "TypeError") {
		t.Errorf("the page reported an error:\n%.2000s", dom)
	}
}
