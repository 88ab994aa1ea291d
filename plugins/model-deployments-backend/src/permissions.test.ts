// One file: every route against the permission policy shares one backend, started once for the file.
import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import type { PermissionPolicy } from '@backstage/plugin-permission-node';
import {
  exampleDeploymentSpec,
  MODEL_DEPLOYMENT_RESOURCE_TYPE,
  modelDeploymentApprovePermission,
  modelDeploymentReadPermission,
  PERMISSION_BY_ACTION,
  type CreateDeploymentRequest,
  type DeploymentAction,
} from '@modelops/plugin-model-deployments-common';
import type { Knex } from 'knex';
import request from 'supertest';
import { startTestBackendWithCatalog } from './__testUtils__/startTestBackendWithCatalog';
import { modelEntity, testModels } from './__testUtils__/entities';
import { simulateRuntime } from './__testUtils__/simulateRuntime';
import {
  createModelDeploymentConditionalDecision,
  modelDeploymentConditions,
} from './permissions/conditions';

jest.setTimeout(120_000);

const API = '/api/model-deployments';
const NLP_TEAM = 'group:default/nlp-team';
const VISION_TEAM = 'group:default/vision-team';
const ADMINS = 'group:default/admins';

/** A member of nlp-team, which owns bert-sentiment. */
const NINA = 'user:default/nina';
/** Another member of nlp-team: approves what Nina asks for. */
const NADIA = 'user:default/nadia';
/** A member of vision-team, which owns resnet50-classifier. */
const VICTOR = 'user:default/victor';
/** A platform admin. */
const ADA = 'user:default/ada';

const ownership = {
  [NINA]: [NINA, NLP_TEAM],
  [NADIA]: [NADIA, NLP_TEAM],
  [VICTOR]: [VICTOR, VISION_TEAM],
  [ADA]: [ADA, ADMINS],
};

const ALLOW = { result: AuthorizeResult.ALLOW } as const;

/**
 * The demo policy: admins may do everything; the owners of a model operate its deployments and the
 * members of its owner (or approver) group approve their changes. `read` says who reads deployments:
 * everyone, or the model's owners only (then the list is filtered by ownership).
 */
function teamPolicy(read: 'everyone' | 'owners'): PermissionPolicy {
  return {
    async handle({ permission }, user) {
      if (!isResourcePermission(permission, MODEL_DEPLOYMENT_RESOURCE_TYPE)) {
        return ALLOW;
      }
      const claims = user?.info.ownershipEntityRefs ?? [];
      if (claims.includes(ADMINS)) {
        return ALLOW;
      }
      if (
        read === 'everyone' &&
        isPermission(permission, modelDeploymentReadPermission)
      ) {
        return ALLOW;
      }
      return createModelDeploymentConditionalDecision(
        permission,
        isPermission(permission, modelDeploymentApprovePermission)
          ? modelDeploymentConditions.isApprover({ claims })
          : modelDeploymentConditions.isOwner({ claims }),
      );
    },
  };
}

/** A valid create body for bert-sentiment: the documentation's example, named `name`, in development. */
function createBody(
  name: string,
  overrides: Partial<CreateDeploymentRequest> = {},
) {
  const { modelId, ...spec } = exampleDeploymentSpec;
  return { ...spec, name, environment: 'development', ...overrides };
}

/** The same, for vision-team's resnet50-classifier. */
function visionBody(name: string) {
  return createBody(name, {
    modelRef: 'resource:default/resnet50-classifier',
    modelVersion: '2.0',
  });
}

type Server = Parameters<typeof request>[0];

