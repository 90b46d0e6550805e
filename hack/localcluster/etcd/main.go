// Command etcd is etcd v3.6 built from the Go module proxy: the etcd release
// module (go.etcd.io/etcd/v3) cannot be `go install`ed because of its replace
// directives, but the server module's etcdmain can be called directly.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
