import { randomUUID } from 'node:crypto';
import {
  POD_SECURITY_RESTRICTED_CONDITION,
  rollbackChange,
  SETTINGS_ENFORCED_CONDITION,
  type DeploymentCondition,
  type DeploymentOperation,
  type DeploymentRevision,
  type DeploymentStatus,
} from '@modelops/plugin-model-deployments-common';
import { withServingChanges } from '../catalog/serving';
import type { DeploymentUpdate, NewEvent } from '../database/DeploymentStore';
import type { Stores } from '../database/Stores';
import type { DeploymentRecord } from '../database/rows';
import type { DeploymentChanges } from '../events/DeploymentChanges';
import type { RuntimeConfig } from './config';
import type { RuntimeStores } from './DeploymentLeases';
import { unenforcedSettings } from './manifests/buildManifests';
import type { ObservedState, WorkloadProblem } from './observedState';

/** Who the events of the runtime's own findings name as their actor. */
export const RUNTIME_ACTOR = 'system:model-deployments-runtime';

/** How an operation ended. */
export type OperationResult = {
  outcome: 'succeeded' | 'failed';
  status: DeploymentStatus;
  message: string;
  observed?: ObservedState;
  deleted?: boolean;
};

/**
 * What the runtime writes: what it observed (only what changed, so a deployment's version, its ETag,
 * moves only when what a user sees moves), the steps and ends of operations with their events, and the
 * rollbacks it starts itself.
 */
export class RuntimeRecorder {
  constructor(
    private readonly options: {
      stores: RuntimeStores;
      config: RuntimeConfig;
      /** Announces the deletions that the runtime completes, so the catalog removes their Components. */
      changes?: DeploymentChanges;
      clock?: () => Date;
    },
  ) {}

  now(): Date {
    return this.options.clock?.() ?? new Date();
  }

  /**
   * Writes what changed, and nothing when nothing did. A condition keeps its transition time while its
   * status holds. `record.version` follows the write, so the same pass may write again. In `tx` when
   * given, else in a write of its own under the deployment's lease.
   */
  async observe(
    record: DeploymentRecord,
    proposed: Omit<DeploymentUpdate, 'actor' | 'now'>,
    tx?: Stores,
  ): Promise<void> {
    const update: Omit<DeploymentUpdate, 'actor' | 'now'> = {};
    if (proposed.status !== undefined && proposed.status !== record.status)
      update.status = proposed.status;
    if (proposed.applied !== undefined && proposed.applied !== record.applied)
      update.applied = proposed.applied;
    if (
      proposed.activeRevision !== undefined &&
      proposed.activeRevision !== record.activeRevision
    )
      update.activeRevision = proposed.activeRevision;
    if (
      proposed.instancesCurrent !== undefined &&
      proposed.instancesCurrent !== record.instancesCurrent
    )
      update.instancesCurrent = proposed.instancesCurrent;
    if (
      proposed.instancesReady !== undefined &&
      proposed.instancesReady !== record.instancesReady
    )
      update.instancesReady = proposed.instancesReady;
    if (proposed.lastError !== undefined) {
      const message = proposed.lastError?.message ?? null;
      if (message !== (record.lastError?.message ?? null))
        update.lastError = proposed.lastError;
    }
    if (proposed.conditions !== undefined) {
      const merged = this.withConfigConditions(record, proposed.conditions).map(
        condition => {
          const previous = record.conditions.find(
            c => c.type === condition.type,
          );
          return previous && previous.status === condition.status
            ? { ...condition, lastTransitionTime: previous.lastTransitionTime }
            : condition;
        },
      );
      if (JSON.stringify(merged) !== JSON.stringify(record.conditions))
        update.conditions = merged;
    }
    if (Object.keys(update).length === 0) {
      return;
    }
    if (proposed.observedAt !== undefined)
      update.observedAt = proposed.observedAt;
    const write = (stores: Stores) =>
      stores.deployments.update(record.id, record.version, {
        ...update,
        actor: RUNTIME_ACTOR,
        now: this.now(),
        observation: true,
      });
    const updated = await (tx
      ? write(tx)
      : this.options.stores.write(record.id, write));
    if (updated) {
      record.version += 1;
    }
  }

  /** An event of the operation's progress, in its requester's name, in the transaction `tx` writes. */
  async step(
    record: DeploymentRecord,
    operation: DeploymentOperation,
    message: string,
    tx: Stores,
  ): Promise<void> {
    await tx.deployments.insertEvent({
      ...this.event(record, operation.type, 'succeeded'),
      message,
      operationId: operation.id,
    });
  }