/** The API as one user calls it. */
function apiAs(server: Server, user: string) {
  const auth = mockCredentials.user.header(user);
  return {
    create: (body: object, query: Record<string, string> = {}) =>
      request(server)
        .post(`${API}/deployments`)
        .query(query)
        .set('Authorization', auth)
        .send(body),
    get: (id: string, sub = '') =>
      request(server)
        .get(`${API}/deployments/${id}${sub}`)
        .set('Authorization', auth),
    list: (query: Record<string, string | number>) =>
      request(server)
        .get(`${API}/deployments`)
        .query(query)
        .set('Authorization', auth),
    /** An edit as the frontend sends it: a JSON merge patch. */
    patch: (id: string, body: object) =>
      request(server)
        .patch(`${API}/deployments/${id}`)
        .set('Authorization', auth)
        .set('Content-Type', 'application/merge-patch+json')
        .send(JSON.stringify(body)),
    act: (id: string, action: string, body: object = {}) =>
      request(server)
        .post(`${API}/deployments/${id}/${action}`)
        .set('Authorization', auth)
        .send(body),
    remove: (id: string, confirm: string) =>
      request(server)
        .delete(`${API}/deployments/${id}`)
        .query({ confirm })
        .set('Authorization', auth),
    approve: (approvalId: string) =>
      request(server)
        .post(`${API}/approvals/${approvalId}/approve`)
        .set('Authorization', auth)
        .send({}),
  };
}

type Api = ReturnType<typeof apiAs>;

const names = (response: request.Response) =>
  response.body.items.map((d: { name: string }) => d.name);

/** Every name that a user's list shows for `q`, page by page with `limit` 1. */
async function pagedNames(api: Api, q: string): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.list({ q, limit: 1, ...(cursor ? { cursor } : {}) });
    expect(page.status).toBe(200);
    expect(page.body.items.length).toBeLessThanOrEqual(1);
    seen.push(...names(page));
    cursor = page.body.nextCursor;
  } while (cursor);
  return seen;
}

const forbidden = (permission: string, name: string) =>
  `You do not have permission ${permission} for deployment '${name}'`;

/** bert-sentiment handed over to vision-team, as an edit of its catalog file would. */
const bertOfVisionTeam = modelEntity({
  name: 'bert-sentiment',
  owner: VISION_TEAM,
  modelId: 'model-001',
  versions: ['v2.1.0', 'v2.0.0', 'v1.0.0'],
});
const modelsAfterHandover = testModels.map(entity =>
  entity.metadata.name === 'bert-sentiment' ? bertOfVisionTeam : entity,
);

