// Package e2e holds Bia's end-to-end tests: generated code from
// testdata/golden served by the real runtime over loopback sockets and
// called by raw HTTP requests and by the generated clients. It has no
// non-test code.
package e2e
