import { ResponseError } from '@backstage/errors';
import { ModelDeploymentsClient } from './ModelDeploymentsClient';

function clientAnswering(status: number, body: unknown) {
  const urls: string[] = [];
  const requests: { method?: string; url: string; body?: unknown }[] = [];
  const client = new ModelDeploymentsClient({
    discoveryApi: {
      getBaseUrl: async id => `http://backstage.test/api/${id}`,
    },
    fetchApi: {
      fetch: (async (url: string, init?: RequestInit) => {
        urls.push(url);
        requests.push({
          method: init?.method,
          url,
          body: init?.body && JSON.parse(String(init.body)),
        });
        return new Response(JSON.stringify(body), {
          status,
          headers: { 'Content-Type': 'application/json' },
        });
      }) as typeof fetch,
    },
  });
  return { client, urls, requests };
}

describe('ModelDeploymentsClient', () => {
  it('sends each filter, repeating the ones with several values', async () => {
    const { client, urls } = clientAnswering(200, { items: [] });
    await client.listDeployments({
      model: ['resource:default/bert-sentiment'],
      status: ['running', 'degraded'],
      limit: 20,
    });
    expect(urls).toEqual([
      'http://backstage.test/api/model-deployments/deployments?model=resource%3Adefault%2Fbert-sentiment&status=running&status=degraded&limit=20',
    ]);
  });

  it("throws the backend's error, with its message", async () => {
    const { client } = clientAnswering(404, {
      error: { name: 'NotFoundError', message: "No deployment with id 'x'" },
      response: { statusCode: 404 },
    });
    const error = await client.getDeployment('x').catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.body.error.message).toBe("No deployment with id 'x'");
  });

  it('sends each change to its route, with the body the common schemas describe', async () => {
    const { client, requests } = clientAnswering(202, {});
    await client.editDeployment('d/1', { description: 'x' }, { dryRun: true });
    await client.scaleDeployment('d/1', { replicas: 3 });
    await client.stopDeployment('d/1', { reason: 'maintenance' });
    await client.startDeployment('d/1');
    await client.updateModel('d/1', {
      modelVersion: 'v2',
      strategy: 'canary',
      canary: { steps: [{ weightPercent: 20, pauseSeconds: 60 }] },
    });
    await client.promoteDeployment('d/1');
    await client.rollbackDeployment('d/1', { revision: 2 });
    await client.deleteDeployment('d/1', 'bert api');
    const base =
      'http://backstage.test/api/model-deployments/deployments/d%2F1';
    expect(requests).toEqual([
      {
        method: 'PATCH',
        url: `${base}?dryRun=true`,
        body: { description: 'x' },
      },
      { method: 'POST', url: `${base}/scale`, body: { replicas: 3 } },
      { method: 'POST', url: `${base}/stop`, body: { reason: 'maintenance' } },
      { method: 'POST', url: `${base}/start`, body: {} },
      {
        method: 'POST',
        url: `${base}/update-model`,
        body: {
          modelVersion: 'v2',
          strategy: 'canary',
          canary: { steps: [{ weightPercent: 20, pauseSeconds: 60 }] },
        },
      },
      { method: 'POST', url: `${base}/promote`, body: {} },
      { method: 'POST', url: `${base}/rollback`, body: { revision: 2 } },
      { method: 'DELETE', url: `${base}?confirm=bert+api`, body: undefined },
    ]);
  });

  it('reads revisions and a page of history', async () => {
    const { client, urls } = clientAnswering(200, { items: [] });
    await expect(client.listRevisions('d1')).resolves.toEqual([]);
    await client.listEvents('d1', { limit: 20, cursor: 'c' });
    expect(urls).toEqual([
      'http://backstage.test/api/model-deployments/deployments/d1/revisions',
      'http://backstage.test/api/model-deployments/deployments/d1/events?limit=20&cursor=c',
    ]);
  });

  it('reads approval requests with their filter and page', async () => {
    const { client, urls } = clientAnswering(200, { items: [] });
    await client.listApprovals({ status: 'pending', limit: 20, cursor: 'c' });
    await client.listApprovals();
    expect(urls).toEqual([
      'http://backstage.test/api/model-deployments/approvals?status=pending&limit=20&cursor=c',
      'http://backstage.test/api/model-deployments/approvals',
    ]);
  });

  it('sends each decision on an approval request to its route, with its body', async () => {
    const { client, requests } = clientAnswering(200, {});
    await client.approveChange('a/1', { comment: 'canary looks fine' });
    await client.approveChange('a/1');
    await client.rejectChange('a/1', { reason: 'wait for the freeze to end' });
    await client.withdrawChange('a/1', { reason: 'wrong version' });
    await client.withdrawChange('a/1');
    const base = 'http://backstage.test/api/model-deployments/approvals/a%2F1';
    expect(requests).toEqual([
      {
        method: 'POST',
        url: `${base}/approve`,
        body: { comment: 'canary looks fine' },
      },
      { method: 'POST', url: `${base}/approve`, body: {} },
      {
        method: 'POST',
        url: `${base}/reject`,
        body: { reason: 'wait for the freeze to end' },
      },
      {
        method: 'POST',
        url: `${base}/withdraw`,
        body: { reason: 'wrong version' },
      },
      { method: 'POST', url: `${base}/withdraw`, body: {} },
    ]);
  });
});
