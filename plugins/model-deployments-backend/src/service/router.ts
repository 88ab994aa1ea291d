import type {
  AuditorService,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import type { Request, Response } from 'express';
import express from 'express';
import { z } from 'zod/v3';
import {
  createDeploymentRequestSchema,
  deleteDeploymentQuerySchema,
  editDeploymentRequestSchema,
  listDeploymentsQuerySchema,
  parseWithIssues,
  promoteDeploymentRequestSchema,
  rollbackDeploymentRequestSchema,
  scaleDeploymentRequestSchema,
  startDeploymentRequestSchema,
  stopDeploymentRequestSchema,
  updateModelRequestSchema,
  approveRequestSchema,
  listApprovalsQuerySchema,
  rejectRequestSchema,
  withdrawRequestSchema,
  listAlertsQuerySchema,
  logsQuerySchema,
  metricsQuerySchema,
  LIST_PAGE_SIZE_DEFAULT,
  LIST_PAGE_SIZE_MAX,
  type ModelDeployment,
} from '@modelops/plugin-model-deployments-common';
import { createOpenApiRouter } from '../schema/openapi';
import type { DeploymentService, RequestContext } from './DeploymentService';
import type { ApprovalService } from '../approvals/ApprovalService';
import type { MonitoringService } from '../monitoring/MonitoringService';
import { ConcurrentChangeError, FieldValidationError } from './errors';
import { principalName } from '../principal';

/** Validates with a common schema; a failure is a 400 that names each field and rule. */
function parse<S extends z.ZodTypeAny>(schema: S, input: unknown): z.output<S> {
  const result = parseWithIssues(schema, input);
  if (!result.success) {
    throw new FieldValidationError(result.issues);
  }
  return result.data;
}

const dryRunQuery = z
  .object({ dryRun: z.enum(['true', 'false']).optional() })
  .passthrough();
const eventsQuery = z
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

/** How often a change is decided again when the deployment changed under it. */
const CONCURRENT_CHANGE_ATTEMPTS = 3;

/**
 * Runs a change again, from reading the deployment on, when the deployment changed between that read
 * and the write (usually the runtime recording an observation): a client that sent no `If-Match` asked
 * for the change on the deployment as it is, so it is validated and decided again on the new state.
 */
async function decidedOnCurrentState<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (
        !(error instanceof ConcurrentChangeError) ||
        attempt === CONCURRENT_CHANGE_ATTEMPTS
      ) {
        throw error;
      }
    }
  }
}

/** `If-Match: "3"` (or W/"3", or 3) is version 3; `*` and no header put no condition. */
function parseIfMatch(header: string | undefined): number | undefined {
  if (!header || header.trim() === '*') {
    return undefined;
  }
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
  if (!match) {
    throw FieldValidationError.of(
      'If-Match',
      'must be the ETag of the deployment, e.g. "3"',
    );
  }
  return Number(match[1]);
}

function sendDeployment(res: Response, deployment: ModelDeployment) {
  res.setHeader('ETag', `"${deployment.version}"`);
  // 202 while an operation carries the change out or it waits for an approver; 200 when it is complete.
  res
    .status(deployment.operation || deployment.pendingApproval ? 202 : 200)
    .json(deployment);
}

/**
 * The REST API, on the router generated from `src/schema/openapi.yaml` (which also serves the spec at
 * `/openapi.json`). Bodies and queries are validated by the common zod schemas, from which the OpenAPI
 * request schemas are generated, so every 400 has the same shape. The handlers are typed by the common
 * types rather than the generated models, which lose `null` in OpenAPI 3.1 type arrays; tests turn on
 * response validation instead, so every response is checked against the spec.
 */
