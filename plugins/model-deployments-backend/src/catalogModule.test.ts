import {
  coreServices,
  createBackendModule,
  type SchedulerService,
} from '@backstage/backend-plugin-api';
import { randomUUID } from 'node:crypto';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import {
  deploymentSpecSchema,
  exampleDeploymentSpec,
} from '@modelops/plugin-model-deployments-common';
import type { Knex } from 'knex';
import { entityRemoved, eventualEntity } from './__testUtils__/catalogEntities';
import { deploymentsApi } from './__testUtils__/deploymentsApi';
import { testModels } from './__testUtils__/entities';
import { simulateRuntime } from './__testUtils__/simulateRuntime';
import { startTestBackendWithCatalog } from './__testUtils__/startTestBackendWithCatalog';
import { catalogModuleModelDeployments } from './catalogModule';
import { DeploymentStore } from './database/DeploymentStore';
import { migrateDatabase } from './database/migrateDatabase';

jest.setTimeout(120_000);

/** The database is not what these tests are about: SQLite is enough. */
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

type Server = Awaited<ReturnType<typeof startTestBackendWithCatalog>>['server'];

describe('catalogModuleModelDeployments', () => {
  describe('with the events service carrying the announcements', () => {
    let server: Server;
    let knex: Knex;

    beforeAll(async () => {
      knex = await databases.init('SQLITE_3');
      ({ server } = await startTestBackendWithCatalog({
        entities: testModels,
        knex,
        // One events service for every plugin, as in a real backend (the default mock has one each).
        features: [catalogModuleModelDeployments, eventsServiceFactory],
        config: { events: { useEventBus: 'never' } },
      }));
    });

    it('publishes a deployment as it is created and changes its Component with each edit', async () => {
      const api = deploymentsApi(server);
      const created = await api.create({
        name: 'catalog-edited',
        description: 'Reviews, scored',
      });

      const published = await eventualEntity(
        server,
        'component',
        'catalog-edited',
        'the Component of the new deployment',
      );
      expect(published).toMatchObject({
        kind: 'Component',
        metadata: {
          name: 'catalog-edited',
          namespace: 'default',
          description: 'Reviews, scored',
          tags: ['development'],
          annotations: {
            'backstage.io/managed-by-location': `model-deployments:${created.id}`,
            'backstage.io/kubernetes-id': 'catalog-edited',
            'modelops.io/deployment-id': created.id,
          },
        },
        spec: {
          type: 'model-server',
          lifecycle: 'experimental',
          owner: 'group:default/nlp-team',
          dependsOn: ['resource:default/bert-sentiment'],
        },
      });
      expect(published.relations).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            type: 'ownedBy',
            targetRef: 'group:default/nlp-team',
          }),
          expect.objectContaining({
            type: 'dependsOn',
            targetRef: 'resource:default/bert-sentiment',
          }),
        ]),
      );
      // The catalog graph's other side: the model lists the deployment among its dependents.
      await eventualEntity(
        server,
        'resource',
        'bert-sentiment',
        'the model to have the deployment as a dependent',
        model =>
          Boolean(
            model.relations?.some(
              r =>
                r.type === 'dependencyOf' &&
                r.targetRef === 'component:default/catalog-edited',
            ),
          ),
      );

      // Edits wait for the create to be carried out, which the runtime would do.
      await simulateRuntime(knex, created.id, { status: 'running', ready: 2 });
      const edited = await api.patch(created.id, {
        description: 'Reviews, scored in real time',
      });
      expect(edited.status).toBe(200);
      await eventualEntity(
        server,
        'component',
        'catalog-edited',
        'the Component to take the new description',
        e => e.metadata.description === 'Reviews, scored in real time',
      );
    });

    it('removes the Component of a deleted deployment', async () => {
      const api = deploymentsApi(server);
      const created = await api.create({ name: 'catalog-deleted' });
      await eventualEntity(
        server,
        'component',
        'catalog-deleted',
        'the Component of the new deployment',
      );

      // Never applied to a cluster, so it is deleted at once.
      const deleted = await api.remove(created.id, 'catalog-deleted');
      expect(deleted.status).toBe(200);
      expect(deleted.body.status).toBe('deleted');
      await entityRemoved(server, 'component', 'catalog-deleted');
    });
  });

  describe('with no announcements reaching the catalog', () => {
    let server: Server;
    let knex: Knex;
    let scheduler: SchedulerService;

    /** The catalog's scheduler, to run the full refresh when the test says so. */
    const catalogScheduler = createBackendModule({
      pluginId: 'catalog',
      moduleId: 'test-scheduler',
      register(reg) {
        reg.registerInit({
          deps: { pluginScheduler: coreServices.scheduler },
          async init({ pluginScheduler }) {
            scheduler = pluginScheduler;
          },
        });
      },
    });

    beforeAll(async () => {
      knex = await databases.init('SQLITE_3');
      await new DeploymentStore(
        await migrateDatabase(mockServices.database({ knex })),
      ).insertDeployment({
        id: randomUUID(),
        spec: deploymentSpecSchema.parse({
          ...exampleDeploymentSpec,
          name: 'refresh-existing',
        }),
        owner: 'group:default/nlp-team',
        status: 'running',
        actor: 'user:default/alice',
        now: new Date(),
      });
      // Backstage's mock events service is one per plugin: the plugin's announcements stay its own.
      ({ server } = await startTestBackendWithCatalog({
        entities: testModels,
        knex,
        features: [catalogModuleModelDeployments, catalogScheduler],
      }));
    });

    it('publishes the deployments that exist when the catalog connects', async () => {
      const published = await eventualEntity(
        server,
        'component',
        'refresh-existing',
        'the Component of a deployment made before the backend started',
      );
      expect(published.spec).toMatchObject({
        lifecycle: 'production',
        owner: 'group:default/nlp-team',
      });
    });

    it('publishes, updates and removes Components on each full refresh', async () => {
      const api = deploymentsApi(server);
      const kept = await api.create({
        name: 'refresh-kept',
        description: 'Before',
      });
      const gone = await api.create({ name: 'refresh-gone' });

      await scheduler.triggerTask('model-deployments:refresh');
      await eventualEntity(
        server,
        'component',
        'refresh-kept',
        'the first Component',
      );
      await eventualEntity(
        server,
        'component',
        'refresh-gone',
        'the second Component',
      );

      await simulateRuntime(knex, kept.id, { status: 'running', ready: 2 });
      expect((await api.patch(kept.id, { description: 'After' })).status).toBe(
        200,
      );
      expect((await api.remove(gone.id, 'refresh-gone')).status).toBe(200);

      await scheduler.triggerTask('model-deployments:refresh');
      await eventualEntity(
        server,
        'component',
        'refresh-kept',
        'the Component to take the new description',
        e => e.metadata.description === 'After',
      );
      await entityRemoved(server, 'component', 'refresh-gone');
    });
  });
});
