import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  exampleDeploymentSpec,
  type CreateDeploymentRequest,
} from '@modelops/plugin-model-deployments-common';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createModelDeploymentAction } from './createDeployment';

type Received = {
  url: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
};

/**
 * A stand-in for the Model Deployments backend's `POST /deployments`, which records each request and
 * answers what a test sets. The backend itself is tested against this contract in its own package, and
 * end to end through the demo app.
 */
function standInBackend() {
  const received: Received[] = [];
  let answer: { status: number; body: unknown } = { status: 500, body: {} };
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', chunk => (text += chunk));
    req.on('end', () => {
      received.push({
        url: req.url!,
        headers: req.headers,
        body: JSON.parse(text),
      });
      res.writeHead(answer.status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
  });
  return {
    received,
    answer: (status: number, body: unknown) => {
      answer = { status, body };
    },
    start: () =>
      new Promise<string>(resolve =>
        server.listen(0, '127.0.0.1', () =>
          resolve(
            `http://127.0.0.1:${
              (server.address() as AddressInfo).port
            }/api/model-deployments`,
          ),
        ),
      ),
    stop: () => new Promise(resolve => server.close(resolve)),
  };
}

const input: CreateDeploymentRequest = {
  ...exampleDeploymentSpec,
  modelId: undefined,
  environment: 'development',
};

function deployment(status = 'deploying') {
  return {
    id: '2b0a4f0e-4b9a-4b8e-9d7e-0d4c3a1f5e21',
    name: input.name,
    status,
    spec: { ...input, modelRef: 'resource:default/bert-sentiment' },
  };
}

describe('model-deployments:create', () => {
  const backend = standInBackend();
  let baseUrl: string;
  beforeAll(async () => {
    baseUrl = await backend.start();
  });
  afterAll(() => backend.stop());
  beforeEach(() => {
    backend.received.length = 0;
  });

  const action = () =>
    createModelDeploymentAction({
      auth: mockServices.auth(),
      discovery: {
        getBaseUrl: async () => baseUrl,
        getExternalBaseUrl: async () => baseUrl,
      },
      appBaseUrl: 'https://backstage.example.com',
    });
  const context = (
    overrides: Record<string, unknown> = {},
    dryRun = false,
  ) => ({
    ...createMockActionContext({
      input: { ...input, ...overrides } as any,
      task: { id: 'task-42' },
    }),
    // Set after, as the scaffolder sets them: the mock context does not take these two.
    getInitiatorCredentials: async () =>
      mockCredentials.user('user:default/alice'),
    isDryRun: dryRun,
  });

  it('creates the deployment as the user who runs the template, and outputs its id, status and links', async () => {
    backend.answer(201, { deployment: deployment(), dryRun: false });
    const ctx = context();
    await action().handler(ctx);

    expect(backend.received).toHaveLength(1);
    const [request] = backend.received;
    expect(request.url).toBe('/api/model-deployments/deployments');
    expect(request.body).toEqual(JSON.parse(JSON.stringify(ctx.input)));
    // A token on the user's behalf, for our backend: its ownership and permission checks apply.
    expect(request.headers.authorization).toBe(
      `Bearer mock-service-token:${JSON.stringify({
        obo: 'user:default/alice',
        target: 'model-deployments',
      })}`,
    );
    expect(request.headers['idempotency-key']).toBe('scaffolder-task:task-42');
    expect(ctx.output).toHaveBeenCalledWith('deploymentId', deployment().id);
    expect(ctx.output).toHaveBeenCalledWith('status', 'deploying');
    expect(ctx.output).toHaveBeenCalledWith(
      'deploymentUrl',
      `https://backstage.example.com/model-deployments/${deployment().id}`,
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'modelDeploymentsUrl',
      'https://backstage.example.com/catalog/default/resource/bert-sentiment/deployments',
    );
  });

  it('says who must approve a deployment that waits for approval', async () => {
    backend.answer(201, {
      deployment: {
        ...deployment('pending-approval'),
        pendingApproval: { approvers: ['group:default/nlp-team'] },
      },
      dryRun: false,
    });
    const ctx = context({ environment: 'production' });
    const info = jest.spyOn(ctx.logger, 'info');
    await action().handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('status', 'pending-approval');
    expect(info).toHaveBeenCalledWith(
      'It is deployed when a member of group:default/nlp-team other than you approves it',
    );
  });

  it('sends the same idempotency key when the task is retried, so the backend answers with the first deployment', async () => {
    backend.answer(200, { deployment: deployment(), dryRun: false });
    await action().handler(context());
    await action().handler(context());
    expect(backend.received.map(r => r.headers['idempotency-key'])).toEqual([
      'scaffolder-task:task-42',
      'scaffolder-task:task-42',
    ]);
  });

  it('validates on a dry run and creates nothing', async () => {
    backend.answer(200, { deployment: deployment(), dryRun: true });
    const ctx = context({}, true);
    await action().handler(ctx);
    expect(backend.received.map(r => r.url)).toEqual([
      '/api/model-deployments/deployments?dryRun=true',
    ]);
    expect(ctx.output).toHaveBeenCalledWith('status', 'deploying');
    expect(ctx.output).not.toHaveBeenCalledWith(
      'deploymentId',
      expect.anything(),
    );
  });

  it.each([
    [{ name: 'Resnet_Prod' }, 'name: '],
    [{ resources: { cpuCores: 0, memoryGb: 8 } }, 'resources.cpuCores: '],
    [
      { resources: { cpuCores: 2, memoryGb: 8, gpuType: 'T4' } },
      'resources.gpuType: must be empty when resources.gpuCount is 0',
    ],
    [
      { replicas: { min: 5, max: 2 } },
      'replicas.max: must be greater than or equal to replicas.min (5)',
    ],
    [
      { loadBalancer: { healthCheckPath: 'http://example.com/health' } },
      'loadBalancer.healthCheckPath: ',
    ],
    [
      { autoscaling: { enabled: true, targetCpuPercent: 150 } },
      'autoscaling.targetCpuPercent: ',
    ],
  ])(
    'refuses %j before calling the backend, naming the field',
    async (overrides, message) => {
      await expect(action().handler(context(overrides))).rejects.toThrow(
        message,
      );
      expect(backend.received).toEqual([]);
    },
  );

  it("puts the backend's refusal, naming the field, in the task log", async () => {
    backend.answer(400, {
      error: {
        name: 'InputError',
        message:
          "modelVersion: 'v9.9.9' is not a version of resource:default/bert-sentiment",
      },
      request: { method: 'POST', url: '/deployments' },
      response: { statusCode: 400 },
    });
    await expect(action().handler(context())).rejects.toThrow(
      "The deployment 'bert-sentiment-api' was not created (400): modelVersion: 'v9.9.9' is not a version of resource:default/bert-sentiment",
    );
  });
});
