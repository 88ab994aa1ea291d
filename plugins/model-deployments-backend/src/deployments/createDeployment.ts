import { createHash, randomUUID } from 'node:crypto';
import { ConflictError } from '@backstage/errors';
import {
  PERMISSION_BY_ACTION,
  SPEC_FIELD_PATHS,
  deploymentSpecSchema,
  getSpecField,
  parseWithIssues,
  type DeploymentEvent,
  type DeploymentSpec,
  type DeploymentStatus,
  type ParsedCreateDeploymentRequest,
} from '@modelops/plugin-model-deployments-common';
import type { OwnerSecrets } from '../runtime/secrets/OwnerSecrets';
import type { ApprovalWorkflow } from '../approvals/ApprovalWorkflow';
import type { ModelCatalog } from '../catalog/ModelCatalog';
import {
  servingPinOf,
  withServingChanges,
  type ServingTemplates,
} from '../catalog/serving';
import type { StoresWithTransactions } from '../database/Stores';
import { isUniqueViolation } from '../database/isUniqueViolation';
import type { DeploymentRecord } from '../database/rows';
import { FieldValidationError } from '../lib/errors';
import type { DeploymentAuthorizer } from '../permissions/DeploymentAuthorizer';
import type { DeploymentAccess } from './DeploymentAccess';
import type { RequestContext } from './RequestContext';

/** What a create request came to. */
export type CreateOutcome =
  /** An earlier request with the same idempotency key created this deployment. */
  | { kind: 'replayed'; deploymentId: string }
  /** The deployment the request would create (a dry run): nothing was written. */
  | { kind: 'previewed'; record: DeploymentRecord }
  | { kind: 'created'; record: DeploymentRecord };

/** A new deployment as an approver reads it: every field, from nothing. */
function specFields(spec: DeploymentSpec): DeploymentEvent['changes'] {
  return SPEC_FIELD_PATHS.map(field => ({
    field,
    before: null,
    after: getSpecField(spec, field),
  })).filter(change => change.after !== undefined);
}

function requestHash(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

/**
 * Creates a deployment of a model in the catalog, at a version it has, in one transaction with its
 * first revision and either its operation or the approval request it waits for. An idempotency key
 * makes a retried request answer with the deployment the first one created.
 */
export async function createDeployment(
  deps: {
    stores: StoresWithTransactions;
    models: ModelCatalog;
    authorizer: DeploymentAuthorizer;
    access: DeploymentAccess;
    approvals: ApprovalWorkflow;
    /** The configured image and model location, pinned in the first revision with the model's. */
    servingTemplates?: ServingTemplates;
    /** Which Secrets the model's owner may reference. */
    secrets?: OwnerSecrets;
  },
  request: ParsedCreateDeploymentRequest,
  ctx: RequestContext & { idempotencyKey?: string },
): Promise<CreateOutcome> {
  const { stores, models, authorizer, access, approvals } = deps;
  const hash = requestHash(request);
  const replayed = async (): Promise<CreateOutcome | undefined> => {
    const previous =
      ctx.idempotencyKey &&
      (await stores.idempotency.get(ctx.actor, ctx.idempotencyKey));
    if (!previous) {
      return undefined;
    }
    if (previous.requestHash !== hash) {
      throw new ConflictError(
        `Idempotency-Key '${ctx.idempotencyKey}' was already used for a different request; use a new key for a new deployment`,
      );
    }
    return { kind: 'replayed', deploymentId: previous.deploymentId };
  };
  const replay = await replayed();
  if (replay) {
    return replay;
  }

  const model = await models.resolve(request, ctx.credentials);
  await models.assertVersionExists(model, request.modelVersion, 'modelVersion');
  const parsed = parseWithIssues(deploymentSpecSchema, {
    ...request,
    modelRef: model.ref,
    modelId: model.modelId,
  });
  if (!parsed.success) {
    throw new FieldValidationError(parsed.issues);
  }
  const spec = parsed.data;
  const serving = servingPinOf(model.entity, spec, deps.servingTemplates);
  const [resource] = await authorizer.resources([{ name: spec.name, spec }]);
  await authorizer.authorize(
    ctx.credentials,
    PERMISSION_BY_ACTION.create,
    resource,
  );
  await access.assertNameFree(spec.name);
  await deps.secrets?.assertUsable(model.owner, spec);
  const awaitsApproval = approvals.policy.requiresApproval(
    spec.environment,
    'create',
  );
  const status: DeploymentStatus = awaitsApproval
    ? 'pending-approval'
    : 'deploying';

  const now = new Date();
  const id = randomUUID();
  const record: DeploymentRecord = {
    id,
    name: spec.name,
    spec,
    owner: model.owner.toLowerCase(),
    status,
    version: 1,
    revision: 1,
    activeRevision: null,
    instancesCurrent: null,
    instancesReady: null,
    conditions: [],
    lastError: null,
    observedAt: null,
    applied: false,
    serving,
    availableServing: null,
    createdAt: now.toISOString(),
    createdBy: ctx.actor,
    updatedAt: now.toISOString(),
    updatedBy: ctx.actor,
    deletedAt: null,
  };
  if (ctx.dryRun) {
    return { kind: 'previewed', record };
  }

  const operationId = awaitsApproval ? undefined : randomUUID();
  const approval = awaitsApproval
    ? approvals.newRequest(
        id,
        {
          action: 'create',
          parameters: {},
          changes: withServingChanges(specFields(spec), null, serving),
        },
        ctx.actor,
        now,
        null,
      )
    : undefined;
  try {
    await stores.transaction(async tx => {
      await tx.deployments.insert({
        id,
        spec,
        serving,
        owner: model.owner,
        status,
        actor: ctx.actor,
        now,
      });
      await tx.deployments.insertRevision({
        deploymentId: id,
        revision: 1,
        spec,
        serving,
        reason: `create with ${spec.modelVersion}`,
        // A creation that waits is approved later (the approved creation records it).
        approvedBy: null,
        actor: ctx.actor,
        now,
      });
      if (operationId) {
        await tx.operations.insert({
          id: operationId,
          deploymentId: id,
          type: 'create',
          step: 'queued',
          targetRevision: 1,
          parameters: {},
          requestedBy: ctx.actor,
          now,
        });
      }
      if (approval) {
        await tx.approvals.insert(approval);
      }
      await tx.deployments.insertEvent({
        deploymentId: id,
        action: 'create',
        outcome: approval ? 'awaiting-approval' : 'accepted',
        actor: ctx.actor,
        at: now,
        message: `Created ${spec.name} with model ${spec.modelId} ${
          spec.modelVersion
        } in ${spec.environment}${
          approval ? '; it waits for an approver before it is deployed' : ''
        }`,
        statusBefore: null,
        statusAfter: status,
        changes: [],
        operationId: operationId ?? null,
        revision: 1,
      });
      if (ctx.idempotencyKey) {
        await tx.idempotency.insert(
          ctx.actor,
          ctx.idempotencyKey,
          hash,
          id,
          now,
        );
      }
    });
  } catch (error) {
    if (!isUniqueViolation(error)) {
      throw error;
    }
    // A concurrent retry with the same key won the race, or another deployment took the name.
    const raced = await replayed();
    if (raced) {
      return raced;
    }
    await access.assertNameFree(spec.name);
    throw error;
  }
  return { kind: 'created', record };
}
