import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Shown in the template editor's list of actions. */
export const examples: TemplateExample[] = [
  {
    description:
      'Deploy a model on CPUs with auto-scaling, from the parameters of a form',
    example: yaml.stringify({
      steps: [
        {
          id: 'create',
          action: 'model-deployments:create',
          name: 'Create the deployment',
          input: {
            name: '${{ parameters.name }}',
            description: '${{ parameters.description }}',
            modelRef: '${{ parameters.model }}',
            modelVersion: '${{ parameters.modelVersion }}',
            environment: '${{ parameters.environment }}',
            strategy: 'rolling',
            resources: { cpuCores: 2, memoryGb: 8 },
            replicas: { min: 2, max: 6 },
            autoscaling: {
              enabled: true,
              targetCpuPercent: 70,
              targetMemoryPercent: 80,
            },
          },
        },
      ],
      output: {
        links: [
          {
            title: 'Open the deployment',
            url: '${{ steps.create.output.deploymentUrl }}',
          },
        ],
      },
    }),
  },
  {
    description:
      'Deploy a model on two A100 GPUs per instance, replaced one at a time on updates',
    example: yaml.stringify({
      steps: [
        {
          id: 'create',
          action: 'model-deployments:create',
          name: 'Create the deployment',
          input: {
            name: 'bert-sentiment-api',
            modelRef: 'resource:default/bert-sentiment',
            modelVersion: 'v2.1.0',
            environment: 'production',
            strategy: 'canary',
            surgeDuringUpdates: false,
            resources: {
              cpuCores: 4,
              memoryGb: 16,
              gpuCount: 2,
              gpuType: 'A100',
              storageGb: 200,
            },
            replicas: { min: 2, max: 2 },
            autoscaling: { enabled: false },
            loadBalancer: {
              enabled: true,
              algorithm: 'least-connections',
              healthCheckPath: '/health',
              healthCheckIntervalSeconds: 30,
            },
          },
        },
      ],
    }),
  },
];
