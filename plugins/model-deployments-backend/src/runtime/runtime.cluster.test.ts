// One file: the operations share one namespace on the real cluster and the helpers that drive and read them.
import {
  AppsV1Api,
  AutoscalingV2Api,
  CoreV1Api,
} from '@kubernetes/client-node';
import { eventually, useTestNamespace } from '@internal/local-cluster';
import knexFactory, { type Knex } from 'knex';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  startRuntimeTestBackend,
  type RuntimeTestBackend,
} from '../__testUtils__/startRuntimeTestBackend';
import { testModels } from '../__testUtils__/entities';
import { createKnexStores } from '../database/createKnexStores';

// Rollouts take seconds on the local cluster: each instance is scheduled, started and reported.
jest.setTimeout(120_000);

/**
 * The whole path on a real control plane: a request to the API, the runtime applying objects with
 * server-side apply, the scheduler and controllers acting on them, and the runtime reporting what it
 * observes. Pods are kwok's: they become ready without running a container.
 */
describe('the runtime on a real cluster', () => {
  const namespace = useTestNamespace();
  const apps = namespace.kubeConfig.makeApiClient(AppsV1Api);
  const autoscaling = namespace.kubeConfig.makeApiClient(AutoscalingV2Api);
  const core = namespace.kubeConfig.makeApiClient(CoreV1Api);
  let backend: RuntimeTestBackend['backend'];
  let runtimeOverrides: Record<string, unknown> = {};
  let api: RuntimeTestBackend['api'];

  beforeEach(async () => {
    ({ backend, api } = await startRuntimeTestBackend({
      namespace: namespace.name,
      runtime: runtimeOverrides,
    }));
  });

  afterEach(async () => {
    await backend.stop();
  });

  it('creates: applies the objects and reports running once every instance is ready', async () => {
    const created = await api.create();
    expect(created.status).toBe('deploying');
    expect(created.instances).toEqual({
      desired: 2,
      current: null,
      ready: null,
    });

    const running = await api.until(
      created.id,
      'the deployment to run',
      d => d.status === 'running',
    );
    expect(running.instances).toEqual({ desired: 2, current: 2, ready: 2 });
    expect(running.activeRevision).toBe(1);
    // Round robin without stickiness: the cluster carries out every setting, and says so.
    expect(running.conditions).toContainEqual(
      expect.objectContaining({ type: 'SettingsEnforced', status: 'True' }),
    );
    expect(running.conditions).toContainEqual(
      expect.objectContaining({
        type: 'PodSecurityRestricted',
        status: 'True',
      }),
    );
    // What the runtime observes is not a change: the last change is still the user's creation.
    expect(running.version).toBeGreaterThan(created.version);
    expect(running).toMatchObject({
      updatedAt: created.updatedAt,
      updatedBy: created.createdBy,
    });

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

    const events = await api.events(created.id);
    expect(events.at(-1)).toMatchObject({
      action: 'create',
      outcome: 'succeeded',
      statusAfter: 'running',
    });
  });

  it('scales, stops with no instance left, and starts again with the same configuration', async () => {
    const created = await api.createRunning();

    await api.act(created.id, 'scale', { replicas: 3 }).expect(202);
    const scaled = await api.until(
      created.id,
      '3 ready instances',
      d => d.instances.ready === 3,
    );
    expect(scaled.status).toBe('running');

    await api.act(created.id, 'stop', {}).expect(202);
    const stopped = await api.until(
      created.id,
      'the deployment to stop',
      d => d.status === 'stopped',
    );
    expect(stopped.instances).toEqual({ desired: 0, current: 0, ready: 0 });

    await api.act(created.id, 'start', {}).expect(202);
    const started = await api.until(
      created.id,
      'the deployment to run again',
      d => d.status === 'running',
    );
    expect(started.instances).toEqual({ desired: 3, current: 3, ready: 3 });
  });

  it('updates the model with a rolling update', async () => {
    const created = await api.createRunning();

    await api
      .act(created.id, 'update-model', {
        modelVersion: 'v2.0.0',
        strategy: 'rolling',
      })
      .expect(202);
    const updated = await api.until(
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
    expect(workload.spec?.strategy?.rollingUpdate).toEqual({
      maxSurge: 1,
      maxUnavailable: 0,
    });
  });

  it('updates GPU instances one at a time when the cluster has no spare GPU for an extra one', async () => {
    // The T4 node has four GPUs: two instances of two GPUs take them all, so a surge could not be placed.
    const created = await api.createRunning({
      resources: { cpuCores: 1, memoryGb: 2, gpuCount: 2, gpuType: 'T4' },
      replicas: { min: 2, max: 2 },
      surgeDuringUpdates: false,
    });
    await api
      .act(created.id, 'update-model', { modelVersion: 'v2.0.0' })
      .expect(202);
    const updated = await api.until(
      created.id,
      'revision 2 to serve on both instances',
      d => d.status === 'running' && d.activeRevision === 2,
    );
    expect(updated.instances).toEqual({ desired: 2, current: 2, ready: 2 });
    const workload = await apps.readNamespacedDeployment({
      name: 'sentiment',
      namespace: namespace.name,
    });
    expect(workload.spec?.strategy?.rollingUpdate).toEqual({
      maxSurge: 0,
      maxUnavailable: 1,
    });
  });

  it('gives auto-scaling to an HPA, takes it away while stopped, and restores it on start', async () => {
    const created = await api.createRunning({
      autoscaling: { enabled: true, targetCpuPercent: 60 },
    });
    const hpa = await autoscaling.readNamespacedHorizontalPodAutoscaler({
      name: 'sentiment',
      namespace: namespace.name,
    });
    expect(hpa.spec).toMatchObject({ minReplicas: 2, maxReplicas: 5 });

    await api.act(created.id, 'stop', {}).expect(202);
    await api.until(
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

    await api.act(created.id, 'start', {}).expect(202);
    await api.until(
      created.id,
      'the deployment to run again',
      d => d.status === 'running',
    );
    const restored = await autoscaling.readNamespacedHorizontalPodAutoscaler({
      name: 'sentiment',
      namespace: namespace.name,
    });
    expect(restored.spec).toEqual(hpa.spec);
  });

  it('reports the instances an HPA adds under load', async () => {
    const created = await api.createRunning({
      replicas: { min: 1, max: 3 },
      autoscaling: { enabled: true, targetCpuPercent: 50 },
    });
    const pods = await core.listNamespacedPod({
      namespace: namespace.name,
      labelSelector: `modelops.io/deployment-id=${created.id}`,
    });
    expect(pods.items).toHaveLength(1);
    // kwok's simulated kubelet reports this usage to metrics-server: 90% of the 1-core request.
    await core.patchNamespacedPod({
      name: pods.items[0].metadata!.name!,
      namespace: namespace.name,
      body: [
        {
          op: 'add',
          path: '/metadata/annotations',
          value: {
            ...pods.items[0].metadata?.annotations,
            'kwok.x-k8s.io/usage-cpu': '900m',
          },
        },
      ],
    });
    const scaled = await api.until(
      created.id,
      'the HPA to add instances, and the deployment to report them',
      d => (d.instances.ready ?? 0) >= 2,
      { timeoutMs: 180_000 },
    );
    expect(scaled.status).toBe('running');
    expect(scaled.instances.current).toBeGreaterThanOrEqual(2);
  }, 240_000);

  it('reports why an instance cannot be placed while a rollout waits for GPUs', async () => {
    const created = await api.createRunning({
      resources: { cpuCores: 1, memoryGb: 2, gpuCount: 1, gpuType: 'T4' },
      replicas: { min: 2, max: 2 },
    });
    // One T4 node with four GPUs, two in use: an instance that needs three cannot be placed.
    await api.patch(created.id, { resources: { gpuCount: 3 } }).expect(200);
    const stuck = await eventually('the reason to be reported', async () => {
      const deployment = await api.get(created.id);
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

  it('applies its revision again over objects of another revision, as a replica that lost its lease may leave them', async () => {
    const created = await api.createRunning();

    await apps.patchNamespacedDeployment({
      name: 'sentiment',
      namespace: namespace.name,
      body: [
        {
          op: 'replace',
          path: '/metadata/labels/modelops.io~1revision',
          value: '0',
        },
      ],
    });
    await eventually('the revision to be applied again', async () => {
      const events = await api.events(created.id);
      return events.some(
        e =>
          e.actor === 'system:model-deployments-runtime' &&
          e.message ===
            'The objects in the cluster were at revision 0; applied revision 1 again',
      );
    });
    const workload = await apps.readNamespacedDeployment({
      name: 'sentiment',
      namespace: namespace.name,
    });
    expect(workload.metadata?.labels?.['modelops.io/revision']).toBe('1');
  });

  it('puts back objects deleted outside Backstage, and removes everything on delete', async () => {
    const created = await api.createRunning();

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
      const events = await api.events(created.id);
      return events.some(
        e =>
          e.actor === 'system:model-deployments-runtime' &&
          e.message ===
            'The objects in the cluster were missing (deleted outside Backstage); applied them again',
      );
    });

    await api.remove(created.id, 'sentiment').expect(202);
    await api.until(
      created.id,
      'the deployment to be deleted',
      d => d.status === 'deleted',
    );
    const left = await apps.listNamespacedDeployment({
      namespace: namespace.name,
    });
    expect(left.items).toEqual([]);
  });

  it('observes every deployment when it starts: what changed while no backend ran is seen and put right', async () => {
    await backend.stop();
    const databaseDir = fs.mkdtempSync(
      path.join(os.tmpdir(), 'model-deployments-'),
    );
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: path.join(databaseDir, 'backend.db') },
      useNullAsDefault: true,
    });
    try {
      ({ backend, api } = await startRuntimeTestBackend({
        namespace: namespace.name,
        knex,
      }));
      const created = await api.createRunning();
      await backend.stop();

      // While no backend runs, the objects go (as when the demo's cluster is created anew).
      await apps.deleteNamespacedDeployment({
        name: 'sentiment',
        namespace: namespace.name,
      });
      await eventually('the Deployment to be gone', async () =>
        apps
          .readNamespacedDeployment({
            name: 'sentiment',
            namespace: namespace.name,
          })
          .then(
            () => false,
            () => true,
          ),
      );

      ({ backend, api } = await startRuntimeTestBackend({
        namespace: namespace.name,
        knex,
      }));
      await eventually('the drift to be recorded', async () =>
        (
          await api.events(created.id)
        ).some(
          e =>
            e.message ===
            'The objects in the cluster were missing (deleted outside Backstage); applied them again',
        ),
      );
      const again = await api.until(
        created.id,
        'the deployment to run again',
        d => d.status === 'running' && d.instances.ready === 2,
      );
      expect(again.instances).toEqual({ desired: 2, current: 2, ready: 2 });
      await backend.stop();
    } finally {
      await knex.destroy();
      fs.rmSync(databaseDir, { recursive: true, force: true });
    }
    // The test's own backend again, for afterEach to stop.
    ({ backend, api } = await startRuntimeTestBackend({
      namespace: namespace.name,
    }));
  });

  describe("with the database in the test's hands", () => {
    let knex: Knex;
    let databaseDir: string;

    beforeEach(async () => {
      await backend.stop();
      databaseDir = fs.mkdtempSync(
        path.join(os.tmpdir(), 'model-deployments-'),
      );
      knex = knexFactory({
        client: 'better-sqlite3',
        connection: { filename: path.join(databaseDir, 'backend.db') },
        useNullAsDefault: true,
      });
      ({ backend, api } = await startRuntimeTestBackend({
        namespace: namespace.name,
        knex,
      }));
    });

    afterEach(async () => {
      await backend.stop();
      await knex.destroy();
      fs.rmSync(databaseDir, { recursive: true, force: true });
      // The test's own backend again, for the outer afterEach to stop.
      ({ backend, api } = await startRuntimeTestBackend({
        namespace: namespace.name,
      }));
    });

    /** Gives the stored deployment these variables, as a record from before the API refused them. */
    async function storeEnv(id: string, env: object[]) {
      const row = await knex('deployments').where({ id }).first();
      await knex('deployments')
        .where({ id })
        .update({ spec: JSON.stringify({ ...JSON.parse(row.spec), env }) });
    }

    async function containerEnv() {
      const workload = await apps.readNamespacedDeployment({
        name: 'sentiment',
        namespace: namespace.name,
      });
      return workload.spec?.template.spec?.containers[0].env ?? [];
    }

    it('applies again an update the backend marked as applying when it stopped, instead of calling the old revision rolled out', async () => {
      const created = await api.createRunning();
      await backend.stop();
      // What the database holds when a backend dies between marking an update and applying it.
      const stores = createKnexStores(knex);
      const now = new Date();
      const spec = { ...created.spec, modelVersion: 'v2.0.0' };
      const serving = {
        image: 'registry.example.com/model-001:v2.0.0',
        modelUri: null,
      };
      const operationId = randomUUID();
      await stores.transaction(async tx => {
        await tx.deployments.update(created.id, created.version, {
          spec,
          serving,
          revision: 2,
          status: 'updating',
          actor: 'user:default/alice',
          now,
        });
        await tx.deployments.insertRevision({
          deploymentId: created.id,
          revision: 2,
          spec,
          serving,
          reason: 'update-model to v2.0.0 (rolling)',
          approvedBy: null,
          actor: 'user:default/alice',
          now,
        });
        await tx.operations.insert({
          id: operationId,
          deploymentId: created.id,
          type: 'update-model',
          step: 'queued: rolling update',
          targetRevision: 2,
          parameters: { strategy: 'rolling' },
          requestedBy: 'user:default/alice',
          now,
        });
      });
      await stores.operations.update(operationId, {
        status: 'running',
        step: 'applying',
        now,
      });

      ({ backend, api } = await startRuntimeTestBackend({
        namespace: namespace.name,
        knex,
      }));
      const updated = await api.until(
        created.id,
        'the update to finish',
        d => !d.operation && d.status === 'running',
      );
      expect(updated.activeRevision).toBe(2);
      const workload = await apps.readNamespacedDeployment({
        name: 'sentiment',
        namespace: namespace.name,
      });
      expect(workload.spec?.template.spec?.containers[0].image).toBe(
        'registry.example.com/model-001:v2.0.0',
      );
    });

    it("runs a variable that names one the platform sets with the platform's value, the platform's last", async () => {
      const created = await api.createRunning();
      await storeEnv(created.id, [
        { name: 'FEATURE', value: 'on' },
        { name: 'MODEL_VERSION', value: 'v0.0.1' },
      ]);

      await api.act(created.id, 'scale', { replicas: 3 }).expect(202);
      const scaled = await api.until(
        created.id,
        'the scale to finish',
        d => !d.operation && d.instances.ready === 3,
      );
      expect(scaled.status).toBe('running');
      expect((await containerEnv()).map(v => `${v.name}=${v.value}`)).toEqual([
        'FEATURE=on',
        'MODEL_ID=model-001',
        'MODEL_VERSION=v2.1.0',
        'PORT=8080',
      ]);
    });

    /** Makes the deployment's revisions as they were stored before serving images were pinned. */
    async function forgetServing(id: string) {
      await knex('deployments').where({ id }).update({ serving: null });
      await knex('deployment_revisions')
        .where({ deployment_id: id })
        .update({ serving: null });
    }

    it("pins a revision from before pinning to what its workload runs, and refuses the config's default image when nothing says", async () => {
      const created = await api.createRunning();
      await forgetServing(created.id);
      await backend.replaceEntities(
        testModels.filter(e => e.metadata.name !== 'bert-sentiment'),
        testModels.find(e => e.metadata.name === 'feature-store')!,
      );

      // The model left the catalog, but its workload says what it runs.
      await api.act(created.id, 'scale', { replicas: 3 }).expect(202);
      const pinned = await api.until(
        created.id,
        'the scale to finish',
        d => !d.operation && d.instances.ready === 3,
      );
      expect(pinned.serving).toEqual({
        image: 'registry.example.com/model-001:v2.1.0',
        modelUri: null,
      });

      // Nothing says any more: no pin, no workload, no model.
      await forgetServing(created.id);
      await apps.deleteNamespacedDeployment({
        name: 'sentiment',
        namespace: namespace.name,
      });
      const refused = await api.until(
        created.id,
        'the refusal to be shown',
        d => d.lastError?.message.startsWith('Revision 1 was made') === true,
      );
      expect(refused.lastError?.message).toBe(
        'Revision 1 was made before serving images were pinned, and its model resource:default/bert-sentiment is no longer in the catalog: it is not switched to the configured default image. Update the model, or roll back to a revision that has its image.',
      );
      await expect(
        apps.readNamespacedDeployment({
          name: 'sentiment',
          namespace: namespace.name,
        }),
      ).rejects.toThrow();
    });

    it('fails an update the cluster can never take, with words a user reads, and rolls back to the revision that served', async () => {
      const created = await api.createRunning();
      // Two entries of one name: the API refuses them; server-side apply cannot merge them, ever.
      await storeEnv(created.id, [
        { name: 'FEATURE', value: 'on' },
        { name: 'FEATURE', value: 'off' },
      ]);

      await api
        .act(created.id, 'update-model', {
          modelVersion: 'v2.0.0',
          strategy: 'rolling',
        })
        .expect(202);
      const recovered = await api.until(
        created.id,
        'the automatic rollback to finish',
        d => d.status === 'running' && d.revision === 3,
      );
      expect(recovered.spec.modelVersion).toBe('v2.1.0');
      const events = await api.events(created.id);
      expect(events.map(e => `${e.action} ${e.outcome}`)).toEqual([
        'create accepted',
        'create succeeded',
        'update-model accepted',
        'update-model failed',
        'rollback accepted',
        'rollback succeeded',
      ]);
      expect(events[3].message).toBe(
        'Revision 2 did not roll out: The cluster refused the change: .spec.template.spec.containers[name="model-server"].env: duplicate entries for key [name="FEATURE"]',
      );
    });
  });

  describe('with a short progress deadline', () => {
    beforeAll(() => {
      runtimeOverrides = { progressDeadlineSeconds: 8 };
    });
    afterAll(() => {
      runtimeOverrides = {};
    });

    it('fails a creation whose image cannot be pulled, and says so', async () => {
      // kwok leaves instances with this variable in ImagePullBackOff, as a registry without the image would.
      const created = await api.create({
        env: [{ name: 'KWOK_SIMULATE', value: 'image-pull-error' }],
      });
      const waiting = await api.until(
        created.id,
        'the reason to be reported',
        d =>
          d.conditions.some(
            c => c.type === 'RolledOut' && c.reason === 'ImagePullBackOff',
          ),
        { operation: true },
      );
      expect(waiting.status).toBe('deploying');
      const failed = await api.until(
        created.id,
        'the creation to fail at its deadline',
        d => d.status === 'failed',
        { timeoutMs: 90_000 },
      );
      expect(failed.lastError?.message).toMatch(
        /ImagePullBackOff: Back-off pulling image "registry\.example\.com\/model-001:v2\.1\.0" \(.*progress/,
      );
      expect(failed.instances).toMatchObject({ current: 2, ready: 0 });
    });

    it('rolls a change whose instances never become ready back to the revision that served', async () => {
      const created = await api.createRunning();
      // kwok keeps instances with this variable unready, as a server that fails to load its model.
      await api
        .patch(created.id, {
          env: [{ name: 'KWOK_SIMULATE', value: 'never-ready' }],
        })
        .expect(200);

      const recovered = await eventually(
        'the automatic rollback to finish',
        async () => {
          const deployment = await api.get(created.id);
          return deployment.status === 'running' && deployment.revision === 3
            ? deployment
            : undefined;
        },
        { timeoutMs: 90_000 },
      );
      expect(recovered.activeRevision).toBe(3);
      expect(recovered.spec.env).toEqual([]);
      expect(recovered.instances).toEqual({ desired: 2, current: 2, ready: 2 });

      const events = await api.events(created.id);
      expect(events.map(e => `${e.action} ${e.outcome}`)).toEqual([
        'create accepted',
        'create succeeded',
        'edit accepted',
        'edit failed',
        'rollback accepted',
        'rollback succeeded',
      ]);
      expect(events.at(-2)?.message).toMatch(
        /^Rolling back automatically to revision 1 \(v2\.1\.0\): .*progress/,
      );
    });
  });

  describe('with a GPU metric name the API server refuses', () => {
    beforeAll(() => {
      // A metric name may not contain '/': the autoscaler is refused after the workload was applied.
      runtimeOverrides = { gpuUtilizationMetric: 'dcgm/gpu-util' };
    });
    afterAll(() => {
      runtimeOverrides = {};
    });

    it('deletes every object of a creation that was applied in part, and frees the name', async () => {
      const spec = {
        resources: { cpuCores: 1, memoryGb: 2, gpuCount: 1, gpuType: 'T4' },
        autoscaling: { enabled: true, targetGpuPercent: 75 },
        replicas: { min: 1, max: 2 },
      };
      const created = await api.create(spec);
      const failed = await api.until(
        created.id,
        'the creation to fail',
        d => d.status === 'failed',
      );
      expect(failed.lastError?.message).toMatch(/may not contain '\/'/);
      const left = await apps.listNamespacedDeployment({
        namespace: namespace.name,
      });
      expect(left.items.map(d => d.metadata?.name)).toEqual(['sentiment']);

      await api.remove(created.id, 'sentiment').expect(202);
      await api.until(created.id, 'the deletion', d => d.status === 'deleted');
      const after = await apps.listNamespacedDeployment({
        namespace: namespace.name,
      });
      expect(after.items).toEqual([]);
      const services = await core.listNamespacedService({
        namespace: namespace.name,
      });
      expect(services.items).toEqual([]);
    });
  });

  describe('with a GPU label the API server refuses', () => {
    beforeAll(() => {
      // A label value may not contain a space: a platform engineer's typo in the configuration.
      runtimeOverrides = { gpuProducts: { T4: 'Tesla T4' } };
    });
    afterAll(() => {
      runtimeOverrides = {};
    });

    it("fails the operation with the API server's message instead of retrying it forever", async () => {
      const created = await api.create({
        resources: { cpuCores: 1, memoryGb: 2, gpuCount: 1, gpuType: 'T4' },
      });
      const failed = await api.until(
        created.id,
        'the creation to fail',
        d => d.status === 'failed',
      );
      expect(failed.lastError?.message).toMatch(
        /^The cluster refused the change: .*nodeSelector.*Tesla T4/,
      );
      const events = await api.events(created.id);
      expect(events.at(-1)).toMatchObject({
        action: 'create',
        outcome: 'failed',
      });
    });
  });
});
