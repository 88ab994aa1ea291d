import { ResponseError } from '@backstage/errors';
import { ModelDeploymentsClient } from './ModelDeploymentsClient';

function clientAnswering(status: number, body: unknown) {
  const urls: string[] = [];
  const client = new ModelDeploymentsClient({
    discoveryApi: {
      getBaseUrl: async id => `http://backstage.test/api/${id}`,
    },
    fetchApi: {
      fetch: (async (url: string) => {
        urls.push(url);
        return new Response(JSON.stringify(body), {
          status,
          headers: { 'Content-Type': 'application/json' },
        });
      }) as typeof fetch,
    },
  });
  return { client, urls };
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
});
