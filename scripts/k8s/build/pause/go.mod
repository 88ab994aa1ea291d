// The real node's pod sandbox process (no dependencies).
module modelops.local/k8s/pause

go 1.26.0
