import type {
  AuditorService,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { z } from 'zod/v3';
import {
  createDeploymentRequestSchema,
  deleteDeploymentQuerySchema,
  editDeploymentRequestSchema,
  listDeploymentsQuerySchema,
  promoteDeploymentRequestSchema,
  rollbackDeploymentRequestSchema,
  scaleDeploymentRequestSchema,
  startDeploymentRequestSchema,
  stopDeploymentRequestSchema,
  updateModelRequestSchema,
  LIST_PAGE_SIZE_DEFAULT,
  LIST_PAGE_SIZE_MAX,
  type ModelDeployment,
} from '@modelops/plugin-model-deployments-common';
import type { RequestContext } from '../deployments/RequestContext';
import { FieldValidationError } from '../lib/errors';
import type { DeploymentQueries } from '../service/DeploymentQueries';
import type { DeploymentService } from '../service/DeploymentService';
import type { Router } from 'express';
import {
  audited,
  changeContext,
  parse,
  readerCredentials,
  sendDeployment,
} from './requests';

/** A page of a deployment's revisions or history, newest first. */
const pageQuery = z
  .object({
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(LIST_PAGE_SIZE_MAX)
      .default(LIST_PAGE_SIZE_DEFAULT),
    cursor: z.string().optional(),
  })
  .strict();

/** The deployments, their actions, revisions and history, and the versions of a model. */
export function addDeploymentRoutes(
  router: Router,
  deps: {
    commands: DeploymentService;
    queries: DeploymentQueries;
    httpAuth: HttpAuthService;
    auditor: AuditorService;
  },
): void {
  const { commands, queries, httpAuth, auditor } = deps;

  router.get('/deployments', async (req, res) => {
    const query = parse(listDeploymentsQuerySchema, req.query);
    const credentials = await readerCredentials(httpAuth, req);
    res.json(await queries.list(query, credentials));
  });

  router.post('/deployments', async (req, res) => {
    const ctx = await changeContext(httpAuth, req);
    const body = parse(createDeploymentRequestSchema, req.body);
    const idempotencyKey = req.header('Idempotency-Key');
    if (
      idempotencyKey !== undefined &&
      (idempotencyKey.length === 0 || idempotencyKey.length > 255)
    ) {
      throw FieldValidationError.of(
        'Idempotency-Key',
        'must be 1 to 255 characters',
      );
    }
    const { response, created } = await audited(auditor, req, 'create', () =>
      commands.create(body, { ...ctx, idempotencyKey }),
    );
    if (!response.dryRun) {
      res.setHeader('ETag', `"${response.deployment.version}"`);
    }
    res.status(created ? 201 : 200).json(response);
  });

  router.get('/deployments/:id', async (req, res) => {
    const credentials = await readerCredentials(httpAuth, req);
    const deployment = await queries.get(req.params.id, credentials);
    res.setHeader('ETag', `"${deployment.version}"`);
    res.json(deployment);
  });

  router.patch('/deployments/:id', async (req, res) => {
    const ctx = await changeContext(httpAuth, req);
    const patch = parse(editDeploymentRequestSchema, req.body);
    const response = await audited(auditor, req, 'edit', () =>
      commands.edit(req.params.id, patch, ctx),
    );
    if (!response.dryRun) {
      res.setHeader('ETag', `"${response.deployment.version}"`);
    }
    res.json(response);
  });

  router.delete('/deployments/:id', async (req, res) => {
    const ctx = await changeContext(httpAuth, req);
    const query = parse(deleteDeploymentQuerySchema, {
      confirm: req.query.confirm,
    });
    sendDeployment(
      res,
      await audited(auditor, req, 'delete', () =>
        commands.delete(req.params.id, query, ctx),
      ),
    );
  });

  /** An action on one deployment: its body checked by the common schema, the deployment as the answer. */
  function addAction<S extends z.ZodTypeAny>(
    action:
      | 'scale'
      | 'stop'
      | 'start'
      | 'update-model'
      | 'promote'
      | 'rollback',
    schema: S,
    run: (
      id: string,
      body: z.output<S>,
      ctx: RequestContext,
    ) => Promise<ModelDeployment>,
  ) {
    router.post(`/deployments/:id/${action}`, async (req, res) => {
      const ctx = await changeContext(httpAuth, req);
      const body = parse(schema, req.body ?? {});
      sendDeployment(
        res,
        await audited(auditor, req, action, () =>
          run(req.params.id, body, ctx),
        ),
      );
    });
  }
  addAction('scale', scaleDeploymentRequestSchema, (id, body, ctx) =>
    commands.scale(id, body, ctx),
  );
  addAction('stop', stopDeploymentRequestSchema, (id, body, ctx) =>
    commands.stop(id, body, ctx),
  );
  addAction('start', startDeploymentRequestSchema, (id, _body, ctx) =>
    commands.start(id, ctx),
  );
  addAction('update-model', updateModelRequestSchema, (id, body, ctx) =>
    commands.updateModel(id, body, ctx),
  );
  addAction('promote', promoteDeploymentRequestSchema, (id, _body, ctx) =>
    commands.promote(id, ctx),
  );
  addAction('rollback', rollbackDeploymentRequestSchema, (id, body, ctx) =>
    commands.rollback(id, body, ctx),
  );

  router.get('/deployments/:id/revisions', async (req, res) => {
    const query = parse(pageQuery, req.query);
    const credentials = await readerCredentials(httpAuth, req);
    res.json(await queries.listRevisions(req.params.id, query, credentials));
  });

  router.get('/deployments/:id/events', async (req, res) => {
    const query = parse(pageQuery, req.query);
    const credentials = await readerCredentials(httpAuth, req);
    res.json(await queries.listEvents(req.params.id, query, credentials));
  });

  router.get('/models/:kind/:namespace/:name/versions', async (req, res) => {
    const { kind, namespace, name } = req.params;
    const credentials = await readerCredentials(httpAuth, req);
    res.json({
      items: await queries.listModelVersions(
        `${kind}:${namespace}/${name}`,
        credentials,
      ),
    });
  });
}
