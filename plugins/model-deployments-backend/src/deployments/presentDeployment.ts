import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  SERVING_IMAGE_CURRENT_CONDITION,
  STATUSES_WITHOUT_DESIRED_INSTANCES,
  type ApprovalRequest,
  type DeploymentCondition,
  type DeploymentAlert,
  type DeploymentOperation,
  type ModelDeployment,
} from '@modelops/plugin-model-deployments-common';
import type { ApprovalPresenter } from '../approvals/ApprovalPresenter';
import { sameServing } from '../catalog/serving';
import type { ModelOwnership } from '../catalog/ModelOwnership';
import type { AlertStore } from '../database/AlertStore';
import type { StoresWithTransactions } from '../database/Stores';
import type { DeploymentRecord } from '../database/rows';
import { principalName } from '../lib/principal';
import type { DeploymentPermissionResource } from '../permissions/rules';
import type { ChangePlan } from './ChangePlan';

/**
 * Whether the deployment runs what its model's annotations give today, once that was observed: a change
 * of them is shown, never applied, until the model is updated.
 */
function servingCondition(
  record: DeploymentRecord,
): DeploymentCondition | undefined {
  const { serving, availableServing } = record;
  if (!serving || !availableServing) {
    return undefined;
  }
  const current = sameServing(serving, availableServing);
  return {
    type: SERVING_IMAGE_CURRENT_CONDITION,
    status: current ? 'True' : 'False',
    reason: current ? 'ModelServingImage' : 'ModelServingImageChanged',
    message: current
      ? "It runs the model's serving image"
      : `The model's serving image changed to ${availableServing.image}${
          availableServing.modelUri !== serving.modelUri
            ? ` (model URI ${availableServing.modelUri ?? 'none'})`
            : ''
        }; the next Update Model takes it`,
    lastTransitionTime: availableServing.observedAt,
  };
}

/** The API shape of a deployment: observed figures stay `null` until the runtime has observed them. */
export function presentDeployment(
  record: DeploymentRecord,
  operations?: DeploymentOperation[],
  pendingApproval?: ApprovalRequest,
  firingAlerts?: DeploymentAlert[],
): ModelDeployment {
  return {
    id: record.id,
    name: record.name,
    spec: record.spec,
    owner: record.owner,
    status: record.status,
    version: record.version,
    revision: record.revision,
    activeRevision: record.activeRevision,
    serving: record.serving,
    instances: {
      desired: STATUSES_WITHOUT_DESIRED_INSTANCES.includes(record.status)
        ? 0
        : record.spec.replicas.min,
      current: record.instancesCurrent,
      ready: record.instancesReady,
    },
    conditions: [
      ...record.conditions,
      ...[servingCondition(record)].filter(c => c !== undefined),
    ],
    ...(record.lastError ? { lastError: record.lastError } : {}),
    observedAt: record.observedAt,
    ...(operations?.length ? { operation: operations[0] } : {}),
    ...(pendingApproval ? { pendingApproval } : {}),
    ...(firingAlerts?.length ? { firingAlerts } : {}),
    createdAt: record.createdAt,
    createdBy: record.createdBy,
    updatedAt: record.updatedAt,
    updatedBy: record.updatedBy,
  };
}

/** What a change would make of the deployment, without writing it (a dry run). */
export function previewDeployment(
  current: DeploymentRecord,
  plan: Pick<ChangePlan, 'spec' | 'status' | 'revision'>,
): ModelDeployment {
  return presentDeployment({
    ...current,
    spec: plan.spec ?? current.spec,
    status: plan.status,
    revision: plan.revision ? current.revision + 1 : current.revision,
  });
}

/**
 * Deployments as a viewer reads them: with the operation under way, the change that waits for an
 * approver (and whether the viewer may decide it), the firing alerts, and the owner the catalog names now.
 */
export class DeploymentPresenter {
  constructor(
    private readonly stores: StoresWithTransactions,
    private readonly alerts: AlertStore,
    private readonly ownership: ModelOwnership,
    private readonly approvals: ApprovalPresenter,
  ) {}

  async present(
    records: DeploymentRecord[],
    credentials: BackstageCredentials,
    /** What the catalog says of each record's model, when the caller has just read it. */
    known?: DeploymentPermissionResource[],
  ): Promise<ModelDeployment[]> {
    const ids = records.map(r => r.id);
    const [operations, pending, firing, owners] = await Promise.all([
      this.stores.operations.getActive(ids),
      this.stores.approvals.getPending(ids),
      this.alerts.firing(ids),
      known
        ? new Map(known.map(k => [k.modelRef.toLowerCase(), k]))
        : this.ownership.of(records.map(r => r.spec.modelRef)),
    ]);
    const approvals = await this.approvals.present(
      [...pending.values()],
      new Map(records.map(r => [r.id, r])),
      { credentials, actor: principalName(credentials) },
    );
    const approvalOf = new Map(approvals.map(a => [a.deploymentId, a]));
    return records.map(record =>
      presentDeployment(
        {
          ...record,
          // The last known owner stays shown for a model that left the catalog.
          owner:
            owners.get(record.spec.modelRef.toLowerCase())?.owner ??
            record.owner,
        },
        operations.get(record.id),
        approvalOf.get(record.id),
        firing.get(record.id),
      ),
    );
  }
}
