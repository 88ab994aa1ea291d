import type {
  V2HorizontalPodAutoscaler,
  V2MetricSpec,
} from '@kubernetes/client-node';
import type { DeploymentSpec } from '@modelops/plugin-model-deployments-common';
import type { RuntimeConfig } from '../config';
import { DEPLOYMENT_ID_LABEL, objectLabels } from './labels';

/**
 * The HorizontalPodAutoscaler of the stable workload, when auto-scaling is on: CPU and memory
 * utilisation (relative to requests), and GPU utilisation when a metrics adapter serves it.
 */
export function buildAutoscaler(options: {
  deploymentId: string;
  namespace: string;
  spec: DeploymentSpec;
  workloadName: string;
  config: RuntimeConfig;
}): { autoscaler: V2HorizontalPodAutoscaler; notEnforced: string[] } {
  const { spec, config } = options;
  const { autoscaling } = spec;
  const notEnforced: string[] = [];
  const metrics: V2MetricSpec[] = [
    {
      type: 'Resource',
      resource: {
        name: 'cpu',
        target: {
          type: 'Utilization',
          averageUtilization: autoscaling.targetCpuPercent,
        },
      },
    },
    {
      type: 'Resource',
      resource: {
        name: 'memory',
        target: {
          type: 'Utilization',
          averageUtilization: autoscaling.targetMemoryPercent,
        },
      },
    },
  ];
  // The spec's rules allow a GPU target only with GPUs.
  if (autoscaling.targetGpuPercent !== undefined) {
    if (config.gpuUtilizationMetric) {
      metrics.push({
        type: 'External',
        external: {
          metric: {
            name: config.gpuUtilizationMetric,
            selector: {
              matchLabels: { [DEPLOYMENT_ID_LABEL]: options.deploymentId },
            },
          },
          target: {
            type: 'AverageValue',
            averageValue: String(autoscaling.targetGpuPercent),
          },
        },
      });
    } else {
      notEnforced.push(
        'Target GPU utilisation is not enforced: no GPU metric is configured for the autoscaler (modelDeployments.runtime.gpuUtilizationMetric).',
      );
    }
  }
  return {
    autoscaler: {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: {
        name: spec.name,
        namespace: options.namespace,
        labels: objectLabels(options.deploymentId, spec),
      },
      spec: {
        scaleTargetRef: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: options.workloadName,
        },
        minReplicas: spec.replicas.min,
        maxReplicas: spec.replicas.max,
        metrics,
      },
    },
    notEnforced,
  };
}
