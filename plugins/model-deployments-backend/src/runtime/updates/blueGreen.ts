import type { RolloutProgress } from '@modelops/plugin-model-deployments-common';
import {
  endsAt,
  problemOf,
  readiness,
  type StagedDecision,
  type StagedInput,
  type StagedLayout,
} from './stagedUpdate';

/** The layout a blue-green progress stands for: applied at each phase, and again if a workload went missing. */
export function blueGreenLayout(progress: RolloutProgress): StagedLayout {
  return {
    stable: progress.phase === 'finishing' ? 'next' : 'previous',
    extra: { track: 'preview', replicas: progress.baseInstances },
    routing: { track: progress.phase === 'preview' ? 'stable' : 'preview' },
  };
}

function move(
  progress: RolloutProgress,
  step: string,
  event: string,
): StagedDecision {
  return {
    kind: 'apply',
    layout: blueGreenLayout(progress),
    progress,
    step,
    event,
  };
}

/**
 * The next move of a blue-green update: the new revision starts at full size as `preview` while the
 * previous one serves; when every preview instance is ready the Service switches to it; the previous
 * revision stays at full size for the rollback window (a rollback then switches back at once); after the
 * window, or on promote, the stable workload takes the new revision and the preview goes.
 */
export function planBlueGreen(
  input: StagedInput,
  rollbackWindowMinutes: number,
): StagedDecision {
  const { progress, now } = input;
  if (!progress) {
    const baseInstances = Math.max(1, input.servingInstances);
    return move(
      {
        strategy: 'blue-green',
        phase: 'preview',
        fromRevision: input.fromRevision,
        baseInstances,
      },
      `preview: starting ${baseInstances} instances of the new revision beside the serving ones`,
      `Blue-green: starting ${baseInstances} instances of the new revision; the previous revision serves until they are all ready`,
    );
  }
  switch (progress.phase) {
    case 'preview': {
      const problem = problemOf(input.extra);
      if (problem) {
        return { kind: 'abort', problem };
      }
      if (!input.extra.rolledOut) {
        return {
          kind: 'wait',
          step: `preview: starting the new revision (${readiness(
            input.extra,
          )})`,
        };
      }
      const until = new Date(
        now.getTime() + rollbackWindowMinutes * 60_000,
      ).toISOString();
      return move(
        { ...progress, phase: 'switched', until },
        `switched: the new revision serves; the previous one is kept until ${endsAt(
          until,
        )} for an instant switch back`,
        `Switched every request to the new revision (${readiness(
          input.extra,
        )}); the previous revision stays at full size for ${rollbackWindowMinutes} min, and a rollback switches back at once`,
      );
    }
    case 'switched':
      if (!input.promoted && now.getTime() < Date.parse(progress.until!)) {
        return {
          kind: 'wait',
          step: `switched: the new revision serves; the previous one is kept until ${endsAt(
            progress.until!,
          )} for an instant switch back`,
        };
      }
      return move(
        { ...progress, phase: 'finishing' },
        'finishing: the stable workload takes the new revision',
        input.promoted
          ? 'Promoted by a user: the previous revision is retired'
          : 'The rollback window ended: the previous revision is retired',
      );
    default: {
      if (input.stable.rolledOut) {
        return { kind: 'complete' };
      }
      const problem = problemOf(input.stable);
      if (problem) {
        return { kind: 'abort', problem };
      }
      return {
        kind: 'wait',
        step: `finishing: the stable workload takes the new revision (${readiness(
          input.stable,
        )})`,
      };
    }
  }
}
