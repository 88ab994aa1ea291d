import type {
  KubernetesObject,
  V1Deployment,
  V1Service,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import { buildManifests, unenforcedSettings } from './buildManifests';
import {
  testCanaryPlan,
  testPlan,
  testRuntimeConfig,
  testSpec,
} from './testPlans';

function find<T extends KubernetesObject>(
  objects: KubernetesObject[],
  kind: string,
  name?: string,
): T {
  const found = objects.find(
    o => o.kind === kind && (name === undefined || o.metadata?.name === name),
  );
  if (!found) {
    throw new Error(
      `No ${kind} ${name ?? ''} in ${objects.map(o => o.kind).join(', ')}`,
    );
  }
  return found as T;
}

describe('buildManifests', () => {
  it('maps the documentation example onto a Deployment, Service, HPA and disruption budget', () => {
    const { objects, notEnforced } = buildManifests(testPlan({}));
    expect(objects).toMatchSnapshot();
    expect(objects.map(o => `${o.kind}/${o.metadata?.name}`)).toEqual([
      'Deployment/bert-sentiment-api',
      'Service/bert-sentiment-api',
      'HorizontalPodAutoscaler/bert-sentiment-api',
      'PodDisruptionBudget/bert-sentiment-api',
    ]);
    expect(notEnforced).toEqual([
      'Least connections is not enforced: with no traffic manager configured, kube-proxy spreads connections evenly.',
      'Target GPU utilisation is not enforced: no GPU metric is configured for the autoscaler (modelDeployments.runtime.gpuUtilizationMetric).',
    ]);
  });

  it('requests what the form asks for, selects the GPU type and tolerates the GPU taint', () => {
    const deployment = find<V1Deployment>(
      buildManifests(testPlan({})).objects,
      'Deployment',
    );
    const pod = deployment.spec!.template.spec!;
    expect(pod.containers[0].resources).toEqual({
      requests: { cpu: '4', memory: '16Gi', 'ephemeral-storage': '200Gi' },
      limits: {
        cpu: '4',
        memory: '16Gi',
        'ephemeral-storage': '200Gi',
        'nvidia.com/gpu': '2',
      },
    });
    expect(pod.nodeSelector).toEqual({
      'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB',
    });
    expect(pod.tolerations).toEqual([
      { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    expect(deployment.spec!.template.metadata!.annotations).toEqual({
      'kubernetes.io/ingress-bandwidth': '1000M',
      'kubernetes.io/egress-bandwidth': '1000M',
    });
    // The HPA owns the replica count while it exists.
    expect(deployment.spec!.replicas).toBeUndefined();
    expect(deployment.spec!.strategy!.rollingUpdate).toEqual({
      maxUnavailable: 0,
      maxSurge: 1,
    });
  });

  it('keeps secrets as references and never copies their values', () => {
    const deployment = find<V1Deployment>(
      buildManifests(testPlan({})).objects,
      'Deployment',
    );
    expect(deployment.spec!.template.spec!.containers[0].env).toContainEqual({
      name: 'HF_TOKEN',
      valueFrom: { secretKeyRef: { name: 'hf-credentials', key: 'token' } },
    });
  });

  it('runs the pods at the restricted Pod Security standard unless the platform relaxes it', () => {
    const podSpec = (podSecurity: 'restricted' | 'baseline') =>
      find<V1Deployment>(
        buildManifests(testPlan({ config: { podSecurity } })).objects,
        'Deployment',
      ).spec!.template.spec!;
    const restricted = podSpec('restricted');
    expect(restricted.securityContext).toEqual({
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(restricted.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    const baseline = podSpec('baseline');
    expect(baseline.securityContext).toBeUndefined();
    expect(baseline.containers[0].securityContext).toBeUndefined();
  });

  it('writes as text what a stored record refers to that the API now refuses: a platform variable or a secret', () => {
    const spec = {
      ...testSpec(),
      env: [
        { name: 'TOKEN', secretKeyRef: { name: 'creds', key: 'token' } },
        { name: 'URL', value: 'https://x:$(TOKEN)@h/$(MODEL_ID)?$(OTHER)' },
      ],
    };
    const deployment = find<V1Deployment>(
      buildManifests(testPlan({ spec })).objects,
      'Deployment',
    );
    expect(deployment.spec!.template.spec!.containers[0].env).toContainEqual({
      name: 'URL',
      value: 'https://x:$$(TOKEN)@h/$$(MODEL_ID)?$(OTHER)',
    });
  });

  it('writes fractional cores and gigabytes exactly', () => {
    const spec = testSpec({
      resources: { cpuCores: 0.5, memoryGb: 1.5, gpuCount: 0 },
      autoscaling: { enabled: true },
    });
    const deployment = find<V1Deployment>(
      buildManifests(testPlan({ spec })).objects,
      'Deployment',
    );
    expect(
      deployment.spec!.template.spec!.containers[0].resources!.requests,
    ).toEqual({
      cpu: '500m',
      memory: '1536Mi',
    });
    expect(deployment.spec!.template.spec!.nodeSelector).toBeUndefined();
    expect(deployment.spec!.template.spec!.tolerations).toEqual([]);
  });

  it("places instances without GPUs on the platform's CPU nodes, and GPU instances on their GPU's", () => {
    const cpuNodes = {
      nodeSelector: { 'modelops.io/node': 'real' },
      tolerations: [
        {
          key: 'modelops.io/real-node',
          operator: 'Exists' as const,
          effect: 'NoSchedule' as const,
        },
      ],
    };
    const podOf = (spec: ReturnType<typeof testSpec>) =>
      find<V1Deployment>(
        buildManifests(testPlan({ spec, config: { cpuNodes } })).objects,
        'Deployment',
      ).spec!.template.spec!;
    const cpu = podOf(
      testSpec({
        resources: { cpuCores: 1, memoryGb: 2, gpuCount: 0 },
        autoscaling: { enabled: true },
      }),
    );
    expect(cpu.nodeSelector).toEqual(cpuNodes.nodeSelector);
    expect(cpu.tolerations).toEqual(cpuNodes.tolerations);
    const gpu = podOf(testSpec());
    expect(gpu.nodeSelector).toEqual({
      'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB',
    });
    expect(gpu.tolerations).toEqual([
      { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
    ]);
  });

  it('runs the minimum without an HPA when auto-scaling is off, and nothing when stopped', () => {
    const spec = testSpec({ autoscaling: { enabled: false } });
    const running = buildManifests(testPlan({ spec })).objects;
    expect(find<V1Deployment>(running, 'Deployment').spec!.replicas).toBe(2);
    expect(running.some(o => o.kind === 'HorizontalPodAutoscaler')).toBe(false);

    const stopped = buildManifests(testPlan({ stopped: true })).objects;
    expect(find<V1Deployment>(stopped, 'Deployment').spec!.replicas).toBe(0);
    expect(stopped.some(o => o.kind === 'HorizontalPodAutoscaler')).toBe(false);
  });

  it('pins clients by IP on the Service for IP hash when there is no traffic manager', () => {
    const spec = testSpec({
      loadBalancer: { enabled: true, algorithm: 'ip-hash' },
    });
    const { objects, notEnforced } = buildManifests(testPlan({ spec }));
    expect(find<V1Service>(objects, 'Service').spec!.sessionAffinity).toBe(
      'ClientIP',
    );
    expect(notEnforced.filter(n => n.includes('connections'))).toEqual([]);
  });

  it('expresses the algorithm and stickiness as an Istio DestinationRule', () => {
    const { objects, notEnforced } = buildManifests(
      testPlan({ config: { trafficManager: 'istio' } }),
    );
    const rule = find<KubernetesObject & { spec: any }>(
      objects,
      'DestinationRule',
    );
    expect(rule.spec.trafficPolicy).toEqual({
      loadBalancer: { simple: 'LEAST_REQUEST' },
    });
    expect(notEnforced.some(n => n.includes('connections'))).toBe(false);

    const sticky = buildManifests(
      testPlan({
        spec: testSpec({
          loadBalancer: { enabled: true, stickySessions: true },
        }),
        config: { trafficManager: 'istio' },
      }),
    );
    expect(
      find<KubernetesObject & { spec: any }>(sticky.objects, 'DestinationRule')
        .spec.trafficPolicy.loadBalancer,
    ).toEqual({
      consistentHash: { httpCookie: { name: 'modelops-affinity', ttl: '0s' } },
    });
  });

  it('splits a canary by weight with Istio subsets', () => {
    const { objects } = buildManifests(
      testCanaryPlan({ config: { trafficManager: 'istio' } }),
    );
    expect(objects).toMatchSnapshot();
    const route = find<KubernetesObject & { spec: any }>(
      objects,
      'VirtualService',
    );
    expect(
      route.spec.http[0].route.map((r: any) => [
        r.destination.subset,
        r.weight,
      ]),
    ).toEqual([
      ['stable', 80],
      ['canary', 20],
    ]);
    // The subsets choose the instances, so the Service selects both tracks.
    expect(find<V1Service>(objects, 'Service').spec!.selector).toEqual({
      'modelops.io/deployment-id': '3f1c6a52-0d3e-4c53-9d55-6a4b1f0c2e11',
    });
  });

  it('splits a canary by weight with a Gateway API route over a Service per track', () => {
    const { objects, notEnforced } = buildManifests(
      testCanaryPlan({
        config: {
          trafficManager: 'gateway-api',
          gateway: { name: 'models', namespace: 'gateways' },
        },
      }),
    );
    const route = find<KubernetesObject & { spec: any }>(objects, 'HTTPRoute');
    expect(route.spec.parentRefs).toEqual([
      { name: 'models', namespace: 'gateways' },
    ]);
    expect(route.spec.rules[0].backendRefs).toEqual([
      { name: 'bert-sentiment-api', port: 80, weight: 80 },
      { name: 'bert-sentiment-api-canary', port: 80, weight: 20 },
    ]);
    expect(
      find<V1Service>(objects, 'Service', 'bert-sentiment-api').spec!.selector![
        'modelops.io/track'
      ],
    ).toBe('stable');
    expect(
      find<V1Service>(objects, 'Service', 'bert-sentiment-api-canary').spec!
        .selector!['modelops.io/track'],
    ).toBe('canary');
    expect(notEnforced).toContain(
      "The least-connections algorithm is not enforced: the Gateway API has no load-balancing setting, so the gateway's default applies.",
    );
  });

  it('splits a canary by instance count when there is no traffic manager, and says so', () => {
    const { objects, notEnforced } = buildManifests(testCanaryPlan({}));
    expect(
      objects.filter(o => o.kind === 'Deployment').map(o => o.metadata?.name),
    ).toEqual(['bert-sentiment-api', 'bert-sentiment-api-canary']);
    expect(
      find<V1Deployment>(objects, 'Deployment', 'bert-sentiment-api-canary')
        .spec!.replicas,
    ).toBe(1);
    expect(notEnforced).toContain(
      'Traffic is split by the number of instances of each version: no traffic manager is configured.',
    );
    const hpa = find<V2HorizontalPodAutoscaler>(
      objects,
      'HorizontalPodAutoscaler',
    );
    expect(hpa.spec!.scaleTargetRef.name).toBe('bert-sentiment-api');
  });

  it('says which settings of a spec at rest the cluster does not carry out', () => {
    expect(unenforcedSettings(testSpec(), testRuntimeConfig)).toEqual([
      'Least connections is not enforced: with no traffic manager configured, kube-proxy spreads connections evenly.',
      'Target GPU utilisation is not enforced: no GPU metric is configured for the autoscaler (modelDeployments.runtime.gpuUtilizationMetric).',
    ]);
    expect(
      unenforcedSettings(
        testSpec({
          resources: { cpuCores: 1, memoryGb: 2 },
          autoscaling: { enabled: true },
          loadBalancer: { algorithm: 'round-robin' },
        }),
        testRuntimeConfig,
      ),
    ).toEqual([]);
  });
});
