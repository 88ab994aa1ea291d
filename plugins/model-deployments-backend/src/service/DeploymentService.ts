import { createHash, randomUUID } from 'node:crypto';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  ACTIONS_BY_STATUS,
  PERMISSION_BY_ACTION,
  applySpecPatch,
  deploymentSpecSchema,
  diffSpecs,
  getSpecField,
  isActionAllowed,
  SPEC_FIELD_PATHS,
  waitingApprovalConflict,
  modelDeploymentReadPermission,
  parseWithIssues,
  statusAfterAction,
  strategyConflict,
  withRevisionFields,
  type CreateDeploymentResponse,
  type ApprovalAction,
  type ApprovalRequest,
  type DeploymentAction,
  type DeploymentEvent,
  type DeploymentList,
  type DeploymentOperation,
  type DeploymentRevision,
  type DeploymentSpec,
  type DeploymentSpecPatch,
  type DeploymentStatus,
  type EditDeploymentResponse,
  type EventList,
  type EventOutcome,
  type ModelDeployment,
  type ParsedCreateDeploymentRequest,
  type ParsedListDeploymentsQuery,
  type DeploymentAlert,
} from '@modelops/plugin-model-deployments-common';
import type { ModelVersion } from '@modelops/plugin-model-deployments-node';
import type { AlertStore } from '../database/AlertStore';
import type { DeploymentStore } from '../database/DeploymentStore';
import type { ApprovalRecord, DeploymentRecord } from '../database/rows';
import type { ModelCatalog } from '../catalog/ModelCatalog';
import type { ModelOwnership } from '../catalog/ModelOwnership';
import type { DeploymentAuthorizer } from '../permissions/DeploymentAuthorizer';
import type { DeploymentPermissionResource } from '../permissions/rules';
import type { ApprovalPolicy } from '../approvals/ApprovalPolicy';
import type { ApprovalPresenter } from '../approvals/ApprovalPresenter';
import type { ApprovalNotifier } from '../approvals/ApprovalNotifier';
import type { DeploymentChanges } from '../events/DeploymentChanges';
import { principalName } from '../principal';
import {
  ConcurrentChangeError,
  FieldValidationError,
  PreconditionFailedError,
  StatusConflictError,
} from './errors';
import { decodeCursor, encodeCursor } from './cursor';

/** Who asks, and how: every write carries it. */
export type RequestContext = {
  credentials: BackstageCredentials;
  /** The user (or service) entity reference recorded as the actor. */
  actor: string;
  /** The version the client last read (`If-Match`), if it sent one. */
  ifMatch?: number;
  dryRun?: boolean;
  /**
   * Set when an approver's decision carries out a change that waited: `actor` is then the requester,
   * whose change it is, and `credentials` the approver's, who was authorized to approve it.
   */
  approval?: { request: ApprovalRecord; approver: string; comment?: string };
};

/** What a change does to a deployment: computed first, then written in one transaction. */
type ChangePlan = {
  spec?: DeploymentSpec;
  status: DeploymentStatus;
  /** A new revision, when the change alters what runs. */
  revision?: { spec: DeploymentSpec; reason: string };
  /** The operation that brings the cluster to the change; none when nothing runs to change. */
  operation?: {
    parameters: Record<string, unknown>;
    step: string;
    /** The revision it brings about when the change makes none (an approved creation's first). */
    targetRevision?: number;
  };
  /** Why the operations queued or under way end: a rollback or a delete supersedes them. */
  supersedes?: string;
  /** The update under way that a user asked to finish now. */
  promotes?: DeploymentOperation;
  deleted?: boolean;
  event: {
    outcome: EventOutcome;
    message: string;
    changes: DeploymentEvent['changes'];
  };
};

const STATUSES_WITH_RUNNING_OBJECTS: readonly DeploymentStatus[] = [
  'running',
  'degraded',
  'failed',
];

const DELETE_MESSAGE =
  'Delete: instances shut down, the endpoint and the configuration are removed';

const DECISION_ACTION = {
  rejected: 'reject',
  withdrawn: 'withdraw',
  expired: 'expire',
} as const;

/** A creation's operation: everything in the spec is new. */
function createOperation(deploymentId: string, requestedBy: string, now: Date) {
  return {
    id: randomUUID(),
    deploymentId,
    type: 'create' as const,
    step: 'queued',
    targetRevision: 1,
    parameters: {},
    requestedBy,
    now,
  };
}

/** A new deployment as an approver reads it: every field, from nothing. */
function specFields(spec: DeploymentSpec): DeploymentEvent['changes'] {
  return SPEC_FIELD_PATHS.map(field => ({
    field,
    before: null,
    after: getSpecField(spec, field),
  })).filter(change => change.after !== undefined);
}

function requestHash(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' || /UNIQUE constraint failed/.test(e?.message ?? '')
  );
}

/**
 * The deployments domain: validates each request against the rules of the common package and the
 * current state, and records the change, its revision, its operation and its event in one transaction.
 * The runtime picks the operations up; until it has observed something, nothing here claims instances.
 */
