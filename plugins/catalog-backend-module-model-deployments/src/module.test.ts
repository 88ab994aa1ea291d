import {
  coreServices,
  createBackendModule,
  type SchedulerService,
} from '@backstage/backend-plugin-api';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { entityRemoved, eventualEntity } from './__testUtils__/catalogEntities';
import { deploymentsApi } from './__testUtils__/deploymentsApi';
import { startCatalogTestBackend } from './__testUtils__/startCatalogTestBackend';
import { useSuiteNamespace } from './__testUtils__/suiteNamespace';
import { catalogModuleModelDeployments } from './module';

jest.setTimeout(120_000);

type Server = Awaited<ReturnType<typeof startCatalogTestBackend>>['server'];

describe('catalogModuleModelDeployments', () => {
  describe('with the events service carrying the announcements', () => {
    const namespace = useSuiteNamespace();
    let server: Server;

    beforeAll(async () => {
      ({ server } = await startCatalogTestBackend({
        namespace: namespace.name,
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

      // Edits wait for the create to be carried out: the runtime runs it on the test cluster.
      await api.until(
        created.id,
        'the deployment to run',
        d => d.status === 'running',
      );
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
      // In an environment with no cluster: never applied, so it is deleted at once.
      const created = await api.create({
        name: 'catalog-deleted',
        environment: 'staging',
      });
      await eventualEntity(
        server,
        'component',
        'catalog-deleted',
        'the Component of the new deployment',
      );

      const deleted = await api.remove(created.id, 'catalog-deleted');
      expect(deleted.status).toBe(200);
      expect(deleted.body.status).toBe('deleted');
      await entityRemoved(server, 'component', 'catalog-deleted');
    });
  });

  describe('with no announcements reaching the catalog', () => {
    const namespace = useSuiteNamespace();
    let server: Server;
    let scheduler: SchedulerService;
    /** The Model Deployments backend's database, kept from one backend to the next. */
    const databaseDirectory = mkdtempSync(
      path.join(tmpdir(), 'catalog-module-'),
    );
    afterAll(() => rmSync(databaseDirectory, { recursive: true, force: true }));

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
      // A deployment made before the backend with the catalog module starts, by one without it.
      const before = await startCatalogTestBackend({ databaseDirectory });
      await deploymentsApi(before.server).create({
        name: 'refresh-existing',
        environment: 'production',
      });
      await before.stop();
      // Backstage's mock events service is one per plugin: the plugin's announcements stay its own.
      ({ server } = await startCatalogTestBackend({
        databaseDirectory,
        namespace: namespace.name,
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
      // In an environment with no cluster: never applied, so it is deleted at once.
      const gone = await api.create({
        name: 'refresh-gone',
        environment: 'staging',
      });

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

      // Edits wait for the create to be carried out: the runtime runs it on the test cluster.
      await api.until(
        kept.id,
        'the deployment to run',
        d => d.status === 'running',
      );
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
