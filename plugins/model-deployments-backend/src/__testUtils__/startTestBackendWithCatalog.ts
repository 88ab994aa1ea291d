import { isDeepStrictEqual } from 'node:util';
import {
  coreServices,
  createBackendModule,
  createServiceFactory,
  type BackendFeature,
  type ServiceFactory,
  type BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import {
  catalogProcessingExtensionPoint,
  type EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import type {
  PermissionPolicy,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  AuthorizeResult,
  type Permission,
} from '@backstage/plugin-permission-common';
import knexFactory, { type Knex } from 'knex';
import request from 'supertest';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { modelDeploymentsPlugin } from '../plugin';

const allowAll: PermissionPolicy = {
  async handle() {
    return { result: AuthorizeResult.ALLOW };
  },
};

/**
 * The permissions service, evaluating `policy` in process.
 *
 * A test double: the real permission backend refuses resource permissions without a resourceRef from
 * direct user tokens, and Backstage's mock auth cannot mint the on-behalf-of tokens that the real
 * permissions service sends. The policy itself, the decisions and the conditions are the real thing.
 */
function policyEvaluatingPermissions(
  policy: PermissionPolicy,
  ownership: Record<string, string[]>,
) {
  async function decide(
    requests: { permission: Permission }[],
    credentials: BackstageCredentials,
  ) {
    const principal = credentials.principal as {
      type: string;
      userEntityRef?: string;
    };
    const user: PolicyQueryUser | undefined =
      principal.type === 'user'
        ? ({
            credentials,
            info: {
              userEntityRef: principal.userEntityRef!,
              ownershipEntityRefs: ownership[principal.userEntityRef!] ?? [
                principal.userEntityRef!,
              ],
            },
          } as PolicyQueryUser)
        : undefined;
    return Promise.all(
      requests.map(r => policy.handle({ permission: r.permission }, user)),
    );
  }
  return createServiceFactory({
    service: coreServices.permissions,
    deps: {},
    factory: () => ({
      authorizeConditional: (requests, { credentials }) =>
        decide(requests, credentials) as any,
      async authorize(requests, { credentials }) {
        const decisions = await decide(requests, credentials);
        return decisions.map(decision => {
          if (decision.result === AuthorizeResult.CONDITIONAL) {
            throw new Error(
              'Tests evaluate conditional decisions with authorizeConditional only',
            );
          }
          return { result: decision.result };
        });
      },
    }),
  });
}

/** This plugin gets `knex`; the others their own in-memory SQLite, so their migrations do not meet. */
function databaseOf(knex: Knex) {
  return createServiceFactory({
    service: coreServices.database,
    deps: { plugin: coreServices.pluginMetadata },
    factory: ({ plugin }) =>
      mockServices.database({
        knex:
          plugin.getId() === 'model-deployments'
            ? knex
            : knexFactory({
                client: 'better-sqlite3',
                connection: ':memory:',
                useNullAsDefault: true,
              }),
      }),
  });
}

/**
 * Starts a test backend with the real catalog (fed with `entities`) and this plugin, and the given
 * permission policy. The core services (auth tokens, database, logger) are Backstage's test ones.
 */
export async function startTestBackendWithCatalog(options: {
  entities: Entity[];
  policy?: PermissionPolicy;
  /** The ownership references of each user the policy sees; by default only the user itself. */
  ownership?: Record<string, string[]>;
  /** The database of every plugin; by default Backstage's in-memory SQLite. */
  knex?: Knex;
  features?: BackendFeature[];
  /**
   * The scheduler; by default a mock one for this backend alone. (Backstage's default mock scheduler is
   * one instance for every backend of a test file, keyed by task id: a backend starting would run
   * another's tasks, and its own first run of a task with the same id would be skipped.)
   */
  scheduler?: ServiceFactory;
  /** Configuration besides the catalog's, e.g. `modelDeployments`. */
  config?: JsonObject;
}) {
  const withLocation = (entity: Entity): Entity => ({
    ...entity,
    metadata: {
      ...entity.metadata,
      annotations: {
        'backstage.io/managed-by-location': 'url:https://example.com/test',
        'backstage.io/managed-by-origin-location':
          'url:https://example.com/test',
        ...entity.metadata.annotations,
      },
    },
  });
  const entities = options.entities.map(withLocation);
  let connection: EntityProviderConnection | undefined;

  const testEntities = createBackendModule({
    pluginId: 'catalog',
    moduleId: 'test-entities',
    register(reg) {
      reg.registerInit({
        deps: { catalog: catalogProcessingExtensionPoint },
        async init({ catalog }) {
          catalog.addEntityProvider({
            getProviderName: () => 'test-entities',
            connect: async providerConnection => {
              connection = providerConnection;
              await connection.applyMutation({
                type: 'full',
                entities: entities.map(entity => ({
                  entity,
                  locationKey: 'test',
                })),
              });
            },
          });
        },
      });
    },
  });

  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      testEntities,
      policyEvaluatingPermissions(
        options.policy ?? allowAll,
        options.ownership ?? {},
      ),
      mockServices.rootConfig.factory({
        data: {
          catalog: {
            rules: [{ allow: ['Resource', 'Group', 'User', 'Component'] }],
          },
          ...options.config,
          // Each request reads the catalog, so a test that changes ownership sees it on the next one.
          modelDeployments: {
            permissionDecisionCacheSeconds: 0,
            ...(options.config?.modelDeployments as JsonObject | undefined),
          },
        },
      }),
      ...(options.knex ? [databaseOf(options.knex)] : []),
      modelDeploymentsPlugin,
      options.scheduler ?? mockServices.scheduler.factory(),
      ...(options.features ?? []),
    ],
  });

  // The catalog processes entities asynchronously: wait until every one can be read.
  const deadline = Date.now() + 30_000;
  for (;;) {
    const response = await request(backend.server)
      .get('/api/catalog/entities/by-query')
      .set('Authorization', mockCredentials.user.header());
    if (
      response.status === 200 &&
      response.body.totalItems >= entities.length
    ) {
      break;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `The catalog did not process the test entities: ${response.status}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  /**
   * Replaces the catalog's entities, as an edit of the files it reads would, and waits until the
   * catalog serves `changed` as given.
   */
  async function replaceEntities(next: Entity[], changed: Entity) {
    await connection!.applyMutation({
      type: 'full',
      entities: next.map(entity => ({
        entity: withLocation(entity),
        locationKey: 'test',
      })),
    });
    const ref = `${changed.kind}/${changed.metadata.namespace ?? 'default'}/${
      changed.metadata.name
    }`.toLowerCase();
    const until = Date.now() + 30_000;
    for (;;) {
      const response = await request(backend.server)
        .get(`/api/catalog/entities/by-name/${ref}`)
        .set('Authorization', mockCredentials.user.header());
      if (
        response.status === 200 &&
        isDeepStrictEqual(response.body.spec, changed.spec) &&
        Object.entries(changed.metadata.annotations ?? {}).every(
          ([key, value]) => response.body.metadata.annotations?.[key] === value,
        )
      ) {
        return;
      }
      if (Date.now() > until) {
        throw new Error(`The catalog did not take the change of ${ref}`);
      }
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  }

  return Object.assign(backend, { replaceEntities });
}
