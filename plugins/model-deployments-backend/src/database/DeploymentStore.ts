import type { Knex } from 'knex';
import type { PermissionCriteria } from '@backstage/plugin-permission-common';
import type {
  ApprovalAction,
  ApprovalStatus,
  DeploymentAction,
  DeploymentEventAction,
  RolloutProgress,
  DeploymentCondition,
  DeploymentEvent,
  DeploymentOperation,
  DeploymentRevision,
  DeploymentSpec,
  DeploymentStatus,
  EventOutcome,
  OperationStatus,
  ParsedListDeploymentsQuery,
} from '@modelops/plugin-model-deployments-common';
import {
  toApprovalRecord,
  toDeploymentRecord,
  toEvent,
  toOperation,
  toRevision,
  type ApprovalRecord,
  type ApprovalRow,
  type DeploymentRecord,
  type DeploymentRow,
  type EventRow,
  type IdempotencyKeyRow,
  type OperationRow,
  type RevisionRow,
} from './rows';

/**
 * A condition that a permission policy puts on the deployments a user may see, as data: the store turns
 * it into SQL, so that a conditional decision filters the list query instead of rows in memory.
 */
export type DeploymentFilter = {
  column: 'environment' | 'model_ref';
  values: string[];
};

export type ListDeploymentsOptions = Omit<
  ParsedListDeploymentsQuery,
  'cursor' | 'owner'
> & {
  cursor?: { name: string; id: string };
  /** The models the asked-for owners have in the catalog now (lowercase references). */
  ownedModelRefs?: string[];
  permissionFilter?: PermissionCriteria<DeploymentFilter>;
};

export type NewDeployment = {
  id: string;
  spec: DeploymentSpec;
  owner: string;
  status: DeploymentStatus;
  actor: string;
  now: Date;
};

/** Fields of a deployment a change may set; `version` always increases by one. */
export type DeploymentUpdate = Partial<{
  spec: DeploymentSpec;
  owner: string;
  status: DeploymentStatus;
  revision: number;
  activeRevision: number | null;
  instancesCurrent: number | null;
  instancesReady: number | null;
  conditions: DeploymentCondition[];
  lastError: { message: string; at: Date } | null;
  observedAt: Date | null;
  applied: boolean;
  deletedAt: Date | null;
}> & {
  actor: string;
  now: Date;
  /**
   * Set for what the runtime observes (status, instances, conditions, errors). It is not a change, so
   * `updated_at` and `updated_by` keep naming the last change and who made it.
   */
  observation?: true;
};

export type NewOperation = {
  id: string;
  deploymentId: string;
  type: DeploymentAction;
  step: string | null;
  targetRevision: number | null;
  parameters: Record<string, unknown>;
  requestedBy: string;
  now: Date;
};

export type NewEvent = {
  deploymentId: string;
  action: DeploymentEventAction;
  outcome: EventOutcome;
  actor: string;
  at: Date;
  message: string;
  statusBefore: DeploymentStatus | null;
  statusAfter: DeploymentStatus | null;
  changes: DeploymentEvent['changes'];
  operationId: string | null;
  revision: number | null;
};

export type NewApprovalRequest = {
  id: string;
  deploymentId: string;
  action: ApprovalAction;
  parameters: Record<string, unknown>;
  changes: DeploymentEvent['changes'];
  requestedBy: string;
  requestedAt: Date;
  expiresAt: Date;
};

export type ListApprovalsOptions = {
  status?: ApprovalStatus;
  deploymentId?: string;
  limit: number;
  /** The last request of the previous page. */
  after?: { requestedAt: string; id: string };
  /** The deployments the user may read. */
  permissionFilter?: PermissionCriteria<DeploymentFilter>;
};

const ACTIVE_OPERATION_STATUSES = ['queued', 'running'];

