import type { DeploymentSpec } from './spec';
import type { DeploymentAction, DeploymentStatus } from './status';
import type { EditEffect, FieldChange, SpecFieldPath } from './editability';

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
  instances: DeploymentInstances;
  conditions: DeploymentCondition[];
  /** The last error the runtime met; absent when there is none. */
  lastError?: { message: string; at: string };
  /** When the runtime last observed the deployment in its cluster; `null` if it never has. */
  observedAt: string | null;
  /** The operation queued or under way; absent when there is none. */
  operation?: DeploymentOperation;
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
  /** Why it was made, e.g. "update-model to v2.1.0" or "rollback to revision 1". */
  reason: string;
  createdAt: string;
  createdBy: string;
};

/** @public */
export type EventOutcome = 'accepted' | 'succeeded' | 'failed' | 'cancelled';

/** One entry of a deployment's history: who did what, before and after, and how it ended. @public */
export type DeploymentEvent = {
  id: string;
  deploymentId: string;
  action: DeploymentAction;
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
export type RevisionList = { items: DeploymentRevision[] };

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
