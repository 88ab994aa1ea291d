import type { DeploymentSpecInput } from './deploymentSpec';

/**
 * A complete, valid spec: the product documentation's example (BERT Sentiment API), used by the tests
 * of every package.
 *
 * @public
 */
export const exampleDeploymentSpec: DeploymentSpecInput = {
  name: 'bert-sentiment-api',
  description: 'Sentiment analysis for customer reviews',
  modelRef: 'resource:default/bert-sentiment',
  modelId: 'model-001',
  modelVersion: 'v2.1.0',
  environment: 'production',
  strategy: 'blue-green',
  resources: {
    cpuCores: 4,
    memoryGb: 16,
    gpuCount: 2,
    gpuType: 'A100',
    storageGb: 200,
    networkBandwidthMbps: 1000,
  },
  replicas: { min: 2, max: 10 },
  autoscaling: {
    enabled: true,
    targetCpuPercent: 70,
    targetMemoryPercent: 80,
    targetGpuPercent: 75,
  },
  loadBalancer: {
    enabled: true,
    algorithm: 'least-connections',
    healthCheckPath: '/health',
    healthCheckIntervalSeconds: 30,
    stickySessions: false,
  },
  env: [
    { name: 'LOG_LEVEL', value: 'info' },
    {
      name: 'HF_TOKEN',
      secretKeyRef: { name: 'hf-credentials', key: 'token' },
    },
  ],
};
