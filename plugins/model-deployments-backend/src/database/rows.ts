import type {
  ApprovalAction,
  ApprovalStatus,
  DeploymentAction,
  DeploymentCondition,
  DeploymentEvent,
  DeploymentEventAction,
  DeploymentOperation,
  DeploymentRevision,
  DeploymentSpec,
  DeploymentStatus,
  EventOutcome,
  OperationStatus,
  ServingPin,
} from '@modelops/plugin-model-deployments-common';
import { monitoringSchema } from '@modelops/plugin-model-deployments-common';

/** The tables' rows, as knex reads and writes them. */

export type DeploymentRow = {
  id: string;
  name: string;
  environment: string;
  model_ref: string;
  model_id: string;
  owner_ref: string;
  status: DeploymentStatus;
  spec: string;
  revision: number;
  active_revision: number | null;
  instances_current: number | null;
  instances_ready: number | null;
  conditions: string;
  last_error: string | null;
  last_error_at: Date | string | null;
  observed_at: Date | string | null;
  applied: boolean | number;
  serving: string | null;
  available_serving: string | null;
  version: number;
  created_at: Date | string;
  created_by: string;
  updated_at: Date | string;
  updated_by: string;
  deleted_at: Date | string | null;
};

export type RevisionRow = {
  deployment_id: string;
  revision: number;
  model_version: string;
  spec: string;
  serving: string | null;
  reason: string;
  created_at: Date | string;
  created_by: string;
  approved_by: string | null;
};

export type OperationRow = {
  id: string;
  deployment_id: string;
  type: DeploymentAction;
  status: OperationStatus;
  step: string | null;
  target_revision: number | null;
  parameters: string;
  progress: string | null;
  promote_requested_at: Date | string | null;
  error: string | null;
  requested_by: string;
  created_at: Date | string;
  started_at: Date | string | null;
  finished_at: Date | string | null;
  updated_at: Date | string;
  applied_generations: string | null;
};

export type LeaseRow = {
  deployment_id: string;
  holder: string;
  expires_at: Date | string;
};

export type EventRow = {
  id: number | string;
  deployment_id: string;
  action: DeploymentEventAction;
  outcome: EventOutcome;
  actor: string;
  at: Date | string;
  message: string;
  status_before: DeploymentStatus | null;
  status_after: DeploymentStatus | null;
  changes: string;
  operation_id: string | null;
  revision: number | null;
};

export type IdempotencyKeyRow = {
  actor: string;
  key: string;
  request_hash: string;
  deployment_id: string;
  created_at: Date | string;
};

/** What a deployment's model would run today, and when that was first observed. */
export type AvailableServing = ServingPin & { observedAt: string };

/** A deployment as the store holds it: the API shape without the active operation. */
export type DeploymentRecord = {
  id: string;
  name: string;
  spec: DeploymentSpec;
  owner: string;
  status: DeploymentStatus;
  version: number;
  revision: number;
  activeRevision: number | null;
  instancesCurrent: number | null;
  instancesReady: number | null;
  conditions: DeploymentCondition[];
  lastError: { message: string; at: string } | null;
  observedAt: string | null;
  applied: boolean;
  /** What the latest revision runs; `null` for a revision from before pinning, until first applied. */
  serving: ServingPin | null;
  /** What the model's annotations and the configuration give today, as last observed, and since when. */
  availableServing: AvailableServing | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  deletedAt: string | null;
};

export type ApprovalRow = {
  id: string;
  deployment_id: string;
  action: ApprovalAction;
  parameters: string;
  changes: string;
  requested_by: string;
  requested_at: Date | string;
  expires_at: Date | string;
  status: ApprovalStatus;
  decided_by: string | null;
  decided_at: Date | string | null;
  reason: string | null;
  basis_revision: number | null;
};

/** An approval request as stored; the API adds the deployment, the approvers and the viewer. */
export type ApprovalRecord = {
  id: string;
  deploymentId: string;
  action: ApprovalAction;
  parameters: Record<string, unknown>;
  changes: DeploymentEvent['changes'];
  requestedBy: string;
  requestedAt: string;
  expiresAt: string;
  status: ApprovalStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
  /** The deployment's revision when the change was asked for; `null` for a creation. */
  basisRevision: number | null;
};

