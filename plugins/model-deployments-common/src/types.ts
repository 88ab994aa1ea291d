import type { DeploymentSpec } from './spec';
import type { DeploymentAction, DeploymentStatus } from './status';
import type { EditEffect, FieldChange, SpecFieldPath } from './editability';
import type { ApprovalDecision, ApprovalRequest } from './approvals';
import type { DeploymentAlert } from './monitoring';

/**
 * The shapes the REST API returns. Everything under "state" is observed from the cluster by the runtime;
 * until something has been observed it is `null`, never a guess.
 */

/** A Kubernetes-style condition. @public */
export type DeploymentCondition = {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime: string;
};

/**
 * The condition that says whether the cluster carries out every setting of the spec; when it is `False`,
 * its message names what is not (e.g. sticky sessions without a traffic manager).
 *
 * @public
 */
export const SETTINGS_ENFORCED_CONDITION = 'SettingsEnforced';

/**
 * The condition that says whether the deployment's pods meet Kubernetes' `restricted` Pod Security
 * standard; `False` when the platform's configuration relaxes it for serving runtimes that need more.
 *
 * @public
 */
export const POD_SECURITY_RESTRICTED_CONDITION = 'PodSecurityRestricted';

/**
 * The condition that says whether a deployment runs the serving image and model location that its
 * model's annotations and the configuration give today: `False` when they changed since its revision
 * was asked for (an update of the model takes them). Observed in the catalog every minute.
 *
 * @public
 */
export const SERVING_IMAGE_CURRENT_CONDITION = 'ServingImageCurrent';

/**
 * What a revision runs: the serving image and model location, resolved from the model's annotations and
 * the configuration when the change was asked for, shown to its approver, and used by every apply of
 * the revision after it (a later change of the annotations does not reach it).
 *
 * @public
 */
export type ServingPin = {
  image: string;
  /** Given to the server as `MODEL_URI`; `null` when neither the model nor the configuration names one. */
  modelUri: string | null;
};

/** @public */
export type DeploymentInstances = {
  /** What the spec asks for now (0 when stopped). */
  desired: number;
  /** Instances that exist, as last observed; `null` before anything was observed. */
  current: number | null;
  /** Instances that pass their readiness checks, as last observed; `null` before anything was observed. */
  ready: number | null;
};

/** @public */
export type OperationStatus =
  | 'queued'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'cancelled';

/**
 * How far a blue-green or canary update has come; the runtime keeps it with the operation, so that a
 * restarted backend resumes where it was.
 *
 * @public
 */
export type RolloutProgress = {
  strategy: 'blue-green' | 'canary';
  /**
   * `preview`: the new revision starts beside the serving one (blue-green); `switched`: it serves, the
   * previous one waits at full size for an instant switch back; `canary`: a canary step; `finishing`: the
   * stable workload takes the new revision; `completing`: the extra workload goes.
   */
  phase: 'preview' | 'switched' | 'canary' | 'finishing' | 'completing';
  /** The revision that served when the update began, and serves again if it is aborted. */
  fromRevision: number;
  /** Instances of the serving revision when the update began: the size of a preview, the base of a canary. */
  baseInstances: number;
  /** Canary: the step under way (0-based), and the share of requests and the instances it has. */
  stepIndex?: number;
  weightPercent?: number;
  canaryInstances?: number;
  /** When the current canary pause or the blue-green rollback window ends; absent until it begins. */
  until?: string;
};

/** An operation: the work that brings the cluster to what a request asked for. @public */
export type DeploymentOperation = {
  id: string;
  type: DeploymentAction;
  status: OperationStatus;
  /** The step under way, in words, e.g. "waiting for 2 of 3 instances to become ready". */
  step: string | null;
  /** The revision this operation rolls out, when it rolls one out. */
  targetRevision: number | null;
  parameters: Record<string, unknown>;
  /** Blue-green and canary updates: the phase and step they are in. */
  progress: RolloutProgress | null;
  /** When a user asked to promote the update (finish it now); `null` if nobody has. */
  promoteRequestedAt: string | null;
  error: string | null;
  requestedBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
};

