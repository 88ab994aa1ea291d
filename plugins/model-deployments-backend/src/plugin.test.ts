// One file: every route of the API shares one backend per database, started once for each.
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import type { PermissionPolicy } from '@backstage/plugin-permission-node';
import {
  exampleDeploymentSpec,
  MODEL_DEPLOYMENT_RESOURCE_TYPE,
  type CreateDeploymentRequest,
} from '@modelops/plugin-model-deployments-common';
import type { Knex } from 'knex';
import request from 'supertest';
import { startTestBackendWithCatalog } from './__testUtils__/startTestBackendWithCatalog';
import { testModels } from './__testUtils__/entities';
import { createTestDatabases } from './__testUtils__/testDatabases';
import { simulateRuntime } from './__testUtils__/simulateRuntime';
import {
  createModelDeploymentConditionalDecision,
  modelDeploymentConditions,
} from './permissions/conditions';

jest.setTimeout(120_000);

const BASE = '/api/model-deployments';
const ALICE = 'user:default/alice';

/** A valid create body: the documentation's example, named `name`, in development. */
function createBody(
  name: string,
  overrides: Partial<CreateDeploymentRequest> = {},
) {
  const { modelId, ...spec } = exampleDeploymentSpec;
  return { ...spec, name, environment: 'development', ...overrides };
}

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'model-deployments API on %s',
  databaseId => {
    let server: Parameters<typeof request>[0];
    let knex: Knex;

    const as = (user = ALICE) => mockCredentials.user.header(user);
    const create = (body: object, user = ALICE) =>
      request(server)
        .post(`${BASE}/deployments`)
        .set('Authorization', as(user))
        .send(body);
    const get = (id: string) =>
      request(server)
        .get(`${BASE}/deployments/${id}`)
        .set('Authorization', as());
    const post = (id: string, action: string, body: object) =>
      request(server)
        .post(`${BASE}/deployments/${id}/${action}`)
        .set('Authorization', as())
        .send(body);
    const patch = (id: string, body: object) =>
      request(server)
        .patch(`${BASE}/deployments/${id}`)
        .set('Authorization', as())
        .send(body);
    const events = async (id: string) =>
      (
        await request(server)
          .get(`${BASE}/deployments/${id}/events`)
          .set('Authorization', as())
      ).body.items;

    /** A deployment that the (simulated) runtime has brought to `running` with its instances ready. */
    async function runningDeployment(
      name: string,
      overrides: Partial<CreateDeploymentRequest> = {},
    ) {
      const created = await create(createBody(name, overrides));
      expect(created.status).toBe(201);
      const id = created.body.deployment.id;
      await simulateRuntime(knex, id, { status: 'running', ready: 2 });
      return id as string;
    }

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      ({ server } = await startTestBackendWithCatalog({
        entities: testModels,
        knex,
      }));
    });

    describe('create', () => {
      it('resolves the model in the catalog and takes the owner from there', async () => {
        const response = await create(createBody('create-basic'));
        expect(response.status).toBe(201);
        expect(response.headers.etag).toBe('"1"');
        expect(response.body).toEqual({
          dryRun: false,
          deployment: expect.objectContaining({
            name: 'create-basic',
            owner: 'group:default/nlp-team',
            status: 'deploying',
            revision: 1,
            activeRevision: null,
            // Nothing has been observed in a cluster, so nothing is claimed.
            instances: { desired: 2, current: null, ready: null },
            observedAt: null,
            createdBy: ALICE,
            operation: expect.objectContaining({
              type: 'create',
              status: 'queued',
            }),
          }),
        });
        expect(response.body.deployment.spec).toMatchObject({
          modelRef: 'resource:default/bert-sentiment',
          modelId: 'model-001',
          modelVersion: 'v2.1.0',
        });
        expect(await events(response.body.deployment.id)).toEqual([
          expect.objectContaining({
            action: 'create',
            outcome: 'accepted',
            actor: ALICE,
            statusAfter: 'deploying',
          }),
        ]);
      });

      it('finds the model by its Model ID', async () => {
        const { modelRef, ...body } = createBody('create-by-id');
        const response = await create({
          ...body,
          modelId: 'model-002',
          modelVersion: '1.1',
          resources: { cpuCores: 2, memoryGb: 4 },
          autoscaling: { enabled: false },
        });
        expect(response.status).toBe(201);
        expect(response.body.deployment.spec.modelRef).toBe(
          'resource:default/resnet50-classifier',
        );
        expect(response.body.deployment.owner).toBe(
          'group:default/vision-team',
        );
      });

      it('never takes the owner from the request', async () => {
        const response = await create({
          ...createBody('create-owner'),
          owner: 'group:default/admins',
        });
        expect(response.status).toBe(400);
        expect(response.body.error.issues).toEqual([
          { field: 'owner', message: 'is not a known field' },
        ]);
      });

      it.each([
        [
          { modelRef: 'resource:default/nope' },
          'modelRef',
          'there is no model resource:default/nope',
        ],
        [
          { modelRef: 'resource:default/feature-store' },
          'modelRef',
          'there is no model resource:default/feature-store',
        ],
        [
          { modelId: 'model-999' },
          'modelId',
          "does not match the ID 'model-001'",
        ],
        [
          { modelVersion: 'v9.9.9' },
          'modelVersion',
          "'v9.9.9' is not a version of resource:default/bert-sentiment (known: v2.1.0, v2.0.0, v1.0.0)",
        ],
      ])('refuses %j with 400 on %s', async (overrides, field, message) => {
        const response = await create(createBody('create-refused', overrides));
        expect(response.status).toBe(400);
        expect(response.body.error.issues).toEqual([
          { field, message: expect.stringContaining(message) },
        ]);
      });

      it('lists every broken rule, each with its field', async () => {
        const response = await create({
          ...createBody('Bad_Name'),
          replicas: { min: 5, max: 2 },
          resources: { cpuCores: 4, memoryGb: 16, gpuCount: 1 },
          autoscaling: { targetCpuPercent: 120 },
          loadBalancer: { healthCheckPath: 'http://x/health' },
        });
        expect(response.status).toBe(400);
        expect(
          response.body.error.issues
            .map((i: { field: string }) => i.field)
            .sort(),
        ).toEqual([
          'autoscaling.targetCpuPercent',
          'loadBalancer.healthCheckPath',
          'name',
          'replicas.max',
          'resources.gpuType',
        ]);
        expect(response.body.error.message).toContain(
          'replicas.max: must be greater than or equal to replicas.min (5)',
        );
      });

      it('refuses a name that a live deployment has', async () => {
        expect((await create(createBody('create-twice'))).status).toBe(201);
        const response = await create(createBody('create-twice'));
        expect(response.status).toBe(409);
        expect(response.body.error.message).toContain(
          "name: a deployment named 'create-twice' already exists",
        );
      });

      it("refuses a name that ends as another deployment's canary or preview workload is named", async () => {
        for (const name of ['create-clash-canary', 'create-clash-preview']) {
          const response = await create(createBody(name));
          expect(response.status).toBe(400);
          expect(response.body.error.issues).toEqual([
            {
              field: 'name',
              message: expect.stringMatching(
                /^must not end with '-(canary|preview)': the (canary|preview) workload of a deployment named 'create-clash' has that name/,
              ),
            },
          ]);
        }
        expect((await create(createBody('create-clash'))).status).toBe(201);
      });

      it('validates without creating on a dry run', async () => {
        const response = await request(server)
          .post(`${BASE}/deployments?dryRun=true`)
          .set('Authorization', as())
          .send(createBody('create-dry'));
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({
          dryRun: true,
          deployment: { name: 'create-dry', status: 'deploying' },
        });
        const list = await request(server)
          .get(`${BASE}/deployments?q=create-dry`)
          .set('Authorization', as());
        expect(list.body.items).toEqual([]);
      });

      it('returns the same deployment when a request is retried with its idempotency key', async () => {
        const send = (body: object) =>
          request(server)
            .post(`${BASE}/deployments`)
            .set('Authorization', as())
            .set('Idempotency-Key', 'task-42')
            .send(body);
        const first = await send(createBody('create-idempotent'));
        const [second, third] = await Promise.all([
          send(createBody('create-idempotent')),
          send(createBody('create-idempotent')),
        ]);
        expect(first.status).toBe(201);
        expect(second.status).toBe(200);
        expect(third.status).toBe(200);
        expect(second.body.deployment.id).toBe(first.body.deployment.id);
        expect(third.body.deployment.id).toBe(first.body.deployment.id);
        const reused = await send(createBody('create-other'));
        expect(reused.status).toBe(409);
        expect(reused.body.error.message).toContain(
          "Idempotency-Key 'task-42' was already used for a different request",
        );
      });
    });

    describe('get and list', () => {
      it('returns 404 for an unknown id', async () => {
        const response = await get('00000000-0000-0000-0000-000000000000');
        expect(response.status).toBe(404);
      });

      it('filters, searches and pages with a stable cursor', async () => {
        for (const name of ['page-a', 'page-b', 'page-c', 'page-d', 'page-e']) {
          expect(
            (
              await create(
                createBody(name, {
                  environment: name === 'page-c' ? 'staging' : 'development',
                }),
              )
            ).status,
          ).toBe(201);
        }
        const names: string[] = [];
        let cursor: string | undefined;
        do {
          const response = await request(server)
            .get(`${BASE}/deployments`)
            .query({ q: 'page-', limit: 2, ...(cursor ? { cursor } : {}) })
            .set('Authorization', as());
          expect(response.status).toBe(200);
          expect(response.body.items.length).toBeLessThanOrEqual(2);
          names.push(
            ...response.body.items.map((d: { name: string }) => d.name),
          );
          cursor = response.body.nextCursor;
        } while (cursor);
        expect(names).toEqual([
          'page-a',
          'page-b',
          'page-c',
          'page-d',
          'page-e',
        ]);

        const staging = await request(server)
          .get(`${BASE}/deployments`)
          .query({ q: 'page-', environment: 'staging' })
          .set('Authorization', as());
        expect(staging.body.items.map((d: { name: string }) => d.name)).toEqual(
          ['page-c'],
        );

        const byModelAndOwner = await request(server)
          .get(`${BASE}/deployments`)
          .query({
            model: 'resource:default/bert-sentiment',
            owner: 'group:default/vision-team',
          })
          .set('Authorization', as());
        expect(byModelAndOwner.body.items).toEqual([]);

        const byStatus = await request(server)
          .get(`${BASE}/deployments`)
          .query({ q: 'page-', status: 'deploying,running' })
          .set('Authorization', as());
        expect(byStatus.body.items).toHaveLength(5);
      });

      it('names a bad filter', async () => {
        const response = await request(server)
          .get(`${BASE}/deployments?status=runing`)
          .set('Authorization', as());
        expect(response.status).toBe(400);
        expect(response.body.error.issues[0]).toEqual({
          field: 'status.0',
          message: expect.stringContaining('must be one of'),
        });
        const cursor = await request(server)
          .get(`${BASE}/deployments?cursor=garbage`)
          .set('Authorization', as());
        expect(cursor.status).toBe(400);
      });
    });

    describe('edit', () => {
      it('takes the edit as a JSON merge patch, as the frontend sends it', async () => {
        const id = await runningDeployment('edit-merge-patch');
        const response = await request(server)
          .patch(`${BASE}/deployments/${id}?dryRun=true`)
          .set('Authorization', as())
          .set('Content-Type', 'application/merge-patch+json')
          .send(JSON.stringify({ resources: { cpuCores: 8 } }));
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({
          dryRun: true,
          restartRequired: true,
          changes: [{ field: 'resources.cpuCores', before: 4, after: 8 }],
        });
      });

      it('applies in-place changes and says no instance restarts', async () => {
        const id = await runningDeployment('edit-in-place');
        const response = await patch(id, {
          description: 'Reviews API',
          replicas: { max: 20 },
        });
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({
          dryRun: false,
          restartRequired: false,
          changes: [
            { field: 'description', after: 'Reviews API', effect: 'none' },
            {
              field: 'replicas.max',
              before: 10,
              after: 20,
              effect: 'in-place',
            },
          ],
          deployment: {
            status: 'running',
            revision: 1,
            spec: { replicas: { min: 2, max: 20 } },
          },
        });
        expect(response.body.deployment.operation).toMatchObject({
          type: 'edit',
          status: 'queued',
        });
      });

      it('makes a new revision and a rolling update for a restart change', async () => {
        const id = await runningDeployment('edit-restart');
        const response = await patch(id, { resources: { memoryGb: 32 } });
        expect(response.body).toMatchObject({
          restartRequired: true,
          changes: [
            {
              field: 'resources.memoryGb',
              before: 16,
              after: 32,
              effect: 'restart',
            },
          ],
          deployment: { status: 'updating', revision: 2 },
        });
        const revisions = await request(server)
          .get(`${BASE}/deployments/${id}/revisions`)
          .set('Authorization', as());
        expect(
          revisions.body.items.map(
            (r: { revision: number; reason: string }) => [r.revision, r.reason],
          ),
        ).toEqual([
          [2, 'edit of resources.memoryGb'],
          [1, 'create with v2.1.0'],
        ]);
        // A page at a time, newest first.
        const first = await request(server)
          .get(`${BASE}/deployments/${id}/revisions?limit=1`)
          .set('Authorization', as());
        expect(
          first.body.items.map((r: { revision: number }) => r.revision),
        ).toEqual([2]);
        const next = await request(server)
          .get(`${BASE}/deployments/${id}/revisions`)
          .query({ limit: 1, cursor: first.body.nextCursor })
          .set('Authorization', as());
        expect(
          next.body.items.map((r: { revision: number }) => r.revision),
        ).toEqual([1]);
        expect(next.body.nextCursor).toBeUndefined();
      });

      it('previews a change on a dry run and writes nothing', async () => {
        const id = await runningDeployment('edit-dry');
        const response = await request(server)
          .patch(`${BASE}/deployments/${id}?dryRun=true`)
          .set('Authorization', as())
          .send({ resources: { cpuCores: 8 } });
        expect(response.body).toMatchObject({
          dryRun: true,
          restartRequired: true,
          deployment: { status: 'updating', revision: 2 },
        });
        expect((await get(id)).body).toMatchObject({
          status: 'running',
          revision: 1,
          spec: { resources: { cpuCores: 4 } },
        });
      });

      it('refuses immutable fields with the reason, and changes nothing', async () => {
        const id = await runningDeployment('edit-immutable');
        const response = await patch(id, {
          name: 'renamed',
          modelVersion: 'v1.0.0',
          description: 'x',
        });
        expect(response.status).toBe(400);
        expect(response.body.error.issues).toEqual([
          {
            field: 'name',
            message: expect.stringContaining(
              'cannot be changed: the name identifies',
            ),
          },
          {
            field: 'modelVersion',
            message: expect.stringContaining('Update Model'),
          },
        ]);
        expect((await get(id)).body.spec.description).toBe(
          exampleDeploymentSpec.description,
        );
      });

      it('refuses the variables the platform sets, and values that refer to them or to a secret, and changes nothing', async () => {
        const id = await runningDeployment('edit-reserved-env');
        const response = await patch(id, {
          env: [
            { name: 'MODEL_VERSION', value: 'v0.0.1' },
            { name: 'MODEL_URI', value: 's3://elsewhere/model' },
            { name: 'DB_PASSWORD', secretKeyRef: { name: 'db', key: 'pw' } },
            { name: 'DB_URL', value: 'postgres://app:$(DB_PASSWORD)@db' },
            { name: 'WHERE', value: 'from $(MODEL_URI)' },
            { name: 'LITERAL', value: 'costs $$(PORT) dollars' },
          ],
        });
        expect(response.status).toBe(400);
        expect(response.body.error.issues).toEqual([
          {
            field: 'env.0.name',
            message: expect.stringMatching(
              /^MODEL_VERSION is set by the platform/,
            ),
          },
          {
            field: 'env.1.name',
            message: expect.stringMatching(/^MODEL_URI is set by the platform/),
          },
          {
            field: 'env.3.value',
            message: expect.stringMatching(
              /^\$\(DB_PASSWORD\) refers to a variable that holds a secret/,
            ),
          },
          {
            field: 'env.4.value',
            message: expect.stringMatching(
              /^\$\(MODEL_URI\) refers to a variable the platform sets/,
            ),
          },
        ]);
        expect((await get(id)).body.spec.env).toEqual(
          exampleDeploymentSpec.env,
        );
      });

      it('accepts immutable fields sent with their current value', async () => {
        const id = await runningDeployment('edit-same-name');
        const response = await patch(id, {
          name: 'edit-same-name',
          description: 'same name',
        });
        expect(response.status).toBe(200);
      });

      it('refuses a stale If-Match with 412, and two writes of one version are not both applied', async () => {
        const id = await runningDeployment('edit-concurrent');
        const { version } = (await get(id)).body;
        const send = (description: string) =>
          request(server)
            .patch(`${BASE}/deployments/${id}`)
            .set('Authorization', as())
            .set('If-Match', `"${version}"`)
            .send({ description });
        const results = await Promise.all([send('first'), send('second')]);
        expect(results.map(r => r.status).sort()).toEqual([200, 412]);
        const stale = await send('third');
        expect(stale.status).toBe(412);
        expect(stale.body.error.message).toContain('reload it');
      });

      it('decides a change without If-Match again when the deployment changed under it', async () => {
        const id = await runningDeployment('edit-retried');
        const send = (description: string) =>
          request(server)
            .patch(`${BASE}/deployments/${id}`)
            .set('Authorization', as())
            .send({ description });
        const results = await Promise.all(['one', 'two', 'three'].map(send));
        expect(results.map(r => r.status)).toEqual([200, 200, 200]);
        const edits = (await events(id)).filter(
          (e: { action: string }) => e.action === 'edit',
        );
        expect(edits).toHaveLength(3);
      });

      it('refuses an edit while the deployment is being created, naming the status', async () => {
        const created = await create(createBody('edit-deploying'));
        const response = await patch(created.body.deployment.id, {
          description: 'x',
        });
        expect(response.status).toBe(409);
        expect(response.body.error.currentStatus).toBe('deploying');
        expect(response.body.error.message).toContain(
          'while it is deploying (allowed now: delete)',
        );
      });
    });

    describe('scale, stop, start', () => {
      it('moves the auto-scaling bounds', async () => {
        const id = await runningDeployment('scale-bounds');
        const response = await post(id, 'scale', { min: 3, max: 12 });
        expect(response.status).toBe(202);
        expect(response.body.spec.replicas).toEqual({ min: 3, max: 12 });
        expect(response.body.instances).toEqual({
          desired: 3,
          current: 2,
          ready: 2,
        });
        const [event] = await events(id);
        expect(event).toMatchObject({
          action: 'scale',
          message: 'Scale from 2-10 instances to 3-12 instances',
        });
      });

      it('refuses a replica count when auto-scaling decides it', async () => {
        const id = await runningDeployment('scale-manual-refused');
        const response = await post(id, 'scale', { replicas: 4 });
        expect(response.status).toBe(400);
        expect(response.body.error.issues[0]).toEqual({
          field: 'replicas',
          message: expect.stringContaining('auto-scaling is on'),
        });
      });

      it('scales manually within max replicas when auto-scaling is off', async () => {
        const id = await runningDeployment('scale-manual', {
          autoscaling: { enabled: false },
        });
        expect(
          (await post(id, 'scale', { replicas: 11 })).body.error.issues[0]
            .message,
        ).toContain('at most replicas.max (10)');
        const response = await post(id, 'scale', { replicas: 6 });
        expect(response.status).toBe(202);
        expect(response.body.instances.desired).toBe(6);
      });

      it('stops, refuses a second action meanwhile, and starts again', async () => {
        const id = await runningDeployment('lifecycle');
        const stopping = await post(id, 'stop', {
          reason: 'maintenance window',
        });
        expect(stopping.status).toBe(202);
        expect(stopping.body).toMatchObject({
          status: 'stopping',
          instances: { desired: 0 },
        });
        const busy = await post(id, 'scale', { min: 1, max: 2 });
        expect(busy.status).toBe(409);
        await simulateRuntime(knex, id, { status: 'stopped', ready: 0 });
        const refused = await post(id, 'stop', {});
        expect(refused.status).toBe(409);
        expect(refused.body.error.message).toContain(
          'while it is stopped (allowed now: edit, start, delete)',
        );
        const starting = await post(id, 'start', {});
        expect(starting.body).toMatchObject({
          status: 'starting',
          instances: { desired: 2 },
        });
        expect(
          (await events(id)).map((e: { action: string }) => e.action),
        ).toEqual(['start', 'stop', 'create']);
      });
    });

    describe('update model and rollback', () => {
      it('rolls a new version out as a new revision with the chosen strategy', async () => {
        const id = await runningDeployment('update-model');
        const response = await post(id, 'update-model', {
          modelVersion: 'v2.0.0',
          strategy: 'canary',
          canary: {},
        });
        expect(response.status).toBe(202);
        expect(response.body).toMatchObject({
          status: 'updating',
          revision: 2,
          spec: { modelVersion: 'v2.0.0', strategy: 'blue-green' },
        });
        expect(response.body.operation).toMatchObject({
          type: 'update-model',
          targetRevision: 2,
          parameters: {
            strategy: 'canary',
            canary: { steps: [{ weightPercent: 10 }, { weightPercent: 50 }] },
          },
        });
      });

      it('refuses a version the registry does not list, and the version already served', async () => {
        const id = await runningDeployment('update-model-refused');
        expect(
          (await post(id, 'update-model', { modelVersion: 'v7' })).body.error
            .issues[0],
        ).toEqual({
          field: 'modelVersion',
          message: expect.stringContaining("'v7' is not a version"),
        });
        expect(
          (await post(id, 'update-model', { modelVersion: 'v2.1.0' })).body
            .error.issues[0].message,
        ).toContain('already serves');
      });

      it('rolls back to an earlier revision, keeping the scaling', async () => {
        const id = await runningDeployment('rollback');
        await post(id, 'update-model', { modelVersion: 'v1.0.0' });
        await simulateRuntime(knex, id, { status: 'running', ready: 2 });
        await post(id, 'scale', { min: 4, max: 10 });
        await simulateRuntime(knex, id, { status: 'running', ready: 4 });
        expect(
          (await post(id, 'rollback', { revision: 9 })).body.error.issues[0]
            .message,
        ).toBe('there is no revision 9 (the latest is 2)');
        const response = await post(id, 'rollback', { revision: 1 });
        expect(response.status).toBe(202);
        expect(response.body).toMatchObject({
          status: 'rolling-back',
          revision: 3,
          spec: { modelVersion: 'v2.1.0', replicas: { min: 4 } },
        });
      });
    });

    describe('delete', () => {
      it('requires the name as confirmation', async () => {
        const id = await runningDeployment('delete-confirm');
        const response = await request(server)
          .delete(`${BASE}/deployments/${id}?confirm=wrong`)
          .set('Authorization', as());
        expect(response.status).toBe(400);
        expect(response.body.error.issues).toEqual([
          {
            field: 'confirm',
            message: "must equal the deployment's name 'delete-confirm'",
          },
        ]);
      });

      it('deletes at once what was never applied, frees the name and keeps the history', async () => {
        const { body } = await create(createBody('delete-unapplied'));
        const id = body.deployment.id;
        const response = await request(server)
          .delete(`${BASE}/deployments/${id}?confirm=delete-unapplied`)
          .set('Authorization', as());
        expect(response.status).toBe(200);
        expect(response.body.status).toBe('deleted');
        expect(response.body.operation).toBeUndefined();
        expect(
          (await events(id)).map((e: { action: string; outcome: string }) => [
            e.action,
            e.outcome,
          ]),
        ).toEqual([
          ['delete', 'succeeded'],
          ['create', 'accepted'],
        ]);
        expect((await create(createBody('delete-unapplied'))).status).toBe(201);
        const scale = await post(id, 'scale', { min: 1, max: 2 });
        expect(scale.status).toBe(409);
        expect(scale.body.error.currentStatus).toBe('deleted');
        const listed = await request(server)
          .get(`${BASE}/deployments?q=delete-unapplied&status=deleted`)
          .set('Authorization', as());
        expect(listed.body.items.map((d: { id: string }) => d.id)).toEqual([
          id,
        ]);
      });

      it('hands a running deployment to the runtime to remove', async () => {
        const id = await runningDeployment('delete-running');
        const response = await request(server)
          .delete(`${BASE}/deployments/${id}?confirm=delete-running`)
          .set('Authorization', as());
        expect(response.status).toBe(202);
        expect(response.body).toMatchObject({
          status: 'deleting',
          operation: { type: 'delete' },
        });
      });
    });

    describe('model versions', () => {
      it('lists the registry versions of a model, newest first', async () => {
        const response = await request(server)
          .get(`${BASE}/models/resource/default/bert-sentiment/versions`)
          .set('Authorization', as());
        expect(response.body).toEqual({
          items: [
            { version: 'v2.1.0' },
            { version: 'v2.0.0' },
            { version: 'v1.0.0' },
          ],
        });
        const missing = await request(server)
          .get(`${BASE}/models/resource/default/nope/versions`)
          .set('Authorization', as());
        expect(missing.status).toBe(404);
      });
    });
  },
);

