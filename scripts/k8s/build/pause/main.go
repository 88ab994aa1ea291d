// The real node's pod sandbox ("pause") process: it holds a pod's namespaces until the kubelet stops the
// pod. No registry is reachable here, so the sandbox image is built from this and imported (real-node.sh).
package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	<-stop
}
