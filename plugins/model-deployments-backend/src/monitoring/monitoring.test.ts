import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import type { PermissionPolicy } from '@backstage/plugin-permission-node';
import {
  exampleDeploymentSpec,
  MODEL_DEPLOYMENT_RESOURCE_TYPE,
  type DeploymentMetrics,
} from '@modelops/plugin-model-deployments-common';
import type { JsonObject } from '@backstage/types';
import request from 'supertest';
import { freePort } from '../__testUtils__/prometheus';
import { closedClusterConfig } from '../__testUtils__/closedCluster';
import { startTestBackendWithCatalog } from '../__testUtils__/startTestBackendWithCatalog';
import { testModels } from '../__testUtils__/entities';

jest.setTimeout(120_000);

const BASE = '/api/model-deployments';
const ALICE = 'user:default/alice';
const auth = mockCredentials.user.header(ALICE);

/** Everything is allowed but reading logs, which the policy keeps from everyone. */
const noLogsPolicy: PermissionPolicy = {
  async handle({ permission }) {
    return {
      result:
        isResourcePermission(permission, MODEL_DEPLOYMENT_RESOURCE_TYPE) &&
        permission.name === 'model-deployment.logs.read'
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    };
  },
};

/**
 * The states the monitoring routes answer when there is nothing to measure or nobody to ask: no metrics
 * provider, a provider that does not answer, no cluster; and their refusals. What Prometheus computes
 * and what the cluster shows are tested against the real ones (metrics/*.prometheus.test.ts and
 * monitoring.cluster.test.ts).
 */
describe('monitoring routes without a provider, or one that does not answer', () => {
  async function startWith(config: JsonObject) {
    const backend = await startTestBackendWithCatalog({
      entities: testModels,
      policy: noLogsPolicy,
      config,
    });
    // No Secret references: a cluster that does not answer could not say whose Secrets they are.
    const { modelId, ...spec } = exampleDeploymentSpec;
    const created = await request(backend.server)
      .post(`${BASE}/deployments`)
      .set('Authorization', auth)
      .send({ ...spec, env: [], name: 'fraud', environment: 'development' });
    expect(created.status).toBe(201);
    return { backend, id: created.body.deployment.id as string };
  }

  const get = (
    server: Parameters<typeof request>[0],
    path: string,
    query: Record<string, string | number> = {},
  ) =>
    request(server)
      .get(`${BASE}${path}`)
      .query(query)
      .set('Authorization', auth);

  it('says that no provider is configured, with no metrics, and that no cluster runs the deployment', async () => {
    const { backend, id } = await startWith({});
    try {
      const metrics = await get(backend.server, `/deployments/${id}/metrics`);
      expect(metrics.status).toBe(200);
      expect(metrics.body).toEqual({
        state: 'not-configured',
        message:
          'No metrics provider is configured: a platform engineer sets modelDeployments.metrics (e.g. a Prometheus URL)',
        from: expect.any(String),
        to: expect.any(String),
        stepSeconds: 15,
        metrics: [],
      } satisfies DeploymentMetrics);
      expect(Date.parse(metrics.body.to) - Date.parse(metrics.body.from)).toBe(
        3_600_000,
      );

      const instances = await get(
        backend.server,
        `/deployments/${id}/instances`,
      );
      expect(instances.body).toEqual({
        items: [],
        unavailable:
          'No cluster is configured (modelDeployments.environments), so the deployment has no instances',
      });

      const alerts = await get(backend.server, `/deployments/${id}/alerts`, {
        state: 'firing',
      });
      expect(alerts.status).toBe(200);
      expect(alerts.body).toEqual({ items: [] });
    } finally {
      await backend.stop();
    }
  });

  it('reports a Prometheus that does not answer as unreachable, in its own words, with no metrics', async () => {
    const closedPort = await freePort();
    const { backend, id } = await startWith(
      await closedClusterConfig({
        prometheus: { url: `http://127.0.0.1:${closedPort}` },
      }),
    );
    try {
      const metrics = await get(backend.server, `/deployments/${id}/metrics`, {
        track: 'canary',
      });
      expect(metrics.status).toBe(200);
      expect(metrics.body).toMatchObject({
        state: 'unreachable',
        source: 'Prometheus (Istio request metrics)',
        track: 'canary',
        metrics: [],
      });
      expect(metrics.body.message).toMatch(
        new RegExp(
          `^Prometheus at http://127.0.0.1:${closedPort} did not answer: .*ECONNREFUSED`,
        ),
      );

      const instances = await get(
        backend.server,
        `/deployments/${id}/instances`,
      );
      expect(instances.body.items).toEqual([]);
      expect(instances.body.unavailable).toMatch(/models|away/);
    } finally {
      await backend.stop();
    }
  });

  it('refuses a bad query by naming the field and the rule, and logs without their permission', async () => {
    const { backend, id } = await startWith({});
    try {
      const step = await get(backend.server, `/deployments/${id}/metrics`, {
        from: '2026-11-01T00:00:00Z',
        to: '2026-11-02T00:00:00Z',
        step: 1,
      });
      expect(step.status).toBe(400);
      expect(step.body.error.issues).toEqual([
        {
          field: 'step',
          message:
            'gives 86400 points over this range; at most 11000 are allowed, so use a step of at least 8 seconds',
        },
      ]);
      const track = await get(backend.server, `/deployments/${id}/metrics`, {
        track: 'blue',
      });
      expect(track.status).toBe(400);
      expect(track.body.error.issues).toEqual([
        { field: 'track', message: 'must be one of stable, canary, preview' },
      ]);
      const tail = await get(
        backend.server,
        `/deployments/${id}/instances/fraud-0/logs`,
        { tailLines: 0 },
      );
      expect(tail.status).toBe(400);
      expect(tail.body.error.issues).toEqual([
        { field: 'tailLines', message: 'must be at least 1' },
      ]);

      const logs = await get(
        backend.server,
        `/deployments/${id}/instances/fraud-0/logs`,
      );
      expect(logs.status).toBe(403);
      expect(logs.body.error.message).toBe(
        "You do not have permission model-deployment.logs.read for deployment 'fraud'",
      );

      const unknown = await get(
        backend.server,
        '/deployments/00000000-0000-0000-0000-000000000000/metrics',
      );
      expect(unknown.status).toBe(404);
    } finally {
      await backend.stop();
    }
  });
});
