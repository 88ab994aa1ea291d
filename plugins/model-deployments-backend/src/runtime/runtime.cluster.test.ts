import { mockCredentials } from '@backstage/backend-test-utils';
import { AppsV1Api, AutoscalingV2Api } from '@kubernetes/client-node';
import {
  eventually,
  testKubeConfigFile,
  useTestNamespace,
} from '@internal/local-cluster';
import type { ModelDeployment } from '@modelops/plugin-model-deployments-common';
import request from 'supertest';
import { testModels } from '../__testUtils__/entities';
import { startTestBackendWithCatalog } from '../__testUtils__/startTestBackendWithCatalog';

const API = '/api/model-deployments';

// Rollouts take seconds on the local cluster: each instance is scheduled, started and reported.
jest.setTimeout(120_000);
const auth = mockCredentials.user.header('user:default/alice');

/**
 * The whole path on a real control plane: a request to the API, the runtime applying objects with
 * server-side apply, the scheduler and controllers acting on them, and the runtime reporting what it
 * observes. Pods are kwok's: they become ready without running a container.
 */
describe('the runtime on a real cluster', () => {
  const namespace = useTestNamespace();
  const apps = namespace.kubeConfig.makeApiClient(AppsV1Api);
  const autoscaling = namespace.kubeConfig.makeApiClient(AutoscalingV2Api);
  let backend: Awaited<ReturnType<typeof startTestBackendWithCatalog>>;
  let runtimeOverrides: Record<string, unknown> = {};

  beforeEach(async () => {
    backend = await startTestBackendWithCatalog({
      entities: testModels,
      config: {
        modelDeployments: {
          environments: {
            development: { cluster: 'local', namespace: namespace.name },
          },
          runtime: {
            servingImage:
              'registry.example.com/{{ modelId }}:{{ modelVersion }}',
            kubeconfig: testKubeConfigFile(),
            ...runtimeOverrides,
          },
        },
      },
    });
  });

  afterEach(async () => {
    await backend.stop();
  });

  async function get(id: string): Promise<ModelDeployment> {
    const response = await request(backend.server)
      .get(`${API}/deployments/${id}`)
      .set('Authorization', auth);
    expect(response.status).toBe(200);
    return response.body;
  }

  async function until(
    id: string,
    what: string,
    predicate: (d: ModelDeployment) => boolean,
  ): Promise<ModelDeployment> {
    return eventually(what, async () => {
      const deployment = await get(id);
      return predicate(deployment) && !deployment.operation
        ? deployment
        : undefined;
    });
  }

  async function create(overrides: Record<string, unknown> = {}) {
    const response = await request(backend.server)
      .post(`${API}/deployments`)
      .set('Authorization', auth)
      .send({
        name: 'sentiment',
        modelRef: 'resource:default/bert-sentiment',
        modelVersion: 'v2.1.0',
        environment: 'development',
        resources: { cpuCores: 1, memoryGb: 2 },
        replicas: { min: 2, max: 5 },
        autoscaling: { enabled: false },
        ...overrides,
      });
    expect(response.status).toBe(201);
    return response.body.deployment as ModelDeployment;
  }

  async function createRunning(overrides: Record<string, unknown> = {}) {
    const created = await create(overrides);
    await until(
      created.id,
      'the deployment to run',
      d => d.status === 'running',
    );
    return created;
  }

  it('creates: applies the objects and reports running once every instance is ready', async () => {
    const created = await create();
    expect(created.status).toBe('deploying');
    expect(created.instances).toEqual({
      desired: 2,
      current: null,
      ready: null,
    });

    const running = await until(
      created.id,
      'the deployment to run',
      d => d.status === 'running',
    );
    expect(running.instances).toEqual({ desired: 2, current: 2, ready: 2 });
    expect(running.activeRevision).toBe(1);

    const workload = await apps.readNamespacedDeployment({
      name: 'sentiment',
      namespace: namespace.name,
    });
    expect(workload.metadata?.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'model-deployments',
      'backstage.io/kubernetes-id': 'sentiment',
      'modelops.io/deployment-id': created.id,
    });
    expect(workload.spec?.template.spec?.containers[0].image).toBe(
      'registry.example.com/model-001:v2.1.0',
    );
    expect(workload.metadata?.managedFields?.map(f => f.manager)).toContain(
      'model-deployments',
    );

    const events = await request(backend.server)
      .get(`${API}/deployments/${created.id}/events`)
      .set('Authorization', auth);
    expect(events.body.items[0]).toMatchObject({
      action: 'create',
      outcome: 'succeeded',
      statusAfter: 'running',
    });
  });

  it('scales, stops with no instance left, and starts again with the same configuration', async () => {
    const created = await createRunning();

    await request(backend.server)
      .post(`${API}/deployments/${created.id}/scale`)
      .set('Authorization', auth)
      .send({ replicas: 3 })
      .expect(202);
    const scaled = await until(
      created.id,
      '3 ready instances',
      d => d.instances.ready === 3,
    );
    expect(scaled.status).toBe('running');

    await request(backend.server)
      .post(`${API}/deployments/${created.id}/stop`)
      .set('Authorization', auth)
      .send({})
      .expect(202);
    const stopped = await until(
      created.id,
      'the deployment to stop',
      d => d.status === 'stopped',
    );
    expect(stopped.instances).toEqual({ desired: 0, current: 0, ready: 0 });

    await request(backend.server)
      .post(`${API}/deployments/${created.id}/start`)
      .set('Authorization', auth)
      .send({})
      .expect(202);
    const started = await until(
      created.id,
      'the deployment to run again',
      d => d.status === 'running',
    );
    expect(started.instances).toEqual({ desired: 3, current: 3, ready: 3 });
  });

  it('updates the model with a rolling update, and refuses the strategies it cannot carry out yet', async () => {
    const created = await createRunning();

    await request(backend.server)
      .post(`${API}/deployments/${created.id}/update-model`)
      .set('Authorization', auth)
      .send({ modelVersion: 'v2.0.0', strategy: 'rolling' })
      .expect(202);
    const updated = await until(
      created.id,
      'revision 2 to serve',
      d => d.status === 'running' && d.activeRevision === 2,
    );
    expect(updated.instances).toEqual({ desired: 2, current: 2, ready: 2 });
    const workload = await apps.readNamespacedDeployment({
      name: 'sentiment',
      namespace: namespace.name,
    });
    expect(workload.spec?.template.spec?.containers[0].image).toBe(
      'registry.example.com/model-001:v2.0.0',
    );

    await request(backend.server)
      .post(`${API}/deployments/${created.id}/update-model`)
      .set('Authorization', auth)
      .send({ modelVersion: 'v2.1.0', strategy: 'canary' })
      .expect(202);
    const refused = await until(
      created.id,
      'the canary to be refused',
      d => d.status === 'failed',
    );
    expect(refused.lastError?.message).toMatch(
      /^canary updates are not available in this runtime yet/,
    );
    expect(refused.activeRevision).toBe(2);
  });

  it('gives auto-scaling to an HPA, and takes the HPA away while stopped', async () => {
    const created = await createRunning({
      autoscaling: { enabled: true, targetCpuPercent: 60 },
    });
    const hpa = await autoscaling.readNamespacedHorizontalPodAutoscaler({
      name: 'sentiment',
      namespace: namespace.name,
    });
    expect(hpa.spec).toMatchObject({ minReplicas: 2, maxReplicas: 5 });

    await request(backend.server)
      .post(`${API}/deployments/${created.id}/stop`)
      .set('Authorization', auth)
      .send({})
      .expect(202);
    await until(
      created.id,
      'the deployment to stop',
      d => d.status === 'stopped',
    );
    await expect(
      autoscaling.readNamespacedHorizontalPodAutoscaler({
        name: 'sentiment',
        namespace: namespace.name,
      }),
    ).rejects.toMatchObject({ code: 404 });
  });

  it('reports why an instance cannot be placed while a rollout waits for GPUs', async () => {
    const created = await createRunning({
      resources: { cpuCores: 1, memoryGb: 2, gpuCount: 1, gpuType: 'T4' },
      replicas: { min: 2, max: 2 },
    });
    // One T4 node with four GPUs, two in use: an instance that needs three cannot be placed.
    await request(backend.server)
      .patch(`${API}/deployments/${created.id}`)
      .set('Authorization', auth)
      .send({ resources: { gpuCount: 3 } })
      .expect(200);
    const stuck = await eventually('the reason to be reported', async () => {
      const deployment = await get(created.id);
      return deployment.conditions.some(c =>
        c.message.includes('cannot be placed'),
      )
        ? deployment
        : undefined;
    });
    expect(stuck.status).not.toBe('running');
    expect(stuck.conditions.find(c => c.type === 'RolledOut')).toMatchObject({
      status: 'False',
      reason: 'Unschedulable',
    });
  });

  it('puts back objects deleted outside Backstage, and removes everything on delete', async () => {
    const created = await createRunning();

    await apps.deleteNamespacedDeployment({
      name: 'sentiment',
      namespace: namespace.name,
    });
    await eventually('the Deployment to be applied again', async () =>
      apps
        .readNamespacedDeployment({
          name: 'sentiment',
          namespace: namespace.name,
        })
        .then(d => !d.metadata?.deletionTimestamp),
    );
    await eventually('the drift to be recorded', async () => {
      const events = await request(backend.server)
        .get(`${API}/deployments/${created.id}/events`)
        .set('Authorization', auth);
      return events.body.items.some(
        (e: { message: string; actor: string }) =>
          e.actor === 'system:model-deployments-runtime' &&
          e.message ===
            'The objects in the cluster were missing (deleted outside Backstage); applied them again',
      );
    });

    await request(backend.server)
      .delete(`${API}/deployments/${created.id}`)
      .query({ confirm: 'sentiment' })
      .set('Authorization', auth)
      .expect(202);
    await eventually('the deployment to be deleted', async () => {
      const response = await request(backend.server)
        .get(`${API}/deployments/${created.id}`)
        .set('Authorization', auth);
      return response.status === 200 && response.body.status === 'deleted';
    });
    const left = await apps.listNamespacedDeployment({
      namespace: namespace.name,
    });
    expect(left.items).toEqual([]);
  });

  describe('with a short progress deadline', () => {
    beforeAll(() => {
      runtimeOverrides = { progressDeadlineSeconds: 8 };
    });
    afterAll(() => {
      runtimeOverrides = {};
    });

    it('rolls a change whose instances never become ready back to the revision that served', async () => {
      const created = await createRunning();
      // kwok keeps instances with this variable unready, as a server that fails to load its model.
      await request(backend.server)
        .patch(`${API}/deployments/${created.id}`)
        .set('Authorization', auth)
        .send({ env: [{ name: 'KWOK_SIMULATE', value: 'never-ready' }] })
        .expect(200);

      const recovered = await eventually(
        'the automatic rollback to finish',
        async () => {
          const deployment = await get(created.id);
          return deployment.status === 'running' && deployment.revision === 3
            ? deployment
            : undefined;
        },
        { timeoutMs: 90_000 },
      );
      expect(recovered.activeRevision).toBe(3);
      expect(recovered.spec.env).toEqual([]);
      expect(recovered.instances).toEqual({ desired: 2, current: 2, ready: 2 });

      const events = await request(backend.server)
        .get(`${API}/deployments/${created.id}/events`)
        .set('Authorization', auth);
      const story = events.body.items
        .map(
          (e: { action: string; outcome: string }) =>
            `${e.action} ${e.outcome}`,
        )
        .reverse();
      expect(story).toEqual([
        'create accepted',
        'create succeeded',
        'edit accepted',
        'edit failed',
        'rollback accepted',
        'rollback succeeded',
      ]);
      expect(events.body.items[1].message).toMatch(
        /^Rolling back automatically to revision 1 \(v2\.1\.0\): .*progress/,
      );
    });
  });
});
