import { mockCredentials } from '@backstage/backend-test-utils';
import { eventually } from '@internal/local-cluster';
import type {
  DeploymentEvent,
  ModelDeployment,
} from '@modelops/plugin-model-deployments-common';
import request from 'supertest';

const API = '/api/model-deployments';

/** The deployment the runtime tests create unless told otherwise: two instances, no auto-scaling. */
const baseRequest = {
  name: 'sentiment',
  modelRef: 'resource:default/bert-sentiment',
  modelVersion: 'v2.1.0',
  environment: 'development',
  resources: { cpuCores: 1, memoryGb: 2 },
  replicas: { min: 2, max: 5 },
  autoscaling: { enabled: false },
};

/** The API of a test backend as one user calls it, with the waits the runtime tests need. */
export function deploymentsApi(
  server: Parameters<typeof request>[0],
  user = 'user:default/alice',
) {
  const auth = mockCredentials.user.header(user);

  async function get(id: string): Promise<ModelDeployment> {
    const response = await request(server)
      .get(`${API}/deployments/${id}`)
      .set('Authorization', auth);
    expect(response.status).toBe(200);
    return response.body;
  }

  /** Waits until the deployment satisfies `predicate` with no operation under way. */
  async function until(
    id: string,
    what: string,
    predicate: (d: ModelDeployment) => boolean,
    options?: { timeoutMs?: number; operation?: boolean },
  ): Promise<ModelDeployment> {
    let last: ModelDeployment | undefined;
    try {
      return await eventually(
        what,
        async () => {
          last = await get(id);
          const settled = options?.operation || !last.operation;
          return predicate(last) && settled ? last : undefined;
        },
        options,
      );
    } catch (error) {
      // Say where the deployment was stuck: its status, its operation's step, and the last error.
      throw new Error(
        `${(error as Error).message}; last seen: ${JSON.stringify({
          status: last?.status,
          revision: last?.revision,
          activeRevision: last?.activeRevision,
          operation: last?.operation,
          lastError: last?.lastError,
        })}`,
      );
    }
  }

  /** Asks for a deployment; resolves to the response so a test can check a refusal. */
  function post(overrides: Record<string, unknown> = {}) {
    return request(server)
      .post(`${API}/deployments`)
      .set('Authorization', auth)
      .send({ ...baseRequest, ...overrides });
  }

  async function create(
    overrides: Record<string, unknown> = {},
  ): Promise<ModelDeployment> {
    const response = await post(overrides);
    expect(response.status).toBe(201);
    return response.body.deployment;
  }

  async function createRunning(
    overrides: Record<string, unknown> = {},
  ): Promise<ModelDeployment> {
    const created = await create(overrides);
    return until(
      created.id,
      'the deployment to run',
      d => d.status === 'running',
    );
  }

  /** Posts an action; resolves to the response so a test can check a refusal. */
  function act(id: string, action: string, body: Record<string, unknown> = {}) {
    return request(server)
      .post(`${API}/deployments/${id}/${action}`)
      .set('Authorization', auth)
      .send(body);
  }

  function patch(id: string, body: Record<string, unknown>) {
    return request(server)
      .patch(`${API}/deployments/${id}`)
      .set('Authorization', auth)
      .send(body);
  }

  function remove(id: string, confirm: string) {
    return request(server)
      .delete(`${API}/deployments/${id}`)
      .query({ confirm })
      .set('Authorization', auth);
  }

  /** The history, oldest first. */
  async function events(id: string): Promise<DeploymentEvent[]> {
    const response = await request(server)
      .get(`${API}/deployments/${id}/events`)
      .query({ limit: 100 })
      .set('Authorization', auth);
    expect(response.status).toBe(200);
    return [...response.body.items].reverse();
  }

  return {
    get,
    until,
    post,
    create,
    createRunning,
    act,
    patch,
    remove,
    events,
  };
}