const sqlite = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('model-deployments permissions when everyone reads', () => {
  let server: Server;
  let knex: Knex;
  const as = (user: string) => apiAs(server, user);

  beforeAll(async () => {
    knex = await sqlite.init('SQLITE_3');
    ({ server } = await startTestBackendWithCatalog({
      entities: testModels,
      policy: teamPolicy('everyone'),
      ownership,
      knex,
      // Production changes wait for an approver, so that approving can be tested; development's do not.
      config: {
        modelDeployments: { approvals: { environments: ['production'] } },
      },
    }));
  });

  type Target = { id: string; name: string };

  /** A deployment of Nina's that the (simulated) runtime has brought to running. */
  async function running(name: string): Promise<Target> {
    const created = await as(NINA).create(createBody(name));
    expect(created.status).toBe(201);
    const { id } = created.body.deployment;
    await simulateRuntime(knex, id, { status: 'running', ready: 2 });
    return { id, name };
  }

  async function stopped(name: string): Promise<Target> {
    const target = await running(name);
    expect((await as(NINA).act(target.id, 'stop')).status).toBe(202);
    await simulateRuntime(knex, target.id, { status: 'stopped', ready: 0 });
    return target;
  }

  async function canaryUnderWay(name: string): Promise<Target> {
    const target = await running(name);
    const update = await as(NINA).act(target.id, 'update-model', {
      modelVersion: 'v2.0.0',
      strategy: 'canary',
      canary: {},
    });
    expect(update.status).toBe(202);
    return target;
  }

  async function withTwoRevisions(name: string): Promise<Target> {
    const target = await running(name);
    const update = await as(NINA).act(target.id, 'update-model', {
      modelVersion: 'v2.0.0',
    });
    expect(update.status).toBe(202);
    await simulateRuntime(knex, target.id, { status: 'running', ready: 2 });
    return target;
  }

  /** What the deployment is and has been: unchanged by a refused request. */
  async function snapshot(id: string) {
    const [deployment, events] = await Promise.all([
      as(ADA).get(id),
      as(ADA).get(id, '/events'),
    ]);
    return { deployment: deployment.body, events: events.body.items };
  }

  /** What a refused request must leave as it was: the deployment and its history, or that none exists. */
  async function written(target: Target) {
    return target.id
      ? snapshot(target.id)
      : (await as(ADA).list({ q: target.name })).body.items;
  }

  /** Each route that changes a deployment, with the state it needs and the status of its success. */
  const routes: {
    action: DeploymentAction;
    route: string;
    prepare?: (name: string) => Promise<Target>;
    perform: (api: Api, target: Target) => request.Test;
    succeeds: number;
  }[] = [
    {
      action: 'create',
      route: 'POST /deployments',
      perform: (api, { name }) => api.create(createBody(name)),
      succeeds: 201,
    },
    {
      action: 'edit',
      route: 'PATCH /deployments/{id}',
      prepare: running,
      perform: (api, { id }) => api.patch(id, { description: 'Reviews API' }),
      succeeds: 200,
    },
    {
      action: 'scale',
      route: 'POST /deployments/{id}/scale',
      prepare: running,
      perform: (api, { id }) => api.act(id, 'scale', { min: 3, max: 12 }),
      succeeds: 202,
    },
    {
      action: 'stop',
      route: 'POST /deployments/{id}/stop',
      prepare: running,
      perform: (api, { id }) => api.act(id, 'stop', { reason: 'cost' }),
      succeeds: 202,
    },
    {
      action: 'start',
      route: 'POST /deployments/{id}/start',
      prepare: stopped,
      perform: (api, { id }) => api.act(id, 'start'),
      succeeds: 202,
    },
    {
      action: 'update-model',
      route: 'POST /deployments/{id}/update-model',
      prepare: running,
      perform: (api, { id }) =>
        api.act(id, 'update-model', { modelVersion: 'v1.0.0' }),
      succeeds: 202,
    },
    {
      action: 'promote',
      route: 'POST /deployments/{id}/promote',
      prepare: canaryUnderWay,
      perform: (api, { id }) => api.act(id, 'promote'),
      succeeds: 202,
    },
    {
      action: 'rollback',
      route: 'POST /deployments/{id}/rollback',
      prepare: withTwoRevisions,
      perform: (api, { id }) => api.act(id, 'rollback', { revision: 1 }),
      succeeds: 202,
    },
    {
      action: 'delete',
      route: 'DELETE /deployments/{id}',
      prepare: running,
      perform: (api, { id, name }) => api.remove(id, name),
      succeeds: 202,
    },
  ];

  const users = [
    { who: 'the owner', user: NINA, label: 'owner' },
    { who: 'the admin', user: ADA, label: 'admin' },
  ];

  describe.each(routes)('$route', route => {
    const permission = PERMISSION_BY_ACTION[route.action].name;

    it.each(users)(
      `allows $who (${permission}) and records the change as theirs`,
      async ({ user, label }) => {
        const name = `${route.action}-${label}`;
        const target = (await route.prepare?.(name)) ?? { id: '', name };
        const response = await route.perform(as(user), target);
        expect(response.status).toBe(route.succeeds);
        const id = target.id || response.body.deployment.id;
        const [latest] = (await as(ADA).get(id, '/events')).body.items;
        expect(latest).toMatchObject({ action: route.action, actor: user });
      },
    );

    it(`refuses the non-owner with 403 naming ${permission}, and changes nothing`, async () => {
      const name = `${route.action}-non-owner`;
      const target = (await route.prepare?.(name)) ?? { id: '', name };
      const before = await written(target);
      const response = await route.perform(as(VICTOR), target);
      expect(response.status).toBe(403);
      expect(response.body.error.message).toBe(forbidden(permission, name));
      expect(await written(target)).toEqual(before);
    });
  });

  it('takes the owner of a deployment that an admin creates from the catalog', async () => {
    const response = await as(ADA).create(createBody('admin-created'));
    expect(response.status).toBe(201);
    expect(response.body.deployment).toMatchObject({
      owner: NLP_TEAM,
      createdBy: ADA,
    });
  });

  it.each([
    ['the owner', NINA],
    ['the non-owner', VICTOR],
    ['the admin', ADA],
  ])(
    'lets %s read a deployment, its revisions, its events and the list',
    async (_who, user) => {
      const name = `read-by-${user.split('/')[1]}`;
      const { id } = await running(name);
      const api = as(user);
      const deployment = await api.get(id);
      expect(deployment.status).toBe(200);
      expect(deployment.body.owner).toBe(NLP_TEAM);
      const revisions = await api.get(id, '/revisions');
      expect(revisions.status).toBe(200);
      expect(revisions.body.items).toHaveLength(1);
      const events = await api.get(id, '/events');
      expect(events.status).toBe(200);
      expect(events.body.items[0]).toMatchObject({ action: 'create' });
      expect(names(await api.list({ q: 'read-by-' }))).toContain(name);
    },
  );

  describe('POST /approvals/{id}/approve', () => {
    /** A production deployment of Nina's that waits for an approver to be created. */
    async function awaitingApproval(name: string) {
      const created = await as(NINA).create(
        createBody(name, { environment: 'production' }),
      );
      expect(created.status).toBe(201);
      expect(created.body.deployment.status).toBe('pending-approval');
      return created.body.deployment.pendingApproval.id as string;
    }

    it.each([
      ['a member of the owner group', NADIA],
      ['the admin', ADA],
    ])(
      `allows %s (${modelDeploymentApprovePermission.name})`,
      async (_who, user) => {
        const approvalId = await awaitingApproval(
          `approve-${user.split('/')[1]}`,
        );
        const response = await as(user).approve(approvalId);
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({
          status: 'approved',
          decidedBy: user,
        });
      },
    );

    it('refuses the non-owner with 403, and the request still waits', async () => {
      const approvalId = await awaitingApproval('approve-non-owner');
      const response = await as(VICTOR).approve(approvalId);
      expect(response.status).toBe(403);
      expect(response.body.error.message).toBe(
        `Only members of ${NLP_TEAM} may decide it`,
      );
      const [pending] = (await as(ADA).list({ q: 'approve-non-owner' })).body
        .items;
      expect(pending).toMatchObject({
        status: 'pending-approval',
        pendingApproval: { id: approvalId, status: 'pending' },
      });
    });
  });

  describe('security', () => {
    it("refuses every change to another team's deployment reached by its id, and writes nothing", async () => {
      const target = await running('guessed-id');
      const before = await snapshot(target.id);
      const victor = as(VICTOR);
      const attempts: [string, () => request.Test][] = [
        ['update', () => victor.patch(target.id, { description: 'mine now' })],
        ['scale', () => victor.act(target.id, 'scale', { min: 1, max: 2 })],
        ['lifecycle', () => victor.act(target.id, 'stop')],
        [
          'update-model',
          () =>
            victor.act(target.id, 'update-model', { modelVersion: 'v1.0.0' }),
        ],
        ['rollback', () => victor.act(target.id, 'rollback', { revision: 1 })],
        ['delete', () => victor.remove(target.id, 'guessed-id')],
      ];
      for (const [permission, attempt] of attempts) {
        const response = await attempt();
        expect(response.status).toBe(403);
        expect(response.body.error.message).toBe(
          forbidden(`model-deployment.${permission}`, 'guessed-id'),
        );
      }
      expect(await snapshot(target.id)).toEqual(before);
    });

    it.each([
      ['the non-owner', VICTOR],
      ['the admin', ADA],
    ])(
      'answers 404 to %s for an id that does not exist',
      async (_who, user) => {
        const unknown = '3f0c9a52-6d1e-4b7a-9c2f-8e5d4a1b7c60';
        const api = as(user);
        for (const response of [
          await api.get(unknown),
          await api.patch(unknown, { description: 'x' }),
          await api.act(unknown, 'scale', { min: 1, max: 2 }),
          await api.remove(unknown, 'x'),
        ]) {
          expect(response.status).toBe(404);
          expect(response.body.error.message).toBe(
            `No deployment with id '${unknown}'`,
          );
        }
      },
    );

    it('refuses an edit that moves the deployment to another model, and changes nothing', async () => {
      const target = await running('edit-model-ref');
      const before = await snapshot(target.id);
      const response = await as(NINA).patch(target.id, {
        modelRef: 'resource:default/resnet50-classifier',
      });
      expect(response.status).toBe(400);
      expect(response.body.error.issues).toEqual([
        {
          field: 'modelRef',
          message: expect.stringContaining('cannot be changed'),
        },
      ]);
      expect(await snapshot(target.id)).toEqual(before);
      expect(before.deployment).toMatchObject({
        owner: NLP_TEAM,
        spec: { modelRef: 'resource:default/bert-sentiment' },
      });
    });

    it("judges an edit by the deployment's model, not by the model the edit names", async () => {
      const target = await running('edit-to-own-model');
      const before = await snapshot(target.id);
      const response = await as(VICTOR).patch(target.id, {
        modelRef: 'resource:default/resnet50-classifier',
        description: 'now vision-team owns it',
      });
      expect(response.status).toBe(403);
      expect(response.body.error.message).toBe(
        forbidden('model-deployment.update', 'edit-to-own-model'),
      );
      expect(await snapshot(target.id)).toEqual(before);
    });

    it('refuses an owner forged in a create body as an unknown field, and creates nothing', async () => {
      const response = await as(VICTOR).create({
        ...createBody('forged-owner'),
        owner: VISION_TEAM,
      });
      expect(response.status).toBe(400);
      expect(response.body.error.issues).toEqual([
        { field: 'owner', message: 'is not a known field' },
      ]);
      expect(names(await as(ADA).list({ q: 'forged-owner' }))).toEqual([]);
    });

    it('refuses an owner forged in an edit body as an unknown field, and changes nothing', async () => {
      const target = await running('forged-owner-edit');
      const before = await snapshot(target.id);
      const response = await as(NINA).patch(target.id, {
        description: 'handed to vision-team',
        owner: VISION_TEAM,
      });
      expect(response.status).toBe(400);
      expect(response.body.error.issues).toEqual([
        { field: 'owner', message: 'is not a known field' },
      ]);
      expect(await snapshot(target.id)).toEqual(before);
    });

    it.each([
      ['named by its reference', createBody('theirs-by-ref'), {}],
      [
        'named by its Model ID',
        (({ modelRef, ...body }) => ({ ...body, modelId: 'model-001' }))(
          createBody('theirs-by-id'),
        ),
        {},
      ],
      ['on a dry run', createBody('theirs-dry-run'), { dryRun: 'true' }],
    ])(
      "refuses to create a deployment of another team's model %s",
      async (_how, body, query) => {
        const response = await as(VICTOR).create(body, query);
        expect(response.status).toBe(403);
        expect(response.body.error.message).toBe(
          forbidden('model-deployment.create', body.name),
        );
        expect(names(await as(ADA).list({ q: body.name }))).toEqual([]);
      },
    );

    it("does not hand another user's deployment to a retry with the same Idempotency-Key", async () => {
      const send = (user: string) =>
        request(server)
          .post(`${API}/deployments`)
          .set('Authorization', mockCredentials.user.header(user))
          .set('Idempotency-Key', 'shared-key')
          .send(createBody('idempotent-theirs'));
      expect((await send(NINA)).status).toBe(201);
      const replay = await send(VICTOR);
      expect(replay.status).toBe(403);
      expect(replay.body.error.message).toBe(
        forbidden('model-deployment.create', 'idempotent-theirs'),
      );
    });
  });
});

