import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleTemplateKind from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
// The test runs the backend plugin that the action calls, beside the module (a devDependency only).
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import modelDeploymentsPlugin from '@modelops/plugin-model-deployments-backend';
import type { ModelDeployment } from '@modelops/plugin-model-deployments-common';
import { eventually } from '@internal/local-cluster';
import path from 'node:path';
import request from 'supertest';
import { scaffolderModule } from './module';

jest.setTimeout(120_000);

const repoRoot = path.resolve(__dirname, '../../..');
const auth = mockCredentials.user.header('user:default/alice');

/**
 * The template end to end in one backend with the demo app's plugins: the catalog reads the template
 * and the demo catalog from the repository, the scaffolder runs the template's steps as a user (its
 * REST API, as the form does), our action calls our backend, and the deployment is then found through
 * our API. (A location with a kind the catalog does not allow is refused whole: hence System.)
 */
describe('the Create Deployment template', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleTemplateKind,
        scaffolderPlugin,
        modelDeploymentsPlugin,
        scaffolderModule,
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            catalog: {
              rules: [
                { allow: ['Template', 'Resource', 'System', 'Group', 'User'] },
              ],
              locations: [
                {
                  type: 'file',
                  target: path.join(
                    repoRoot,
                    'templates/model-deployment/template.yaml',
                  ),
                },
                {
                  type: 'file',
                  target: path.join(repoRoot, 'examples/models.yaml'),
                },
                {
                  type: 'file',
                  target: path.join(repoRoot, 'examples/org.yaml'),
                },
              ],
            },
          },
        }),
      ],
    });
    await eventually(
      'the catalog to read the template and the models',
      async () => {
        const response = await request(backend.server)
          .get(
            '/api/catalog/entities/by-name/template/default/model-deployment',
          )
          .set('Authorization', auth);
        const model = await request(backend.server)
          .get('/api/catalog/entities/by-name/resource/default/bert-sentiment')
          .set('Authorization', auth);
        return response.status === 200 && model.status === 200
          ? true
          : undefined;
      },
    );
  });

  afterAll(() => backend.stop());

  it('creates a deployment from the form, and the deployment is then found through the API', async () => {
    const started = await request(backend.server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', auth)
      .send({
        templateRef: 'template:default/model-deployment',
        values: {
          name: 'bert-from-template',
          description: 'Created by the template test',
          model: 'resource:default/bert-sentiment',
          modelVersion: 'v2.1.0',
          environment: 'development',
          strategy: 'canary',
          cpuCores: 2,
          memoryGb: 8,
          gpuCount: 1,
          gpuType: 'T4',
          minReplicas: 1,
          maxReplicas: 4,
          autoscalingEnabled: false,
          loadBalancerEnabled: true,
          algorithm: 'round-robin',
          healthCheckPath: '/healthz',
          healthCheckIntervalSeconds: 15,
          stickySessions: false,
        },
      });
    expect(started.status).toBe(201);

    const task = await eventually('the task to end', async () => {
      const response = await request(backend.server)
        .get(`/api/scaffolder/v2/tasks/${started.body.id}`)
        .set('Authorization', auth);
      return ['completed', 'failed'].includes(response.body.status)
        ? response.body
        : undefined;
    });
    const events = await request(backend.server)
      .get(`/api/scaffolder/v2/tasks/${started.body.id}/events`)
      .set('Authorization', auth);
    const completion = events.body.find(
      (e: { type: string }) => e.type === 'completion',
    );
    expect({ status: task.status, message: completion?.body?.message }).toEqual(
      {
        status: 'completed',
        message: expect.any(String),
      },
    );
    const output = completion.body.output;
    expect(output.links).toEqual([
      {
        title: 'Open the deployment',
        url: expect.stringMatching(
          /^http:\/\/localhost:3000\/model-deployments\/[0-9a-f-]{36}$/,
        ),
      },
      {
        title: "The model's deployments",
        url: 'http://localhost:3000/catalog/default/resource/bert-sentiment/deployments',
      },
    ]);
    const id = output.links[0].url.split('/').pop();

    const found = await request(backend.server)
      .get(`/api/model-deployments/deployments/${id}`)
      .set('Authorization', auth);
    expect(found.status).toBe(200);
    const deployment: ModelDeployment = found.body;
    expect(deployment).toMatchObject({
      name: 'bert-from-template',
      createdBy: 'user:default/alice',
      spec: {
        modelRef: 'resource:default/bert-sentiment',
        modelId: 'model-001',
        modelVersion: 'v2.1.0',
        strategy: 'canary',
        resources: { cpuCores: 2, memoryGb: 8, gpuCount: 1, gpuType: 'T4' },
        replicas: { min: 1, max: 4 },
        autoscaling: { enabled: false },
        loadBalancer: {
          healthCheckPath: '/healthz',
          healthCheckIntervalSeconds: 15,
        },
      },
    });
    // A hidden field is not submitted: no GPU target without auto-scaling.
    expect(deployment.spec.autoscaling.targetGpuPercent).toBeUndefined();
  });
});
