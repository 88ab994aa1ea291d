import type { V1PodDisruptionBudget } from '@kubernetes/client-node';
import type { DeploymentSpec } from '@modelops/plugin-model-deployments-common';
import { objectLabels, podSelector } from './labels';

/**
 * With two or more instances, a node drain takes them one at a time, so the model keeps serving. With
 * one, a budget would block every drain, so there is none.
 */
export function buildDisruptionBudget(options: {
  deploymentId: string;
  namespace: string;
  spec: DeploymentSpec;
}): V1PodDisruptionBudget | undefined {
  const { spec } = options;
  if (spec.replicas.min < 2) {
    return undefined;
  }
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: {
      name: spec.name,
      namespace: options.namespace,
      labels: objectLabels(options.deploymentId, spec),
    },
    spec: {
      maxUnavailable: 1,
      selector: { matchLabels: podSelector(options.deploymentId) },
    },
  };
}
