import type {
  CreateDeploymentResponse,
  DeploymentAction,
  DeploymentSpecPatch,
  EditDeploymentResponse,
  ModelDeployment,
  ParsedCreateDeploymentRequest,
  ServingPin,
} from '@modelops/plugin-model-deployments-common';
import type { ApprovalNotifier } from '../approvals/ApprovalNotifier';
import { approvalActionsOfEdit } from '../approvals/ApprovalPolicy';
import type { ApprovalPresenter } from '../approvals/ApprovalPresenter';
import type {
  ApprovalWorkflow,
  ChangeToApprove,
  WithdrawnRequest,
} from '../approvals/ApprovalWorkflow';
import {
  assertApprovalStands,
  StaleApprovalError,
} from '../approvals/staleApproval';
import type { ModelCatalog } from '../catalog/ModelCatalog';
import {
  servingPinOf,
  withServingChanges,
  type ServingTemplates,
} from '../catalog/serving';
import type { StoresWithTransactions } from '../database/Stores';
import type { DeploymentRecord } from '../database/rows';
import type { DeploymentChanges } from '../events/DeploymentChanges';
import type { ChangePlan } from '../deployments/ChangePlan';
import type { ChangeWriter } from '../deployments/ChangeWriter';
import { createDeployment } from '../deployments/createDeployment';
import type { DeploymentAccess } from '../deployments/DeploymentAccess';
import { planApprovedCreation } from '../deployments/plans/planApprovedCreation';
import { planDelete } from '../deployments/plans/planDelete';
import { planEdit } from '../deployments/plans/planEdit';
import { planPromote } from '../deployments/plans/planPromote';
import { planRollback } from '../deployments/plans/planRollback';
import { planScale, type ScaleRequest } from '../deployments/plans/planScale';
import { planStart } from '../deployments/plans/planStart';
import { planStop } from '../deployments/plans/planStop';
import {
  planUpdateModel,
  type UpdateModelRequest,
} from '../deployments/plans/planUpdateModel';
import {
  presentDeployment,
  previewDeployment,
} from '../deployments/presentDeployment';
import type {
  ApprovedChange,
  RequestContext,
} from '../deployments/RequestContext';
import type { DeploymentAuthorizer } from '../permissions/DeploymentAuthorizer';
import type { OwnerSecrets } from '../runtime/secrets/OwnerSecrets';
import type { DeploymentQueries } from './DeploymentQueries';

/**
 * The commands on deployments. Each loads the deployment for its action (permission, version, status),
 * plans the change from the request (a pure function per action), and then either records it as a
 * request for an approver or writes it, revision, operation and event in one transaction. The runtime
 * picks the operations up; until it has observed something, nothing here claims instances.
 */
export class DeploymentService {
  constructor(
    private readonly deps: {
      stores: StoresWithTransactions;
      models: ModelCatalog;
      authorizer: DeploymentAuthorizer;
      access: DeploymentAccess;
      queries: DeploymentQueries;
      writer: ChangeWriter;
      workflow: ApprovalWorkflow;
      approvalPresenter: ApprovalPresenter;
      notifier: ApprovalNotifier;
      changes: DeploymentChanges;
      /** The configured image and model location, pinned in each new model version's revision. */
      servingTemplates?: ServingTemplates;
      /** Which Secrets a model's owner may reference; unchecked where nothing runs. */
      secrets?: OwnerSecrets;
    },
  ) {}

  async create(
    request: ParsedCreateDeploymentRequest,
    ctx: RequestContext & { idempotencyKey?: string },
  ): Promise<{ response: CreateDeploymentResponse; created: boolean }> {
    const { queries, changes, notifier } = this.deps;
    const outcome = await createDeployment(
      { ...this.deps, approvals: this.deps.workflow },
      request,
      ctx,
    );
    switch (outcome.kind) {
      case 'replayed':
        return {
          response: {
            deployment: await queries.get(
              outcome.deploymentId,
              ctx.credentials,
            ),
            dryRun: false,
          },
          created: false,
        };
      case 'previewed':
        return {
          response: {
            deployment: presentDeployment(outcome.record),
            dryRun: true,
          },
          created: false,
        };
      default: {
        const deployment = await queries.get(
          outcome.record.id,
          ctx.credentials,
        );
        await changes.announce(outcome.record);
        if (deployment.pendingApproval) {
          await notifier.requested(deployment.pendingApproval);
        }
        return { response: { deployment, dryRun: false }, created: true };
      }
    }
  }

