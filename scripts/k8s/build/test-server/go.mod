// The real node's test server (no dependencies).
module modelops.local/k8s/test-server

go 1.26.0