export async function createRouter(options: {
  service: DeploymentService;
  approvals: ApprovalService;
  monitoring: MonitoringService;
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  validateResponses?: boolean;
}): Promise<express.Router> {
  const { service, approvals, monitoring, httpAuth, auditor } = options;
  const router: express.Router = await createOpenApiRouter({
    validatorOptions: {
      validateRequests: false,
      validateResponses: options.validateResponses ?? false,
    },
    // Parsed before any validation: an edit is a JSON merge patch (RFC 7396), not application/json.
    middleware: [
      express.json({
        type: ['application/json', 'application/merge-patch+json'],
      }),
    ],
  });

  /**
   * Changes are made by users, directly or through a plugin acting on their behalf (the template's
   * action): a service's own credentials would be allowed by any policy, whoever owns the model.
   */
  async function context(req: Request): Promise<RequestContext> {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    return {
      credentials,
      actor: principalName(credentials),
      ifMatch: parseIfMatch(req.header('If-Match')),
      dryRun: parse(dryRunQuery, req.query).dryRun === 'true',
    };
  }

  /** Runs a change and records it with the auditor, whether it succeeds or is refused. */
  async function audited<T>(
    req: Request,
    action: string,
    run: () => Promise<T>,
    subject: 'deployment' | 'approval' = 'deployment',
  ): Promise<T> {
    const event = await auditor.createEvent({
      eventId:
        subject === 'deployment' ? 'deployment-change' : 'approval-decision',
      severityLevel: action === 'delete' ? 'high' : 'medium',
      request: req,
      meta: {
        action,
        [subject === 'deployment' ? 'deploymentId' : 'approvalId']:
          req.params.id ?? null,
      },
    });
    try {
      const result = await decidedOnCurrentState(run);
      await event.success();
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  router.get('/deployments', async (req, res) => {
    const query = parse(listDeploymentsQuerySchema, req.query);
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(await service.list(query, credentials));
  });

  router.post('/deployments', async (req, res) => {
    const ctx = await context(req);
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
    const { response, created } = await audited(req, 'create', () =>
      service.create(body, { ...ctx, idempotencyKey }),
    );
    if (!response.dryRun) {
      res.setHeader('ETag', `"${response.deployment.version}"`);
    }
    res.status(created ? 201 : 200).json(response);
  });

  router.get('/deployments/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const deployment = await service.get(req.params.id, credentials);
    res.setHeader('ETag', `"${deployment.version}"`);
    res.json(deployment);
  });

  router.patch('/deployments/:id', async (req, res) => {
    const ctx = await context(req);
    const patch = parse(editDeploymentRequestSchema, req.body);
    const response = await audited(req, 'edit', () =>
      service.edit(req.params.id, patch, ctx),
    );
    if (!response.dryRun) {
      res.setHeader('ETag', `"${response.deployment.version}"`);
    }
    res.json(response);
  });

  router.delete('/deployments/:id', async (req, res) => {
    const ctx = await context(req);
    const query = parse(deleteDeploymentQuerySchema, {
      confirm: req.query.confirm,
    });
    sendDeployment(
      res,
      await audited(req, 'delete', () =>
        service.delete(req.params.id, query, ctx),
      ),
    );
  });

  router.post('/deployments/:id/scale', async (req, res) => {
    const ctx = await context(req);
    const body = parse(scaleDeploymentRequestSchema, req.body);
    sendDeployment(
      res,
      await audited(req, 'scale', () =>
        service.scale(req.params.id, body, ctx),
      ),
    );
  });

  router.post('/deployments/:id/stop', async (req, res) => {
    const ctx = await context(req);
    const body = parse(stopDeploymentRequestSchema, req.body ?? {});
    sendDeployment(
      res,
      await audited(req, 'stop', () => service.stop(req.params.id, body, ctx)),
    );
  });

  router.post('/deployments/:id/start', async (req, res) => {
    const ctx = await context(req);
    parse(startDeploymentRequestSchema, req.body ?? {});
    sendDeployment(
      res,
      await audited(req, 'start', () => service.start(req.params.id, ctx)),
    );
  });

  router.post('/deployments/:id/update-model', async (req, res) => {
    const ctx = await context(req);
    const body = parse(updateModelRequestSchema, req.body);
    sendDeployment(
      res,
      await audited(req, 'update-model', () =>
        service.updateModel(req.params.id, body, ctx),
      ),
    );
  });

  router.post('/deployments/:id/promote', async (req, res) => {
    const ctx = await context(req);
    parse(promoteDeploymentRequestSchema, req.body ?? {});
    sendDeployment(
      res,
      await audited(req, 'promote', () => service.promote(req.params.id, ctx)),
    );
  });

  router.post('/deployments/:id/rollback', async (req, res) => {
    const ctx = await context(req);
    const body = parse(rollbackDeploymentRequestSchema, req.body);
    sendDeployment(
      res,
      await audited(req, 'rollback', () =>
        service.rollback(req.params.id, body, ctx),
      ),
    );
  });

  router.get('/deployments/:id/revisions', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json({
      items: await service.listRevisions(req.params.id, credentials),
    });
  });

  router.get('/deployments/:id/events', async (req, res) => {
    const query = parse(eventsQuery, req.query);
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(await service.listEvents(req.params.id, query, credentials));
  });

  router.get('/deployments/:id/metrics', async (req, res) => {
    const query = parse(metricsQuerySchema, req.query);
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const metrics = await monitoring.metrics(req.params.id, query, credentials);
    // Compact even in development, where Backstage indents JSON: an answer is thousands of points,
    // and indenting one number per line made it four times larger and slower to send.
    res.type('json').send(JSON.stringify(metrics));
  });

  router.get('/deployments/:id/instances', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(await monitoring.instances(req.params.id, credentials));
  });

  router.get('/deployments/:id/instances/:instance/logs', async (req, res) => {
    // First of all: a client that goes away while the request is checked must still end the stream.
    const closed = new AbortController();
    res.on('close', () => closed.abort());
    const query = parse(logsQuerySchema, req.query);
    // Logs may hold request payloads: read by users, under their permission, and audited.
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const event = await auditor.createEvent({
      eventId: 'deployment-logs-read',
      severityLevel: 'low',
      request: req,
      meta: { deploymentId: req.params.id, instance: req.params.instance },
    });
    try {
      await monitoring.streamLogs(
        req.params.id,
        req.params.instance,
        query,
        credentials,
        {
          out: res,
          signal: closed.signal,
          onOpen: () => {
            res.setHeader('Content-Type', 'text/plain; charset=utf-8');
            // no-transform: the compression middleware would hold followed lines back.
            res.setHeader('Cache-Control', 'no-store, no-transform');
            res.setHeader('X-Content-Type-Options', 'nosniff');
            // A followed log may be quiet for a while: the client learns at once that it is open.
            res.flushHeaders();
          },
        },
      );
      await event.success();
    } catch (error) {
      await event.fail({ error: error as Error });
      if (!res.headersSent) {
        throw error;
      }
      // Cut, not ended: a log broken off half-way must not read as a complete one.
      res.destroy(error as Error);
      return;
    }
    res.end();
  });

  router.get('/deployments/:id/alerts', async (req, res) => {
    const query = parse(listAlertsQuerySchema, req.query);
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(await monitoring.alerts(req.params.id, query, credentials));
  });

  router.get('/models/:kind/:namespace/:name/versions', async (req, res) => {
    const { kind, namespace, name } = req.params;
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json({
      items: await service.listModelVersions(
        `${kind}:${namespace}/${name}`,
        credentials,
      ),
    });
  });

  router.get('/approvals', async (req, res) => {
    const query = parse(listApprovalsQuerySchema, req.query);
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(await approvals.list(query, credentials));
  });

  router.get('/approvals/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(await approvals.get(req.params.id, credentials));
  });

  router.post('/approvals/:id/approve', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const body = parse(approveRequestSchema, req.body ?? {});
    res.json(
      await audited(
        req,
        'approve',
        () => approvals.approve(req.params.id, body, credentials),
        'approval',
      ),
    );
  });

  router.post('/approvals/:id/reject', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const body = parse(rejectRequestSchema, req.body ?? {});
    res.json(
      await audited(
        req,
        'reject',
        () => approvals.reject(req.params.id, body, credentials),
        'approval',
      ),
    );
  });

  router.post('/approvals/:id/withdraw', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const body = parse(withdrawRequestSchema, req.body ?? {});
    res.json(
      await audited(
        req,
        'withdraw',
        () => approvals.withdraw(req.params.id, body, credentials),
        'approval',
      ),
    );
  });

  return router;
}
