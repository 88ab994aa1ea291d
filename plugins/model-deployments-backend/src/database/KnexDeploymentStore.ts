import type { Knex } from 'knex';
import type {
  DeploymentEvent,
  DeploymentRevision,
  DeploymentStatus,
  ServingPin,
} from '@modelops/plugin-model-deployments-common';
import type {
  DeploymentStore,
  DeploymentUpdate,
  ListDeploymentsOptions,
  NewDeployment,
  NewRevision,
  NewEvent,
} from './DeploymentStore';
import { applyPermissionFilter } from './permissionFilter';
import {
  toDeploymentRecord,
  toEvent,
  toRevision,
  type DeploymentRecord,
  type DeploymentRow,
  type EventRow,
  type RevisionRow,
} from './rows';

/** {@link DeploymentStore} on the plugin's database, or on one transaction of it. */
export class KnexDeploymentStore implements DeploymentStore {
  constructor(
    private readonly db: Knex | Knex.Transaction,
    /** How many revisions a deployment keeps: the newest, and the one that serves. */
    private readonly revisionHistoryLimit: number,
  ) {}

  async insert(deployment: NewDeployment): Promise<void> {
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
      serving: deployment.serving && JSON.stringify(deployment.serving),
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

  async get(id: string): Promise<DeploymentRecord | undefined> {
    const row = await this.db<DeploymentRow>('deployments')
      .where({ id })
      .first();
    return row && toDeploymentRecord(row);
  }

  async getMany(ids: string[]): Promise<Map<string, DeploymentRecord>> {
    const rows = ids.length
      ? await this.db<DeploymentRow>('deployments').whereIn('id', [
          ...new Set(ids),
        ])
      : [];
    return new Map(rows.map(row => [row.id, toDeploymentRecord(row)]));
  }

  async findLiveByName(name: string): Promise<DeploymentRecord | undefined> {
    const row = await this.db<DeploymentRow>('deployments')
      .where({ name })
      .whereNull('deleted_at')
      .first();
    return row && toDeploymentRecord(row);
  }

  async list(options: ListDeploymentsOptions): Promise<{
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
      query.where(q => applyPermissionFilter(q, criteria));
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

  async update(
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
    if (update.serving !== undefined)
      row.serving = update.serving && JSON.stringify(update.serving);
    if (update.availableServing !== undefined)
      row.available_serving =
        update.availableServing && JSON.stringify(update.availableServing);
    const count = await this.db<DeploymentRow>('deployments')
      .where({ id, version: expectedVersion })
      .update({ ...row, version: expectedVersion + 1 });
    return count === 1;
  }

  async insertRevision(revision: NewRevision): Promise<void> {
    await this.db<RevisionRow>('deployment_revisions').insert({
      deployment_id: revision.deploymentId,
      revision: revision.revision,
      model_version: revision.spec.modelVersion,
      spec: JSON.stringify(revision.spec),
      serving: revision.serving && JSON.stringify(revision.serving),
      reason: revision.reason,
      created_at: revision.now,
      created_by: revision.actor,
      approved_by: revision.approvedBy,
    });
    // The oldest go, as a Kubernetes Deployment's ReplicaSets do; the serving revision stays, as a
    // staged update or a rollback may need it.
    const active = this.db<DeploymentRow>('deployments')
      .where({ id: revision.deploymentId })
      .whereNotNull('active_revision')
      .select('active_revision');
    await this.db<RevisionRow>('deployment_revisions')
      .where({ deployment_id: revision.deploymentId })
      .where('revision', '<=', revision.revision - this.revisionHistoryLimit)
      .whereNotIn('revision', active)
      .delete();
  }

  async approveRevision(
    deploymentId: string,
    revision: number,
    approvedBy: string,
  ): Promise<void> {
    await this.db<RevisionRow>('deployment_revisions')
      .where({ deployment_id: deploymentId, revision })
      .update({ approved_by: approvedBy });
  }

  async pinServing(
    deploymentId: string,
    revision: number,
    serving: ServingPin,
  ): Promise<boolean> {
    const json = JSON.stringify(serving);
    await this.db<RevisionRow>('deployment_revisions')
      .where({ deployment_id: deploymentId, revision })
      .whereNull('serving')
      .update({ serving: json });
    const updated = await this.db<DeploymentRow>('deployments')
      .where({ id: deploymentId, revision })
      .whereNull('serving')
      .update({ serving: json, version: this.db.raw('version + 1') });
    return updated > 0;
  }

  async listRevisions(
    deploymentId: string,
    options: { limit: number; before?: number },
  ): Promise<{ items: DeploymentRevision[]; next?: number }> {
    const query = this.db<RevisionRow>('deployment_revisions').where({
      deployment_id: deploymentId,
    });
    if (options.before !== undefined) {
      query.where('revision', '<', options.before);
    }
    const rows = await query
      .orderBy('revision', 'desc')
      .limit(options.limit + 1);
    return pageOf(rows.map(toRevision), options.limit, r => r.revision);
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
    return pageOf(rows.map(toEvent), options.limit, e => Number(e.id));
  }

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

  async listInStatus(
    statuses: readonly DeploymentStatus[],
  ): Promise<DeploymentRecord[]> {
    const rows = await this.db<DeploymentRow>('deployments')
      .whereIn('status', statuses)
      .orderBy('id');
    return rows.map(toDeploymentRecord);
  }

  async listDeployedModelRefs(): Promise<string[]> {
    const rows = await this.db<DeploymentRow>('deployments')
      .distinct('model_ref')
      .whereNull('deleted_at');
    return rows.map(row => row.model_ref);
  }
}

/**
 * A page of `limit` items out of `limit + 1` read, and the key of its last item when more follow (the
 * next page starts below it).
 */
function pageOf<T>(
  read: T[],
  limit: number,
  keyOf: (item: T) => number,
): { items: T[]; next?: number } {
  const items = read.slice(0, limit);
  return {
    items,
    next: read.length > limit ? keyOf(items[items.length - 1]) : undefined,
  };
}
