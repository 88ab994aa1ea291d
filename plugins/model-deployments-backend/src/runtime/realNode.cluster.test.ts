import { CoreV1Api } from '@kubernetes/client-node';
import {
  REAL_NODE,
  REAL_NODE_PLACEMENT,
  REAL_NODE_TEST_IMAGE,
  useTestNamespace,
} from '@internal/local-cluster';
import {
  startRuntimeTestBackend,
  type RuntimeTestBackend,
} from '../__testUtils__/startRuntimeTestBackend';
import { SERVICE_PORT } from './manifests/service';

jest.setTimeout(180_000);

/**
 * A deployment on the local cluster's real node (scripts/k8s/real-node.sh): its instances are containers
 * that run, are ready when their HTTP health check answers, and serve through the deployment's Service.
 * The server is the node's test server, which answers every path with its pod's name; a real model
 * server comes with issue 19's images.
 */
describe('a deployment on the real node', () => {
  const namespace = useTestNamespace();
  const core = namespace.kubeConfig.makeApiClient(CoreV1Api);
  let backend: RuntimeTestBackend['backend'];
  let api: RuntimeTestBackend['api'];

  beforeEach(async () => {
    ({ backend, api } = await startRuntimeTestBackend({
      namespace: namespace.name,
      runtime: {
        servingImage: REAL_NODE_TEST_IMAGE,
        cpuNodes: REAL_NODE_PLACEMENT,
      },
    }));
  });

  afterEach(async () => {
    await backend.stop();
  });

  it('runs, is ready by its health check, and answers through its Service', async () => {
    const created = await api.create({
      resources: { cpuCores: 0.25, memoryGb: 0.25 },
      replicas: { min: 2, max: 3 },
    });
    const running = await api.until(
      created.id,
      'the deployment to run on the real node',
      d => d.status === 'running' && d.instances.ready === 2,
    );
    expect(running.instances).toMatchObject({ current: 2, ready: 2 });

    const pods = await core.listNamespacedPod({ namespace: namespace.name });
    expect(pods.items.map(pod => pod.spec?.nodeName)).toEqual([
      REAL_NODE,
      REAL_NODE,
    ]);
    // Through the API server's service proxy: requests go to loopback only, never to a pod's address.
    const answer = await core.connectGetNamespacedServiceProxyWithPath({
      name: `${running.name}:${SERVICE_PORT}`,
      namespace: namespace.name,
      path: 'predict',
    });
    expect(pods.items.map(pod => pod.metadata?.name)).toContain(
      String(answer).trim(),
    );
  });
});
