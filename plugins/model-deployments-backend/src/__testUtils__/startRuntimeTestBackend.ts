import type {
  BackendFeature,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { testKubeConfigFile } from '@internal/local-cluster';
import type { Knex } from 'knex';
import { deploymentsApi } from './deploymentsApi';
import { testModels } from './entities';
import { startTestBackendWithCatalog } from './startTestBackendWithCatalog';

/**
 * A test backend whose development environment runs on the test cluster, in `namespace`, and the API as
 * a user calls it.
 */
export async function startRuntimeTestBackend(options: {
  namespace: string;
  /** By default the test cluster's own kubeconfig. */
  kubeconfig?: string;
  /** Keys of `modelDeployments.runtime` besides the serving image and the kubeconfig. */
  runtime?: Record<string, unknown>;
  /** Keys of `modelDeployments` besides the environments and the runtime, e.g. `metrics`. */
  modelDeployments?: Record<string, unknown>;
  knex?: Knex;
  features?: BackendFeature[];
  scheduler?: ServiceFactory;
}) {
  const backend = await startTestBackendWithCatalog({
    entities: testModels,
    knex: options.knex,
    features: options.features,
    scheduler: options.scheduler,
    config: {
      modelDeployments: {
        ...options.modelDeployments,
        environments: {
          development: { cluster: 'local', namespace: options.namespace },
        },
        runtime: {
          servingImage: 'registry.example.com/{{ modelId }}:{{ modelVersion }}',
          kubeconfig: options.kubeconfig ?? testKubeConfigFile(),
          ...options.runtime,
        },
      },
    },
  });
  return { backend, api: deploymentsApi(backend.server) };
}

export type RuntimeTestBackend = Awaited<
  ReturnType<typeof startRuntimeTestBackend>
>;
