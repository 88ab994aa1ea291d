import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  modelDeploymentReadPermission,
  type ApprovalList,
  type ApprovalRequest,
  type ParsedListApprovalsQuery,
} from '@modelops/plugin-model-deployments-common';
import type { ApprovalNotifier } from '../approvals/ApprovalNotifier';
import type { ApprovalPresenter } from '../approvals/ApprovalPresenter';
import type { ApprovalWorkflow } from '../approvals/ApprovalWorkflow';
import type { StoresWithTransactions } from '../database/Stores';
import type { ApprovalRecord, DeploymentRecord } from '../database/rows';
import { decodeCursor, encodeCursor } from '../lib/cursor';
import { principalName } from '../lib/principal';
import type { DeploymentAuthorizer } from '../permissions/DeploymentAuthorizer';
import { carryOutApproved, type ApprovedCommands } from './carryOutApproved';

/** The actor of what nobody decided in time. */
const EXPIRY_ACTOR = 'model-deployments';

/**
 * Decisions on changes that wait for an approver: four eyes (nobody decides their own request), the
 * approvers from the catalog through the permission policy, and every decision recorded as an event.
 */
export class ApprovalService {
  constructor(
    private readonly stores: StoresWithTransactions,
    private readonly commands: ApprovedCommands,
    private readonly workflow: Pick<ApprovalWorkflow, 'close'>,
    private readonly authorizer: DeploymentAuthorizer,
    private readonly presenter: ApprovalPresenter,
    private readonly notifier: ApprovalNotifier,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async list(
    query: ParsedListApprovalsQuery,
    credentials: BackstageCredentials,
  ): Promise<ApprovalList> {
    const permissionFilter = await this.authorizer.filter(
      credentials,
      modelDeploymentReadPermission,
    );
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    if (after && Number.isNaN(Date.parse(after.name))) {
      throw new InputError('cursor: is not a cursor this API returned');
    }
    const page = await this.stores.approvals.list({
      status: query.status,
      deploymentId: query.deploymentId,
      limit: query.limit,
      after: after && { requestedAt: after.name, id: after.id },
      permissionFilter,
    });
    const items = await this.present(page.items, credentials);
    return {
      items,
      ...(page.next
        ? {
            nextCursor: encodeCursor({
              name: page.next.requestedAt,
              id: page.next.id,
            }),
          }
        : {}),
    };
  }

  async get(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<ApprovalRequest> {
    const request = await this.load(id);
    await this.readableDeployment(request, credentials);
    const [presented] = await this.present([request], credentials);
    return presented;
  }

  async approve(
    id: string,
    body: { comment?: string },
    credentials: BackstageCredentials,
  ): Promise<ApprovalRequest> {
    const { request, deployment } = await this.decidable(id, credentials);
    await carryOutApproved(this.commands, request, deployment, {
      credentials,
      actor: principalName(credentials),
      comment: body.comment || undefined,
    });
    return this.decided(id, credentials);
  }

  async reject(
    id: string,
    body: { reason: string },
    credentials: BackstageCredentials,
  ): Promise<ApprovalRequest> {
    const { request } = await this.decidable(id, credentials);
    const actor = principalName(credentials);
    await this.workflow.close(request, {
      status: 'rejected',
      actor,
      reason: body.reason,
      message: `Rejected ${request.action} asked by ${request.requestedBy}: ${body.reason}`,
    });
    return this.decided(id, credentials);
  }

  /** The requester takes their request back. */
  async withdraw(
    id: string,
    body: { reason?: string },
    credentials: BackstageCredentials,
  ): Promise<ApprovalRequest> {
    const request = await this.load(id);
    await this.readableDeployment(request, credentials);
    const actor = principalName(credentials);
    if (request.requestedBy !== actor) {
      throw new NotAllowedError(
        `Only ${request.requestedBy}, who asked for this change, can withdraw it`,
      );
    }
    this.assertPending(request);
    await this.workflow.close(request, {
      status: 'withdrawn',
      actor,
      reason: body.reason || null,
      message: `Withdrew the request to ${request.action}${
        body.reason ? `: ${body.reason}` : ''
      }`,
    });
    return this.decided(id, credentials);
  }

  /** Ends the requests whose time ran out; returns how many. */
  async expireDue(serviceCredentials: BackstageCredentials): Promise<number> {
    const due = await this.stores.approvals.listExpired(this.clock());
    for (const request of due) {
      try {
        await this.workflow.close(request, {
          status: 'expired',
          actor: EXPIRY_ACTOR,
          reason: `nobody decided before ${request.expiresAt}`,
          message: `The request to ${request.action} by ${request.requestedBy} expired: nobody decided before ${request.expiresAt}`,
        });
      } catch (error) {
        if (!(error instanceof ConflictError)) {
          throw error;
        }
        // Decided in the meantime: nothing expires.
        continue;
      }
      await this.notifier.decided(
        await this.get(request.id, serviceCredentials),
      );
    }
    return due.length;
  }

  /**
   * The request and its deployment, if it still waits and the user may decide it; otherwise the reason,
   * as an error.
   */
  private async decidable(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<{ request: ApprovalRecord; deployment: DeploymentRecord }> {
    const request = await this.load(id);
    const deployment = await this.readableDeployment(request, credentials);
    this.assertPending(request);
    const [resource] = await this.authorizer.resources([deployment]);
    const refusal = await this.presenter.refusal(request, resource, {
      credentials,
      actor: principalName(credentials),
    });
    if (refusal) {
      throw new NotAllowedError(refusal);
    }
    return { request, deployment };
  }

  private assertPending(request: ApprovalRecord): void {
    if (request.status !== 'pending') {
      throw new ConflictError(
        `The request to ${request.action} was already ${request.status}${
          request.decidedBy ? ` by ${request.decidedBy}` : ''
        }`,
      );
    }
    if (new Date(request.expiresAt) <= this.clock()) {
      throw new ConflictError(
        `The request to ${request.action} expired at ${request.expiresAt}`,
      );
    }
  }

  private async decided(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<ApprovalRequest> {
    const request = await this.get(id, credentials);
    await this.notifier.decided(request);
    return request;
  }

  private async load(id: string): Promise<ApprovalRecord> {
    const request = await this.stores.approvals.get(id);
    if (!request) {
      throw new NotFoundError(`No approval request with id '${id}'`);
    }
    return request;
  }

  /** The request's deployment, if the user may read it; a request of one they may not is not found. */
  private async readableDeployment(
    request: ApprovalRecord,
    credentials: BackstageCredentials,
  ): Promise<DeploymentRecord> {
    const deployment = await this.stores.deployments.get(request.deploymentId);
    const [resource] = deployment
      ? await this.authorizer.resources([deployment])
      : [];
    if (
      !deployment ||
      !(await this.authorizer.isAllowed(
        credentials,
        modelDeploymentReadPermission,
        resource,
      ))
    ) {
      throw new NotFoundError(`No approval request with id '${request.id}'`);
    }
    return deployment;
  }

  private async present(
    requests: ApprovalRecord[],
    credentials: BackstageCredentials,
  ): Promise<ApprovalRequest[]> {
    const deployments = await this.stores.deployments.getMany(
      requests.map(r => r.deploymentId),
    );
    return this.presenter.present(requests, deployments, {
      credentials,
      actor: principalName(credentials),
    });
  }
}
