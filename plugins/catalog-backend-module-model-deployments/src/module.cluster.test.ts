import { eventsServiceFactory } from '@backstage/plugin-events-node';
import { useTestNamespace } from '@internal/local-cluster';
import { entityRemoved, eventualEntity } from './__testUtils__/catalogEntities';
import { deploymentsApi } from './__testUtils__/deploymentsApi';
import { startCatalogTestBackend } from './__testUtils__/startCatalogTestBackend';
import { catalogModuleModelDeployments } from './module';

// Rollouts take seconds on the local cluster, and the catalog takes a few more to process each change.
jest.setTimeout(120_000);

/** A deployment that ran on a cluster is deleted by the runtime, once its objects are gone. */
describe('the Component of a deployment on a real cluster', () => {
  const namespace = useTestNamespace();

  it('names its cluster and namespace, and goes once the runtime has removed the deployment', async () => {
    const backend = await startCatalogTestBackend({
      namespace: namespace.name,
      features: [catalogModuleModelDeployments, eventsServiceFactory],
    });
    const api = deploymentsApi(backend.server);
    try {
      const running = await api.createRunning({ name: 'catalog-on-cluster' });
      const published = await eventualEntity(
        backend.server,
        'component',
        'catalog-on-cluster',
        'the Component of the running deployment',
      );
      expect(published.metadata.annotations).toMatchObject({
        'backstage.io/kubernetes-id': 'catalog-on-cluster',
        'backstage.io/kubernetes-cluster': 'local',
        'backstage.io/kubernetes-namespace': namespace.name,
      });

      await api.remove(running.id, 'catalog-on-cluster').expect(202);
      await api.until(
        running.id,
        'the runtime to delete the deployment',
        d => d.status === 'deleted',
      );
      await entityRemoved(backend.server, 'component', 'catalog-on-cluster');
    } finally {
      await backend.stop();
    }
  });
});
