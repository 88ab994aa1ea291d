import type { JsonObject } from '@backstage/types';
import { freePort } from './prometheus';

/**
 * Configuration whose development environment runs on a cluster that nothing answers for, and whose
 * metrics come from `prometheus` (which may be closed too): enough for the routes that refuse, or say
 * what could not be reached, without a cluster.
 */
export async function closedClusterConfig(
  metrics: JsonObject,
): Promise<JsonObject> {
  return {
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'away',
              url: `https://127.0.0.1:${await freePort()}`,
              authProvider: 'serviceAccount',
              serviceAccountToken: 'unused',
            },
          ],
        },
      ],
    },
    modelDeployments: {
      environments: { development: { cluster: 'away', namespace: 'models' } },
      runtime: { servingImage: 'registry.example.com/{{ modelId }}' },
      metrics,
    },
  };
}
