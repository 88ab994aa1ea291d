import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { AppsV1Api } from '@kubernetes/client-node';
import { eventually, useTestNamespace } from '@internal/local-cluster';
import { mockCredentials } from '@backstage/backend-test-utils';
import type { ModelDeployment } from '@modelops/plugin-model-deployments-common';
import request from 'supertest';
import { testModels } from '../__testUtils__/entities';
import {
  startRuntimeTestBackend,
  type RuntimeTestBackend,
} from '../__testUtils__/startRuntimeTestBackend';
import { SERVING_IMAGE_ANNOTATION } from '../catalog/serving';

jest.setTimeout(120_000);

const API = '/api/model-deployments';
const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const CONFIGURED_IMAGE = 'registry.example.com/model-001:v2.1.0';
const SWAPPED_IMAGE = 'evil.example.com/miner:latest';

/** The test models, with BERT's serving image annotation set to `image`, or removed. */
function modelsWithImage(image: string | undefined) {
  return testModels.map(entity =>
    entity.metadata.name === 'bert-sentiment'
      ? {
          ...entity,
          metadata: {
            ...entity.metadata,
            annotations: {
              ...entity.metadata.annotations,
              ...(image ? { [SERVING_IMAGE_ANNOTATION]: image } : {}),
            },
          },
        }
      : entity,
  );
}

/**
 * What runs is what was approved: the serving image is resolved when a change is asked for, pinned in
 * its revision and shown to the approver, and no later apply reads the catalog's annotations again.
 */
describe('the serving image, pinned when a change is asked for', () => {
  const namespace = useTestNamespace();
  const apps = namespace.kubeConfig.makeApiClient(AppsV1Api);
  let backend: RuntimeTestBackend['backend'];
  let alice: RuntimeTestBackend['api'];

  beforeEach(async () => {
    ({ backend, api: alice } = await startRuntimeTestBackend({
      namespace: namespace.name,
      modelDeployments: {
        approvals: { environments: ['development'] },
      },
      // The real scheduler, whose trigger runs the job that reads the catalog's annotations now.
      scheduler: schedulerServiceFactory,
    }));
  });

  afterEach(async () => {
    await backend.stop();
  });

  async function approve(requestId: string, user = BOB) {
    const response = await request(backend.server)
      .post(`${API}/approvals/${requestId}/approve`)
      .set('Authorization', mockCredentials.user.header(user))
      .send({});
    expect(response.status).toBe(200);
  }

  async function image(): Promise<string | undefined> {
    const workload = await apps.readNamespacedDeployment({
      name: 'sentiment',
      namespace: namespace.name,
    });
    return workload.spec?.template.spec?.containers[0].image;
  }

  it('runs the image the approver saw, though the annotation was swapped between request and approval', async () => {
    const created = await alice.create();
    expect(created.pendingApproval?.changes).toContainEqual({
      field: 'image',
      before: null,
      after: CONFIGURED_IMAGE,
    });

    // Between the request and the approval, someone with write access to the catalog swaps the image.
    await backend.replaceEntities(
      modelsWithImage(SWAPPED_IMAGE),
      modelsWithImage(SWAPPED_IMAGE)[0],
    );
    await approve(created.pendingApproval!.id);
    await alice.until(
      created.id,
      'the deployment to run',
      d => d.status === 'running',
    );
    expect(await image()).toBe(CONFIGURED_IMAGE);

    // A scale needs no approval and keeps the pinned image; the change of annotation is shown.
    await alice.act(created.id, 'scale', { replicas: 3 }).expect(202);
    const scaled = await alice.until(
      created.id,
      '3 ready instances',
      d => d.instances.ready === 3,
    );
    expect(await image()).toBe(CONFIGURED_IMAGE);
    expect(scaled.serving).toEqual({ image: CONFIGURED_IMAGE, modelUri: null });

    const shown: ModelDeployment = await eventually(
      'the changed annotation to be shown',
      async () => {
        await request(backend.server)
          .post(
            `${API}/.backstage/scheduler/v1/tasks/record-available-serving/trigger`,
          )
          .set('Authorization', mockCredentials.service.header());
        const deployment = await alice.get(created.id);
        return deployment.conditions.some(c => c.type === 'ServingImageCurrent')
          ? deployment
          : undefined;
      },
    );
    expect(shown.conditions).toContainEqual(
      expect.objectContaining({
        type: 'ServingImageCurrent',
        status: 'False',
        reason: 'ModelServingImageChanged',
        message: `The model's serving image changed to ${SWAPPED_IMAGE}; the next Update Model takes it`,
      }),
    );

    // Only an update of the model takes the new image, and its approver sees it.
    const update = await alice
      .act(created.id, 'update-model', {
        modelVersion: 'v2.0.0',
        strategy: 'rolling',
      })
      .expect(202);
    expect(update.body.pendingApproval.changes).toContainEqual({
      field: 'image',
      before: CONFIGURED_IMAGE,
      after: SWAPPED_IMAGE,
    });
  });

  it('keeps the pinned image when the model leaves the catalog, and records the revisions with their images', async () => {
    const created = await alice.create();
    await approve(created.pendingApproval!.id);
    await alice.until(
      created.id,
      'the deployment to run',
      d => d.status === 'running',
    );

    await backend.replaceEntities(
      testModels.filter(entity => entity.metadata.name !== 'bert-sentiment'),
      testModels.find(entity => entity.metadata.name === 'feature-store')!,
    );
    // Deleted outside Backstage: the runtime puts it back as it was, with no catalog to ask.
    await apps.deleteNamespacedDeployment({
      name: 'sentiment',
      namespace: namespace.name,
    });
    await eventually(
      'the objects to be put back',
      async () => (await image().catch(() => undefined)) === CONFIGURED_IMAGE,
    );

    const revisions = await request(backend.server)
      .get(`${API}/deployments/${created.id}/revisions`)
      .set('Authorization', mockCredentials.user.header(ALICE));
    expect(revisions.body.items).toEqual([
      expect.objectContaining({
        revision: 1,
        serving: { image: CONFIGURED_IMAGE, modelUri: null },
      }),
    ]);
  });
});
