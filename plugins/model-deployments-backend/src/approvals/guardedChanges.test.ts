// Every path to something new in the pods waits where approvals are required: the attacks on the
// four-eyes rule that each went through before (an env edit, a rollback to what nobody approved, an
// approval of a request that the deployment moved on from).
import {
  APPROVAL_ACTIONS,
  type DeploymentRevision,
  type ModelDeployment,
} from '@modelops/plugin-model-deployments-common';
import type { Knex } from 'knex';
import type request from 'supertest';
import {
  approvalEntities,
  approvalsClient,
  NINA,
  OTTO,
  ownership,
  ownersActApproversApprove,
} from '../__testUtils__/approvalsFixture';
import { simulateRuntime } from '../__testUtils__/simulateRuntime';
import { startTestBackendWithCatalog } from '../__testUtils__/startTestBackendWithCatalog';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(120_000);

const databases = createTestDatabases();

async function startBackend(
  knex: Knex,
  actions?: string[],
): Promise<ReturnType<typeof approvalsClient>> {
  const { server } = await startTestBackendWithCatalog({
    entities: approvalEntities,
    knex,
    policy: ownersActApproversApprove,
    ownership,
    config: {
      modelDeployments: {
        approvals: {
          environments: ['production'],
          ...(actions ? { actions } : {}),
        },
      },
    },
  });
  return approvalsClient(server as Parameters<typeof request>[0], knex);
}

const DEBUG_ENV = [
  { name: 'LOG_LEVEL', value: 'debug' },
  { name: 'HF_TOKEN', secretKeyRef: { name: 'hf-credentials', key: 'token' } },
];

