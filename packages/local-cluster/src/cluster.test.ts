import {
  AppsV1Api,
  AutoscalingV2Api,
  CoreV1Api,
  CustomObjectsApi,
  type V1Deployment,
  type V1Pod,
} from '@kubernetes/client-node';
import { eventually } from './eventually';
import { useTestNamespace } from './testNamespace';

/**
 * Smoke tests of the local control plane itself: what the runtime relies on must behave as on a real
 * cluster. Pods are simulated by kwok (they run no containers); everything else is the real API server,
 * controllers and scheduler.
 */
describe('the local cluster', () => {
  const namespace = useTestNamespace();
  const apps = namespace.kubeConfig.makeApiClient(AppsV1Api);
  const core = namespace.kubeConfig.makeApiClient(CoreV1Api);
  const autoscaling = namespace.kubeConfig.makeApiClient(AutoscalingV2Api);
  const customObjects = namespace.kubeConfig.makeApiClient(CustomObjectsApi);

  /** What the namespaces' `restricted` Pod Security admission asks of every pod. */
  const restricted = {
    securityContext: {
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    },
  };
  const restrictedContainer = {
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    },
  };

  function deployment(
    name: string,
    replicas: number,
    cpuRequest = '100m',
  ): V1Deployment {
    return {
      metadata: { name },
      spec: {
        replicas,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: {
            ...restricted,
            containers: [
              {
                name: 'server',
                image: 'registry.example/model-server:1',
                resources: {
                  requests: { cpu: cpuRequest, memory: '128Mi' },
                },
                ...restrictedContainer,
              },
            ],
          },
        },
      },
    };
  }

  async function readyPods(app: string): Promise<V1Pod[]> {
    const pods = await core.listNamespacedPod({
      namespace: namespace.name,
      labelSelector: `app=${app}`,
    });
    return pods.items.filter(
      pod =>
        !pod.metadata?.deletionTimestamp &&
        pod.status?.conditions?.some(
          c => c.type === 'Ready' && c.status === 'True',
        ),
    );
  }

  async function podsOf(app: string): Promise<V1Pod[]> {
    const pods = await core.listNamespacedPod({
      namespace: namespace.name,
      labelSelector: `app=${app}`,
    });
    return pods.items.filter(pod => !pod.metadata?.deletionTimestamp);
  }

  it('rolls out a Deployment to ready pods and scales it through the scale subresource', async () => {
    await apps.createNamespacedDeployment({
      namespace: namespace.name,
      body: deployment('web', 3),
    });
    await eventually(
      '3 ready pods',
      async () => (await readyPods('web')).length === 3,
    );
    // The Deployment controller reports them a moment after the pods are ready.
    await eventually('the Deployment to report 3 ready replicas', async () => {
      const rolledOut = await apps.readNamespacedDeployment({
        name: 'web',
        namespace: namespace.name,
      });
      return rolledOut.status?.readyReplicas === 3;
    });

    for (const replicas of [5, 3]) {
      const scale = await apps.readNamespacedDeploymentScale({
        name: 'web',
        namespace: namespace.name,
      });
      await apps.replaceNamespacedDeploymentScale({
        name: 'web',
        namespace: namespace.name,
        body: { ...scale, spec: { replicas } },
      });
      await eventually(`${replicas} pods, all ready`, async () => {
        const [ready, all] = [await readyPods('web'), await podsOf('web')];
        return ready.length === replicas && all.length === replicas;
      });
      await eventually(
        `the Deployment to report ${replicas} ready replicas`,
        async () => {
          const current = await apps.readNamespacedDeployment({
            name: 'web',
            namespace: namespace.name,
          });
          return (
            current.status?.readyReplicas === replicas &&
            current.status.replicas === replicas
          );
        },
      );
    }
  });

  it("enforces the restricted Pod Security standard in a test's namespace: a pod that may run as root is refused", async () => {
    await expect(
      core.createNamespacedPod({
        namespace: namespace.name,
        body: {
          metadata: { name: 'as-root' },
          spec: {
            containers: [
              { name: 'server', image: 'registry.example/model-server:1' },
            ],
          },
        },
      }),
    ).rejects.toThrow(/HTTP-Code: 403[\s\S]*violates PodSecurity/);
  });

  it('schedules a GPU pod onto a node of the GPU type it selects, and leaves an absent type Pending', async () => {
    const gpuPod = (name: string, product: string): V1Pod => ({
      metadata: { name },
      spec: {
        nodeSelector: { 'nvidia.com/gpu.product': product },
        tolerations: [
          { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
        ],
        ...restricted,
        containers: [
          {
            name: 'server',
            image: 'registry.example/model-server:1',
            resources: { limits: { 'nvidia.com/gpu': '1' } },
            ...restrictedContainer,
          },
        ],
      },
    });
    await core.createNamespacedPod({
      namespace: namespace.name,
      body: gpuPod('on-a100', 'NVIDIA-A100-SXM4-80GB'),
    });
    await core.createNamespacedPod({
      namespace: namespace.name,
      body: gpuPod('on-h100', 'NVIDIA-H100-80GB-HBM3'),
    });

    const placed = await eventually('the A100 pod to run', async () => {
      const pod = await core.readNamespacedPod({
        name: 'on-a100',
        namespace: namespace.name,
      });
      return pod.status?.phase === 'Running' ? pod : undefined;
    });
    expect(placed.spec?.nodeName).toMatch(/^gpu-a100-/);

    const pending = await eventually(
      'the scheduler to give up on the H100 pod',
      async () => {
        const pod = await core.readNamespacedPod({
          name: 'on-h100',
          namespace: namespace.name,
        });
        const scheduled = pod.status?.conditions?.find(
          c => c.type === 'PodScheduled',
        );
        return scheduled?.status === 'False' ? { pod, scheduled } : undefined;
      },
    );
    expect(pending.pod.status?.phase).toBe('Pending');
    expect(pending.pod.spec?.nodeName).toBeUndefined();
    expect(pending.scheduled.reason).toBe('Unschedulable');
    expect(pending.scheduled.message).toMatch(
      /didn't match Pod's node affinity\/selector/,
    );
  });

  it('keeps a pod that asks for a GPU off the GPU nodes when it does not tolerate their taint', async () => {
    await core.createNamespacedPod({
      namespace: namespace.name,
      body: {
        metadata: { name: 'untolerated' },
        spec: {
          ...restricted,
          containers: [
            {
              name: 'server',
              image: 'registry.example/model-server:1',
              resources: { limits: { 'nvidia.com/gpu': '1' } },
              ...restrictedContainer,
            },
          ],
        },
      },
    });
    const scheduled = await eventually(
      'the pod to be found unschedulable',
      async () => {
        const pod = await core.readNamespacedPod({
          name: 'untolerated',
          namespace: namespace.name,
        });
        return pod.status?.conditions?.find(
          c => c.type === 'PodScheduled' && c.status === 'False',
        );
      },
    );
    expect(scheduled.message).toMatch(/untolerated taint/);
  });

  it('scales a Deployment up when its simulated CPU usage rises and down when it falls', async () => {
    await apps.createNamespacedDeployment({
      namespace: namespace.name,
      body: deployment('busy', 1, '500m'),
    });
    await autoscaling.createNamespacedHorizontalPodAutoscaler({
      namespace: namespace.name,
      body: {
        metadata: { name: 'busy' },
        spec: {
          scaleTargetRef: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: 'busy',
          },
          minReplicas: 1,
          maxReplicas: 4,
          metrics: [
            {
              type: 'Resource',
              resource: {
                name: 'cpu',
                target: { type: 'Utilization', averageUtilization: 50 },
              },
            },
          ],
        },
      },
    });
    const [pod] = await eventually('the first pod', async () => {
      const ready = await readyPods('busy');
      return ready.length === 1 ? ready : undefined;
    });

    // The HPA reads metrics-server, which reads kwok's simulated kubelet; kwok reports this annotation.
    const setUsage = (cpu: string) =>
      core.patchNamespacedPod({
        name: pod.metadata!.name!,
        namespace: namespace.name,
        body: [
          {
            op: 'add',
            path: '/metadata/annotations',
            value: { 'kwok.x-k8s.io/usage-cpu': cpu },
          },
        ],
      });
    await setUsage('900m');
    const scaledUp = await eventually(
      'the HPA to scale up',
      async () => {
        const hpa = await autoscaling.readNamespacedHorizontalPodAutoscaler({
          name: 'busy',
          namespace: namespace.name,
        });
        return (hpa.status?.desiredReplicas ?? 0) > 1 ? hpa : undefined;
      },
      { timeoutMs: 180_000, intervalMs: 1000 },
    );
    const utilisation =
      scaledUp.status?.currentMetrics?.[0]?.resource?.current
        .averageUtilization;
    expect(utilisation).toBeGreaterThan(50);
    await eventually(
      'the Deployment to scale up',
      async () => (await readyPods('busy')).length > 1,
    );

    await setUsage('1m');
    await eventually(
      'the HPA to scale back down to 1',
      async () => {
        const current = await apps.readNamespacedDeployment({
          name: 'busy',
          namespace: namespace.name,
        });
        return current.spec?.replicas === 1;
      },
      { timeoutMs: 180_000, intervalMs: 1000 },
    );
    // metrics-server needs two scrapes of a new pod (about 40 s here), and the HPA then waits out its
    // scale-down stabilisation window (30 s on this cluster) before it removes instances.
  }, 420_000);

  it('validates traffic objects against the Istio and Gateway API CRDs', async () => {
    await expect(
      customObjects.createNamespacedCustomObject({
        group: 'networking.istio.io',
        version: 'v1',
        namespace: namespace.name,
        plural: 'destinationrules',
        body: {
          apiVersion: 'networking.istio.io/v1',
          kind: 'DestinationRule',
          metadata: { name: 'web' },
          spec: {
            host: 'web',
            trafficPolicy: { loadBalancer: { simple: 'LEAST_REQUEST' } },
          },
        },
      }),
    ).resolves.toMatchObject({ metadata: { name: 'web' } });

    await expect(
      customObjects.createNamespacedCustomObject({
        group: 'gateway.networking.k8s.io',
        version: 'v1',
        namespace: namespace.name,
        plural: 'httproutes',
        body: {
          apiVersion: 'gateway.networking.k8s.io/v1',
          kind: 'HTTPRoute',
          metadata: { name: 'web' },
          spec: {
            rules: [{ backendRefs: [{ name: 'web', port: 80, weight: -1 }] }],
          },
        },
      }),
    ).rejects.toThrow(/weight/);
  });
});
