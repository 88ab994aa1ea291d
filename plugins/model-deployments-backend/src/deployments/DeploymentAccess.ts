import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  ACTIONS_BY_STATUS,
  PERMISSION_BY_ACTION,
  isActionAllowed,
  modelDeploymentReadPermission,
  type DeploymentAction,
} from '@modelops/plugin-model-deployments-common';
import type { StoresWithTransactions } from '../database/Stores';
import type { DeploymentRecord } from '../database/rows';
import type { DeploymentAuthorizer } from '../permissions/DeploymentAuthorizer';
import type { DeploymentPermissionResource } from '../permissions/rules';
import { PreconditionFailedError, StatusConflictError } from '../lib/errors';
import type { RequestContext } from './RequestContext';

/** A deployment as a user may see it, and what permission rules see of it. */
export type ReadableDeployment = {
  record: DeploymentRecord;
  resource: DeploymentPermissionResource;
};

/**
 * Who may read or change which deployment: the permission framework on what the catalog says of the
 * model now, then what the deployment's version, status and operation allow.
 */
export class DeploymentAccess {
  constructor(
    private readonly stores: StoresWithTransactions,
    private readonly authorizer: DeploymentAuthorizer,
  ) {}

  /**
   * The deployment, if the user may read it. Its owner is the catalog's now; the recorded owner, which
   * the `record-model-owners` task keeps in step, stays only for a model that left the catalog.
   */
  async findReadable(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<ReadableDeployment> {
    const stored = await this.stores.deployments.get(id);
    if (!stored) {
      throw new NotFoundError(`No deployment with id '${id}'`);
    }
    const [resource] = await this.authorizer.resources([stored]);
    // A deployment the user may not read is one that does not exist: ids are not to be probed.
    if (
      !(await this.authorizer.isAllowed(
        credentials,
        modelDeploymentReadPermission,
        resource,
      ))
    ) {
      throw new NotFoundError(`No deployment with id '${id}'`);
    }
    const record =
      resource.owner && !stored.deletedAt
        ? { ...stored, owner: resource.owner }
        : stored;
    return { record, resource };
  }

  /** Loads a deployment for an action, checking permission, version and status, in that order. */
  async forAction(
    id: string,
    action: Exclude<DeploymentAction, 'create'>,
    ctx: RequestContext,
  ): Promise<DeploymentRecord> {
    const { record, resource } = await this.findReadable(id, ctx.credentials);
    // An approved change was authorized when it was asked for, and its approver when approving.
    if (!ctx.approval) {
      await this.authorizer.authorize(
        ctx.credentials,
        PERMISSION_BY_ACTION[action],
        resource,
      );
    }
    if (ctx.ifMatch !== undefined && ctx.ifMatch !== record.version) {
      throw new PreconditionFailedError(
        `Deployment '${record.name}' is at version ${record.version}, not ${ctx.ifMatch}: reload it and try again`,
      );
    }
    if (!isActionAllowed(record.status, action)) {
      const allowed = ACTIONS_BY_STATUS[record.status];
      const allowedNow = allowed.length
        ? ` (allowed now: ${allowed.join(', ')})`
        : '';
      throw new StatusConflictError(
        `Cannot ${action} deployment '${record.name}' while it is ${record.status}${allowedNow}`,
        record.status,
      );
    }
    const [activeOperation] =
      (await this.stores.operations.getActive([id])).get(id) ?? [];
    // Delete and rollback supersede what is under way, promote acts on it; anything else waits for it.
    if (
      activeOperation &&
      action !== 'delete' &&
      action !== 'rollback' &&
      action !== 'promote'
    ) {
      const step = activeOperation.step ? ` (${activeOperation.step})` : '';
      throw new StatusConflictError(
        `Cannot ${action} deployment '${record.name}': ${activeOperation.type} is ${activeOperation.status}${step}`,
        record.status,
      );
    }
    return record;
  }

  /** Refuses a name that a deployment that is not deleted already has. */
  async assertNameFree(name: string): Promise<void> {
    const existing = await this.stores.deployments.findLiveByName(name);
    if (existing) {
      throw new ConflictError(
        `name: a deployment named '${name}' already exists (id ${existing.id}, ${existing.spec.environment})`,
      );
    }
  }
}
