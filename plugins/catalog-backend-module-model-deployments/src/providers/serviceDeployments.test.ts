import { randomUUID } from 'node:crypto';
import type { DiscoveryService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ModelDeploymentsClient } from '@modelops/plugin-model-deployments-common';
import { deploymentsApi } from '../__testUtils__/deploymentsApi';
import { startCatalogTestBackend } from '../__testUtils__/startCatalogTestBackend';
import { serviceDeployments } from './serviceDeployments';

jest.setTimeout(60_000);

describe('serviceDeployments', () => {
  let discovery: DiscoveryService;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const { server } = await startCatalogTestBackend();
    const baseUrl = `http://localhost:${server.port()}`;
    discovery = {
      getBaseUrl: async pluginId => `${baseUrl}/api/${pluginId}`,
      getExternalBaseUrl: async pluginId => `${baseUrl}/api/${pluginId}`,
    };

    const api = deploymentsApi(server);
    for (const name of ['client-c', 'client-a', 'client-gone', 'client-b']) {
      ids[name] = (await api.create({ name })).id;
    }
    await api.remove(ids['client-gone'], 'client-gone').expect(200);
  });

  const client = (pageSize?: number) =>
    serviceDeployments({
      client: new ModelDeploymentsClient({ discoveryApi: discovery }),
      auth: mockServices.auth({ pluginId: 'catalog' }),
      pageSize,
    });

  it('lists every deployment that is not deleted, page after page', async () => {
    const deployments = await client(2).listAll();
    expect(deployments.map(d => d.name)).toEqual([
      'client-a',
      'client-b',
      'client-c',
    ]);
  });

  it('reads one deployment, a deleted one with its status, and none for an unknown id', async () => {
    const c = client();
    expect(await c.get(ids['client-a'])).toMatchObject({
      id: ids['client-a'],
      name: 'client-a',
      owner: 'group:default/nlp-team',
    });
    expect(await c.get(ids['client-gone'])).toMatchObject({
      name: 'client-gone',
      status: 'deleted',
    });
    expect(await c.get(randomUUID())).toBeUndefined();
  });

  it('fails when the API refuses, rather than report no deployments', async () => {
    const refused = serviceDeployments({
      client: new ModelDeploymentsClient({ discoveryApi: discovery }),
      auth: mockServices.auth.mock({
        getOwnServiceCredentials: async () => mockCredentials.service(),
        getPluginRequestToken: async () => ({ token: 'not-a-token' }),
      }),
    });
    await expect(refused.listAll()).rejects.toThrow(/401/);
    await expect(refused.get(ids['client-a'])).rejects.toThrow(/401/);
  });
});
