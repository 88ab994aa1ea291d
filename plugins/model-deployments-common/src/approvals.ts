import { z } from 'zod/v3';
import type { DeploymentAction } from './status';
import type { DeploymentEnvironment } from './spec';
import { LIST_PAGE_SIZE_DEFAULT, LIST_PAGE_SIZE_MAX } from './requests';

/**
 * Four-eyes approval of changes: which changes can wait for an approver, the request that waits, and
 * the bodies of the decisions.
 */

/**
 * The changes that can be made to wait for approval: every path to a different model, pod template or
 * capacity, or to none at all. Which of them wait, and in which environments, is the platform's
 * configuration (`modelDeployments.approvals`).
 *
 * @public
 */
export const APPROVAL_ACTIONS = [
  'create',
  'update-model',
  'edit',
  'delete',
  'rollback',
  'promote',
  'scale',
] as const satisfies readonly DeploymentAction[];

/** @public */
export type ApprovalAction = (typeof APPROVAL_ACTIONS)[number];

/**
 * What waits when the configuration lists no actions: every change that puts something new into the
 * pods (a creation, a model version, an edit that restarts them) or removes the endpoint. A rollback is
 * left out because it may be an emergency: unguarded, it may only return to a revision that was itself
 * approved (else it waits). Promote only brings forward a revision that was approved, and scaling
 * changes how many pods run, not what they run, so both wait only when listed.
 *
 * @public
 */
export const DEFAULT_APPROVAL_ACTIONS = [
  'create',
  'update-model',
  'edit',
  'delete',
] as const satisfies readonly ApprovalAction[];

/** @public */
export const APPROVAL_STATUSES = [
  'pending',
  'approved',
  'rejected',
  'expired',
  'withdrawn',
] as const;

/** @public */
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/** What a decision on an approval request records, besides who and when. @public */
export const APPROVAL_DECISIONS = ['approve', 'reject', 'withdraw'] as const;

/** @public */
export type ApprovalDecision = (typeof APPROVAL_DECISIONS)[number];

/** A change that waits for an approver, or was decided. @public */
export type ApprovalRequest = {
  id: string;
  deploymentId: string;
  deploymentName: string;
  environment: DeploymentEnvironment;
  modelRef: string;
  action: ApprovalAction;
  /**
   * The request as it was asked: the Update Model, Scale or Rollback body, `{ patch }` for an edit,
   * `{ operationId }` for a promote; `{}` for create and delete.
   */
  parameters: Record<string, unknown>;
  /** What the change does, field by field; a create lists every field of the new deployment. */
  changes: { field: string; before: unknown; after: unknown }[];
  requestedBy: string;
  requestedAt: string;
  expiresAt: string;
  status: ApprovalStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  /** The approver's comment, or why it was rejected, withdrawn or expired. */
  reason: string | null;
  /**
   * The deployment's revision when the change was asked for (`null` for a creation): approving it once
   * the deployment has moved to another revision is refused, as it would change something else.
   */
  basisRevision: number | null;
  /** The groups whose members may approve: the model's owner and its approvers group, from the catalog now. */
  approvers: string[];
  /** Whether the user who asked may approve or reject it now, and if not, why. */
  viewer: { canDecide: boolean; reason?: string; isRequester: boolean };
};

/** @public */
export type ApprovalList = { items: ApprovalRequest[]; nextCursor?: string };

const reasonSchema = z
  .string()
  .trim()
  .max(1000, 'must be at most 1000 characters');

/** The body of `POST /approvals/{id}/approve`. @public */
export const approveRequestSchema = z
  .object({
    comment: reasonSchema.describe('A note for the history').optional(),
  })
  .strict();

/** @public */
export type ApproveRequest = z.input<typeof approveRequestSchema>;

/** The body of `POST /approvals/{id}/reject`: the reason is required, the requester reads it. @public */
export const rejectRequestSchema = z
  .object({
    reason: reasonSchema
      .pipe(z.string().min(1, 'is required: tell the requester why'))
      .describe('Why the change is rejected'),
  })
  .strict();

/** @public */
export type RejectRequest = z.input<typeof rejectRequestSchema>;

/** The body of `POST /approvals/{id}/withdraw`. @public */
export const withdrawRequestSchema = z
  .object({ reason: reasonSchema.optional() })
  .strict();

/** @public */
export type WithdrawRequest = z.input<typeof withdrawRequestSchema>;

/**
 * What the user should know before asking for `action` while another change of the deployment waits
 * for approval, or `undefined`: an approver decides one change against the deployment as it is, so a
 * new request that waits too replaces the waiting one (its approval starts again), and a change carried
 * out at once that makes a new revision withdraws it. Deleting a deployment that waits to be created
 * withdraws that request.
 *
 * @public
 */
export function waitingRequestNote(
  deployment: {
    status: string;
    pendingApproval?: Pick<ApprovalRequest, 'action' | 'requestedBy'>;
  },
  action: DeploymentAction,
): string | undefined {
  const waiting = deployment.pendingApproval;
  if (
    !waiting ||
    !(APPROVAL_ACTIONS as readonly string[]).includes(action) ||
    deployment.status === 'pending-approval'
  ) {
    return undefined;
  }
  return `A request to ${waiting.action} by ${waiting.requestedBy} waits for approval: this change replaces it if it waits for approval too, and withdraws it if it is carried out now and makes a new revision`;
}

/** The query of `GET /approvals`. @public */
export const listApprovalsQuerySchema = z
  .object({
    status: z
      .enum(APPROVAL_STATUSES)
      .optional()
      .describe('Only requests in this status'),
    deploymentId: z.string().uuid('must be a deployment id').optional(),
    limit: z.coerce
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(LIST_PAGE_SIZE_MAX, `must be at most ${LIST_PAGE_SIZE_MAX}`)
      .default(LIST_PAGE_SIZE_DEFAULT),
    cursor: z.string().optional(),
  })
  .strict();

/** @public */
export type ListApprovalsQuery = z.input<typeof listApprovalsQuerySchema>;
/** @public */
export type ParsedListApprovalsQuery = z.output<
  typeof listApprovalsQuerySchema
>;
