import {
  createBackendModule,
  type BackendFeature,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import { testKubeConfigFile } from '@internal/local-cluster';
// The module's tests run the backend plugin whose deployments it publishes (a devDependency only).
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import modelDeploymentsPlugin from '@modelops/plugin-model-deployments-backend';
import {
  MODEL_ID_ANNOTATION,
  MODEL_VERSIONS_ANNOTATION,
} from '@modelops/plugin-model-deployments-common';
import { eventualEntity } from './catalogEntities';

/** The model the tests deploy, as the demo catalog has it. */
const model: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'bert-sentiment',
    namespace: 'default',
    annotations: {
      'backstage.io/managed-by-location': 'url:https://example.com/test',
      'backstage.io/managed-by-origin-location': 'url:https://example.com/test',
      [MODEL_ID_ANNOTATION]: 'model-001',
      [MODEL_VERSIONS_ANNOTATION]: 'v2.1.0, v2.0.0',
    },
  },
  spec: { type: 'ai-model', owner: 'group:default/nlp-team' },
};

const testModel = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'test-model',
  register(reg) {
    reg.registerInit({
      deps: { catalog: catalogProcessingExtensionPoint },
      async init({ catalog }) {
        catalog.addEntityProvider({
          getProviderName: () => 'test-model',
          connect: connection =>
            connection.applyMutation({
              type: 'full',
              entities: [{ entity: model, locationKey: 'test' }],
            }),
        });
      },
    });
  },
});

/**
 * Starts a test backend with the real catalog, holding one model, and the Model Deployments backend,
 * which allows every user everything. With `namespace`, the development environment's deployments run
 * in that namespace of the test cluster, and the others in no cluster (their creation fails, and
 * nothing is ever applied); without it, deployments are recorded and not run.
 */
export async function startCatalogTestBackend(
  options: {
    features?: BackendFeature[];
    namespace?: string;
    /**
     * A directory for the Model Deployments backend's SQLite file, so that a backend started later finds
     * the deployments of an earlier one; by default an in-memory database. The catalog's is in memory.
     */
    databaseDirectory?: string;
    /** Configuration besides the catalog's and the runtime's. */
    config?: JsonObject;
  } = {},
) {
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      testModel,
      modelDeploymentsPlugin,
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      mockServices.rootConfig.factory({
        data: {
          ...options.config,
          backend: {
            database: {
              client: 'better-sqlite3',
              connection: ':memory:',
              ...(options.databaseDirectory
                ? {
                    plugin: {
                      'model-deployments': {
                        // Both: the base connection's `:memory:` filename would stand.
                        connection: {
                          directory: options.databaseDirectory,
                          filename: 'model-deployments.sqlite',
                        },
                      },
                    },
                  }
                : {}),
            },
          },
          catalog: { rules: [{ allow: ['Resource', 'Component'] }] },
          ...(options.namespace
            ? {
                modelDeployments: {
                  environments: {
                    development: {
                      cluster: 'local',
                      namespace: options.namespace,
                    },
                  },
                  runtime: {
                    servingImage:
                      'registry.example.com/{{ modelId }}:{{ modelVersion }}',
                    kubeconfig: testKubeConfigFile(),
                  },
                },
              }
            : {}),
        },
      }),
      // One scheduler for this backend alone: Backstage's default mock one is shared by every backend
      // of a test file, keyed by task id, so a second backend's first refresh would be skipped.
      mockServices.scheduler.factory(),
      ...(options.features ?? []),
    ],
  });
  await eventualEntity(
    backend.server,
    'resource',
    'bert-sentiment',
    'the catalog to read the model',
  );
  return backend;
}