describe('model-deployments permissions when owners read', () => {
  let server: Server;
  const as = (user: string) => apiAs(server, user);

  beforeAll(async () => {
    ({ server } = await startTestBackendWithCatalog({
      entities: testModels,
      policy: teamPolicy('owners'),
      ownership,
    }));
    const deployments: [string, object][] = [
      [NINA, createBody('list-nlp-a')],
      [NINA, createBody('list-nlp-b')],
      [NINA, createBody('list-nlp-c')],
      [VICTOR, visionBody('list-vision-a')],
      [VICTOR, visionBody('list-vision-b')],
    ];
    for (const [user, body] of deployments) {
      const response = await as(user).create(body);
      if (response.status !== 201) {
        throw new Error(`${user} could not create: ${response.text}`);
      }
    }
  });

  it.each([
    [
      'the owner',
      "only nlp-team's",
      NINA,
      ['list-nlp-a', 'list-nlp-b', 'list-nlp-c'],
    ],
    [
      'the non-owner',
      "only vision-team's",
      VICTOR,
      ['list-vision-a', 'list-vision-b'],
    ],
    [
      'the admin',
      "every team's",
      ADA,
      [
        'list-nlp-a',
        'list-nlp-b',
        'list-nlp-c',
        'list-vision-a',
        'list-vision-b',
      ],
    ],
  ])(
    'lists for %s %s deployments, on every page',
    async (_who, _whose, user, expected) => {
      expect(names(await as(user).list({ q: 'list-' }))).toEqual(expected);
      expect(await pagedNames(as(user), 'list-')).toEqual(expected);
    },
  );

  it("does not widen the list with a filter for another team's model or owner", async () => {
    const victor = as(VICTOR);
    expect(names(await victor.list({ owner: NLP_TEAM }))).toEqual([]);
    expect(
      names(await victor.list({ model: 'resource:default/bert-sentiment' })),
    ).toEqual([]);
  });

  it("does not reveal that another team's deployment exists: its id is not found", async () => {
    const [theirs] = (await as(VICTOR).list({ q: 'list-vision-a' })).body.items;
    const response = await as(NINA).get(theirs.id);
    expect(response.status).toBe(404);
    expect(response.body.error.message).toBe(
      `No deployment with id '${theirs.id}'`,
    );
  });
});