/**
 * Reads and writes the plugin's tables. Every method runs on the connection or transaction the store
 * was made with; {@link DeploymentStore.transaction} gives a store bound to one transaction.
 */
export class DeploymentStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async transaction<T>(fn: (store: DeploymentStore) => Promise<T>): Promise<T> {
    return this.db.transaction(tx => fn(new DeploymentStore(tx)));
  }

  async insertDeployment(deployment: NewDeployment): Promise<void> {
    const { spec } = deployment;
    await this.db<DeploymentRow>('deployments').insert({
      id: deployment.id,
      name: spec.name,
      environment: spec.environment,
      // Entity references compare case-insensitively, as in the catalog.
      model_ref: spec.modelRef.toLowerCase(),
      model_id: spec.modelId,
      owner_ref: deployment.owner.toLowerCase(),
      status: deployment.status,
      spec: JSON.stringify(spec),
      revision: 1,
      active_revision: null,
      instances_current: null,
      instances_ready: null,
      conditions: '[]',
      last_error: null,
      last_error_at: null,
      observed_at: null,
      applied: false,
      version: 1,
      created_at: deployment.now,
      created_by: deployment.actor,
      updated_at: deployment.now,
      updated_by: deployment.actor,
      deleted_at: null,
    });
  }

  async getDeployment(id: string): Promise<DeploymentRecord | undefined> {
    const row = await this.db<DeploymentRow>('deployments')
      .where({ id })
      .first();
    return row && toDeploymentRecord(row);
  }

  async getDeployments(ids: string[]): Promise<Map<string, DeploymentRecord>> {
    const rows = ids.length
      ? await this.db<DeploymentRow>('deployments').whereIn('id', [
          ...new Set(ids),
        ])
      : [];
    return new Map(rows.map(row => [row.id, toDeploymentRecord(row)]));
  }

  async findLiveDeploymentByName(
    name: string,
  ): Promise<DeploymentRecord | undefined> {
    const row = await this.db<DeploymentRow>('deployments')
      .where({ name })
      .whereNull('deleted_at')
      .first();
    return row && toDeploymentRecord(row);
  }

  /**
   * One page of deployments in name order, using the (name, id) keyset so that pages stay stable while
   * deployments are added or removed.
   */
  async listDeployments(options: ListDeploymentsOptions): Promise<{
    items: DeploymentRecord[];
    next?: { name: string; id: string };
  }> {
    const query = this.db<DeploymentRow>('deployments');
    if (options.status?.length) {
      query.whereIn('status', options.status);
    } else {
      query.whereNull('deleted_at');
    }
    if (options.environment?.length) {
      query.whereIn('environment', options.environment);
    }
    if (options.model?.length) {
      query.whereIn(
        'model_ref',
        options.model.map(ref => ref.toLowerCase()),
      );
    }
    if (options.ownedModelRefs) {
      query.whereIn('model_ref', options.ownedModelRefs);
    }
    if (options.q) {
      const pattern = `%${options.q
        .toLowerCase()
        .replace(/[\\%_]/g, c => `\\${c}`)}%`;
      // Names are lowercase by their schema, so only the model id needs a case-insensitive match: LIKE is
      // one in SQLite and MySQL, ILIKE in PostgreSQL (a LOWER() call per row would cost a full evaluation).
      const caseInsensitiveLike =
        this.db.client.config.client === 'pg' ? 'ILIKE' : 'LIKE';
      query.where(q =>
        q
          .whereRaw(`name LIKE ? ESCAPE '\\'`, [pattern])
          .orWhereRaw(`model_id ${caseInsensitiveLike} ? ESCAPE '\\'`, [
            pattern,
          ]),
      );
    }
    if (options.permissionFilter) {
      const criteria = options.permissionFilter;
      query.where(q => applyFilter(q, criteria));
    }
    if (options.cursor) {
      const { name, id } = options.cursor;
      query.where(q =>
        q
          .where('name', '>', name)
          .orWhere(q2 => q2.where('name', name).andWhere('id', '>', id)),
      );
    }
    const rows = await query
      .orderBy([
        { column: 'name', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(options.limit + 1);
    const items = rows.slice(0, options.limit).map(toDeploymentRecord);
    const last = items[items.length - 1];
    return {
      items,
      next:
        rows.length > options.limit
          ? { name: last.name, id: last.id }
          : undefined,
    };
  }

  /**
   * Applies a change if the deployment is still at `expectedVersion`; returns false if another write got
   * there first, so the caller can answer 409 instead of losing that write.
   */
  async updateDeployment(
    id: string,
    expectedVersion: number,
    update: DeploymentUpdate,
  ): Promise<boolean> {
    const row: Partial<DeploymentRow> = update.observation
      ? {}
      : { updated_at: update.now, updated_by: update.actor };
    if (update.spec) {
      row.spec = JSON.stringify(update.spec);
      row.model_id = update.spec.modelId;
    }
    if (update.owner !== undefined) row.owner_ref = update.owner.toLowerCase();
    if (update.status !== undefined) row.status = update.status;
    if (update.revision !== undefined) row.revision = update.revision;
    if (update.activeRevision !== undefined)
      row.active_revision = update.activeRevision;
    if (update.instancesCurrent !== undefined)
      row.instances_current = update.instancesCurrent;
    if (update.instancesReady !== undefined)
      row.instances_ready = update.instancesReady;
    if (update.conditions !== undefined)
      row.conditions = JSON.stringify(update.conditions);
    if (update.lastError !== undefined) {
      row.last_error = update.lastError?.message ?? null;
      row.last_error_at = update.lastError?.at ?? null;
    }
    if (update.observedAt !== undefined) row.observed_at = update.observedAt;
    if (update.applied !== undefined) row.applied = update.applied;
    if (update.deletedAt !== undefined) row.deleted_at = update.deletedAt;
    const count = await this.db<DeploymentRow>('deployments')
      .where({ id, version: expectedVersion })
      .update({ ...row, version: expectedVersion + 1 });
    return count === 1;
  }

  async insertRevision(
    deploymentId: string,
    revision: number,
    spec: DeploymentSpec,
    reason: string,
    actor: string,
    now: Date,
  ): Promise<void> {
    await this.db<RevisionRow>('deployment_revisions').insert({
      deployment_id: deploymentId,
      revision,
      model_version: spec.modelVersion,
      spec: JSON.stringify(spec),
      reason,
      created_at: now,
      created_by: actor,
    });
  }

  async listRevisions(deploymentId: string): Promise<DeploymentRevision[]> {
    const rows = await this.db<RevisionRow>('deployment_revisions')
      .where({ deployment_id: deploymentId })
      .orderBy('revision', 'desc');
    return rows.map(toRevision);
  }

  async getRevision(
    deploymentId: string,
    revision: number,
  ): Promise<DeploymentRevision | undefined> {
    const row = await this.db<RevisionRow>('deployment_revisions')
      .where({ deployment_id: deploymentId, revision })
      .first();
    return row && toRevision(row);
  }

  async insertOperation(operation: NewOperation): Promise<void> {
    await this.db<OperationRow>('deployment_operations').insert({
      id: operation.id,
      deployment_id: operation.deploymentId,
      type: operation.type,
      status: 'queued',
      step: operation.step,
      target_revision: operation.targetRevision,
      parameters: JSON.stringify(operation.parameters),
      progress: null,
      promote_requested_at: null,
      error: null,
      requested_by: operation.requestedBy,
      created_at: operation.now,
      started_at: null,
      finished_at: null,
      updated_at: operation.now,
    });
  }

  /** The operations queued or under way, by deployment, oldest first. */
  async getActiveOperations(
    deploymentIds: string[],
  ): Promise<Map<string, DeploymentOperation[]>> {
    const result = new Map<string, DeploymentOperation[]>();
    if (deploymentIds.length === 0) {
      return result;
    }
    const rows = await this.db<OperationRow>('deployment_operations')
      .whereIn('deployment_id', deploymentIds)
      .whereIn('status', ACTIVE_OPERATION_STATUSES)
      .orderBy('created_at', 'asc');
    for (const row of rows) {
      const list = result.get(row.deployment_id) ?? [];
      list.push(toOperation(row));
      result.set(row.deployment_id, list);
    }
    return result;
  }

  /** The deployments that have an operation queued or under way, oldest operation first. */
  async listDeploymentsWithActiveOperations(): Promise<string[]> {
    const rows = await this.db<OperationRow>('deployment_operations')
      .whereIn('status', ACTIVE_OPERATION_STATUSES)
      .select('deployment_id')
      .min({ first: 'created_at' })
      .groupBy('deployment_id')
      .orderBy('first', 'asc');
    return rows.map(row => row.deployment_id);
  }

  /**
   * Records an operation's progress: its status, its step, and when it started or finished. Only an
   * operation still queued or under way changes, so that the runtime cannot bring back one that a
   * rollback or a delete cancelled meanwhile; resolves to whether it did.
   */
  async updateOperation(
    id: string,
    update: {
      status?: OperationStatus;
      step?: string | null;
      progress?: RolloutProgress | null;
      error?: string | null;
      now: Date;
    },
  ): Promise<boolean> {
    const row: Partial<OperationRow> = { updated_at: update.now };
    if (update.status !== undefined) {
      row.status = update.status;
      if (['succeeded', 'failed', 'cancelled'].includes(update.status))
        row.finished_at = update.now;
    }
    if (update.step !== undefined) row.step = update.step;
    if (update.progress !== undefined)
      row.progress = update.progress && JSON.stringify(update.progress);
    if (update.error !== undefined) row.error = update.error;
    const updated = await this.db<OperationRow>('deployment_operations')
      .where({ id })
      .whereIn('status', ACTIVE_OPERATION_STATUSES)
      .update(row);
    if (updated > 0 && update.status === 'running') {
      // When it first ran, not when it last reported.
      await this.db<OperationRow>('deployment_operations')
        .where({ id })
        .whereNull('started_at')
        .update({ started_at: update.now });
    }
    return updated > 0;
  }

  /** Asks the runtime to finish an update now; resolves to whether it was still under way. */
  async requestPromotion(id: string, now: Date): Promise<boolean> {
    const updated = await this.db<OperationRow>('deployment_operations')
      .where({ id })
      .whereIn('status', ACTIVE_OPERATION_STATUSES)
      .update({ promote_requested_at: now, updated_at: now });
    return updated > 0;
  }

  /** Cancels the operations queued or under way, which a rollback or a delete supersedes; returns how many. */
  async cancelActiveOperations(
    deploymentId: string,
    reason: string,
    now: Date,
  ): Promise<number> {
    return this.db<OperationRow>('deployment_operations')
      .where({ deployment_id: deploymentId })
      .whereIn('status', ACTIVE_OPERATION_STATUSES)
      .update({
        status: 'cancelled',
        error: reason,
        finished_at: now,
        updated_at: now,
      });
  }

  async insertEvent(event: NewEvent): Promise<void> {
    await this.db<EventRow>('deployment_events').insert({
      deployment_id: event.deploymentId,
      action: event.action,
      outcome: event.outcome,
      actor: event.actor,
      at: event.at,
      message: event.message,
      status_before: event.statusBefore,
      status_after: event.statusAfter,
      changes: JSON.stringify(event.changes),
      operation_id: event.operationId,
      revision: event.revision,
    });
  }

  /** Events newest first; `before` is the id of the last event of the previous page. */
  async listEvents(
    deploymentId: string,
    options: { limit: number; before?: number },
  ): Promise<{ items: DeploymentEvent[]; next?: number }> {
    const query = this.db<EventRow>('deployment_events').where({
      deployment_id: deploymentId,
    });
    if (options.before !== undefined) {
      query.where('id', '<', options.before);
    }
    const rows = await query.orderBy('id', 'desc').limit(options.limit + 1);
    const items = rows.slice(0, options.limit).map(toEvent);
    return {
      items,
      next:
        rows.length > options.limit
          ? Number(items[items.length - 1].id)
          : undefined,
    };
  }

  async getIdempotencyKey(
    actor: string,
    key: string,
  ): Promise<{ requestHash: string; deploymentId: string } | undefined> {
    const row = await this.db<IdempotencyKeyRow>('idempotency_keys')
      .where({ actor, key })
      .first();
    return (
      row && { requestHash: row.request_hash, deploymentId: row.deployment_id }
    );
  }

  async insertIdempotencyKey(
    actor: string,
    key: string,
    requestHash: string,
    deploymentId: string,
    now: Date,
  ): Promise<void> {
    await this.db<IdempotencyKeyRow>('idempotency_keys').insert({
      actor,
      key,
      request_hash: requestHash,
      deployment_id: deploymentId,
      created_at: now,
    });
  }

  async deleteIdempotencyKeysBefore(cutoff: Date): Promise<number> {
    return this.db<IdempotencyKeyRow>('idempotency_keys')
      .where('created_at', '<', cutoff)
      .delete();
  }

  async insertApprovalRequest(request: NewApprovalRequest): Promise<void> {
    await this.db<ApprovalRow>('approval_requests').insert({
      id: request.id,
      deployment_id: request.deploymentId,
      action: request.action,
      parameters: JSON.stringify(request.parameters),
      changes: JSON.stringify(request.changes),
      requested_by: request.requestedBy,
      requested_at: request.requestedAt,
      expires_at: request.expiresAt,
      status: 'pending',
      decided_by: null,
      decided_at: null,
      reason: null,
    });
  }

  async getApprovalRequest(id: string): Promise<ApprovalRecord | undefined> {
    const row = await this.db<ApprovalRow>('approval_requests')
      .where({ id })
      .first();
    return row && toApprovalRecord(row);
  }

  /** The pending request of each deployment that has one. */
  async getPendingApprovals(
    deploymentIds: string[],
  ): Promise<Map<string, ApprovalRecord>> {
    const rows = deploymentIds.length
      ? await this.db<ApprovalRow>('approval_requests')
          .whereIn('deployment_id', deploymentIds)
          .where({ status: 'pending' })
      : [];
    return new Map(rows.map(row => [row.deployment_id, toApprovalRecord(row)]));
  }

  /** Requests newest first, of live and deleted deployments alike, with the user's read filter. */
  async listApprovalRequests(
    options: ListApprovalsOptions,
  ): Promise<{ items: ApprovalRecord[]; next?: ApprovalRecord }> {
    const query = this.db<ApprovalRow>('approval_requests')
      .join('deployments', 'deployments.id', 'approval_requests.deployment_id')
      .select('approval_requests.*');
    if (options.status) {
      query.where('approval_requests.status', options.status);
    }
    if (options.deploymentId) {
      query.where('approval_requests.deployment_id', options.deploymentId);
    }
    if (options.permissionFilter) {
      const criteria = options.permissionFilter;
      query.where(q => applyFilter(q, criteria, 'deployments'));
    }
    if (options.after) {
      const { requestedAt, id } = options.after;
      const at = new Date(requestedAt);
      query.where(q =>
        q
          .where('approval_requests.requested_at', '<', at)
          .orWhere(q2 =>
            q2
              .where('approval_requests.requested_at', at)
              .andWhere('approval_requests.id', '<', id),
          ),
      );
    }
    const rows = await query
      .orderBy([
        { column: 'approval_requests.requested_at', order: 'desc' },
        { column: 'approval_requests.id', order: 'desc' },
      ])
      .limit(options.limit + 1);
    const items = rows.slice(0, options.limit).map(toApprovalRecord);
    return {
      items,
      next: rows.length > options.limit ? items[items.length - 1] : undefined,
    };
  }

  /** Pending requests whose time ran out before `now`. */
  async listExpiredApprovalRequests(now: Date): Promise<ApprovalRecord[]> {
    const rows = await this.db<ApprovalRow>('approval_requests')
      .where({ status: 'pending' })
      .andWhere('expires_at', '<=', now);
    return rows.map(toApprovalRecord);
  }

  /**
   * Records a decision on a request (or on whatever waits for a deployment) if it still waits; returns
   * false if another decision got there first, so that one request is never both approved and rejected.
   */
  async decideApprovalRequest(
    where: { id: string } | { deploymentId: string },
    decision: {
      status: Exclude<ApprovalStatus, 'pending'>;
      decidedBy: string;
      reason: string | null;
      now: Date;
    },
  ): Promise<boolean> {
    const count = await this.db<ApprovalRow>('approval_requests')
      .where(
        'id' in where
          ? { id: where.id, status: 'pending' }
          : { deployment_id: where.deploymentId, status: 'pending' },
      )
      .update({
        status: decision.status,
        decided_by: decision.decidedBy,
        decided_at: decision.now,
        reason: decision.reason,
      });
    return count > 0;
  }

  /**
   * Records each model's owner (lowercase model ref → owner ref) on its live deployments; returns the
   * deployments whose owner changed.
   */
  async updateOwners(owners: Map<string, string>): Promise<DeploymentRecord[]> {
    const changed: DeploymentRecord[] = [];
    for (const [modelRef, owner] of owners) {
      const rows = await this.db<DeploymentRow>('deployments')
        .where({ model_ref: modelRef })
        .whereNot({ owner_ref: owner })
        .whereNull('deleted_at');
      if (rows.length) {
        await this.db<DeploymentRow>('deployments')
          .whereIn(
            'id',
            rows.map(r => r.id),
          )
          .update({ owner_ref: owner });
        changed.push(
          ...rows.map(row => ({ ...toDeploymentRecord(row), owner })),
        );
      }
    }
    return changed;
  }

  /** The deployments in any of these statuses, e.g. those that should be serving. */
  async listDeploymentsInStatus(
    statuses: readonly DeploymentStatus[],
  ): Promise<DeploymentRecord[]> {
    const rows = await this.db<DeploymentRow>('deployments')
      .whereIn('status', statuses)
      .orderBy('id');
    return rows.map(toDeploymentRecord);
  }

  /** The models of the live deployments, as lowercase entity references. */
  async listDeployedModelRefs(): Promise<string[]> {
    const rows = await this.db<DeploymentRow>('deployments')
      .distinct('model_ref')
      .whereNull('deleted_at');
    return rows.map(row => row.model_ref);
  }
}

/** `table` qualifies the columns when the deployments are joined to another table. */
function applyFilter(
  query: Knex.QueryBuilder,
  criteria: PermissionCriteria<DeploymentFilter>,
  table?: string,
): void {
  if ('allOf' in criteria) {
    query.where(q =>
      criteria.allOf.forEach(c =>
        q.andWhere(sub => applyFilter(sub, c, table)),
      ),
    );
  } else if ('anyOf' in criteria) {
    query.where(q =>
      criteria.anyOf.forEach(c => q.orWhere(sub => applyFilter(sub, c, table))),
    );
  } else if ('not' in criteria) {
    query.whereNot(q => applyFilter(q, criteria.not, table));
  } else if (criteria.values.length === 0) {
    query.whereRaw('1 = 0');
  } else {
    query.whereIn(
      table ? `${table}.${criteria.column}` : criteria.column,
      criteria.values,
    );
  }
}
