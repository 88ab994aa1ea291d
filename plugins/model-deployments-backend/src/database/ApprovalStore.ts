import type { PermissionCriteria } from '@backstage/plugin-permission-common';
import type {
  ApprovalAction,
  ApprovalStatus,
  DeploymentEvent,
} from '@modelops/plugin-model-deployments-common';
import type { DeploymentFilter } from './permissionFilter';
import type { ApprovalRecord } from './rows';

export type NewApprovalRequest = {
  id: string;
  deploymentId: string;
  action: ApprovalAction;
  parameters: Record<string, unknown>;
  changes: DeploymentEvent['changes'];
  requestedBy: string;
  requestedAt: Date;
  expiresAt: Date;
  /** The deployment's revision when the change was asked for; `null` for a creation. */
  basisRevision: number | null;
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

export type ApprovalDecision = {
  status: Exclude<ApprovalStatus, 'pending'>;
  decidedBy: string;
  reason: string | null;
  now: Date;
};

/** The changes that wait for an approver, and the decisions on them (the `approval_requests` table). */
export interface ApprovalStore {
  insert(request: NewApprovalRequest): Promise<void>;
  get(id: string): Promise<ApprovalRecord | undefined>;
  /** The pending request of each deployment that has one. */
  getPending(deploymentIds: string[]): Promise<Map<string, ApprovalRecord>>;
  /** Requests newest first, of live and deleted deployments alike, with the user's read filter. */
  list(
    options: ListApprovalsOptions,
  ): Promise<{ items: ApprovalRecord[]; next?: ApprovalRecord }>;
  /** Pending requests whose time ran out before `now`. */
  listExpired(now: Date): Promise<ApprovalRecord[]>;
  /**
   * Records a decision on a request if it still waits; resolves to false if another decision got there
   * first, so that one request is never both approved and rejected.
   */
  decide(id: string, decision: ApprovalDecision): Promise<boolean>;
}