  async edit(
    id: string,
    patch: DeploymentSpecPatch,
    ctx: RequestContext,
  ): Promise<EditDeploymentResponse> {
    const current = await this.deps.access.forAction(id, 'edit', ctx);
    const { plan, diff, effects } = planEdit(current, patch);
    if (plan.spec && diff.changes.some(change => change.field === 'env')) {
      await this.deps.secrets?.assertUsable(current.owner, plan.spec);
    }
    const response = {
      changes: diff.changes,
      restartRequired: diff.restartRequired,
      effects,
      dryRun: Boolean(ctx.dryRun),
    };
    if (diff.changes.length === 0) {
      if (ctx.approval) {
        throw new StaleApprovalError(
          current.name,
          ctx.approval.request,
          'it would now change nothing',
        );
      }
      return {
        ...response,
        deployment: await this.deps.queries.get(id, ctx.credentials),
      };
    }
    let deployment: ModelDeployment;
    if (ctx.dryRun) {
      deployment = previewDeployment(current, plan);
    } else if (
      approvalActionsOfEdit(diff).some(action =>
        this.awaitsApproval(current, action, ctx),
      )
    ) {
      deployment = await this.requestApproval(
        current,
        'edit',
        { patch },
        plan,
        ctx,
      );
    } else {
      deployment = await this.change(current, 'edit', plan, ctx);
    }
    return { ...response, deployment };
  }

  async scale(
    id: string,
    request: ScaleRequest,
    ctx: RequestContext,
  ): Promise<ModelDeployment> {
    const current = await this.deps.access.forAction(id, 'scale', ctx);
    const plan = planScale(current, request);
    if (!plan) {
      if (ctx.approval) {
        throw new StaleApprovalError(
          current.name,
          ctx.approval.request,
          'it has that many instances already',
        );
      }
      return this.deps.queries.get(id, ctx.credentials);
    }
    if (this.awaitsApproval(current, 'scale', ctx)) {
      return this.requestApproval(current, 'scale', request, plan, ctx);
    }
    return this.change(current, 'scale', plan, ctx);
  }

  async stop(
    id: string,
    request: { reason?: string },
    ctx: RequestContext,
  ): Promise<ModelDeployment> {
    const current = await this.deps.access.forAction(id, 'stop', ctx);
    return this.change(current, 'stop', planStop(request), ctx);
  }

  async start(id: string, ctx: RequestContext): Promise<ModelDeployment> {
    const current = await this.deps.access.forAction(id, 'start', ctx);
    await this.deps.secrets?.assertUsable(current.owner, current.spec);
    return this.change(current, 'start', planStart(), ctx);
  }

  /**
   * Updates the model version. What the new revision runs is resolved now, from the model's annotations
   * and the configuration, or is the one an approver saw (`approved`), never what they say later.
   */
  async updateModel(
    id: string,
    request: UpdateModelRequest,
    ctx: RequestContext,
    approved?: ServingPin | null,
  ): Promise<ModelDeployment> {
    const current = await this.deps.access.forAction(id, 'update-model', ctx);
    const { strategy, ...planned } = planUpdateModel(current, request);
    await this.deps.secrets?.assertUsable(
      current.owner,
      planned.revision!.spec,
    );
    const model = await this.deps.models.resolve(
      { modelRef: current.spec.modelRef },
      ctx.credentials,
    );
    await this.deps.models.assertVersionExists(
      model,
      request.modelVersion,
      'modelVersion',
    );
    const serving =
      approved !== undefined
        ? approved
        : servingPinOf(
            model.entity,
            planned.revision!.spec,
            this.deps.servingTemplates,
          );
    const plan: ChangePlan = {
      ...planned,
      revision: { ...planned.revision!, serving },
      event: {
        ...planned.event,
        changes: withServingChanges(
          planned.event.changes,
          current.serving,
          serving,
        ),
      },
    };
    if (this.awaitsApproval(current, 'update-model', ctx)) {
      return this.requestApproval(
        current,
        'update-model',
        { ...request, strategy, serving },
        plan,
        ctx,
      );
    }
    return this.change(current, 'update-model', plan, ctx);
  }

  /** Finishes a canary or blue-green update now: the remaining steps, or the rollback window, are skipped. */
  async promote(id: string, ctx: RequestContext): Promise<ModelDeployment> {
    const current = await this.deps.access.forAction(id, 'promote', ctx);
    const [operation] =
      (await this.deps.stores.operations.getActive([id])).get(id) ?? [];
    const plan = planPromote(current, operation);
    if (this.awaitsApproval(current, 'promote', ctx)) {
      return this.requestApproval(
        current,
        'promote',
        { operationId: operation!.id },
        plan,
        ctx,
      );
    }
    if (
      ctx.approval &&
      ctx.approval.request.parameters.operationId !== operation!.id
    ) {
      throw new StaleApprovalError(
        current.name,
        ctx.approval.request,
        'the update it would promote has ended, and another is under way',
      );
    }
    return this.change(current, 'promote', plan, ctx);
  }

