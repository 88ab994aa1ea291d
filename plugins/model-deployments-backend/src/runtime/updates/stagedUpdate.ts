import type {
  DeploymentSpec,
  RolloutProgress,
} from '@modelops/plugin-model-deployments-common';
import type { Track } from '../manifests/labels';
import type { TrafficWeights } from '../manifests/traffic';
import type { ObservedState, WorkloadProblem } from '../observedState';

/**
 * Where a blue-green or canary update has its workloads: which revision the stable workload runs, the
 * extra workload beside it, and where requests go.
 */
export type StagedLayout = {
  stable: 'previous' | 'next';
  /** A fixed instance count for the stable workload (a canary without surge takes its instances). */
  stableReplicas?: number;
  extra: { track: Extract<Track, 'canary' | 'preview'>; replicas: number };
  routing: { track: Track } | { weights: TrafficWeights };
};

/** What the orchestrator does next for a blue-green or canary update. */
export type StagedDecision =
  /** Apply the layout, then record the progress and the step. */
  | {
      kind: 'apply';
      layout: StagedLayout;
      progress: RolloutProgress;
      step: string;
      event?: string;
    }
  /** Nothing to apply; record the step (and the progress when it moved, e.g. a pause began). */
  | { kind: 'wait'; step: string; progress?: RolloutProgress; event?: string }
  /** A canary pause is over: ask the analysis hook before the next step. */
  | { kind: 'analyse' }
  /** The stable workload runs the new revision: remove the extra one, then finish. */
  | { kind: 'complete' }
  /** The new revision cannot serve: roll back. */
  | { kind: 'abort'; problem: WorkloadProblem };

/** What a planner sees: the progress so far, and the two workloads as the watches last showed them. */
export type StagedInput = {
  now: Date;
  progress: RolloutProgress | null;
  /** The revision serving when the update begins. */
  fromRevision: number;
  /** A user asked to finish now. */
  promoted: boolean;
  /** Instances serving the previous revision now; the size of the update's workloads when it starts. */
  servingInstances: number;
  stable: ObservedState;
  extra: ObservedState;
  /** The spec being rolled out. */
  spec: DeploymentSpec;
  /** Whether a traffic manager splits requests by weight; if not, instance counts do. */
  managedTraffic: boolean;
};

/** "n of m instances ready", for the step text. */
export function readiness(observed: ObservedState): string {
  return `${observed.ready} of ${observed.current} instances ready`;
}

/** The time a pause or a window ends, said plainly. */
export function endsAt(iso: string): string {
  return `${iso.slice(0, 19).replace('T', ' ')} UTC`;
}

/**
 * The staleness-proof check that a workload is where the last apply put it: rolled out, with no
 * permanent problem. A permanent problem aborts the update.
 */
export function problemOf(
  observed: ObservedState,
): WorkloadProblem | undefined {
  return observed.problem?.permanent ? observed.problem : undefined;
}
