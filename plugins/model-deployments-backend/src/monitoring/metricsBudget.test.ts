import { mockCredentials } from '@backstage/backend-test-utils';
import { exampleDeploymentSpec } from '@modelops/plugin-model-deployments-common';
import request from 'supertest';
import { testModels } from '../__testUtils__/entities';
import { freePort } from '../__testUtils__/prometheus';
import { closedClusterConfig } from '../__testUtils__/closedCluster';
import { startTestBackendWithCatalog } from '../__testUtils__/startTestBackendWithCatalog';

jest.setTimeout(120_000);

const BASE = '/api/model-deployments';
const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';

/**
 * The metrics route's budget of points per user: a provider that does not answer is enough, since the
 * budget is charged before it is asked (what Prometheus computes is tested in metrics/ and
 * monitoring.cluster.test.ts; followed logs' limits on the cluster, in followLimits.cluster.test.ts).
 */
describe('the metrics budget of each user', () => {
  let backend: Awaited<ReturnType<typeof startTestBackendWithCatalog>>;
  let id: string;

  beforeAll(async () => {
    backend = await startTestBackendWithCatalog({
      entities: testModels,
      config: await closedClusterConfig({
        prometheus: { url: `http://127.0.0.1:${await freePort()}` },
        // Room for the largest range and 999 points more, refilled by as much each minute.
        limits: { pointsPerMinute: 12_000, burstPoints: 12_000 },
      }),
    });
    const { modelId, ...spec } = exampleDeploymentSpec;
    const created = await request(backend.server)
      .post(`${BASE}/deployments`)
      .set('Authorization', mockCredentials.user.header(ALICE))
      // No secret to look up in a cluster that is not there.
      .send({
        ...spec,
        name: 'fraud',
        environment: 'development',
        env: [{ name: 'LOG_LEVEL', value: 'info' }],
      });
    if (created.status !== 201) {
      throw new Error(`The deployment was not created: ${created.text}`);
    }
    id = created.body.deployment.id;
  });

  afterAll(async () => {
    await backend?.stop();
  });

  /** A range of `points` points, ending now, a second apart. */
  const metrics = (user: string, points: number) => {
    const to = new Date(Math.floor(Date.now() / 1000) * 1000);
    return request(backend.server)
      .get(`${BASE}/deployments/${id}/metrics`)
      .query({
        from: new Date(to.getTime() - (points - 1) * 1000).toISOString(),
        to: to.toISOString(),
        step: 1,
      })
      .set('Authorization', mockCredentials.user.header(user));
  };

  it('answers 429 with Retry-After and the rule once a user asked for more points than their budget holds; small ranges and other users go on', async () => {
    const largest = await metrics(ALICE, 11_001);
    expect(largest.status).toBe(200);
    expect(largest.body.state).toBe('unreachable');

    const again = await metrics(ALICE, 11_001);
    expect(again.status).toBe(429);
    // 10,002 points missing at 200 a second: 51 s, less the milliseconds since the first.
    expect(again.headers['retry-after']).toMatch(/^(50|51)$/);
    expect(again.body).toEqual({
      error: {
        name: 'TooManyRequestsError',
        message: expect.stringMatching(
          /^Too many metrics points: this range has 11001 points and user:default\/alice has (999|1\d\d\d) left \(each user has 12000 a minute, up to 12000 at once\); try again in 5[01] s, or ask for fewer points with a longer step or a shorter range$/,
        ),
        rule: 'metrics-points-per-minute',
        retryAfterSeconds: Number(again.headers['retry-after']),
        statusCode: 429,
      },
      request: {
        method: 'GET',
        url: expect.stringMatching(`^/deployments/${id}/metrics\\?`),
      },
      response: { statusCode: 429 },
    });

    // What the frontend asks for, a range in 240 steps, costs 241 points: the rest of the budget has room.
    expect((await metrics(ALICE, 241)).status).toBe(200);
    // Each user has a budget of their own.
    expect((await metrics(BOB, 11_001)).status).toBe(200);
  });
});
