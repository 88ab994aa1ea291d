/**
 * The local cluster's node that runs real containers (scripts/k8s/real-node.sh): its name, and what a pod
 * asks for to run there (the node is tainted, so that only such pods do).
 */
export const REAL_NODE = 'modelops-real';

/** The node selector and toleration of a pod that runs on the real node, as a pod spec writes them. */
export const REAL_NODE_PLACEMENT = {
  nodeSelector: { 'modelops.io/node': 'real' },
  tolerations: [
    {
      key: 'modelops.io/real-node',
      operator: 'Exists' as const,
      effect: 'NoSchedule' as const,
    },
  ],
};

/** The test server image the real node has (answers every path with its pod's name). */
export const REAL_NODE_TEST_IMAGE = 'modelops.local/test-server:1';
