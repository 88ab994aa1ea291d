import type { V1Service } from '@kubernetes/client-node';
import type { DeploymentSpec } from '@modelops/plugin-model-deployments-common';
import { objectLabels, podSelector, type Track } from './labels';

/** The port clients call; the container's named port `http` serves it. */
export const SERVICE_PORT = 80;

/**
 * The deployment's Service, `<name>`. It selects one track (blue-green switches it from `stable` to
 * `preview`) or, with `track` undefined, every track, so that without a traffic manager a canary gets
 * its share of requests by its share of instances.
 */
export function buildService(options: {
  deploymentId: string;
  namespace: string;
  spec: DeploymentSpec;
  name?: string;
  track: Track | undefined;
  clientIpAffinity: boolean;
}): V1Service {
  const { spec } = options;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: options.name ?? spec.name,
      namespace: options.namespace,
      labels: objectLabels(options.deploymentId, spec),
    },
    spec: {
      type: 'ClusterIP',
      selector: podSelector(options.deploymentId, options.track),
      ports: [
        {
          name: 'http',
          port: SERVICE_PORT,
          targetPort: 'http',
          protocol: 'TCP',
        },
      ],
      sessionAffinity: options.clientIpAffinity ? 'ClientIP' : 'None',
    },
  };
}
