// Package kratostest proves that Bia and Kratos v2 live in one binary: a
// service written the Kratos way (its error enum importing Kratos's copy
// of errors/errors.proto) and one written the Bia way, both generated with
// Bia's plugins, served by Bia's servers next to Kratos's own servers in
// one process, with typed errors crossing between them.
//
// It is a module of its own, so the main module never links Kratos.
package kratostest
