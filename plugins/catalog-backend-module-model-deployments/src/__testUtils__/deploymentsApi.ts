import { mockCredentials } from '@backstage/backend-test-utils';
import { eventually } from '@internal/local-cluster';
import {
  ModelDeploymentsClient,
  type CreateDeploymentRequest,
  type ModelDeployment,
} from '@modelops/plugin-model-deployments-common';
import type { Server } from 'node:http';
import request from 'supertest';

/** Two instances of the test model, without auto-scaling, in development unless told otherwise. */
const baseRequest: Omit<CreateDeploymentRequest, 'name'> = {
  modelRef: 'resource:default/bert-sentiment',
  modelVersion: 'v2.1.0',
  environment: 'development',
  resources: { cpuCores: 1, memoryGb: 2 },
  replicas: { min: 2, max: 5 },
  autoscaling: { enabled: false },
};

/**
 * The Model Deployments API of a test backend as a user calls it: through the common client, and the
 * changes whose answers a test checks through supertest.
 */
export function deploymentsApi(server: Server & { port(): number }) {
  const user = 'user:default/alice';
  const options = { token: mockCredentials.user.token(user) };
  const client = new ModelDeploymentsClient({
    discoveryApi: {
      getBaseUrl: async id => `http://localhost:${server.port()}/api/${id}`,
    },
  });

  async function create(
    fields: Partial<CreateDeploymentRequest> & { name: string },
  ): Promise<ModelDeployment> {
    return (
      await client.createDeployment({ ...baseRequest, ...fields }, options)
    ).deployment;
  }

  /** Waits until the deployment satisfies `predicate` with no operation under way. */
  function until(
    id: string,
    what: string,
    predicate: (deployment: ModelDeployment) => boolean,
  ): Promise<ModelDeployment> {
    return eventually(what, async () => {
      const deployment = await client.getDeployment(id, options);
      return !deployment.operation && predicate(deployment)
        ? deployment
        : undefined;
    });
  }

  /** Creates a deployment and waits until the runtime runs it on the test cluster. */
  async function createRunning(
    fields: Partial<CreateDeploymentRequest> & { name: string },
  ): Promise<ModelDeployment> {
    const created = await create(fields);
    return until(
      created.id,
      'the deployment to run',
      d => d.status === 'running',
    );
  }

  const auth = mockCredentials.user.header(user);
  const patch = (id: string, body: Record<string, unknown>) =>
    request(server)
      .patch(`/api/model-deployments/deployments/${id}`)
      .set('Authorization', auth)
      .send(body);
  const remove = (id: string, confirm: string) =>
    request(server)
      .delete(`/api/model-deployments/deployments/${id}`)
      .query({ confirm })
      .set('Authorization', auth);

  return { create, until, createRunning, patch, remove };
}
