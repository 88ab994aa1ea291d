import {
  KubernetesObjectApi,
  PatchStrategy,
  type KubernetesObject,
} from '@kubernetes/client-node';
import { useTestNamespace } from '@internal/local-cluster';
import { buildManifests, type ManifestPlan } from './buildManifests';
import { FIELD_MANAGER } from './labels';
import { testCanaryPlan, testPlan, testSpec } from './testPlans';

/**
 * Every object the manifests can contain, validated by the local cluster's API server with a server-side
 * apply in dry-run mode: schemas, CRD validation (Istio, Gateway API) and admission all run, nothing is
 * stored.
 */
describe('the manifests, validated by a real API server', () => {
  const namespace = useTestNamespace();
  const objectsApi = KubernetesObjectApi.makeApiClient(namespace.kubeConfig);

  async function dryRunApply(plan: ManifestPlan): Promise<KubernetesObject[]> {
    const accepted: KubernetesObject[] = [];
    for (const object of buildManifests(plan).objects) {
      accepted.push(
        await objectsApi.patch(
          object,
          undefined,
          'All',
          FIELD_MANAGER,
          true,
          PatchStrategy.ServerSideApply,
        ),
      );
    }
    return accepted;
  }

  it.each([
    [
      'the documentation example',
      () => testPlan({ namespace: namespace.name }),
    ],
    [
      'a stopped deployment without auto-scaling',
      () =>
        testPlan({
          namespace: namespace.name,
          spec: testSpec({ autoscaling: { enabled: false } }),
          stopped: true,
        }),
    ],
    [
      'a sticky deployment behind Istio',
      () =>
        testPlan({
          namespace: namespace.name,
          spec: testSpec({
            loadBalancer: { enabled: true, stickySessions: true },
          }),
          config: { trafficManager: 'istio' },
        }),
    ],
    [
      'a canary split by Istio',
      () =>
        testCanaryPlan({
          namespace: namespace.name,
          config: { trafficManager: 'istio' },
        }),
    ],
    [
      'a canary split by a Gateway API route',
      () =>
        testCanaryPlan({
          namespace: namespace.name,
          config: {
            trafficManager: 'gateway-api',
            gateway: { name: 'models' },
          },
        }),
    ],
    [
      'a CPU-only deployment with IP hash and no traffic manager',
      () =>
        testPlan({
          namespace: namespace.name,
          spec: testSpec({
            resources: { cpuCores: 0.25, memoryGb: 0.5, gpuCount: 0 },
            autoscaling: { enabled: true },
            loadBalancer: { enabled: true, algorithm: 'ip-hash' },
          }),
        }),
    ],
  ])('accepts %s', async (_, plan) => {
    const accepted = await dryRunApply(plan());
    expect(accepted.length).toBeGreaterThan(0);
    for (const object of accepted) {
      expect(object.metadata?.namespace).toBe(namespace.name);
      expect(object.metadata?.labels?.['app.kubernetes.io/managed-by']).toBe(
        'model-deployments',
      );
    }
  });

  it('is refused by the API server when an object breaks its schema', async () => {
    const [deployment] = buildManifests(
      testPlan({ namespace: namespace.name }),
    ).objects;
    const broken = {
      ...deployment,
      spec: { ...(deployment as any).spec, progressDeadlineSeconds: -1 },
    };
    await expect(
      objectsApi.patch(
        broken,
        undefined,
        'All',
        FIELD_MANAGER,
        true,
        PatchStrategy.ServerSideApply,
      ),
    ).rejects.toThrow(/progressDeadlineSeconds/);
  });
});
