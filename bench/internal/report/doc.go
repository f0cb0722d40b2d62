// Package report turns `go test -bench -benchmem` output into one table
// per benchmark group, comparing each framework with a baseline.
//
// A benchmark named BenchmarkGetItem/bia-2 is framework "bia" of group
// "GetItem" (the last name element is the framework, the -N GOMAXPROCS
// suffix is dropped); BenchmarkRouting/routes=10/servemux-2 is framework
// "servemux" of group "Routing/routes=10". Repeated runs (-count) are
// summarised by their median.
//
//	res, err := report.Parse(os.Stdin)
//	if err != nil { ... }
//	report.Write(os.Stdout, res.Groups(), []string{"floor", "servemux"})
package report