  async rollback(
    id: string,
    request: { revision: number },
    ctx: RequestContext,
  ): Promise<ModelDeployment> {
    const current = await this.deps.access.forAction(id, 'rollback', ctx);
    const target =
      request.revision === current.revision
        ? undefined
        : await this.deps.stores.deployments.getRevision(id, request.revision);
    const plan = planRollback(current, request.revision, target);
    await this.deps.secrets?.assertUsable(current.owner, plan.spec!);
    // An emergency rollback needs no approval where the platform says so, but only to what an approver
    // saw: a revision nobody approved (made before approvals were required, say) waits like any change.
    const neverApproved =
      this.deps.workflow.policy.guardsWhatRuns(current.spec.environment) &&
      !target!.approvedBy;
    if (
      this.awaitsApproval(current, 'rollback', ctx) ||
      (neverApproved && !ctx.approval)
    ) {
      return this.requestApproval(current, 'rollback', request, plan, ctx, {
        description: neverApproved
          ? `${plan.event.message}: nobody approved revision ${request.revision}`
          : undefined,
      });
    }
    return this.change(current, 'rollback', plan, ctx);
  }

  async delete(
    id: string,
    request: { confirm: string },
    ctx: RequestContext,
  ): Promise<ModelDeployment> {
    const current = await this.deps.access.forAction(id, 'delete', ctx);
    // An apply refused half-way leaves objects behind although it never finished.
    const mayHaveObjects =
      current.applied || (await this.deps.stores.operations.anyStarted(id));
    const plan = planDelete(current, request, mayHaveObjects);
    // Removing what never ran needs nobody's approval: a waiting creation is withdrawn this way.
    if (!plan.deleted && this.awaitsApproval(current, 'delete', ctx)) {
      return this.requestApproval(current, 'delete', {}, plan, ctx);
    }
    return this.change(current, 'delete', plan, ctx);
  }

  /** Deploys a creation that waited for an approver, who approved it (`ctx.approval`). */
  async approveCreation(
    id: string,
    ctx: RequestContext & { approval: ApprovedChange },
  ): Promise<ModelDeployment> {
    const { record } = await this.deps.access.findReadable(id, ctx.credentials);
    const plan = planApprovedCreation(record, ctx.approval.approver);
    return this.change(record, 'create', plan, ctx);
  }

  private awaitsApproval(
    current: DeploymentRecord,
    action: ChangeToApprove['action'],
    ctx: RequestContext,
  ): boolean {
    return (
      !ctx.approval &&
      this.deps.workflow.policy.requiresApproval(
        current.spec.environment,
        action,
      )
    );
  }

  /** Writes a change; a waiting request that it ended is told to its requester. */
  private async change(
    current: DeploymentRecord,
    action: DeploymentAction,
    plan: ChangePlan,
    ctx: RequestContext,
  ): Promise<ModelDeployment> {
    if (ctx.approval) {
      assertApprovalStands(current, ctx.approval.request, plan.event.changes);
    }
    const { superseded } = await this.deps.writer.write(
      current,
      action,
      plan,
      ctx,
    );
    const deployment = await this.deps.queries.get(current.id, ctx.credentials);
    await this.tellRequesterOf(superseded, current, ctx);
    return deployment;
  }

  /**
   * Records the planned change as a request of `action` that waits for an approver (`parameters` are
   * what carries it out once approved), and tells the approvers.
   */
  private async requestApproval(
    current: DeploymentRecord,
    action: ChangeToApprove['action'],
    parameters: Record<string, unknown>,
    plan: ChangePlan,
    ctx: RequestContext,
    options: { description?: string } = {},
  ): Promise<ModelDeployment> {
    const { replaced } = await this.deps.workflow.request(
      current,
      {
        action,
        parameters,
        changes: plan.event.changes,
        description: options.description ?? plan.event.message,
      },
      ctx.actor,
    );
    const deployment = await this.deps.queries.get(current.id, ctx.credentials);
    await this.tellRequesterOf(replaced, current, ctx);
    if (deployment.pendingApproval) {
      await this.deps.notifier.requested(deployment.pendingApproval);
    }
    return deployment;
  }

  /** Tells the requester of a waiting request that someone else's change ended it. */
  private async tellRequesterOf(
    closed: WithdrawnRequest | undefined,
    current: DeploymentRecord,
    ctx: RequestContext,
  ): Promise<void> {
    if (!closed || closed.requestedBy === ctx.actor) {
      return;
    }
    const [presented] = await this.deps.approvalPresenter.present(
      [closed],
      new Map([[current.id, current]]),
      { credentials: ctx.credentials, actor: ctx.actor },
    );
    await this.deps.notifier.decided(presented);
  }
}
