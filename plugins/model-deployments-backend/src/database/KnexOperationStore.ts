import type { Knex } from 'knex';
import type { DeploymentOperation } from '@modelops/plugin-model-deployments-common';
import type {
  NewOperation,
  OperationStore,
  OperationUpdate,
} from './OperationStore';
import { toOperation, type OperationRow } from './rows';

const ACTIVE_OPERATION_STATUSES = ['queued', 'running'];

/** {@link OperationStore} on the plugin's database, or on one transaction of it. */
export class KnexOperationStore implements OperationStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async insert(operation: NewOperation): Promise<void> {
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

  async getActive(
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

  async getAppliedGenerations(id: string): Promise<Record<string, number>> {
    const row = await this.db<OperationRow>('deployment_operations')
      .where({ id })
      .first('applied_generations');
    return row?.applied_generations ? JSON.parse(row.applied_generations) : {};
  }

  async listDeploymentsWithActive(): Promise<string[]> {
    const rows = await this.db<OperationRow>('deployment_operations')
      .whereIn('status', ACTIVE_OPERATION_STATUSES)
      .select('deployment_id')
      .min({ first: 'created_at' })
      .groupBy('deployment_id')
      .orderBy('first', 'asc');
    return rows.map(row => row.deployment_id);
  }

  async update(id: string, update: OperationUpdate): Promise<boolean> {
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
    if (update.appliedGenerations !== undefined)
      row.applied_generations = JSON.stringify(update.appliedGenerations);
    const updated = await this.db('deployment_operations')
      .where({ id })
      .whereIn('status', ACTIVE_OPERATION_STATUSES)
      .update({
        ...row,
        // When it first ran, not when it last reported; in the same statement, so that no reader sees
        // an operation running that was never started.
        ...(update.status === 'running'
          ? { started_at: this.db.raw('COALESCE(started_at, ?)', [update.now]) }
          : {}),
      });
    return updated > 0;
  }

  async anyStarted(deploymentId: string): Promise<boolean> {
    const started = await this.db<OperationRow>('deployment_operations')
      .where({ deployment_id: deploymentId })
      .whereNotNull('started_at')
      .first('id');
    return started !== undefined;
  }

  async requestPromotion(id: string, now: Date): Promise<boolean> {
    const updated = await this.db<OperationRow>('deployment_operations')
      .where({ id })
      .whereIn('status', ACTIVE_OPERATION_STATUSES)
      .update({ promote_requested_at: now, updated_at: now });
    return updated > 0;
  }

  async cancelActive(
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
}
