// One file: the whole approval workflow shares one backend per database, started once for each.
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockCredentials } from '@backstage/backend-test-utils';
import type {
  ApprovalRequest,
  ModelDeployment,
} from '@modelops/plugin-model-deployments-common';
import type { Knex } from 'knex';
import request from 'supertest';
import {
  approvalEntities,
  approvalsClient,
  createBody,
  NINA,
  OTTO,
  ownership,
  ownersActApproversApprove,
  RITA,
  VICTOR,
} from '../__testUtils__/approvalsFixture';
import { startTestBackendWithCatalog } from '../__testUtils__/startTestBackendWithCatalog';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { simulateRuntime } from '../__testUtils__/simulateRuntime';

jest.setTimeout(120_000);

const BASE = '/api/model-deployments';

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())('approvals on %s', databaseId => {
  let server: Parameters<typeof request>[0];
  let knex: Knex;

  let client: ReturnType<typeof approvalsClient>;
  const as = (user: string) => mockCredentials.user.header(user);
  const call: ReturnType<typeof approvalsClient>['call'] = (...args) =>
    client.call(...args);
  const deployment = (id: string) => client.deployment(id);
  const history = (id: string) => client.history(id);
  const running: ReturnType<typeof approvalsClient>['running'] = (...args) =>
    client.running(...args);

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    ({ server } = await startTestBackendWithCatalog({
      entities: approvalEntities,
      knex,
      policy: ownersActApproversApprove,
      ownership,
      // The real scheduler, whose trigger endpoint the expiry test uses instead of waiting a minute.
      scheduler: schedulerServiceFactory,
      config: {
        modelDeployments: {
          approvals: {
            environments: ['production'],
            expiresAfter: { days: 3 },
          },
        },
      },
    }));
    client = approvalsClient(server, knex);
  });

  it('keeps a production deployment waiting, with what an approver decides on', async () => {
    const created = await call(
      NINA,
      'post',
      '/deployments',
      createBody('wait-create'),
    );
    expect(created.status).toBe(201);
    const waiting: ModelDeployment = created.body.deployment;
    expect(waiting.status).toBe('pending-approval');
    expect(waiting.operation).toBeUndefined();
    expect(waiting.pendingApproval).toMatchObject({
      action: 'create',
      status: 'pending',
      deploymentName: 'wait-create',
      environment: 'production',
      requestedBy: NINA,
      approvers: ['group:default/nlp-team'],
      viewer: {
        canDecide: false,
        isRequester: true,
        reason: 'You asked for this change: another approver must decide it',
      },
    });
    expect(waiting.pendingApproval!.changes).toEqual(
      expect.arrayContaining([
        { field: 'modelVersion', before: null, after: 'v2.1.0' },
        { field: 'replicas.min', before: null, after: 2 },
      ]),
    );
    const expiresIn =
      Date.parse(waiting.pendingApproval!.expiresAt) -
      Date.parse(waiting.pendingApproval!.requestedAt);
    expect(expiresIn).toBe(3 * 24 * 3600 * 1000);

    const asOtto = await call(
      OTTO,
      'get',
      `/approvals/${waiting.pendingApproval!.id}`,
    );
    expect(asOtto.body.viewer).toEqual({ canDecide: true, isRequester: false });
    const pending = await call(OTTO, 'get', '/approvals?status=pending');
    expect(
      pending.body.items.map((a: ApprovalRequest) => a.deploymentName),
    ).toContain('wait-create');
    expect(await history(waiting.id)).toEqual([
      `create awaiting-approval by ${NINA}`,
    ]);
    // Nothing else may happen to it but a withdrawal.
    const edit = await request(server)
      .patch(`${BASE}/deployments/${waiting.id}`)
      .set('Authorization', as(NINA))
      .send({ description: 'changed after asking' });
    expect(edit.status).toBe(409);
  });

  it('refuses self-approval and approvers outside the groups, then applies another member’s approval', async () => {
    const created = await call(
      NINA,
      'post',
      '/deployments',
      createBody('four-eyes'),
    );
    const { id, pendingApproval } = created.body.deployment as ModelDeployment;
    const approve = (user: string) =>
      call(user, 'post', `/approvals/${pendingApproval!.id}/approve`, {
        comment: 'looks right',
      });

    const own = await approve(NINA);
    expect(own.status).toBe(403);
    expect(own.body.error.message).toBe(
      'You asked for this change: another approver must decide it',
    );
    const outsider = await approve(VICTOR);
    expect(outsider.status).toBe(403);
    expect(outsider.body.error.message).toBe(
      'Only members of group:default/nlp-team may decide it',
    );
    // The release board approves only the models that name it.
    expect((await approve(RITA)).status).toBe(403);
    expect((await deployment(id)).status).toBe('pending-approval');

    const approved = await approve(OTTO);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'approved',
      decidedBy: OTTO,
      reason: 'looks right',
      viewer: { canDecide: false, reason: 'It is approved' },
    });
    const after = await deployment(id);
    expect(after).toMatchObject({
      status: 'deploying',
      operation: { type: 'create', status: 'queued', requestedBy: NINA },
      createdBy: NINA,
    });
    expect(after.pendingApproval).toBeUndefined();
    expect(await history(id)).toEqual([
      `create accepted by ${NINA}`,
      `approve succeeded by ${OTTO}`,
      `create awaiting-approval by ${NINA}`,
    ]);
    const again = await approve(RITA);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(
      `The request to create was already approved by ${OTTO}`,
    );
  });

  it('keeps the current revision serving while an update waits, and lets the approvers group approve', async () => {
    const id = await running('wait-update', {
      modelRef: 'resource:default/t5-summarizer',
      modelVersion: '1.3.2',
    });
    const update = await call(NINA, 'post', `/deployments/${id}/update-model`, {
      modelVersion: '1.4.0',
    });
    expect(update.status).toBe(202);
    expect(update.body).toMatchObject({
      status: 'running',
      revision: 1,
      spec: { modelVersion: '1.3.2' },
      pendingApproval: {
        action: 'update-model',
        parameters: { modelVersion: '1.4.0', strategy: 'rolling' },
        changes: [{ field: 'modelVersion', before: '1.3.2', after: '1.4.0' }],
        approvers: ['group:default/nlp-team', 'group:default/ml-release-board'],
      },
    });
    expect(update.body.operation).toBeUndefined();

    // A request that waits is never edited: a new one replaces it, and its approval starts again.
    const second = await call(OTTO, 'post', `/deployments/${id}/update-model`, {
      modelVersion: '1.4.0',
      strategy: 'blue-green',
    });
    expect(second.status).toBe(202);
    expect(second.body.pendingApproval).toMatchObject({
      requestedBy: OTTO,
      parameters: { modelVersion: '1.4.0', strategy: 'blue-green' },
    });
    const first = await call(
      RITA,
      'post',
      `/approvals/${update.body.pendingApproval.id}/approve`,
      {},
    );
    expect(first.status).toBe(409);
    expect(first.body.error.message).toBe(
      `The request to update-model was already withdrawn by ${OTTO}`,
    );
    expect(
      (await call(NINA, 'get', `/approvals/${update.body.pendingApproval.id}`))
        .body,
    ).toMatchObject({
      status: 'withdrawn',
      reason: 'replaced by a request to update-model',
    });

    const approved = await call(
      RITA,
      'post',
      `/approvals/${second.body.pendingApproval.id}/approve`,
      {},
    );
    expect(approved.status).toBe(200);
    expect(await deployment(id)).toMatchObject({
      status: 'updating',
      revision: 2,
      spec: { modelVersion: '1.4.0' },
      operation: { type: 'update-model', requestedBy: OTTO },
    });
  });

  it('ends a waiting update when the deployment is rolled back meanwhile, and lets only users decide', async () => {
    const id = await running('superseded');
    const asked = await call(NINA, 'post', `/deployments/${id}/update-model`, {
      modelVersion: 'v2.0.0',
    });
    const requestId = asked.body.pendingApproval.id;
    const byService = await request(server)
      .post(`${BASE}/approvals/${requestId}/approve`)
      .set('Authorization', mockCredentials.service.header())
      .send({});
    expect(byService.status).toBe(403);

    // Editing the description changes nothing that the approver decides on.
    await request(server)
      .patch(`${BASE}/deployments/${id}`)
      .set('Authorization', as(OTTO))
      .send({ description: 'still the same model' })
      .expect(200);
    expect((await deployment(id)).pendingApproval).toMatchObject({
      id: requestId,
    });

    await simulateRuntime(knex, id, { status: 'running', ready: 2 });
    await call(OTTO, 'post', `/deployments/${id}/stop`, {}).expect(202);
    const late = await call(
      RITA,
      'post',
      `/approvals/${requestId}/approve`,
      {},
    );
    expect(late.status).toBe(409);
    expect(late.body.error.message).toBe(
      `The request to update-model was already withdrawn by ${OTTO}`,
    );
    expect(
      (await call(NINA, 'get', `/approvals/${requestId}`)).body,
    ).toMatchObject({ status: 'withdrawn', reason: 'superseded by stop' });
    expect((await deployment(id)).spec.modelVersion).toBe('v2.1.0');
  });

  it('records a rejection with its reason: a waiting creation is removed, a running deployment keeps running', async () => {
    const created = await call(
      NINA,
      'post',
      '/deployments',
      createBody('rejected'),
    );
    const { id, pendingApproval } = created.body.deployment as ModelDeployment;
    const noReason = await call(
      OTTO,
      'post',
      `/approvals/${pendingApproval!.id}/reject`,
      {
        reason: '  ',
      },
    );
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.issues).toEqual([
      { field: 'reason', message: 'is required: tell the requester why' },
    ]);
    const rejected = await call(
      OTTO,
      'post',
      `/approvals/${pendingApproval!.id}/reject`,
      {
        reason: 'use two instances, not ten',
      },
    );
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({
      status: 'rejected',
      decidedBy: OTTO,
      reason: 'use two instances, not ten',
    });
    expect((await deployment(id)).status).toBe('deleted');
    expect(await history(id)).toEqual([
      `reject cancelled by ${OTTO}`,
      `create awaiting-approval by ${NINA}`,
    ]);
    // The name is free again.
    expect(
      (await call(NINA, 'post', '/deployments', createBody('rejected'))).status,
    ).toBe(201);

    const runningId = await running('reject-delete');
    const asked = await call(
      NINA,
      'delete',
      `/deployments/${runningId}?confirm=reject-delete`,
    );
    expect(asked.status).toBe(202);
    expect(asked.body).toMatchObject({
      status: 'running',
      pendingApproval: { action: 'delete' },
    });
    await call(
      OTTO,
      'post',
      `/approvals/${asked.body.pendingApproval.id}/reject`,
      {
        reason: 'still serving traffic',
      },
    );
    const kept = await deployment(runningId);
    expect(kept.status).toBe('running');
    expect(kept.pendingApproval).toBeUndefined();
  });

  it('lets only the requester withdraw, and withdraws a waiting creation when it is deleted', async () => {
    const id = await running('withdrawn');
    const asked = await call(NINA, 'post', `/deployments/${id}/update-model`, {
      modelVersion: 'v2.0.0',
    });
    const requestId = asked.body.pendingApproval.id;
    const byOther = await call(
      OTTO,
      'post',
      `/approvals/${requestId}/withdraw`,
      {},
    );
    expect(byOther.status).toBe(403);
    expect(byOther.body.error.message).toBe(
      `Only ${NINA}, who asked for this change, can withdraw it`,
    );
    const withdrawn = await call(
      NINA,
      'post',
      `/approvals/${requestId}/withdraw`,
      {
        reason: 'wrong version',
      },
    );
    expect(withdrawn.body).toMatchObject({
      status: 'withdrawn',
      reason: 'wrong version',
    });
    expect((await deployment(id)).spec.modelVersion).toBe('v2.1.0');

    const created = await call(
      NINA,
      'post',
      '/deployments',
      createBody('deleted-waiting'),
    );
    const waiting = created.body.deployment as ModelDeployment;
    const deleted = await call(
      NINA,
      'delete',
      `/deployments/${waiting.id}?confirm=deleted-waiting`,
    );
    expect(deleted.status).toBe(200);
    expect(deleted.body.status).toBe('deleted');
    expect(
      (await call(NINA, 'get', `/approvals/${waiting.pendingApproval!.id}`))
        .body,
    ).toMatchObject({
      status: 'withdrawn',
      reason: 'the deployment was deleted',
    });
  });

  it('expires requests nobody decided in time', async () => {
    const created = await call(
      NINA,
      'post',
      '/deployments',
      createBody('expiring'),
    );
    const { id, pendingApproval } = created.body.deployment as ModelDeployment;
    await knex('approval_requests')
      .where({ id: pendingApproval!.id })
      .update({ expires_at: new Date(Date.now() - 1000) });

    const late = await call(
      OTTO,
      'post',
      `/approvals/${pendingApproval!.id}/approve`,
      {},
    );
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(
      /^The request to create expired at /,
    );

    const trigger = await request(server)
      .post(
        `${BASE}/.backstage/scheduler/v1/tasks/expire-approval-requests/trigger`,
      )
      .set('Authorization', mockCredentials.service.header());
    expect(trigger.status).toBeLessThan(300);
    const deadline = Date.now() + 10_000;
    while (
      (await deployment(id)).status !== 'deleted' &&
      Date.now() < deadline
    ) {
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    expect(
      (await call(NINA, 'get', `/approvals/${pendingApproval!.id}`)).body,
    ).toMatchObject({ status: 'expired', decidedBy: 'model-deployments' });
    expect((await deployment(id)).status).toBe('deleted');
    expect(await history(id)).toEqual([
      'expire cancelled by model-deployments',
      `create awaiting-approval by ${NINA}`,
    ]);
  });

  it('asks no approval outside the configured environments', async () => {
    const created = await call(
      NINA,
      'post',
      '/deployments',
      createBody('no-approval', { environment: 'staging' }),
    );
    expect(created.body.deployment).toMatchObject({ status: 'deploying' });
    expect(created.body.deployment.pendingApproval).toBeUndefined();
  });
});
