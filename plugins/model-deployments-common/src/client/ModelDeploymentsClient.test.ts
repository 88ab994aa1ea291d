import { ResponseError } from '@backstage/errors';
import type { CreateDeploymentRequest } from '../requests';
import { exampleDeploymentSpec } from '../spec/testSpecs';
import { ModelDeploymentsClient } from './ModelDeploymentsClient';
import {
  clientAnswering,
  clientAnsweringEach,
  discoveryApi,
} from './__testUtils__/clients';

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
      'http://backstage.test/api/model-deployments/deployments/d1/revisions?limit=200',
      'http://backstage.test/api/model-deployments/deployments/d1/events?limit=20&cursor=c',
    ]);
  });

  it('reads every page of revisions', async () => {
    const revision = (n: number) => ({ revision: n });
    const { client, urls } = clientAnsweringEach(url => ({
      status: 200,
      body: url.includes('cursor=')
        ? { items: [revision(1)] }
        : { items: [revision(3), revision(2)], nextCursor: 'after-2' },
    }));
    expect((await client.listRevisions('d1')).map(r => r.revision)).toEqual([
      3, 2, 1,
    ]);
    expect(urls).toEqual([
      'http://backstage.test/api/model-deployments/deployments/d1/revisions?limit=200',
      'http://backstage.test/api/model-deployments/deployments/d1/revisions?limit=200&cursor=after-2',
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

  it('reads metrics over a range, of one track', async () => {
    const { client, urls } = clientAnswering(200, { metrics: [] });
    await client.getMetrics('d/1', {
      from: '2026-11-26T09:00:00.000Z',
      to: '2026-11-26T10:00:00.000Z',
      step: 15,
      track: 'canary',
    });
    await client.getMetrics('d1');
    expect(urls).toEqual([
      'http://backstage.test/api/model-deployments/deployments/d%2F1/metrics?from=2026-11-26T09%3A00%3A00.000Z&to=2026-11-26T10%3A00%3A00.000Z&step=15&track=canary',
      'http://backstage.test/api/model-deployments/deployments/d1/metrics',
    ]);
  });

  it('reads the instances and the alerts, all, of one state or at most a number of them', async () => {
    const { client, urls } = clientAnswering(200, { items: [] });
    await client.listInstances('d/1');
    await client.listAlerts('d1', { state: 'firing' });
    await client.listAlerts('d1', { state: 'resolved', limit: 200 });
    await client.listAlerts('d1');
    expect(urls).toEqual([
      'http://backstage.test/api/model-deployments/deployments/d%2F1/instances',
      'http://backstage.test/api/model-deployments/deployments/d1/alerts?state=firing',
      'http://backstage.test/api/model-deployments/deployments/d1/alerts?state=resolved&limit=200',
      'http://backstage.test/api/model-deployments/deployments/d1/alerts',
    ]);
  });

  it("sends no Authorization of its own without a token: the fetch API adds the user's", async () => {
    const { client, headers } = clientAnswering(200, { items: [] });
    await client.listDeployments();
    await client.getDeployment('d1');
    await client.scaleDeployment('d1', { replicas: 2 });
    expect(headers.map(h => h.authorization)).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('sends the token a call is given as its Authorization', async () => {
    const { client, headers, requests } = clientAnswering(200, { items: [] });
    const options = { token: 'plugin-token' };
    await client.listDeployments({ limit: 5 }, options);
    await client.getDeployment('d1', options);
    await client.editDeployment(
      'd1',
      { description: 'x' },
      { dryRun: true, ...options },
    );
    await client.stopDeployment('d1', undefined, options);
    await client.startDeployment('d1', options);
    await client.deleteDeployment('d1', 'bert', options);
    await client.listEvents('d1', undefined, options);
    await client.getMetrics('d1', undefined, options);
    await client.listApprovals(undefined, options);
    await client.approveChange('a1', undefined, options);
    await client.withdrawChange('a1', undefined, options);
    expect(headers.map(h => h.authorization)).toEqual(
      requests.map(() => 'Bearer plugin-token'),
    );
    expect(requests[2]).toEqual({
      method: 'PATCH',
      url: 'http://backstage.test/api/model-deployments/deployments/d1?dryRun=true',
      body: { description: 'x' },
    });
    expect(headers[2]['content-type']).toBe('application/merge-patch+json');
    expect(requests[3]).toMatchObject({ method: 'POST', body: {} });
  });

  it('creates a deployment, or with dryRun only validates it, under an idempotency key', async () => {
    const { client, requests, headers } = clientAnswering(201, {
      deployment: { id: 'd1' },
      dryRun: false,
    });
    const request: CreateDeploymentRequest = {
      ...exampleDeploymentSpec,
      environment: 'development',
    };
    await expect(
      client.createDeployment(request, {
        idempotencyKey: 'scaffolder-task:42',
        token: 'obo-token',
      }),
    ).resolves.toEqual({ deployment: { id: 'd1' }, dryRun: false });
    await client.createDeployment(request, { dryRun: true });
    expect(requests).toEqual([
      {
        method: 'POST',
        url: 'http://backstage.test/api/model-deployments/deployments',
        body: JSON.parse(JSON.stringify(request)),
      },
      {
        method: 'POST',
        url: 'http://backstage.test/api/model-deployments/deployments?dryRun=true',
        body: JSON.parse(JSON.stringify(request)),
      },
    ]);
    expect(headers).toEqual([
      {
        authorization: 'Bearer obo-token',
        'content-type': 'application/json',
        'idempotency-key': 'scaffolder-task:42',
      },
      { 'content-type': 'application/json' },
    ]);
  });

  it("keeps the backend's issues, one per field, on a refused request", async () => {
    const issues = [{ field: 'replicas.max', message: 'must be at least 1' }];
    const { client } = clientAnswering(400, {
      error: {
        name: 'InputError',
        message: 'replicas.max: must be at least 1',
        issues,
      },
      response: { statusCode: 400 },
    });
    const error = await client
      .createDeployment({ ...exampleDeploymentSpec })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.response.status).toBe(400);
    expect(error.body.error.issues).toEqual(issues);
  });

  it('lists every deployment page after page, at the largest page size unless told', async () => {
    const pages: Record<string, { items: unknown[]; nextCursor?: string }> = {
      '': { items: [{ id: 'a' }, { id: 'b' }], nextCursor: 'c1' },
      c1: { items: [{ id: 'c' }], nextCursor: 'c2' },
      c2: { items: [] },
    };
    const { client, urls, headers } = clientAnsweringEach(url => ({
      status: 200,
      body: pages[new URL(url).searchParams.get('cursor') ?? ''],
    }));
    await expect(
      client.listAllDeployments(
        { environment: ['production'] },
        { token: 't' },
      ),
    ).resolves.toEqual([{ id: 'a' }, { id: 'b' }, { id: 'c' }]);
    await client.listAllDeployments({ limit: 2 });
    // An absent page size is the largest, as when no limit is given.
    await client.listAllDeployments({ limit: undefined });
    const base = 'http://backstage.test/api/model-deployments/deployments';
    expect(urls).toEqual([
      `${base}?limit=200&environment=production`,
      `${base}?limit=200&environment=production&cursor=c1`,
      `${base}?limit=200&environment=production&cursor=c2`,
      `${base}?limit=2`,
      `${base}?limit=2&cursor=c1`,
      `${base}?limit=2&cursor=c2`,
      `${base}?limit=200`,
      `${base}?limit=200&cursor=c1`,
      `${base}?limit=200&cursor=c2`,
    ]);
    expect(headers.slice(0, 3).map(h => h.authorization)).toEqual([
      'Bearer t',
      'Bearer t',
      'Bearer t',
    ]);
  });

  it('finds no deployment for an unknown id, and throws any other refusal', async () => {
    const answers: Record<string, { status: number; body: unknown }> = {
      known: { status: 200, body: { id: 'known', status: 'deleted' } },
      unknown: {
        status: 404,
        body: { error: { name: 'NotFoundError', message: 'No deployment' } },
      },
      refused: {
        status: 401,
        body: {
          error: { name: 'AuthenticationError', message: 'Illegal token' },
        },
      },
    };
    const { client } = clientAnsweringEach(
      url => answers[url.split('/').pop()!],
    );
    await expect(client.findDeployment('known')).resolves.toEqual({
      id: 'known',
      status: 'deleted',
    });
    await expect(client.findDeployment('unknown')).resolves.toBeUndefined();
    const error = await client.findDeployment('refused').catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.response.status).toBe(401);
  });

  it('reads one approval request', async () => {
    const { client, urls } = clientAnswering(200, { id: 'a/1' });
    await expect(client.getApproval('a/1')).resolves.toEqual({ id: 'a/1' });
    expect(urls).toEqual([
      'http://backstage.test/api/model-deployments/approvals/a%2F1',
    ]);
  });

  it('uses the global fetch when it is given no fetch API', async () => {
    const globalFetch = jest
      .spyOn(globalThis, 'fetch')
      .mockImplementation(async () => Response.json({ items: [] }));
    try {
      const client = new ModelDeploymentsClient({ discoveryApi });
      await client.listRevisions('d1', { token: 't' });
      expect(globalFetch).toHaveBeenCalledWith(
        'http://backstage.test/api/model-deployments/deployments/d1/revisions?limit=200',
        { method: 'GET', headers: { Authorization: 'Bearer t' } },
      );
    } finally {
      globalFetch.mockRestore();
    }
  });
});
