import type {
  DeploymentEvent,
  DeploymentOperation,
  DeploymentSpec,
  DeploymentStatus,
  EventOutcome,
  FieldChange,
  ServingPin,
} from '@modelops/plugin-model-deployments-common';

/** What a change does to a deployment: computed first, then written in one transaction. */
export type ChangePlan = {
  spec?: DeploymentSpec;
  status: DeploymentStatus;
  /**
   * A new revision, when the change alters what runs. `serving` is what it runs: the current revision's
   * when absent (a change that keeps the model version), `null` when unknown (a revision from before
   * pinning, which the runtime pins when it applies it).
   */
  revision?: {
    spec: DeploymentSpec;
    serving?: ServingPin | null;
    reason: string;
    /**
     * Who approved what it runs, when the change itself needs no approval: a rollback returns to what
     * the earlier revision's approver saw. (An approved change records its own approver.)
     */
    approvedBy?: string | null;
  };
  /** The operation that brings the cluster to the change; none when nothing runs to change. */
  operation?: {
    parameters: Record<string, unknown>;
    step: string;
    /** The revision it brings about when the change makes none (an approved creation's first). */
    targetRevision?: number;
  };
  /** Why the operations queued or under way end: a rollback or a delete supersedes them. */
  supersedes?: string;
  /** The update under way that a user asked to finish now. */
  promotes?: DeploymentOperation;
  deleted?: boolean;
  event: {
    outcome: EventOutcome;
    message: string;
    changes: DeploymentEvent['changes'];
  };
};

/** A diff's changes as the history records them: each field with its value before and after. */
export function eventChanges(
  changes: readonly FieldChange[],
): DeploymentEvent['changes'] {
  return changes.map(({ field, before, after }) => ({ field, before, after }));
}
