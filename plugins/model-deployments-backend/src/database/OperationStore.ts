import type {
  DeploymentAction,
  DeploymentOperation,
  OperationStatus,
  RolloutProgress,
} from '@modelops/plugin-model-deployments-common';

export type NewOperation = {
  id: string;
  deploymentId: string;
  type: DeploymentAction;
  step: string | null;
  targetRevision: number | null;
  parameters: Record<string, unknown>;
  requestedBy: string;
  now: Date;
};

export type OperationUpdate = {
  status?: OperationStatus;
  step?: string | null;
  progress?: RolloutProgress | null;
  error?: string | null;
  /** The generation the API server gave each Deployment (by name) at the apply just made. */
  appliedGenerations?: Record<string, number>;
  now: Date;
};

/** The operations that bring a cluster to a deployment's record (the `deployment_operations` table). */
export interface OperationStore {
  insert(operation: NewOperation): Promise<void>;
  /** The operations queued or under way, by deployment, oldest first. */
  getActive(
    deploymentIds: string[],
  ): Promise<Map<string, DeploymentOperation[]>>;
  /**
   * The generation the API server gave each Deployment (by name) at the operation's last apply: the
   * runtime judges no rollout by an observation older than these, also after a restart.
   */
  getAppliedGenerations(id: string): Promise<Record<string, number>>;
  /** The deployments that have an operation queued or under way, oldest operation first. */
  listDeploymentsWithActive(): Promise<string[]>;
  /**
   * Records an operation's progress: its status, its step, and when it started or finished. Only an
   * operation still queued or under way changes, so that the runtime cannot bring back one that a
   * rollback or a delete cancelled meanwhile; resolves to whether it did.
   */
  update(id: string, update: OperationUpdate): Promise<boolean>;
  /**
   * Whether the runtime ever took up an operation of the deployment: only then can objects of it be in a
   * cluster, whether or not an apply finished.
   */
  anyStarted(deploymentId: string): Promise<boolean>;
  /** Asks the runtime to finish an update now; resolves to whether it was still under way. */
  requestPromotion(id: string, now: Date): Promise<boolean>;
  /** Cancels the operations queued or under way, which a rollback or a delete supersedes; resolves to how many. */
  cancelActive(
    deploymentId: string,
    reason: string,
    now: Date,
  ): Promise<number>;
}
