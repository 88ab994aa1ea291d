import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import type { PermissionPolicy } from '@backstage/plugin-permission-node';
import {
  APPROVERS_ANNOTATION,
  exampleDeploymentSpec,
  MODEL_DEPLOYMENT_RESOURCE_TYPE,
  type CreateDeploymentRequest,
  type ModelDeployment,
} from '@modelops/plugin-model-deployments-common';
import type { Knex } from 'knex';
import request from 'supertest';
import {
  createModelDeploymentConditionalDecision,
  modelDeploymentConditions,
} from '../permissions/conditions';
import { modelEntity, testModels } from './entities';
import { simulateRuntime } from './simulateRuntime';

/**
 * The people, models and policy of the approval tests, and a client that speaks as each of them.
 * Nina and Otto are in the NLP team, which owns bert-sentiment and t5-summarizer; Rita is on the release
 * board, which t5-summarizer names as its approvers; Victor is in the vision team.
 */
export const NINA = 'user:default/nina';
export const OTTO = 'user:default/otto';
export const RITA = 'user:default/rita';
export const VICTOR = 'user:default/victor';

export const ownership = {
  [NINA]: [NINA, 'group:default/nlp-team'],
  [OTTO]: [OTTO, 'group:default/nlp-team'],
  [RITA]: [RITA, 'group:default/ml-release-board'],
  [VICTOR]: [VICTOR, 'group:default/vision-team'],
};

/** The demo policy's shape: everyone reads, owners act, approvers approve. */
export const ownersActApproversApprove: PermissionPolicy = {
  async handle(query, user) {
    if (
      !isResourcePermission(query.permission, MODEL_DEPLOYMENT_RESOURCE_TYPE) ||
      query.permission.name === 'model-deployment.read'
    ) {
      return { result: AuthorizeResult.ALLOW };
    }
    const claims = user?.info.ownershipEntityRefs ?? [];
    return createModelDeploymentConditionalDecision(
      query.permission,
      query.permission.name === 'model-deployment.approve'
        ? modelDeploymentConditions.isApprover({ claims })
        : modelDeploymentConditions.isOwner({ claims }),
    );
  },
};

const t5 = modelEntity({
  name: 't5-summarizer',
  owner: 'group:default/nlp-team',
  modelId: 'model-003',
  versions: ['1.4.0', '1.3.2'],
});
t5.metadata.annotations![APPROVERS_ANNOTATION] = 'ml-release-board';
export const approvalEntities = [...testModels, t5];

/** A production deployment of bert-sentiment v2.1.0, rolled out with the rolling strategy. */
export function createBody(
  name: string,
  overrides: Partial<CreateDeploymentRequest> = {},
) {
  const { modelId, ...spec } = exampleDeploymentSpec;
  return {
    ...spec,
    name,
    environment: 'production',
    strategy: 'rolling',
    ...overrides,
  };
}

const BASE = '/api/model-deployments';

/** Calls to the API as each user, and the waiting deployments they make. */
export function approvalsClient(
  server: Parameters<typeof request>[0],
  knex: Knex,
) {
  const call = (
    user: string,
    method: 'get' | 'post' | 'delete' | 'patch',
    path: string,
    body?: object,
  ) => {
    const req = request(server)
      [method](`${BASE}${path}`)
      .set('Authorization', mockCredentials.user.header(user));
    return body ? req.send(body) : req;
  };
  const deployment = async (id: string): Promise<ModelDeployment> =>
    (await call(NINA, 'get', `/deployments/${id}`)).body;
  const history = async (id: string) =>
    (await call(NINA, 'get', `/deployments/${id}/events`)).body.items.map(
      (e: { action: string; outcome: string; actor: string }) =>
        `${e.action} ${e.outcome} by ${e.actor}`,
    );
  const approve = (user: string, requestId: string) =>
    call(user, 'post', `/approvals/${requestId}/approve`, {});

  /** A production deployment that Nina asked for, Otto approved, and that runs. */
  async function running(
    name: string,
    overrides: Partial<CreateDeploymentRequest> = {},
  ) {
    const created = await call(
      NINA,
      'post',
      '/deployments',
      createBody(name, overrides),
    );
    expect(created.status).toBe(201);
    const { id, pendingApproval } = created.body.deployment as ModelDeployment;
    expect((await approve(OTTO, pendingApproval!.id)).status).toBe(200);
    await simulateRuntime(knex, id, { status: 'running', ready: 2 });
    return id;
  }

  /** Nina's Update Model of a running deployment, approved by Otto and rolled out. */
  async function updated(id: string, modelVersion: string) {
    const update = await call(NINA, 'post', `/deployments/${id}/update-model`, {
      modelVersion,
    });
    expect((await approve(OTTO, update.body.pendingApproval.id)).status).toBe(
      200,
    );
    await simulateRuntime(knex, id, { status: 'running', ready: 2 });
  }

  return { call, deployment, history, approve, running, updated };
}