/** Timestamps come back as Date (PostgreSQL), or as a string or epoch number (SQLite). */
/**
 * A spec as stored. One written before a section existed (`monitoring`) reads with that section's
 * defaults, as a request made now would get them, so every reader sees the current shape.
 */
export function storedSpec(json: string): DeploymentSpec {
  const spec = JSON.parse(json);
  return spec.monitoring
    ? spec
    : { ...spec, monitoring: monitoringSchema.parse({}) };
}

export function toIsoString(value: Date | string | number): string {
  if (value instanceof Date) {
    return value.toISOString();
  }
  if (typeof value === 'number') {
    return new Date(value).toISOString();
  }
  // SQLite's CURRENT_TIMESTAMP format has no zone; it is UTC.
  return new Date(
    /[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`,
  ).toISOString();
}

export function toIsoOrNull(value: Date | string | null): string | null {
  return value === null ? null : toIsoString(value);
}

export function toDeploymentRecord(row: DeploymentRow): DeploymentRecord {
  return {
    id: row.id,
    name: row.name,
    spec: storedSpec(row.spec),
    owner: row.owner_ref,
    status: row.status,
    version: row.version,
    revision: row.revision,
    activeRevision: row.active_revision,
    instancesCurrent: row.instances_current,
    instancesReady: row.instances_ready,
    conditions: JSON.parse(row.conditions),
    lastError:
      row.last_error === null
        ? null
        : { message: row.last_error, at: toIsoString(row.last_error_at!) },
    observedAt: toIsoOrNull(row.observed_at),
    applied: Boolean(row.applied),
    serving: row.serving ? JSON.parse(row.serving) : null,
    availableServing: row.available_serving
      ? JSON.parse(row.available_serving)
      : null,
    createdAt: toIsoString(row.created_at),
    createdBy: row.created_by,
    updatedAt: toIsoString(row.updated_at),
    updatedBy: row.updated_by,
    deletedAt: toIsoOrNull(row.deleted_at),
  };
}

export function toApprovalRecord(row: ApprovalRow): ApprovalRecord {
  return {
    id: row.id,
    deploymentId: row.deployment_id,
    action: row.action,
    parameters: JSON.parse(row.parameters),
    changes: JSON.parse(row.changes),
    requestedBy: row.requested_by,
    requestedAt: toIsoString(row.requested_at),
    expiresAt: toIsoString(row.expires_at),
    status: row.status,
    decidedBy: row.decided_by,
    decidedAt: toIsoOrNull(row.decided_at),
    reason: row.reason,
    basisRevision: row.basis_revision,
  };
}

export function toRevision(row: RevisionRow): DeploymentRevision {
  return {
    revision: row.revision,
    modelVersion: row.model_version,
    spec: storedSpec(row.spec),
    serving: row.serving ? JSON.parse(row.serving) : null,
    reason: row.reason,
    createdAt: toIsoString(row.created_at),
    createdBy: row.created_by,
    approvedBy: row.approved_by,
  };
}

export function toOperation(row: OperationRow): DeploymentOperation {
  return {
    id: row.id,
    type: row.type,
    status: row.status,
    step: row.step,
    targetRevision: row.target_revision,
    parameters: JSON.parse(row.parameters),
    progress: row.progress ? JSON.parse(row.progress) : null,
    promoteRequestedAt: toIsoOrNull(row.promote_requested_at),
    error: row.error,
    requestedBy: row.requested_by,
    createdAt: toIsoString(row.created_at),
    startedAt: toIsoOrNull(row.started_at),
    finishedAt: toIsoOrNull(row.finished_at),
  };
}

export function toEvent(row: EventRow): DeploymentEvent {
  return {
    id: String(row.id),
    deploymentId: row.deployment_id,
    action: row.action,
    outcome: row.outcome,
    actor: row.actor,
    at: toIsoString(row.at),
    message: row.message,
    statusBefore: row.status_before,
    statusAfter: row.status_after,
    changes: JSON.parse(row.changes),
    operationId: row.operation_id,
    revision: row.revision,
  };
}
