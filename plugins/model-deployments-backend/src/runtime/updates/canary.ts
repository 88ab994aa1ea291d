import type {
  CanaryStep,
  RolloutProgress,
} from '@modelops/plugin-model-deployments-common';
import {
  endsAt,
  problemOf,
  readiness,
  type StagedDecision,
  type StagedInput,
  type StagedLayout,
} from './stagedUpdate';

/**
 * How many instances a canary step needs for its share of requests, and the share it really gets.
 * With a traffic manager the share is exact and the canary is sized for it. Without one, requests
 * spread evenly over instances, so the share is the canary's fraction of all instances: with surge the
 * canary is added beside the stable instances; without surge it takes stable instances' places, and at
 * least one stable instance stays (the common schema asks for two instances for such a canary).
 */
export function canarySizing(options: {
  servingInstances: number;
  weightPercent: number;
  surge: boolean;
  managedTraffic: boolean;
}): { canary: number; stable?: number; effectivePercent: number } {
  const { servingInstances: base, weightPercent: weight } = options;
  if (!options.surge) {
    const canary = Math.min(
      Math.max(1, Math.round((base * weight) / 100)),
      Math.max(base - 1, 1),
    );
    const stable = Math.max(base - canary, 1);
    return {
      canary,
      stable,
      effectivePercent: options.managedTraffic
        ? weight
        : Math.round((canary / (stable + canary)) * 100),
    };
  }
  if (options.managedTraffic) {
    return {
      canary: Math.max(1, Math.ceil((base * weight) / 100)),
      effectivePercent: weight,
    };
  }
  const canary = Math.max(1, Math.round((base * weight) / (100 - weight)));
  return {
    canary,
    effectivePercent: Math.round((canary / (base + canary)) * 100),
  };
}

function sizing(input: StagedInput, progress: RolloutProgress) {
  return canarySizing({
    servingInstances: progress.baseInstances,
    weightPercent: progress.weightPercent!,
    surge: input.spec.surgeDuringUpdates,
    managedTraffic: input.managedTraffic,
  });
}

/** The layout a canary's progress stands for: applied at each step, and again if a workload went missing. */
export function canaryLayout(
  input: StagedInput,
  progress: RolloutProgress,
): StagedLayout {
  const { canary, stable } = sizing(input, progress);
  const weight = progress.weightPercent!;
  return {
    stable: progress.phase === 'finishing' ? 'next' : 'previous',
    ...(stable !== undefined ? { stableReplicas: stable } : {}),
    extra: { track: 'canary', replicas: canary },
    // Without a traffic manager the weights only say what was asked; the instance counts decide.
    routing: { weights: { stable: 100 - weight, canary: weight } },
  };
}

function startStep(
  input: StagedInput,
  steps: readonly CanaryStep[],
  stepIndex: number,
  baseInstances: number,
): StagedDecision {
  const { weightPercent } = steps[stepIndex];
  const progress: RolloutProgress = {
    strategy: 'canary',
    phase: 'canary',
    fromRevision: input.progress?.fromRevision ?? input.fromRevision,
    baseInstances,
    stepIndex,
    weightPercent,
  };
  const { canary, effectivePercent } = sizing(input, progress);
  const share =
    effectivePercent === weightPercent
      ? `${weightPercent}% of requests`
      : `${weightPercent}% of requests asked, ${effectivePercent}% by instance count (no traffic manager)`;
  const instances = `${canary} instance${canary === 1 ? '' : 's'}`;
  return {
    kind: 'apply',
    layout: canaryLayout(input, progress),
    progress: { ...progress, canaryInstances: canary },
    step: `canary step ${stepIndex + 1} of ${
      steps.length
    }: starting ${instances} for ${share}`,
    event: `Canary step ${stepIndex + 1} of ${
      steps.length
    }: ${share} go to the new revision, on ${instances}`,
  };
}

function finishing(
  input: StagedInput,
  progress: RolloutProgress,
  why: string,
): StagedDecision {
  const next: RolloutProgress = {
    ...progress,
    phase: 'finishing',
    until: undefined,
  };
  return {
    kind: 'apply',
    layout: canaryLayout(input, next),
    progress: next,
    step: 'promoting: the stable instances take the new revision',
    event: `Promoting: ${why}; the stable instances take the new revision`,
  };
}

/** The next move of a canary update: steps of rising weight, each with a pause and an analysis. */
export function planCanary(
  input: StagedInput,
  steps: readonly CanaryStep[],
): StagedDecision {
  const { progress, now } = input;
  if (!progress) {
    return startStep(input, steps, 0, Math.max(1, input.servingInstances));
  }
  if (progress.phase === 'finishing') {
    const problem = problemOf(input.stable);
    if (problem) {
      return { kind: 'abort', problem };
    }
    return input.stable.rolledOut
      ? { kind: 'complete' }
      : {
          kind: 'wait',
          step: `promoting: the stable instances take the new revision (${readiness(
            input.stable,
          )})`,
        };
  }
  const problem = problemOf(input.extra);
  if (problem) {
    return { kind: 'abort', problem };
  }
  if (input.promoted) {
    return finishing(input, progress, 'promoted by a user');
  }
  const stepIndex = progress.stepIndex!;
  const step = steps[stepIndex];
  const label = `canary step ${stepIndex + 1} of ${steps.length} (${
    progress.weightPercent
  }%)`;
  if (!progress.until) {
    if (!input.extra.rolledOut) {
      return {
        kind: 'wait',
        step: `${label}: starting the canary (${readiness(input.extra)})`,
      };
    }
    const until = new Date(now.getTime() + step.pauseSeconds * 1000);
    return {
      kind: 'wait',
      progress: { ...progress, until: until.toISOString() },
      step: `${label}: observing until ${endsAt(until.toISOString())}`,
      event: `Canary step ${stepIndex + 1} of ${steps.length}: ${readiness(
        input.extra,
      )}; observing for ${step.pauseSeconds} s before the next step`,
    };
  }
  if (now.getTime() < Date.parse(progress.until)) {
    return {
      kind: 'wait',
      step: `${label}: observing until ${endsAt(progress.until)}`,
    };
  }
  // A canary that lost instances during its pause has not passed, whatever the metrics say.
  if (!input.extra.rolledOut) {
    return {
      kind: 'abort',
      problem: {
        reason: input.extra.problem?.reason ?? 'CanaryNotReady',
        message: `${label} ended with ${readiness(input.extra)}${
          input.extra.problem ? `: ${input.extra.problem.message}` : ''
        }`,
        permanent: true,
      },
    };
  }
  return { kind: 'analyse' };
}

/** After a step's analysis passed: the next step, or promotion after the last. */
export function afterCanaryAnalysis(
  input: StagedInput,
  steps: readonly CanaryStep[],
): StagedDecision {
  const progress = input.progress!;
  const next = progress.stepIndex! + 1;
  if (next < steps.length) {
    return startStep(input, steps, next, progress.baseInstances);
  }
  return finishing(input, progress, `all ${steps.length} steps passed`);
}
