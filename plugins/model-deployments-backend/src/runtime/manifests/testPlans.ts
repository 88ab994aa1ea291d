import {
  deploymentSpecSchema,
  exampleDeploymentSpec,
  type DeploymentSpec,
  type DeploymentSpecInput,
} from '@modelops/plugin-model-deployments-common';
import type { RuntimeConfig } from '../config';
import { steadyStatePlan, type ManifestPlan } from './buildManifests';

/** Configurations and plans that the manifest tests (snapshots, and the API server's dry run) share. */

export const testRuntimeConfig: RuntimeConfig = {
  environments: {
    production: { cluster: 'local', namespace: 'models' },
  },
  servingImage: 'registry.example.com/serving/{{ modelId }}:{{ modelVersion }}',
  modelUri: 's3://models/{{ modelId }}/{{ modelVersion }}',
  containerPort: 8080,
  podSecurity: 'restricted',
  gpuProducts: {
    T4: 'Tesla-T4',
    V100: 'Tesla-V100-SXM2-16GB',
    A100: 'NVIDIA-A100-SXM4-80GB',
  },
  trafficManager: 'none',
  progressDeadlineSeconds: 600,
  startupTimeoutSeconds: 600,
  leaseSeconds: 30,
  clusterRequestTimeoutSeconds: 15,
  cpuNodes: { nodeSelector: {}, tolerations: [] },
};

export function testSpec(
  overrides: Partial<DeploymentSpecInput> = {},
): DeploymentSpec {
  return deploymentSpecSchema.parse({ ...exampleDeploymentSpec, ...overrides });
}

const DEPLOYMENT_ID = '3f1c6a52-0d3e-4c53-9d55-6a4b1f0c2e11';

export function testPlan(options: {
  namespace?: string;
  spec?: DeploymentSpec;
  config?: Partial<RuntimeConfig>;
  stopped?: boolean;
}): ManifestPlan {
  const spec = options.spec ?? testSpec();
  return steadyStatePlan({
    deploymentId: DEPLOYMENT_ID,
    namespace: options.namespace ?? 'models',
    revision: 3,
    spec,
    image: `registry.example.com/serving/${spec.modelId}:${spec.modelVersion}`,
    modelUri: `s3://models/${spec.modelId}/${spec.modelVersion}`,
    stopped: options.stopped ?? false,
    config: { ...testRuntimeConfig, ...options.config },
  });
}

/** A canary of revision 4 taking 20% of the requests beside stable revision 3. */
export function testCanaryPlan(options: {
  namespace?: string;
  config?: Partial<RuntimeConfig>;
}): ManifestPlan {
  const stable = testPlan(options);
  const canarySpec = { ...stable.serving, modelVersion: 'v2.2.0' };
  return {
    ...stable,
    workloads: [
      ...stable.workloads,
      {
        track: 'canary',
        revision: 4,
        spec: canarySpec,
        image: 'registry.example.com/serving/model-001:v2.2.0',
        replicas: 1,
      },
    ],
    routing: { weights: { stable: 80, canary: 20 } },
  };
}