  /** Ends an operation, sets the status it leads to, and records the outcome, in one transaction. */
  async finish(
    record: DeploymentRecord,
    operation: DeploymentOperation,
    result: OperationResult,
  ): Promise<void> {
    const now = this.now();
    const committed = await this.options.stores.write(record.id, async tx => {
      const updated = await tx.deployments.update(record.id, record.version, {
        status: result.status,
        ...(result.outcome === 'succeeded' && !result.deleted
          ? { activeRevision: record.revision }
          : {}),
        ...(result.observed
          ? {
              instancesCurrent: result.observed.current,
              instancesReady: result.observed.ready,
              conditions: this.withConfigConditions(
                record,
                result.observed.conditions,
              ),
              observedAt: now,
            }
          : {}),
        ...(result.deleted
          ? { deletedAt: now, instancesCurrent: 0, instancesReady: 0 }
          : {}),
        lastError:
          result.outcome === 'failed'
            ? { message: result.message, at: now }
            : null,
        actor: RUNTIME_ACTOR,
        now,
        // The end of the user's change, not a change of its own.
        observation: true,
      });
      if (!updated) {
        // Someone changed the deployment meanwhile; the next pass sees the new record.
        return false;
      }
      await tx.operations.update(operation.id, {
        status: result.outcome,
        step: null,
        error: result.outcome === 'failed' ? result.message : null,
        now,
      });
      await tx.deployments.insertEvent({
        ...this.event(record, operation.type, result.outcome),
        actor: operation.requestedBy,
        message: result.message,
        statusAfter: result.status,
        operationId: operation.id,
      });
      return true;
    });
    if (committed && result.deleted) {
      await this.options.changes?.announce({
        ...record,
        deletedAt: now.toISOString(),
      });
    }
  }

  /**
   * A rollout that cannot finish goes back to the revision that served before it, as a new revision, so
   * that the history says what happened and why: the failed operation, then the rollback, with the
   * cluster's reason.
   */
  async rollBackAutomatically(
    record: DeploymentRecord,
    operation: DeploymentOperation,
    problem: WorkloadProblem,
    previous: DeploymentRevision,
  ): Promise<void> {
    const now = this.now();
    const rollback = rollbackChange(record.spec, previous.spec);
    const { spec } = rollback;
    const changes = withServingChanges(
      rollback.changes,
      record.serving,
      previous.serving,
    );
    const revision = record.revision + 1;
    const reason = `automatic rollback to revision ${previous.revision}: ${problem.message}`;
    await this.options.stores.write(record.id, async tx => {
      const updated = await tx.deployments.update(record.id, record.version, {
        spec,
        revision,
        serving: previous.serving,
        availableServing: null,
        status: 'rolling-back',
        lastError: { message: problem.message, at: now },
        actor: RUNTIME_ACTOR,
        now,
      });
      if (!updated) {
        return;
      }
      await tx.deployments.insertRevision({
        deploymentId: record.id,
        revision,
        spec,
        serving: previous.serving,
        reason,
        approvedBy: previous.approvedBy,
        actor: RUNTIME_ACTOR,
        now,
      });
      await tx.operations.update(operation.id, {
        status: 'failed',
        step: null,
        error: problem.message,
        now,
      });
      await tx.deployments.insertEvent({
        ...this.event(record, operation.type, 'failed'),
        actor: operation.requestedBy,
        message: `Revision ${record.revision} did not roll out: ${problem.message}`,
        statusAfter: 'rolling-back',
        operationId: operation.id,
      });
      const rollbackId = randomUUID();
      await tx.operations.insert({
        id: rollbackId,
        deploymentId: record.id,
        type: 'rollback',
        step: 'queued: automatic rollback',
        targetRevision: revision,
        parameters: { toRevision: previous.revision, automatic: true },
        requestedBy: RUNTIME_ACTOR,
        now,
      });
      await tx.deployments.insertEvent({
        ...this.event(record, 'rollback', 'accepted'),
        message: `Rolling back automatically to revision ${previous.revision} (${previous.modelVersion}): ${problem.message}`,
        statusAfter: 'rolling-back',
        operationId: rollbackId,
        revision,
        changes,
      });
    });
  }

  /** An event about the deployment at its current revision, by the runtime unless said otherwise. */
  event(
    record: DeploymentRecord,
    action: DeploymentOperation['type'],
    outcome: NewEvent['outcome'],
  ): NewEvent {
    return {
      deploymentId: record.id,
      action,
      outcome,
      actor: RUNTIME_ACTOR,
      at: this.now(),
      message: '',
      statusBefore: record.status,
      statusAfter: record.status,
      changes: [],
      operationId: null,
      revision: record.revision,
    };
  }

  /**
   * The observed conditions, and two that the configuration decides: `SettingsEnforced` (whether the
   * cluster carries out every setting of the spec, and if not which: the UI shows them, e.g. sticky
   * sessions without a traffic manager) and `PodSecurityRestricted` (whether the pods meet the
   * `restricted` Pod Security standard).
   */
  private withConfigConditions(
    record: DeploymentRecord,
    conditions: DeploymentCondition[],
  ): DeploymentCondition[] {
    const { config } = this.options;
    const unenforced = unenforcedSettings(record.spec, config);
    const restricted = config.podSecurity === 'restricted';
    const at = this.now().toISOString();
    return [
      ...conditions,
      {
        type: SETTINGS_ENFORCED_CONDITION,
        status: unenforced.length === 0 ? 'True' : 'False',
        reason: unenforced.length === 0 ? 'AllEnforced' : 'NotEnforced',
        message:
          unenforced.length === 0
            ? 'The cluster carries out every setting'
            : unenforced.join(' '),
        lastTransitionTime: at,
      },
      {
        type: POD_SECURITY_RESTRICTED_CONDITION,
        status: restricted ? 'True' : 'False',
        reason: restricted ? 'Restricted' : 'Baseline',
        message: restricted
          ? 'Pods are made at the restricted Pod Security standard: not root, no privilege escalation, no capabilities'
          : 'Pods are made at the baseline Pod Security standard (modelDeployments.runtime.podSecurity): they may run as root',
        lastTransitionTime: at,
      },
    ];
  }
}