describe('a model handed over to another team in the catalog', () => {
  /** A backend with a deployment of Nina's of bert-sentiment that runs. */
  async function withRunningDeployment(
    read: 'everyone' | 'owners',
    name: string,
  ) {
    const knex = await sqlite.init('SQLITE_3');
    const backend = await startTestBackendWithCatalog({
      entities: testModels,
      policy: teamPolicy(read),
      ownership,
      knex,
    });
    const created = await apiAs(backend.server, NINA).create(createBody(name));
    expect(created.status).toBe(201);
    const { id } = created.body.deployment;
    await simulateRuntime(knex, id, { status: 'running', ready: 2 });
    return { backend, id: id as string };
  }

  it('moves the right to change its deployments on the next request', async () => {
    const { backend, id } = await withRunningDeployment(
      'everyone',
      'handed-over',
    );
    const nina = apiAs(backend.server, NINA);
    const victor = apiAs(backend.server, VICTOR);
    expect((await victor.act(id, 'scale', { min: 3, max: 12 })).status).toBe(
      403,
    );

    await backend.replaceEntities(modelsAfterHandover, bertOfVisionTeam);

    const refused = await nina.act(id, 'scale', { min: 3, max: 12 });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe(
      forbidden('model-deployment.scale', 'handed-over'),
    );
    expect((await victor.act(id, 'scale', { min: 3, max: 12 })).status).toBe(
      202,
    );
    expect((await nina.get(id)).body.owner).toBe(VISION_TEAM);
  });

  it('shows the new owner in the list on the first request after the handover', async () => {
    const { backend } = await withRunningDeployment(
      'everyone',
      'handed-over-owner',
    );
    const nina = apiAs(backend.server, NINA);

    await backend.replaceEntities(modelsAfterHandover, bertOfVisionTeam);

    const listed = await nina.list({ q: 'handed-over-owner' });
    expect(listed.body.items.map((d: { owner: string }) => d.owner)).toEqual([
      VISION_TEAM,
    ]);
    expect(
      names(await nina.list({ q: 'handed-over-owner', owner: VISION_TEAM })),
    ).toEqual(['handed-over-owner']);
  });

  it('moves the deployments between the lists of the teams', async () => {
    const backend = await startTestBackendWithCatalog({
      entities: testModels,
      policy: teamPolicy('owners'),
      ownership,
    });
    const nina = apiAs(backend.server, NINA);
    const victor = apiAs(backend.server, VICTOR);
    const created = await nina.create(createBody('handed-over-listed'));
    const { id } = created.body.deployment;
    expect(names(await nina.list({ q: 'handed-over' }))).toEqual([
      'handed-over-listed',
    ]);
    expect(names(await victor.list({ q: 'handed-over' }))).toEqual([]);

    await backend.replaceEntities(modelsAfterHandover, bertOfVisionTeam);

    expect(names(await nina.list({ q: 'handed-over' }))).toEqual([]);
    expect(names(await victor.list({ q: 'handed-over' }))).toEqual([
      'handed-over-listed',
    ]);
    expect((await nina.get(id)).status).toBe(404);
    const read = await victor.get(id);
    expect(read.status).toBe(200);
    expect(read.body.owner).toBe(VISION_TEAM);
  });
});
