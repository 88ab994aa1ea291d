import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type {
  ApprovalAction,
  DeploymentEvent,
} from '@modelops/plugin-model-deployments-common';
import type { NewApprovalRequest } from '../database/ApprovalStore';
import type { Stores, StoresWithTransactions } from '../database/Stores';
import { isUniqueViolation } from '../database/isUniqueViolation';
import type { ApprovalRecord, DeploymentRecord } from '../database/rows';
import type { DeploymentChanges } from '../events/DeploymentChanges';
import { ConcurrentChangeError } from '../lib/errors';
import type { ApprovalPolicy } from './ApprovalPolicy';

const DECISION_ACTION = {
  rejected: 'reject',
  withdrawn: 'withdraw',
  expired: 'expire',
} as const;

/** A change that waits for an approver, as its requester asked for it. */
export type ChangeToApprove = {
  action: ApprovalAction;
  /** What the change needs to be carried out later (the update's version and strategy, say). */
  parameters: Record<string, unknown>;
  /** What the approver sees change. */
  changes: DeploymentEvent['changes'];
};

/** A waiting request that another change ended, as it was closed. */
export type WithdrawnRequest = ApprovalRecord & {
  status: 'withdrawn';
  decidedBy: string;
  reason: string;
  decidedAt: string;
};

/** `request` as withdrawn by `actor`, for its requester to be told why. */
export function withdrawnRequest(
  request: ApprovalRecord,
  actor: string,
  reason: string,
  now: Date,
): WithdrawnRequest {
  return {
    ...request,
    status: 'withdrawn',
    decidedBy: actor,
    reason,
    decidedAt: now.toISOString(),
  };
}

/** How a request ended without being carried out. */
export type ApprovalClosing = {
  status: 'rejected' | 'withdrawn' | 'expired';
  actor: string;
  reason: string | null;
  message: string;
};

/**
 * The records of the approval workflow: a change that waits, and a request that ends without being
 * carried out. (An approved change is written with the change itself.) Each in one transaction that also
 * moves the deployment's version, so clients that follow it reload.
 */
export class ApprovalWorkflow {
  constructor(
    private readonly stores: StoresWithTransactions,
    readonly policy: ApprovalPolicy,
    private readonly changes: DeploymentChanges,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /**
   * A new request of `requestedBy`, which expires after the policy's time; `basisRevision` is the
   * deployment's revision it was asked against (`null` for a creation).
   */
  newRequest(
    deploymentId: string,
    change: ChangeToApprove,
    requestedBy: string,
    now: Date,
    basisRevision: number | null,
  ): NewApprovalRequest {
    return {
      id: randomUUID(),
      deploymentId,
      ...change,
      requestedBy,
      requestedAt: now,
      expiresAt: this.policy.expiresAt(now),
      basisRevision,
    };
  }

  /**
   * Records a change that waits for an approver; the deployment keeps running what it runs. A request
   * that waited already is withdrawn in the same transaction: an approver decides the change as it is
   * now, never one edited after they looked (resolves to that request, for its requester to be told).
   */
  async request(
    current: DeploymentRecord,
    change: ChangeToApprove & { description: string },
    actor: string,
  ): Promise<{ replaced?: WithdrawnRequest }> {
    const now = this.clock();
    const { description, ...toApprove } = change;
    const waiting = (await this.stores.approvals.getPending([current.id])).get(
      current.id,
    );
    const replaced =
      waiting &&
      withdrawnRequest(
        waiting,
        actor,
        `replaced by a request to ${change.action}`,
        now,
      );
    try {
      await this.stores.transaction(async tx => {
        await touch(tx, current, actor, now);
        if (replaced) {
          const withdrawn = await tx.approvals.decide(replaced.id, {
            status: replaced.status,
            decidedBy: replaced.decidedBy,
            reason: replaced.reason,
            now,
          });
          if (!withdrawn) {
            throw new ConcurrentChangeError(current.name);
          }
        }
        await tx.approvals.insert(
          this.newRequest(current.id, toApprove, actor, now, current.revision),
        );
        await tx.deployments.insertEvent({
          deploymentId: current.id,
          action: change.action,
          outcome: 'awaiting-approval',
          actor,
          at: now,
          message: `${description}; it waits for an approver${
            replaced
              ? ` and replaces the request to ${replaced.action} by ${replaced.requestedBy}`
              : ''
          }`,
          statusBefore: current.status,
          statusAfter: current.status,
          changes: change.changes,
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
    return { replaced };
  }

  /**
   * Ends a request without carrying it out (rejected, withdrawn or expired). A deployment that waited to
   * be created is removed, so its name is free again; one that runs keeps running as it is.
   */
  async close(
    request: ApprovalRecord,
    closing: ApprovalClosing,
  ): Promise<void> {
    const current = await this.stores.deployments.get(request.deploymentId);
    if (!current) {
      throw new NotFoundError(
        `No deployment with id '${request.deploymentId}'`,
      );
    }
    const removesDeployment =
      request.action === 'create' && current.status === 'pending-approval';
    const now = this.clock();
    await this.stores.transaction(async tx => {
      const decided = await tx.approvals.decide(request.id, {
        status: closing.status,
        decidedBy: closing.actor,
        reason: closing.reason,
        now,
      });
      if (!decided) {
        throw new ConflictError(
          `The request to ${request.action} deployment '${current.name}' was decided meanwhile`,
        );
      }
      if (removesDeployment) {
        const updated = await tx.deployments.update(
          current.id,
          current.version,
          {
            status: 'deleted',
            deletedAt: now,
            actor: closing.actor,
            now,
          },
        );
        if (!updated) {
          throw new ConcurrentChangeError(current.name);
        }
      } else {
        await touch(tx, current, closing.actor, now);
      }
      await tx.deployments.insertEvent({
        deploymentId: current.id,
        action: DECISION_ACTION[closing.status],
        outcome: 'cancelled',
        actor: closing.actor,
        at: now,
        message: closing.message,
        statusBefore: current.status,
        statusAfter: removesDeployment ? 'deleted' : current.status,
        changes: request.changes,
        operationId: null,
        revision: null,
      });
    });
    if (removesDeployment) {
      await this.changes.announce({
        ...current,
        deletedAt: now.toISOString(),
      });
    }
  }
}

/** Moves the deployment's version without changing it; fails if someone else changed it first. */
async function touch(
  tx: Stores,
  current: DeploymentRecord,
  actor: string,
  now: Date,
): Promise<void> {
  const updated = await tx.deployments.update(current.id, current.version, {
    actor,
    now,
    observation: true,
  });
  if (!updated) {
    throw new ConcurrentChangeError(current.name);
  }
}