describe.each(databases.eachSupportedId())(
  'changes that wait by default, on %s',
  databaseId => {
    let knex: Knex;
    let client: ReturnType<typeof approvalsClient>;
    const revisions = async (id: string): Promise<DeploymentRevision[]> =>
      (await client.call(NINA, 'get', `/deployments/${id}/revisions`)).body
        .items;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      client = await startBackend(knex);
    });

    it('keeps an edit of what the pods run waiting, with the env and resources the approver sees', async () => {
      const { call, approve, running, deployment } = client;
      const id = await running('edit-env');
      const edit = await call(NINA, 'patch', `/deployments/${id}`, {
        env: DEBUG_ENV,
        resources: { cpuCores: 8 },
      });
      expect(edit.status).toBe(200);
      const waiting: ModelDeployment = edit.body.deployment;
      expect(waiting).toMatchObject({
        revision: 1,
        spec: { resources: { cpuCores: 4 } },
        pendingApproval: {
          action: 'edit',
          requestedBy: NINA,
          parameters: { patch: { env: DEBUG_ENV, resources: { cpuCores: 8 } } },
        },
      });
      expect(waiting.spec.env[0]).toEqual({ name: 'LOG_LEVEL', value: 'info' });
      expect(waiting.operation).toBeUndefined();
      expect(waiting.pendingApproval!.changes).toEqual([
        { field: 'resources.cpuCores', before: 4, after: 8 },
        {
          field: 'env',
          before: [{ name: 'LOG_LEVEL', value: 'info' }, DEBUG_ENV[1]],
          after: DEBUG_ENV,
        },
      ]);

      // What reaches no pod applies at once, and leaves the request waiting.
      const described = await call(NINA, 'patch', `/deployments/${id}`, {
        description: 'now with debug logs',
      });
      expect(described.body.deployment).toMatchObject({
        spec: { description: 'now with debug logs' },
        pendingApproval: { id: waiting.pendingApproval!.id },
      });

      expect((await approve(OTTO, waiting.pendingApproval!.id)).status).toBe(
        200,
      );
      expect(await deployment(id)).toMatchObject({
        revision: 2,
        spec: { env: DEBUG_ENV, resources: { cpuCores: 8 } },
        operation: { type: 'edit', requestedBy: NINA },
      });
      expect((await revisions(id))[0]).toMatchObject({
        revision: 2,
        approvedBy: OTTO,
      });
    });

    it('refuses to approve a change the deployment moved on from', async () => {
      const { call, approve, running } = client;
      const id = await running('moved-on');
      const edit = await call(NINA, 'patch', `/deployments/${id}`, {
        env: DEBUG_ENV,
        replicas: { min: 3 },
      });
      const requestId = edit.body.deployment.pendingApproval.id;
      // Scaling needs no approval, and changes what the edit would do to replicas.min.
      expect(
        (
          await call(OTTO, 'post', `/deployments/${id}/scale`, {
            min: 4,
            max: 10,
          })
        ).status,
      ).toBe(202);
      await simulateRuntime(knex, id, { status: 'running', ready: 4 });

      const stale = await approve(OTTO, requestId);
      expect(stale.status).toBe(409);
      expect(stale.body.error.message).toBe(
        `Deployment 'moved-on' changed since ${NINA} asked to edit it: it would now change replicas.min from 4 to 3, env. Reject the request and ask for the change again`,
      );
      expect(
        (await call(NINA, 'get', `/approvals/${requestId}`)).body.status,
      ).toBe('pending');
      expect((await client.deployment(id)).spec.replicas.min).toBe(4);
    });

    it('approves an edit that removes an optional field, as the approver saw it', async () => {
      const { call, approve, running, deployment } = client;
      const id = await running('no-gpu');
      const edit = await call(NINA, 'patch', `/deployments/${id}`, {
        resources: { gpuCount: 0, gpuType: null },
        autoscaling: { targetGpuPercent: null },
      });
      expect(edit.body.deployment.pendingApproval.changes).toEqual([
        { field: 'resources.gpuCount', before: 2, after: 0 },
        { field: 'resources.gpuType', before: 'A100', after: null },
        { field: 'autoscaling.targetGpuPercent', before: 75, after: null },
      ]);
      await approve(OTTO, edit.body.deployment.pendingApproval.id).expect(200);
      expect((await deployment(id)).spec.resources).not.toHaveProperty(
        'gpuType',
      );
    });

    it('refuses to approve a change asked against a revision that no longer runs', async () => {
      const { call, approve, running } = client;
      const id = await running('rolled-back-meanwhile');
      const edit = await call(NINA, 'patch', `/deployments/${id}`, {
        env: DEBUG_ENV,
      });
      const requestId = edit.body.deployment.pendingApproval.id;
      expect(edit.body.deployment.pendingApproval.basisRevision).toBe(1);
      // As the runtime's automatic rollback makes a revision, without ending the request.
      const row = await knex('deployments').where({ id }).first();
      await knex('deployment_revisions').insert({
        ...(await knex('deployment_revisions')
          .where({ deployment_id: id, revision: 1 })
          .first()),
        revision: 2,
        reason: 'automatic rollback to revision 1',
      });
      await knex('deployments')
        .where({ id })
        .update({ revision: 2, version: row.version + 1 });

      const stale = await approve(OTTO, requestId);
      expect(stale.status).toBe(409);
      expect(stale.body.error.message).toBe(
        `Deployment 'rolled-back-meanwhile' changed since ${NINA} asked to edit it: it was asked against revision 1, and revision 2 runs now. Reject the request and ask for the change again`,
      );
    });

    it('rolls back to an approved revision at once, saying whose approval it returns to', async () => {
      const { call, running, deployment, history } = client;
      const id = await running('emergency');
      await client.updated(id, 'v2.0.0');

      const rollback = await call(NINA, 'post', `/deployments/${id}/rollback`, {
        revision: 1,
      });
      expect(rollback.status).toBe(202);
      expect(rollback.body).toMatchObject({
        status: 'rolling-back',
        revision: 3,
        spec: { modelVersion: 'v2.1.0' },
      });
      expect(rollback.body.pendingApproval).toBeUndefined();
      expect((await revisions(id))[0]).toMatchObject({
        revision: 3,
        approvedBy: OTTO,
      });
      const events = (await call(NINA, 'get', `/deployments/${id}/events`)).body
        .items;
      expect(events[0].message).toBe(
        `Roll back to revision 1 (v2.1.0), which ${OTTO} approved`,
      );
      expect((await history(id))[0]).toBe(`rollback accepted by ${NINA}`);
      expect((await deployment(id)).operation?.type).toBe('rollback');
    });

    it('keeps a rollback to a revision nobody approved waiting', async () => {
      const { call, approve, running, deployment, history } = client;
      const id = await running('unapproved-past');
      await client.updated(id, 'v2.0.0');
      // As a revision made before production changes needed an approver.
      await knex('deployment_revisions')
        .where({ deployment_id: id, revision: 1 })
        .update({ approved_by: null });

      const rollback = await call(NINA, 'post', `/deployments/${id}/rollback`, {
        revision: 1,
      });
      expect(rollback.status).toBe(202);
      expect(rollback.body).toMatchObject({
        status: 'running',
        revision: 2,
        pendingApproval: {
          action: 'rollback',
          parameters: { revision: 1 },
          changes: [
            { field: 'modelVersion', before: 'v2.0.0', after: 'v2.1.0' },
          ],
        },
      });
      const events = (await call(NINA, 'get', `/deployments/${id}/events`)).body
        .items;
      expect(events[0].message).toBe(
        'Roll back to revision 1 (v2.1.0): nobody approved revision 1; it waits for an approver',
      );

      await approve(OTTO, rollback.body.pendingApproval.id).expect(200);
      expect(await deployment(id)).toMatchObject({
        status: 'rolling-back',
        revision: 3,
      });
      expect((await revisions(id))[0]).toMatchObject({ approvedBy: OTTO });
      expect((await history(id)).slice(0, 2)).toEqual([
        `rollback accepted by ${NINA}`,
        `approve succeeded by ${OTTO}`,
      ]);
    });
  },
);

