import http from 'node:http';
import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
} from '@kubernetes/client-node';
import { eventually } from './eventually';
import {
  REAL_NODE,
  REAL_NODE_PLACEMENT,
  REAL_NODE_TEST_IMAGE,
} from './realNode';
import { useTestNamespace } from './testNamespace';

jest.setTimeout(240_000);

/** A request on a connection of its own: kube-proxy picks an instance per connection. */
function get(url: string): Promise<string | undefined> {
  return new Promise(resolve => {
    const request = http
      .get(url, { agent: false, timeout: 2000 }, response => {
        let body = '';
        response.on('data', chunk => {
          body += chunk;
        });
        response.on('end', () =>
          resolve(response.statusCode === 200 ? body : undefined),
        );
      })
      .on('timeout', () => request.destroy())
      .on('error', () => resolve(undefined));
  });
}

/** Bytes of a Kubernetes memory quantity as metrics-server writes it (`3164Ki`, `5Mi`). */
function bytesOf(quantity: string): number {
  const units: Record<string, number> = {
    '': 1,
    Ki: 1024,
    Mi: 1024 ** 2,
    Gi: 1024 ** 3,
  };
  const [, amount, unit] = /^(\d+)(Ki|Mi|Gi|)$/.exec(quantity) ?? [];
  return amount === undefined ? NaN : Number(amount) * units[unit];
}

/**
 * Smoke tests of the real node: a locally built image runs in containerd, passes an HTTP readiness
 * probe, answers through a Service's NodePort on 127.0.0.1 (kube-proxy), writes a log the API server
 * reads from the kubelet, and reports real usage to metrics-server.
 */
describe('the real node', () => {
  const namespace = useTestNamespace();
  const apps = namespace.kubeConfig.makeApiClient(AppsV1Api);
  const core = namespace.kubeConfig.makeApiClient(CoreV1Api);
  const metrics = namespace.kubeConfig.makeApiClient(CustomObjectsApi);

  it('is Ready, runs containerd, and keeps every pod that does not ask for it off', async () => {
    const node = await core.readNode({ name: REAL_NODE });
    expect(node.status?.nodeInfo?.containerRuntimeVersion).toMatch(
      /^containerd:\/\//,
    );
    expect(node.status?.conditions?.find(c => c.type === 'Ready')?.status).toBe(
      'True',
    );
    expect(node.spec?.taints).toEqual([
      { key: 'modelops.io/real-node', value: 'true', effect: 'NoSchedule' },
    ]);
  });

  it('serves a real container through a NodePort on loopback, with its log and its usage', async () => {
    await apps.createNamespacedDeployment({
      namespace: namespace.name,
      body: {
        metadata: { name: 'echo' },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'echo' } },
          template: {
            metadata: { labels: { app: 'echo' } },
            spec: {
              ...REAL_NODE_PLACEMENT,
              securityContext: {
                runAsNonRoot: true,
                runAsUser: 65532,
                seccompProfile: { type: 'RuntimeDefault' },
              },
              containers: [
                {
                  name: 'server',
                  image: REAL_NODE_TEST_IMAGE,
                  imagePullPolicy: 'Never',
                  readinessProbe: {
                    httpGet: { path: '/', port: 8080 },
                    periodSeconds: 1,
                  },
                  securityContext: {
                    allowPrivilegeEscalation: false,
                    capabilities: { drop: ['ALL'] },
                  },
                },
              ],
            },
          },
        },
      },
    });
    const service = await core.createNamespacedService({
      namespace: namespace.name,
      body: {
        metadata: { name: 'echo' },
        spec: {
          type: 'NodePort',
          selector: { app: 'echo' },
          ports: [{ port: 80, targetPort: 8080 }],
        },
      },
    });
    const nodePort = service.spec!.ports![0].nodePort!;

    const pods = await eventually('both pods to be ready', async () => {
      const list = await core.listNamespacedPod({ namespace: namespace.name });
      const ready = list.items.filter(pod =>
        pod.status?.conditions?.some(
          c => c.type === 'Ready' && c.status === 'True',
        ),
      );
      return ready.length === 2 ? ready : undefined;
    });
    expect(pods.map(pod => pod.spec?.nodeName)).toEqual([REAL_NODE, REAL_NODE]);
    const names = pods.map(pod => pod.metadata!.name!).sort();

    // kube-proxy sends requests to either instance.
    const answeredBy = await eventually(
      'the NodePort to reach both instances',
      async () => {
        const seen = new Set<string>();
        for (let i = 0; i < 20; i++) {
          const answer = await get(`http://127.0.0.1:${nodePort}/`);
          if (answer) {
            seen.add(answer.trim());
          }
        }
        return seen.size === 2 ? [...seen].sort() : undefined;
      },
    );
    expect(answeredBy).toEqual(names);

    const log = await core.readNamespacedPodLog({
      name: names[0],
      namespace: namespace.name,
    });
    expect(log).toMatch(/listening on :8080/);
    expect(log).toMatch(/GET \//);

    const usage = await eventually(
      "metrics-server to report the pods' usage",
      async () => {
        const answer = (await metrics
          .getNamespacedCustomObject({
            group: 'metrics.k8s.io',
            version: 'v1beta1',
            namespace: namespace.name,
            plural: 'pods',
            name: names[0],
          })
          .catch(() => undefined)) as
          | { containers: { usage: { memory: string } }[] }
          | undefined;
        return answer?.containers[0]?.usage;
      },
      { timeoutMs: 90_000 },
    );
    // Measured by the kubelet from the container's cgroup, not kwok's default of exactly 1Mi.
    expect(bytesOf(usage.memory)).toBeGreaterThan(0);
    expect(bytesOf(usage.memory)).not.toBe(1024 ** 2);
  });
});