/** @public */
export type ModelDeployment = {
  id: string;
  name: string;
  spec: DeploymentSpec;
  /** The owner of the model, as the catalog had it at the last change. */
  owner: string;
  status: DeploymentStatus;
  /** Increases with every change; the ETag of the resource. */
  version: number;
  /** The latest revision (what the spec asks to run). */
  revision: number;
  /** The revision serving traffic, as observed; `null` until the runtime has applied one. */
  activeRevision: number | null;
  /**
   * What the latest revision runs; `null` for a revision made before serving images were pinned, until
   * the runtime first applies it.
   */
  serving: ServingPin | null;
  instances: DeploymentInstances;
  conditions: DeploymentCondition[];
  /** The last error the runtime met; absent when there is none. */
  lastError?: { message: string; at: string };
  /** When the runtime last observed the deployment in its cluster; `null` if it never has. */
  observedAt: string | null;
  /** The operation queued or under way; absent when there is none. */
  operation?: DeploymentOperation;
  /** The change that waits for an approver; absent when none does. */
  pendingApproval?: ApprovalRequest;
  /** The alerts firing now (the thresholds of `spec.monitoring`); absent when none is. */
  firingAlerts?: DeploymentAlert[];
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
};

/** @public */
export type DeploymentList = {
  items: ModelDeployment[];
  /** Pass as `cursor` to get the next page; absent on the last page. */
  nextCursor?: string;
};

/** @public */
export type DeploymentRevision = {
  revision: number;
  modelVersion: string;
  spec: DeploymentSpec;
  /** What it runs; `null` for a revision made before serving images were pinned, until first applied. */
  serving: ServingPin | null;
  /** Why it was made, e.g. "update-model to v2.1.0" or "rollback to revision 1". */
  reason: string;
  createdAt: string;
  createdBy: string;
  /**
   * Who approved what it runs (its model version and pod template): the approver of the change that
   * made it, or of the revision a rollback returned to; `null` when no approver saw it.
   */
  approvedBy: string | null;
};

/** @public */
export type EventOutcome =
  | 'accepted'
  | 'succeeded'
  | 'failed'
  | 'cancelled'
  /** The change was asked for and waits for an approver. */
  | 'awaiting-approval';

/**
 * What an event records: an action, or a decision on an approval request (`expire` when nobody
 * decided in time).
 *
 * @public
 */
export type DeploymentEventAction =
  | DeploymentAction
  | ApprovalDecision
  | 'expire';

/** One entry of a deployment's history: who did what, before and after, and how it ended. @public */
export type DeploymentEvent = {
  id: string;
  deploymentId: string;
  action: DeploymentEventAction;
  outcome: EventOutcome;
  actor: string;
  at: string;
  message: string;
  statusBefore: DeploymentStatus | null;
  statusAfter: DeploymentStatus | null;
  changes: { field: SpecFieldPath | string; before: unknown; after: unknown }[];
  operationId: string | null;
  revision: number | null;
};

/** @public */
export type EventList = { items: DeploymentEvent[]; nextCursor?: string };

/** @public */
export type RevisionList = {
  items: DeploymentRevision[];
  /** Pass as `cursor` to get the next page; absent on the last page. */
  nextCursor?: string;
};

/** The answer to an edit, or to its dry run. @public */
export type EditDeploymentResponse = {
  deployment: ModelDeployment;
  changes: FieldChange[];
  /** True when instances are replaced by a rolling update (and a new revision is made). */
  restartRequired: boolean;
  effects: EditEffect[];
  dryRun: boolean;
};

/** The answer to a create, or to its dry run. @public */
export type CreateDeploymentResponse = {
  deployment: ModelDeployment;
  dryRun: boolean;
};

/** A field that a request got wrong, and the rule it broke. @public */
export type FieldIssue = { field: string; message: string };

/** One version of a model that can be deployed (`GET /models/{kind}/{namespace}/{name}/versions`). @public */
export type ModelVersion = {
  version: string;
  /** Where the serving image loads the version from, when the registry knows it. */
  uri?: string;
  createdAt?: string;
  description?: string;
};