export class DeploymentService {
  constructor(
    private readonly store: DeploymentStore,
    private readonly models: ModelCatalog,
    private readonly authorizer: DeploymentAuthorizer,
    private readonly ownership: ModelOwnership,
    private readonly approvals: {
      policy: ApprovalPolicy;
      presenter: ApprovalPresenter;
      notifier: ApprovalNotifier;
    },
    private readonly changes: DeploymentChanges,
    private readonly alerts: AlertStore,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async list(
    query: ParsedListDeploymentsQuery,
    credentials: BackstageCredentials,
  ): Promise<DeploymentList> {
    const permissionFilter = await this.authorizer.filter(
      credentials,
      modelDeploymentReadPermission,
    );
    const { owner, cursor, ...filters } = query;
    const page = await this.store.listDeployments({
      ...filters,
      // Owned now, in the catalog: a model that moved to another team is found under that team at once.
      ownedModelRefs: owner?.length
        ? await this.ownership.modelsOf('owner', owner)
        : undefined,
      cursor: cursor ? decodeCursor(cursor) : undefined,
      permissionFilter,
    });
    return {
      items: await this.presentAll(page.items, credentials),
      ...(page.next ? { nextCursor: encodeCursor(page.next) } : {}),
    };
  }

  async get(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<ModelDeployment> {
    const { record, resource } = await this.readable(id, credentials);
    const [deployment] = await this.presentAll([record], credentials, [
      resource,
    ]);
    return deployment;
  }

  async listRevisions(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<DeploymentRevision[]> {
    await this.readable(id, credentials);
    return this.store.listRevisions(id);
  }

  async listEvents(
    id: string,
    options: { limit: number; cursor?: string },
    credentials: BackstageCredentials,
  ): Promise<EventList> {
    await this.readable(id, credentials);
    const before = options.cursor
      ? Number(decodeCursor(options.cursor).id)
      : undefined;
    const page = await this.store.listEvents(id, {
      limit: options.limit,
      before,
    });
    return {
      items: page.items,
      ...(page.next !== undefined
        ? { nextCursor: encodeCursor({ name: '', id: String(page.next) }) }
        : {}),
    };
  }

  /** The versions of a model that can be deployed, newest first. */
  async listModelVersions(
    modelRef: string,
    credentials: BackstageCredentials,
  ): Promise<ModelVersion[]> {
    const model = await this.models.lookup(modelRef, credentials);
    if (!model) {
      throw new NotFoundError(`There is no model ${modelRef} in the catalog`);
    }
    return this.models.listVersions(model);
  }

  async create(
    request: ParsedCreateDeploymentRequest,
    ctx: RequestContext & { idempotencyKey?: string },
  ): Promise<{ response: CreateDeploymentResponse; created: boolean }> {
    const hash = requestHash(request);
    if (ctx.idempotencyKey) {
      const replay = await this.replay(
        ctx.actor,
        ctx.idempotencyKey,
        hash,
        ctx.credentials,
      );
      if (replay) {
        return {
          response: { deployment: replay, dryRun: false },
          created: false,
        };
      }
    }

    const model = await this.models.resolve(request, ctx.credentials);
    await this.models.assertVersionExists(
      model,
      request.modelVersion,
      'modelVersion',
    );
    const parsed = parseWithIssues(deploymentSpecSchema, {
      ...request,
      modelRef: model.ref,
      modelId: model.modelId,
    });
    if (!parsed.success) {
      throw new FieldValidationError(parsed.issues);
    }
    const spec = parsed.data;
    const [resource] = await this.authorizer.resources([
      { name: spec.name, spec },
    ]);
    await this.authorizer.authorize(
      ctx.credentials,
      PERMISSION_BY_ACTION.create,
      resource,
    );
    await this.assertNameFree(spec.name);
    const awaitsApproval = this.approvals.policy.requiresApproval(
      spec.environment,
      'create',
    );
    const status: DeploymentStatus = awaitsApproval
      ? 'pending-approval'
      : 'deploying';

    const now = this.clock();
    const id = randomUUID();
    const record: DeploymentRecord = {
      id,
      name: spec.name,
      spec,
      owner: model.owner.toLowerCase(),
      status,
      version: 1,
      revision: 1,
      activeRevision: null,
      instancesCurrent: null,
      instancesReady: null,
      conditions: [],
      lastError: null,
      observedAt: null,
      applied: false,
      createdAt: now.toISOString(),
      createdBy: ctx.actor,
      updatedAt: now.toISOString(),
      updatedBy: ctx.actor,
      deletedAt: null,
    };
    if (ctx.dryRun) {
      return {
        response: { deployment: this.present(record), dryRun: true },
        created: false,
      };
    }

    const operation = awaitsApproval
      ? undefined
      : createOperation(id, ctx.actor, now);
    const approval = awaitsApproval
      ? this.newApprovalRequest(
          id,
          'create',
          {},
          specFields(spec),
          ctx.actor,
          now,
        )
      : undefined;
    try {
      await this.store.transaction(async tx => {
        await tx.insertDeployment({
          id,
          spec,
          owner: model.owner,
          status,
          actor: ctx.actor,
          now,
        });
        await tx.insertRevision(
          id,
          1,
          spec,
          `create with ${spec.modelVersion}`,
          ctx.actor,
          now,
        );
        if (operation) {
          await tx.insertOperation(operation);
        }
        if (approval) {
          await tx.insertApprovalRequest(approval);
        }
        await tx.insertEvent({
          deploymentId: id,
          action: 'create',
          outcome: approval ? 'awaiting-approval' : 'accepted',
          actor: ctx.actor,
          at: now,
          message: `Created ${spec.name} with model ${spec.modelId} ${
            spec.modelVersion
          } in ${spec.environment}${
            approval ? '; it waits for an approver before it is deployed' : ''
          }`,
          statusBefore: null,
          statusAfter: status,
          changes: [],
          operationId: operation?.id ?? null,
          revision: 1,
        });
        if (ctx.idempotencyKey) {
          await tx.insertIdempotencyKey(
            ctx.actor,
            ctx.idempotencyKey,
            hash,
            id,
            now,
          );
        }
      });
    } catch (error) {
      if (!isUniqueViolation(error)) {
        throw error;
      }
      // A concurrent retry with the same key won the race, or another deployment took the name.
      const replay = ctx.idempotencyKey
        ? await this.replay(
            ctx.actor,
            ctx.idempotencyKey,
            hash,
            ctx.credentials,
          )
        : undefined;
      if (replay) {
        return {
          response: { deployment: replay, dryRun: false },
          created: false,
        };
      }
      await this.assertNameFree(spec.name);
      throw error;
    }
    const deployment = await this.get(id, ctx.credentials);
    await this.changes.published(record);
    if (deployment.pendingApproval) {
      await this.approvals.notifier.requested(deployment.pendingApproval);
    }
    return { response: { deployment, dryRun: false }, created: true };
  }

  async edit(
    id: string,
    patch: DeploymentSpecPatch,
    ctx: RequestContext,
  ): Promise<EditDeploymentResponse> {
    const current = await this.loadForAction(id, 'edit', ctx);
    const merged = parseWithIssues(
      deploymentSpecSchema,
      applySpecPatch(current.spec, patch),
    );
    if (!merged.success) {
      throw new FieldValidationError(merged.issues);
    }
    const diff = diffSpecs(current.spec, merged.data);
    if (diff.immutable.length) {
      throw new FieldValidationError(
        diff.immutable.map(change => ({
          field: change.field,
          message: `cannot be changed: ${change.reason}`,
        })),
      );
    }
    const effects = [...new Set(diff.changes.map(c => c.effect))];
    const hasObjectsToChange =
      current.applied && STATUSES_WITH_RUNNING_OBJECTS.includes(current.status);
    const needsOperation =
      hasObjectsToChange && effects.some(e => e !== 'none');
    const fields = diff.changes.map(c => c.field).join(', ');
    const plan: ChangePlan = {
      spec: merged.data,
      status: statusAfterAction('edit', {
        status: current.status,
        applied: current.applied,
        restartRequired: diff.restartRequired,
      }),
      revision: diff.restartRequired
        ? { spec: merged.data, reason: `edit of ${fields}` }
        : undefined,
      operation: needsOperation
        ? {
            parameters: { fields: diff.changes.map(c => c.field) },
            step: diff.restartRequired
              ? 'queued: rolling update'
              : 'queued: apply in place',
          }
        : undefined,
      event: {
        outcome: needsOperation ? 'accepted' : 'succeeded',
        message: needsOperation
          ? `Edit of ${fields} accepted${
              diff.restartRequired
                ? '; instances will be replaced by a rolling update'
                : ''
            }`
          : `Edited ${fields}`,
        changes: diff.changes.map(({ field, before, after }) => ({
          field,
          before,
          after,
        })),
      },
    };
    const response = {
      changes: diff.changes,
      restartRequired: diff.restartRequired,
      effects,
      dryRun: Boolean(ctx.dryRun),
    };
    if (diff.changes.length === 0) {
      return { ...response, deployment: await this.get(id, ctx.credentials) };
    }
    const deployment = ctx.dryRun
      ? this.preview(current, plan)
      : await this.apply(current, 'edit', plan, ctx);
    return { ...response, deployment };
  }

  async scale(
    id: string,
    request: { replicas?: number; min?: number; max?: number },
    ctx: RequestContext,
  ): Promise<ModelDeployment> {
    const current = await this.loadForAction(id, 'scale', ctx);
    const { replicas: bounds, autoscaling } = current.spec;
    let replicas: DeploymentSpec['replicas'];
    if (request.replicas !== undefined) {
      if (autoscaling.enabled) {
        throw FieldValidationError.of(
          'replicas',
          'auto-scaling is on: give min and max (the auto-scaling bounds) instead',
        );
      }
      if (request.replicas > bounds.max) {
        throw FieldValidationError.of(
          'replicas',
          `must be at most replicas.max (${bounds.max}); raise it with Edit first`,
        );
      }
      replicas = { min: request.replicas, max: bounds.max };
    } else {
      if (!autoscaling.enabled) {
        throw FieldValidationError.of(
          'min',
          'auto-scaling is off: give replicas instead',
        );
      }
      replicas = { min: request.min!, max: request.max! };
    }
    if (replicas.min === bounds.min && replicas.max === bounds.max) {
      return this.get(id, ctx.credentials);
    }
    const spec = { ...current.spec, replicas };
    const describe = (r: DeploymentSpec['replicas']) =>
      autoscaling.enabled
        ? `${r.min}-${r.max} instances`
        : `${r.min} instances`;
    return this.apply(
      current,
      'scale',
      {
        spec,
        status: current.status,
        operation: { parameters: { replicas }, step: 'queued: scale' },
        event: {
          outcome: 'accepted',
          message: `Scale from ${describe(bounds)} to ${describe(replicas)}`,
          changes: [
            { field: 'replicas.min', before: bounds.min, after: replicas.min },
            { field: 'replicas.max', before: bounds.max, after: replicas.max },
          ].filter(c => c.before !== c.after),
        },
      },
      ctx,
    );
  }

  async stop(
    id: string,
    request: { reason?: string },
    ctx: RequestContext,
  ): Promise<ModelDeployment> {
    const current = await this.loadForAction(id, 'stop', ctx);
    return this.apply(
      current,
      'stop',
      {
        status: 'stopping',
        operation: {
          parameters: { reason: request.reason ?? null },
          step: 'queued: stop',
        },
        event: {
          outcome: 'accepted',
          message: `Stop: all instances shut down and the endpoint becomes unavailable${
            request.reason ? ` (${request.reason})` : ''
          }`,
          changes: [],
        },
      },
      ctx,
    );
  }

  async start(id: string, ctx: RequestContext): Promise<ModelDeployment> {
    const current = await this.loadForAction(id, 'start', ctx);
    return this.apply(
      current,
      'start',
      {
        status: 'starting',
        operation: { parameters: {}, step: 'queued: start' },
        event: {
          outcome: 'accepted',
          message: 'Start with the previous configuration',
          changes: [],
        },
      },
      ctx,
    );
  }

  async updateModel(
    id: string,
    request: {
      modelVersion: string;
      strategy?: DeploymentSpec['strategy'];
      canary?: unknown;
      blueGreen?: unknown;
    },
    ctx: RequestContext,
  ): Promise<ModelDeployment> {
    const current = await this.loadForAction(id, 'update-model', ctx);
    if (request.modelVersion === current.spec.modelVersion) {
      throw FieldValidationError.of(
        'modelVersion',
        `'${request.modelVersion}' is the version this deployment already serves`,
      );
    }
    const model = await this.models.resolve(
      { modelRef: current.spec.modelRef },
      ctx.credentials,
    );
    await this.models.assertVersionExists(
      model,
      request.modelVersion,
      'modelVersion',
    );
    const strategy = request.strategy ?? current.spec.strategy;
    const conflict = strategyConflict(strategy, {
      surgeDuringUpdates: current.spec.surgeDuringUpdates,
      autoscalingEnabled: current.spec.autoscaling.enabled,
      minReplicas: current.spec.replicas.min,
    });
    if (conflict) {
      throw FieldValidationError.of('strategy', conflict);
    }
    const spec = { ...current.spec, modelVersion: request.modelVersion };
    const modelVersionChange = {
      field: 'modelVersion',
      before: current.spec.modelVersion,
      after: request.modelVersion,
    };
    const message = `Update model from ${current.spec.modelVersion} to ${request.modelVersion} with a ${strategy} update`;
    if (this.awaitsApproval(current, 'update-model', ctx)) {
      return this.requestApproval(
        current,
        'update-model',
        { ...request, strategy },
        [modelVersionChange],
        message,
        ctx,
      );
    }
    return this.apply(
      current,
      'update-model',
      {
        spec,
        status: 'updating',
        revision: {
          spec,
          reason: `update-model to ${request.modelVersion} (${strategy})`,
        },
        operation: {
          parameters: {
            strategy,
            ...(request.canary ? { canary: request.canary } : {}),
            ...(request.blueGreen ? { blueGreen: request.blueGreen } : {}),
          },
          step: `queued: ${strategy} update`,
        },
        event: {
          outcome: 'accepted',
          message,
          changes: [modelVersionChange],
        },
      },
      ctx,
    );
  }

  /** Finishes a canary or blue-green update now: the remaining steps, or the rollback window, are skipped. */
  async promote(id: string, ctx: RequestContext): Promise<ModelDeployment> {
    const current = await this.loadForAction(id, 'promote', ctx);
    const [operation] =
      (await this.store.getActiveOperations([id])).get(id) ?? [];
    const strategy = operation?.parameters.strategy;
    if (
      operation?.type !== 'update-model' ||
      (strategy !== 'canary' && strategy !== 'blue-green')
    ) {
      throw new StatusConflictError(
        `Cannot promote deployment '${current.name}': ${
          operation?.type === 'update-model'
            ? `a ${strategy} update has no steps to skip`
            : 'no canary or blue-green update is under way'
        }`,
        current.status,
      );
    }
    const from = operation.progress?.fromRevision ?? current.activeRevision;
    return this.apply(
      current,
      'promote',
      {
        status: current.status,
        promotes: operation,
        event: {
          outcome: 'accepted',
          message:
            strategy === 'canary'
              ? `Promote revision ${current.revision}: skip the remaining canary steps`
              : `Promote revision ${current.revision}: end the rollback window and retire revision ${from}`,
          changes: [],
        },
      },
      ctx,
    );
  }

  async rollback(
    id: string,
    request: { revision: number },
    ctx: RequestContext,
  ): Promise<ModelDeployment> {
    const current = await this.loadForAction(id, 'rollback', ctx);
    if (request.revision === current.revision) {
      throw FieldValidationError.of(
        'revision',
        `${request.revision} is the current revision`,
      );
    }
    const target = await this.store.getRevision(id, request.revision);
    if (!target) {
      throw FieldValidationError.of(
        'revision',
        `there is no revision ${request.revision} (revisions are 1 to ${current.revision})`,
      );
    }
    const spec = withRevisionFields(current.spec, target.spec);
    const diff = diffSpecs(current.spec, spec);
    return this.apply(
      current,
      'rollback',
      {
        spec,
        status: 'rolling-back',
        revision: { spec, reason: `rollback to revision ${request.revision}` },
        operation: {
          parameters: { toRevision: request.revision },
          step: 'queued: rollback',
        },
        supersedes: `superseded by a rollback to revision ${request.revision}`,
        event: {
          outcome: 'accepted',
          message: `Roll back to revision ${request.revision} (${target.modelVersion})`,
          changes: [
            ...(spec.modelVersion !== current.spec.modelVersion
              ? [
                  {
                    field: 'modelVersion',
                    before: current.spec.modelVersion,
                    after: spec.modelVersion,
                  },
                ]
              : []),
            ...diff.changes.map(({ field, before, after }) => ({
              field,
              before,
              after,
            })),
          ],
        },
      },
      ctx,
    );
  }

  async delete(
    id: string,
    request: { confirm: string },
    ctx: RequestContext,
  ): Promise<ModelDeployment> {
    const current = await this.loadForAction(id, 'delete', ctx);
    if (request.confirm !== current.name) {
      throw FieldValidationError.of(
        'confirm',
        `must equal the deployment's name '${current.name}'`,
      );
    }
    const status = statusAfterAction('delete', {
      status: current.status,
      applied: current.applied,
    });
    // Removing what never ran needs nobody's approval: a waiting creation is withdrawn this way.
    if (status !== 'deleted' && this.awaitsApproval(current, 'delete', ctx)) {
      return this.requestApproval(
        current,
        'delete',
        {},
        [],
        DELETE_MESSAGE,
        ctx,
      );
    }
    return this.apply(
      current,
      'delete',
      status === 'deleted'
        ? {
            status,
            deleted: true,
            supersedes:
              'the deployment was deleted before anything was applied',
            event: {
              outcome: 'succeeded',
              message: 'Deleted; nothing had been applied to a cluster',
              changes: [],
            },
          }
        : {
            status,
            operation: { parameters: {}, step: 'queued: delete' },
            supersedes: 'superseded by delete',
            event: {
              outcome: 'accepted',
              message: DELETE_MESSAGE,
              changes: [],
            },
          },
      ctx,
    );
  }

  /** Loads a deployment for an action, checking permission, version and status, in that order. */
  private async loadForAction(
    id: string,
    action: Exclude<DeploymentAction, 'create'>,
    ctx: RequestContext,
  ): Promise<DeploymentRecord> {
    const { record, resource } = await this.readable(id, ctx.credentials);
    // An approved change was authorized when it was asked for, and its approver when approving.
    if (!ctx.approval) {
      await this.authorizer.authorize(
        ctx.credentials,
        PERMISSION_BY_ACTION[action],
        resource,
      );
    }
    if (ctx.ifMatch !== undefined && ctx.ifMatch !== record.version) {
      throw new PreconditionFailedError(
        `Deployment '${record.name}' is at version ${record.version}, not ${ctx.ifMatch}: reload it and try again`,
      );
    }
    if (!isActionAllowed(record.status, action)) {
      const allowed = ACTIONS_BY_STATUS[record.status];
      const allowedNow = allowed.length
        ? ` (allowed now: ${allowed.join(', ')})`
        : '';
      throw new StatusConflictError(
        `Cannot ${action} deployment '${record.name}' while it is ${record.status}${allowedNow}`,
        record.status,
      );
    }
    const [activeOperation] =
      (await this.store.getActiveOperations([id])).get(id) ?? [];
    // Delete and rollback supersede what is under way, promote acts on it; anything else waits for it.
    if (
      activeOperation &&
      action !== 'delete' &&
      action !== 'rollback' &&
      action !== 'promote'
    ) {
      const step = activeOperation.step ? ` (${activeOperation.step})` : '';
      throw new StatusConflictError(
        `Cannot ${action} deployment '${record.name}': ${activeOperation.type} is ${activeOperation.status}${step}`,
        record.status,
      );
    }
    if (!ctx.approval) {
      const [pendingApproval] = (
        await this.store.getPendingApprovals([id])
      ).values();
      const waiting = waitingApprovalConflict(
        { status: record.status, pendingApproval },
        action,
      );
      if (waiting) {
        throw new ConflictError(
          `Cannot ${action} deployment '${record.name}': ${waiting}`,
        );
      }
    }
    return record;
  }

  /**
   * The deployment, if the user may read it, with what permission rules see of it. When the catalog
   * names another owner than the one recorded, the record follows the catalog.
   */
  async readable(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<{
    record: DeploymentRecord;
    resource: DeploymentPermissionResource;
  }> {
    const stored = await this.store.getDeployment(id);
    if (!stored) {
      throw new NotFoundError(`No deployment with id '${id}'`);
    }
    const [resource] = await this.authorizer.resources([stored]);
    // A deployment the user may not read is one that does not exist: ids are not to be probed.
    if (
      !(await this.authorizer.isAllowed(
        credentials,
        modelDeploymentReadPermission,
        resource,
      ))
    ) {
      throw new NotFoundError(`No deployment with id '${id}'`);
    }
    const record =
      resource.owner && resource.owner !== stored.owner && !stored.deletedAt
        ? await this.recordOwner(stored, resource.owner)
        : stored;
    return { record, resource };
  }

  private async recordOwner(
    record: DeploymentRecord,
    owner: string,
  ): Promise<DeploymentRecord> {
    const changed = await this.store.updateOwners(
      new Map([[record.spec.modelRef.toLowerCase(), owner]]),
    );
    for (const deployment of changed) {
      await this.changes.published(deployment);
    }
    return { ...record, owner };
  }

  private async assertNameFree(name: string): Promise<void> {
    const existing = await this.store.findLiveDeploymentByName(name);
    if (existing) {
      throw new ConflictError(
        `name: a deployment named '${name}' already exists (id ${existing.id}, ${existing.spec.environment})`,
      );
    }
  }

  /** The deployment an earlier request with the same idempotency key created, if any. */
  private async replay(
    actor: string,
    key: string,
    hash: string,
    credentials: BackstageCredentials,
  ): Promise<ModelDeployment | undefined> {
    const previous = await this.store.getIdempotencyKey(actor, key);
    if (!previous) {
      return undefined;
    }
    if (previous.requestHash !== hash) {
      throw new ConflictError(
        `Idempotency-Key '${key}' was already used for a different request; use a new key for a new deployment`,
      );
    }
    return this.get(previous.deploymentId, credentials);
  }

  /** Writes a change in one transaction; the version check makes a concurrent change fail, not vanish. */
  private async apply(
    current: DeploymentRecord,
    action: DeploymentAction,
    plan: ChangePlan,
    ctx: RequestContext,
  ): Promise<ModelDeployment> {
    const now = this.clock();
    const revision = plan.revision ? current.revision + 1 : current.revision;
    const operationId = plan.operation ? randomUUID() : null;
    // A change that replaces what runs, stops it or deletes it ends a waiting request: the approver
    // would decide it against a state that is gone.
    const superseded =
      !ctx.approval &&
      (plan.revision || action === 'stop' || action === 'delete')
        ? (await this.store.getPendingApprovals([current.id])).get(current.id)
        : undefined;
    const supersession = superseded && {
      status: 'withdrawn' as const,
      decidedBy: ctx.actor,
      reason:
        action === 'delete'
          ? 'the deployment was deleted'
          : `superseded by ${action}`,
    };
    await this.store.transaction(async tx => {
      const updated = await tx.updateDeployment(current.id, current.version, {
        spec: plan.spec,
        status: plan.status,
        revision,
        deletedAt: plan.deleted ? now : undefined,
        actor: ctx.actor,
        now,
      });
      if (!updated) {
        throw ctx.ifMatch === undefined
          ? new ConcurrentChangeError(current.name)
          : new PreconditionFailedError(
              `Deployment '${current.name}' was changed by someone else meanwhile; reload it and try again`,
            );
      }
      if (ctx.approval) {
        const { request, approver, comment } = ctx.approval;
        const decided = await tx.decideApprovalRequest(
          { id: request.id },
          {
            status: 'approved',
            decidedBy: approver,
            reason: comment ?? null,
            now,
          },
        );
        if (!decided) {
          throw new ConflictError(
            `The request to ${request.action} deployment '${current.name}' was decided meanwhile`,
          );
        }
      }
      if (superseded) {
        await tx.decideApprovalRequest(
          { id: superseded.id },
          { ...supersession!, now },
        );
      }
      if (plan.promotes) {
        await tx.requestPromotion(plan.promotes.id, now);
      }
      if (plan.supersedes) {
        await tx.cancelActiveOperations(current.id, plan.supersedes, now);
      }
      if (plan.revision) {
        await tx.insertRevision(
          current.id,
          revision,
          plan.revision.spec,
          plan.revision.reason,
          ctx.actor,
          now,
        );
      }
      if (plan.operation && operationId) {
        await tx.insertOperation({
          id: operationId,
          deploymentId: current.id,
          type: action,
          step: plan.operation.step,
          targetRevision: plan.revision
            ? revision
            : plan.operation.targetRevision ?? null,
          parameters: plan.operation.parameters,
          requestedBy: ctx.actor,
          now,
        });
      }
      if (ctx.approval) {
        await tx.insertEvent({
          ...this.approvalEvent(current, ctx.approval, now),
          statusAfter: plan.status,
        });
      }
      await tx.insertEvent({
        deploymentId: current.id,
        action,
        outcome: plan.event.outcome,
        actor: ctx.actor,
        at: now,
        message: plan.event.message,
        statusBefore: current.status,
        statusAfter: plan.status,
        changes: plan.event.changes,
        operationId: operationId ?? plan.promotes?.id ?? null,
        revision: plan.revision ? revision : null,
      });
    });
    if (action === 'create' || action === 'edit' || plan.deleted) {
      await this.changes.published({
        ...current,
        deletedAt: plan.deleted ? now.toISOString() : null,
      });
    }
    const deployment = await this.get(current.id, ctx.credentials);
    if (superseded && supersession && superseded.requestedBy !== ctx.actor) {
      const [closed] = await this.approvals.presenter.present(
        [{ ...superseded, ...supersession, decidedAt: now.toISOString() }],
        new Map([[current.id, current]]),
        { credentials: ctx.credentials, actor: ctx.actor },
      );
      await this.approvals.notifier.decided(closed);
    }
    return deployment;
  }

  /** The history's record of an approval, by the approver. */
  private approvalEvent(
    current: DeploymentRecord,
    approval: NonNullable<RequestContext['approval']>,
    now: Date,
  ) {
    const { request, approver, comment } = approval;
    return {
      deploymentId: current.id,
      action: 'approve' as const,
      outcome: 'succeeded' as const,
      actor: approver,
      at: now,
      message: `Approved ${request.action} asked by ${request.requestedBy}${
        comment ? `: ${comment}` : ''
      }`,
      statusBefore: current.status,
      statusAfter: current.status,
      changes: request.changes,
      operationId: null,
      revision: null,
    };
  }

  private awaitsApproval(
    current: DeploymentRecord,
    action: ApprovalAction,
    ctx: RequestContext,
  ): boolean {
    return (
      !ctx.approval &&
      this.approvals.policy.requiresApproval(current.spec.environment, action)
    );
  }

  private newApprovalRequest(
    deploymentId: string,
    action: ApprovalAction,
    parameters: Record<string, unknown>,
    changes: DeploymentEvent['changes'],
    requestedBy: string,
    now: Date,
  ) {
    return {
      id: randomUUID(),
      deploymentId,
      action,
      parameters,
      changes,
      requestedBy,
      requestedAt: now,
      expiresAt: this.approvals.policy.expiresAt(now),
    };
  }

  /** Records a change that waits for an approver; the deployment keeps running what it runs. */
  private async requestApproval(
    current: DeploymentRecord,
    action: Exclude<ApprovalAction, 'create'>,
    parameters: Record<string, unknown>,
    changes: DeploymentEvent['changes'],
    description: string,
    ctx: RequestContext,
  ): Promise<ModelDeployment> {
    const now = this.clock();
    const request = this.newApprovalRequest(
      current.id,
      action,
      parameters,
      changes,
      ctx.actor,
      now,
    );
    try {
      await this.store.transaction(async tx => {
        // The deployment's version moves with what waits on it, so clients that follow it reload.
        await this.touch(tx, current, ctx.actor, now);
        await tx.insertApprovalRequest(request);
        await tx.insertEvent({
          deploymentId: current.id,
          action,
          outcome: 'awaiting-approval',
          actor: ctx.actor,
          at: now,
          message: `${description}; it waits for an approver`,
          statusBefore: current.status,
          statusAfter: current.status,
          changes,
          operationId: null,
          revision: null,
        });
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(
          `Another change of deployment '${current.name}' was asked for meanwhile and waits for approval`,
        );
      }
      throw error;
    }
    const deployment = await this.get(current.id, ctx.credentials);
    if (deployment.pendingApproval) {
      await this.approvals.notifier.requested(deployment.pendingApproval);
    }
    return deployment;
  }

  /**
   * Carries out a change that an approver approved, as the requester's change, and records the
   * approval with it in one transaction. The deployment's state is checked again: it may have moved on.
   */
  async applyApproved(
    request: ApprovalRecord,
    approver: {
      credentials: BackstageCredentials;
      actor: string;
      comment?: string;
    },
  ): Promise<ModelDeployment> {
    const ctx: RequestContext = {
      credentials: approver.credentials,
      actor: request.requestedBy,
      approval: {
        request,
        approver: approver.actor,
        comment: approver.comment,
      },
    };
    const parameters = request.parameters;
    switch (request.action) {
      case 'create':
        return this.startApprovedCreation(request.deploymentId, ctx);
      case 'update-model':
        return this.updateModel(
          request.deploymentId,
          parameters as Parameters<DeploymentService['updateModel']>[1],
          ctx,
        );
      case 'delete': {
        const { record } = await this.readable(
          request.deploymentId,
          approver.credentials,
        );
        return this.delete(request.deploymentId, { confirm: record.name }, ctx);
      }
      default:
        throw new Error(`Unknown approval action ${request.action}`);
    }
  }

  private async startApprovedCreation(
    id: string,
    ctx: RequestContext,
  ): Promise<ModelDeployment> {
    const { record } = await this.readable(id, ctx.credentials);
    if (record.status !== 'pending-approval') {
      throw new StatusConflictError(
        `Deployment '${record.name}' is ${record.status}, not waiting for approval`,
        record.status,
      );
    }
    return this.apply(
      record,
      'create',
      {
        status: 'deploying',
        operation: { parameters: {}, step: 'queued', targetRevision: 1 },
        event: {
          outcome: 'accepted',
          message: `Deploy ${record.spec.modelId} ${
            record.spec.modelVersion
          } in ${record.spec.environment}, approved by ${
            ctx.approval!.approver
          }`,
          changes: [],
        },
      },
      ctx,
    );
  }

  /**
   * Ends a request without carrying it out (rejected, withdrawn or expired). A deployment that waited to
   * be created is removed, so its name is free again; one that runs keeps running as it is.
   */
  async closeApproval(
    request: ApprovalRecord,
    decision: {
      status: 'rejected' | 'withdrawn' | 'expired';
      actor: string;
      reason: string | null;
      message: string;
    },
  ): Promise<void> {
    const current = await this.store.getDeployment(request.deploymentId);
    if (!current) {
      throw new NotFoundError(
        `No deployment with id '${request.deploymentId}'`,
      );
    }
    const removesDeployment =
      request.action === 'create' && current.status === 'pending-approval';
    const now = this.clock();
    await this.store.transaction(async tx => {
      const decided = await tx.decideApprovalRequest(
        { id: request.id },
        {
          status: decision.status,
          decidedBy: decision.actor,
          reason: decision.reason,
          now,
        },
      );
      if (!decided) {
        throw new ConflictError(
          `The request to ${request.action} deployment '${current.name}' was decided meanwhile`,
        );
      }
      if (removesDeployment) {
        const updated = await tx.updateDeployment(current.id, current.version, {
          status: 'deleted',
          deletedAt: now,
          actor: decision.actor,
          now,
        });
        if (!updated) {
          throw new ConcurrentChangeError(current.name);
        }
      } else {
        await this.touch(tx, current, decision.actor, now);
      }
      await tx.insertEvent({
        deploymentId: current.id,
        action: DECISION_ACTION[decision.status],
        outcome: 'cancelled',
        actor: decision.actor,
        at: now,
        message: decision.message,
        statusBefore: current.status,
        statusAfter: removesDeployment ? 'deleted' : current.status,
        changes: request.changes,
        operationId: null,
        revision: null,
      });
    });
    if (removesDeployment) {
      await this.changes.published({
        ...current,
        deletedAt: now.toISOString(),
      });
    }
  }

  /** Moves the deployment's version without changing it; fails if someone else changed it first. */
  private async touch(
    tx: DeploymentStore,
    current: DeploymentRecord,
    actor: string,
    now: Date,
  ): Promise<void> {
    const updated = await tx.updateDeployment(current.id, current.version, {
      actor,
      now,
      observation: true,
    });
    if (!updated) {
      throw new ConcurrentChangeError(current.name);
    }
  }

  /** What a change would make of the deployment, without writing it (dry run). */
  private preview(
    current: DeploymentRecord,
    plan: ChangePlan,
  ): ModelDeployment {
    return this.present({
      ...current,
      spec: plan.spec ?? current.spec,
      status: plan.status,
      revision: plan.revision ? current.revision + 1 : current.revision,
    });
  }

  /** The API shape of deployments, with their operation and the change that waits for approval. */
  private async presentAll(
    records: DeploymentRecord[],
    credentials: BackstageCredentials,
    /** What the catalog says of each record's model, when the caller has just read it. */
    known?: DeploymentPermissionResource[],
  ): Promise<ModelDeployment[]> {
    const ids = records.map(r => r.id);
    const [operations, pending, firing, owners] = await Promise.all([
      this.store.getActiveOperations(ids),
      this.store.getPendingApprovals(ids),
      this.alerts.firing(ids),
      known
        ? new Map(known.map(k => [k.modelRef.toLowerCase(), k]))
        : this.ownership.of(records.map(r => r.spec.modelRef)),
    ]);
    const approvals = await this.approvals.presenter.present(
      [...pending.values()],
      new Map(records.map(r => [r.id, r])),
      { credentials, actor: principalName(credentials) },
    );
    const approvalOf = new Map(approvals.map(a => [a.deploymentId, a]));
    return records.map(record =>
      this.present(
        {
          ...record,
          // The last known owner stays shown for a model that left the catalog.
          owner:
            owners.get(record.spec.modelRef.toLowerCase())?.owner ??
            record.owner,
        },
        operations.get(record.id),
        approvalOf.get(record.id),
        firing.get(record.id),
      ),
    );
  }

  /** The API shape: observed figures stay `null` until the runtime has observed them. */
  private present(
    record: DeploymentRecord,
    operations?: DeploymentOperation[],
    pendingApproval?: ApprovalRequest,
    firingAlerts?: DeploymentAlert[],
  ): ModelDeployment {
    const stopped = ['stopping', 'stopped', 'deleting', 'deleted'].includes(
      record.status,
    );
    return {
      id: record.id,
      name: record.name,
      spec: record.spec,
      owner: record.owner,
      status: record.status,
      version: record.version,
      revision: record.revision,
      activeRevision: record.activeRevision,
      instances: {
        desired: stopped ? 0 : record.spec.replicas.min,
        current: record.instancesCurrent,
        ready: record.instancesReady,
      },
      conditions: record.conditions,
      ...(record.lastError ? { lastError: record.lastError } : {}),
      observedAt: record.observedAt,
      ...(operations?.length ? { operation: operations[0] } : {}),
      ...(pendingApproval ? { pendingApproval } : {}),
      ...(firingAlerts?.length ? { firingAlerts } : {}),
      createdAt: record.createdAt,
      createdBy: record.createdBy,
      updatedAt: record.updatedAt,
      updatedBy: record.updatedBy,
    };
  }
}
