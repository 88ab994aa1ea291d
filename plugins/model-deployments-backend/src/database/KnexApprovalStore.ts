import type { Knex } from 'knex';
import type {
  ApprovalDecision,
  ApprovalStore,
  ListApprovalsOptions,
  NewApprovalRequest,
} from './ApprovalStore';
import { applyPermissionFilter } from './permissionFilter';
import {
  toApprovalRecord,
  type ApprovalRecord,
  type ApprovalRow,
} from './rows';

/** {@link ApprovalStore} on the plugin's database, or on one transaction of it. */
export class KnexApprovalStore implements ApprovalStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async insert(request: NewApprovalRequest): Promise<void> {
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
      basis_revision: request.basisRevision,
    });
  }

  async get(id: string): Promise<ApprovalRecord | undefined> {
    const row = await this.db<ApprovalRow>('approval_requests')
      .where({ id })
      .first();
    return row && toApprovalRecord(row);
  }

  async getPending(
    deploymentIds: string[],
  ): Promise<Map<string, ApprovalRecord>> {
    const rows = deploymentIds.length
      ? await this.db<ApprovalRow>('approval_requests')
          .whereIn('deployment_id', deploymentIds)
          .where({ status: 'pending' })
      : [];
    return new Map(rows.map(row => [row.deployment_id, toApprovalRecord(row)]));
  }

  async list(
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
      query.where(q => applyPermissionFilter(q, criteria, 'deployments'));
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

  async listExpired(now: Date): Promise<ApprovalRecord[]> {
    const rows = await this.db<ApprovalRow>('approval_requests')
      .where({ status: 'pending' })
      .andWhere('expires_at', '<=', now);
    return rows.map(toApprovalRecord);
  }

  async decide(id: string, decision: ApprovalDecision): Promise<boolean> {
    const count = await this.db<ApprovalRow>('approval_requests')
      .where({ id, status: 'pending' })
      .update({
        status: decision.status,
        decided_by: decision.decidedBy,
        decided_at: decision.now,
        reason: decision.reason,
      });
    return count > 0;
  }
}