describe('model-deployments API permissions', () => {
  const MALLORY = 'user:default/mallory';
  const policy: PermissionPolicy = {
    async handle(query, user) {
      if (
        !isResourcePermission(
          query.permission,
          MODEL_DEPLOYMENT_RESOURCE_TYPE,
        ) ||
        user?.info.userEntityRef !== MALLORY
      ) {
        return { result: AuthorizeResult.ALLOW };
      }
      // Mallory reads development deployments only, and may change nothing.
      return query.permission.name === 'model-deployment.read'
        ? createModelDeploymentConditionalDecision(
            query.permission,
            modelDeploymentConditions.inEnvironment({
              environments: ['development'],
            }),
          )
        : { result: AuthorizeResult.DENY };
    },
  };
  let server: Parameters<typeof request>[0];

  beforeAll(async () => {
    ({ server } = await startTestBackendWithCatalog({
      entities: testModels,
      policy,
    }));
  });

  it('refuses a change without permission and writes nothing', async () => {
    const created = await request(server)
      .post(`${BASE}/deployments`)
      .set('Authorization', mockCredentials.user.header(MALLORY))
      .send(createBody('perm-create'));
    expect(created.status).toBe(403);
    expect(created.body.error.message).toBe(
      "You do not have permission model-deployment.create for deployment 'perm-create'",
    );
    const list = await request(server)
      .get(`${BASE}/deployments`)
      .set('Authorization', mockCredentials.user.header(ALICE));
    expect(list.body.items).toEqual([]);
  });

  it('applies a conditional read decision as a filter of the list query', async () => {
    for (const [name, environment] of [
      ['perm-dev', 'development'],
      ['perm-prod', 'production'],
    ]) {
      const response = await request(server)
        .post(`${BASE}/deployments`)
        .set('Authorization', mockCredentials.user.header(ALICE))
        .send(createBody(name, { environment: environment as 'development' }));
      expect(response.status).toBe(201);
    }
    const mallory = mockCredentials.user.header(MALLORY);
    const list = await request(server)
      .get(`${BASE}/deployments`)
      .set('Authorization', mallory);
    expect(list.body.items.map((d: { name: string }) => d.name)).toEqual([
      'perm-dev',
    ]);
    const prod = (
      await request(server)
        .get(`${BASE}/deployments?environment=production`)
        .set('Authorization', mockCredentials.user.header(ALICE))
    ).body.items[0];
    expect(
      (
        await request(server)
          .get(`${BASE}/deployments/${prod.id}`)
          .set('Authorization', mallory)
      ).status,
    ).toBe(404);
    const scale = await request(server)
      .post(`${BASE}/deployments/${list.body.items[0].id}/stop`)
      .set('Authorization', mallory)
      .send({});
    expect(scale.status).toBe(403);
  });
});
