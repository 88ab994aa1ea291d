import type { PermissionCriteria } from '@backstage/plugin-permission-common';
import type {
  DeploymentCondition,
  DeploymentEvent,
  DeploymentEventAction,
  DeploymentRevision,
  DeploymentSpec,
  DeploymentStatus,
  EventOutcome,
  ParsedListDeploymentsQuery,
  ServingPin,
} from '@modelops/plugin-model-deployments-common';
import type { DeploymentFilter } from './permissionFilter';
import type { AvailableServing, DeploymentRecord } from './rows';

export type ListDeploymentsOptions = Omit<
  ParsedListDeploymentsQuery,
  'cursor' | 'owner'
> & {
  cursor?: { name: string; id: string };
  /** The models the asked-for owners have in the catalog now (lowercase references). */
  ownedModelRefs?: string[];
  permissionFilter?: PermissionCriteria<DeploymentFilter>;
};

export type NewDeployment = {
  id: string;
  spec: DeploymentSpec;
  serving: ServingPin | null;
  owner: string;
  status: DeploymentStatus;
  actor: string;
  now: Date;
};

/** Fields of a deployment a change may set; `version` always increases by one. */
export type DeploymentUpdate = Partial<{
  spec: DeploymentSpec;
  owner: string;
  status: DeploymentStatus;
  revision: number;
  activeRevision: number | null;
  instancesCurrent: number | null;
  instancesReady: number | null;
  conditions: DeploymentCondition[];
  lastError: { message: string; at: Date } | null;
  observedAt: Date | null;
  applied: boolean;
  deletedAt: Date | null;
  /** What the latest revision runs, moved with its revision. */
  serving: ServingPin | null;
  /** What the model's annotations give today; recorded as an observation. */
  availableServing: AvailableServing | null;
}> & {
  actor: string;
  now: Date;
  /**
   * Set for what the runtime observes (status, instances, conditions, errors). It is not a change, so
   * `updated_at` and `updated_by` keep naming the last change and who made it.
   */
  observation?: true;
};

export type NewRevision = {
  deploymentId: string;
  revision: number;
  spec: DeploymentSpec;
  serving: ServingPin | null;
  /** Why it was made, e.g. "update-model to v2.1.0". */
  reason: string;
  /** Who approved what it runs; `null` when no approver saw it. */
  approvedBy: string | null;
  actor: string;
  now: Date;
};

export type NewEvent = {
  deploymentId: string;
  action: DeploymentEventAction;
  outcome: EventOutcome;
  actor: string;
  at: Date;
  message: string;
  statusBefore: DeploymentStatus | null;
  statusAfter: DeploymentStatus | null;
  changes: DeploymentEvent['changes'];
  operationId: string | null;
  revision: number | null;
};

/** A deployment with its revisions and its history (the `deployments`, revisions and events tables). */
export interface DeploymentStore {
  insert(deployment: NewDeployment): Promise<void>;
  get(id: string): Promise<DeploymentRecord | undefined>;
  getMany(ids: string[]): Promise<Map<string, DeploymentRecord>>;
  /** The deployment with this name that is not deleted, if any. */
  findLiveByName(name: string): Promise<DeploymentRecord | undefined>;
  /**
   * One page of deployments in name order, using the (name, id) keyset so that pages stay stable while
   * deployments are added or removed.
   */
  list(options: ListDeploymentsOptions): Promise<{
    items: DeploymentRecord[];
    next?: { name: string; id: string };
  }>;
  /**
   * Applies a change if the deployment is still at `expectedVersion`; resolves to false if another write
   * got there first, so the caller can answer 409 instead of losing that write.
   */
  update(
    id: string,
    expectedVersion: number,
    update: DeploymentUpdate,
  ): Promise<boolean>;
  /** The deployments in any of these statuses, e.g. those that should be serving. */
  listInStatus(
    statuses: readonly DeploymentStatus[],
  ): Promise<DeploymentRecord[]>;
  /** The models of the live deployments, as lowercase entity references. */
  listDeployedModelRefs(): Promise<string[]>;
  /**
   * Records each model's owner (lowercase model ref → owner ref) on its live deployments; resolves to
   * the deployments whose owner changed.
   */
  updateOwners(owners: Map<string, string>): Promise<DeploymentRecord[]>;

  /**
   * Adds a revision, and removes those older than the store's history limit, except the one that
   * serves.
   */
  insertRevision(revision: NewRevision): Promise<void>;
  /** Records who approved a revision that was made before its approval (a creation that waited). */
  approveRevision(
    deploymentId: string,
    revision: number,
    approvedBy: string,
  ): Promise<void>;
  /**
   * Pins a revision made before serving images were pinned (and the deployment, when it is its latest
   * revision); a pinned revision keeps its pin. Resolves to whether the deployment's record changed.
   */
  pinServing(
    deploymentId: string,
    revision: number,
    serving: ServingPin,
  ): Promise<boolean>;
  /** Newest first. */
  listRevisions(
    deploymentId: string,
    options: { limit: number; before?: number },
  ): Promise<{ items: DeploymentRevision[]; next?: number }>;
  getRevision(
    deploymentId: string,
    revision: number,
  ): Promise<DeploymentRevision | undefined>;

  insertEvent(event: NewEvent): Promise<void>;
  /** Events newest first; `before` is the id of the last event of the previous page. */
  listEvents(
    deploymentId: string,
    options: { limit: number; before?: number },
  ): Promise<{ items: DeploymentEvent[]; next?: number }>;
}
