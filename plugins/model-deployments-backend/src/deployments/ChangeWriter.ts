import { randomUUID } from 'node:crypto';
import { ConflictError } from '@backstage/errors';
import type { DeploymentAction } from '@modelops/plugin-model-deployments-common';
import {
  withdrawnRequest,
  type WithdrawnRequest,
} from '../approvals/ApprovalWorkflow';
import type { StoresWithTransactions } from '../database/Stores';
import type { DeploymentRecord } from '../database/rows';
import type { DeploymentChanges } from '../events/DeploymentChanges';
import { ConcurrentChangeError, PreconditionFailedError } from '../lib/errors';
import type { ChangePlan } from './ChangePlan';
import type { ApprovedChange, RequestContext } from './RequestContext';

/**
 * The one write of a change: the deployment, its revision, its operation, the approval that allowed it
 * and the one it ends, and its event, in one transaction. The version check makes a concurrent change
 * fail, not vanish. Committed changes that the catalog shows are announced.
 */
export class ChangeWriter {
  constructor(
    private readonly stores: StoresWithTransactions,
    private readonly changes: DeploymentChanges,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Writes the change; returns the waiting request it ended, if any, for its requester to be told. */
  async write(
    current: DeploymentRecord,
    action: DeploymentAction,
    plan: ChangePlan,
    ctx: RequestContext,
  ): Promise<{ superseded?: WithdrawnRequest }> {
    const now = this.clock();
    const revision = plan.revision ? current.revision + 1 : current.revision;
    const serving =
      plan.revision?.serving === undefined
        ? current.serving
        : plan.revision.serving;
    const operationId = plan.operation ? randomUUID() : null;
    // A change that replaces what runs, stops it or deletes it ends a waiting request: the approver
    // would decide it against a state that is gone.
    const waiting =
      !ctx.approval &&
      (plan.revision || action === 'stop' || action === 'delete')
        ? (await this.stores.approvals.getPending([current.id])).get(current.id)
        : undefined;
    const superseded =
      waiting &&
      withdrawnRequest(
        waiting,
        ctx.actor,
        action === 'delete'
          ? 'the deployment was deleted'
          : `superseded by ${action}`,
        now,
      );
    await this.stores.transaction(async tx => {
      const updated = await tx.deployments.update(current.id, current.version, {
        spec: plan.spec,
        status: plan.status,
        revision,
        ...(plan.revision ? { serving, availableServing: null } : {}),
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
        const decided = await tx.approvals.decide(request.id, {
          status: 'approved',
          decidedBy: approver,
          reason: comment ?? null,
          now,
        });
        if (!decided) {
          throw new ConflictError(
            `The request to ${request.action} deployment '${current.name}' was decided meanwhile`,
          );
        }
        // A creation that waited brings about the revision it was asked with.
        const target = plan.operation?.targetRevision;
        if (!plan.revision && target !== undefined) {
          await tx.deployments.approveRevision(current.id, target, approver);
        }
      }
      if (superseded) {
        await tx.approvals.decide(superseded.id, {
          status: superseded.status,
          decidedBy: superseded.decidedBy,
          reason: superseded.reason,
          now,
        });
      }
      if (plan.promotes) {
        await tx.operations.requestPromotion(plan.promotes.id, now);
      }
      if (plan.supersedes) {
        await tx.operations.cancelActive(current.id, plan.supersedes, now);
      }
      if (plan.revision) {
        await tx.deployments.insertRevision({
          deploymentId: current.id,
          revision,
          spec: plan.revision.spec,
          serving,
          reason: plan.revision.reason,
          approvedBy:
            ctx.approval?.approver ?? plan.revision.approvedBy ?? null,
          actor: ctx.actor,
          now,
        });
      }
      if (plan.operation && operationId) {
        await tx.operations.insert({
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
        await tx.deployments.insertEvent({
          ...approvalEvent(current, ctx.approval, now),
          statusAfter: plan.status,
        });
      }
      await tx.deployments.insertEvent({
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
      await this.changes.announce({
        ...current,
        deletedAt: plan.deleted ? now.toISOString() : null,
      });
    }
    return { superseded };
  }
}

/** The history's record of an approval, by the approver. */
function approvalEvent(
  current: DeploymentRecord,
  approval: ApprovedChange,
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