describe.each(databases.eachSupportedId())(
  'changes that wait when configured, on %s',
  databaseId => {
    let knex: Knex;
    let client: ReturnType<typeof approvalsClient>;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      client = await startBackend(knex, [...APPROVAL_ACTIONS]);
    });

    it('keeps scaling and every rollback waiting', async () => {
      const { call, approve, running, deployment } = client;
      const id = await running('all-guarded');
      const scale = await call(NINA, 'post', `/deployments/${id}/scale`, {
        min: 3,
        max: 6,
      });
      expect(scale.body).toMatchObject({
        spec: { replicas: { min: 2, max: 10 } },
        pendingApproval: {
          action: 'scale',
          changes: [
            { field: 'replicas.min', before: 2, after: 3 },
            { field: 'replicas.max', before: 10, after: 6 },
          ],
        },
      });
      await approve(OTTO, scale.body.pendingApproval.id).expect(200);
      expect((await deployment(id)).spec.replicas).toEqual({ min: 3, max: 6 });
      await simulateRuntime(knex, id, { status: 'running', ready: 3 });

      await client.updated(id, 'v2.0.0');
      // Revision 1 was approved, and the rollback still waits: the platform asked for it.
      const rollback = await call(NINA, 'post', `/deployments/${id}/rollback`, {
        revision: 1,
      });
      expect(rollback.body).toMatchObject({
        revision: 2,
        pendingApproval: { action: 'rollback' },
      });
    });

    it('keeps an edit of the scaling or of the thresholds a canary is judged by waiting, as scale and promote', async () => {
      const { call, running } = client;
      const id = await running('edits-as-scale');
      const bounds = await call(NINA, 'patch', `/deployments/${id}`, {
        replicas: { max: 20 },
      });
      expect(bounds.body.deployment).toMatchObject({
        spec: { replicas: { max: 10 } },
        pendingApproval: {
          action: 'edit',
          changes: [{ field: 'replicas.max', before: 10, after: 20 }],
        },
      });
      const thresholds = await call(NINA, 'patch', `/deployments/${id}`, {
        monitoring: { maxErrorRatePercent: 50 },
      });
      expect(thresholds.body.deployment).toMatchObject({
        spec: { monitoring: { maxErrorRatePercent: 5 } },
        pendingApproval: {
          action: 'edit',
          changes: [
            { field: 'monitoring.maxErrorRatePercent', before: 5, after: 50 },
          ],
        },
      });
      // Only the description changes no pod, no capacity and no judgement.
      const described = await call(NINA, 'patch', `/deployments/${id}`, {
        description: 'described',
      });
      expect(described.body.deployment.spec.description).toBe('described');
    });

    it('keeps a promote waiting, and refuses it once that update is over', async () => {
      const { call, approve, running, deployment } = client;
      const id = await running('promote-guarded');
      const update = await call(
        NINA,
        'post',
        `/deployments/${id}/update-model`,
        { modelVersion: 'v2.0.0', strategy: 'canary' },
      );
      await approve(OTTO, update.body.pendingApproval.id).expect(200);
      const operationId = (await deployment(id)).operation!.id;

      const promote = await call(
        NINA,
        'post',
        `/deployments/${id}/promote`,
        {},
      );
      expect(promote.body).toMatchObject({
        operation: { id: operationId },
        pendingApproval: { action: 'promote', parameters: { operationId } },
      });
      await approve(OTTO, promote.body.pendingApproval.id).expect(200);
      expect((await deployment(id)).operation).toMatchObject({
        id: operationId,
        promoteRequestedAt: expect.any(String),
      });

      const again = await call(NINA, 'post', `/deployments/${id}/promote`, {});
      await simulateRuntime(knex, id, { status: 'running', ready: 2 });
      const late = await approve(OTTO, again.body.pendingApproval.id);
      expect(late.status).toBe(409);
      expect(late.body.error.message).toBe(
        "Cannot promote deployment 'promote-guarded' while it is running (allowed now: edit, scale, stop, update-model, rollback, delete)",
      );
    });
  },
);
