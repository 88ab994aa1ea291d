import {
  blueGreenOptionsSchema,
  canaryOptionsSchema,
  type DeploymentOperation,
} from '@modelops/plugin-model-deployments-common';
import {
  readinessOnlyAnalysis,
  type CanaryAnalysis,
  type CanaryAnalysisResult,
} from '@modelops/plugin-model-deployments-node';
import type { DeploymentRecord } from '../../database/rows';
import { apiServerMessage } from '../apiServerMessage';
import type { Backoff } from '../Backoff';
import type { Target } from '../ClusterTargets';
import type { RuntimeStores } from '../DeploymentLeases';
import type { RuntimeConfig } from '../config';
import { TRACK_LABEL, type Track } from '../manifests/labels';
import { trafficManagerOf } from '../manifests/traffic';
import {
  summarize,
  type AppliedGenerations,
  type ObservedState,
} from '../observedState';
import type { RuntimeRecorder } from '../RuntimeRecorder';
import { blueGreenLayout, planBlueGreen } from '../updates/blueGreen';
import {
  afterCanaryAnalysis,
  canaryLayout,
  planCanary,
} from '../updates/canary';
import type { StagedDecision, StagedInput } from '../updates/stagedUpdate';
import type { RevisionApplier } from './RevisionApplier';
import type { RolloutFollower } from './RolloutFollower';

/**
 * How long a canary analysis may take to give its verdict: 30 s, and at most half a lease, so that the
 * step it leads to is applied and recorded under the lease that was renewed before it.
 */
function analysisTimeoutMs(config: RuntimeConfig): number {
  return Math.min(30_000, (config.leaseSeconds * 1000) / 2);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${ms / 1000} s`)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * One move of a blue-green or canary update: the planner decides from the progress recorded with the
 * operation and what the watches show of each track; this applies, records and ends what it decides.
 */
export class StagedUpdateFollower {
  constructor(
    private readonly deps: {
      stores: RuntimeStores;
      config: RuntimeConfig;
      recorder: RuntimeRecorder;
      backoff: Backoff;
      applier: RevisionApplier;
      rollout: RolloutFollower;
      /** Judges each canary step; without a metrics provider, readiness alone decides. */
      canaryAnalysis?: CanaryAnalysis;
    },
  ) {}

  async follow(
    record: DeploymentRecord,
    operation: DeploymentOperation,
    target: Target,
  ): Promise<void> {
    const { stores, config, recorder, backoff, applier, rollout } = this.deps;
    const now = recorder.now();
    const strategy = operation.parameters.strategy as 'blue-green' | 'canary';
    const extraTrack: Track = strategy === 'canary' ? 'canary' : 'preview';
    const { deployments, pods } = target.observer.snapshot(record.id);
    const progress = operation.progress;
    const generations = await stores.operations.getAppliedGenerations(
      operation.id,
    );
    const onTrack = (track: Track) =>
      deployments.filter(d => d.metadata?.labels?.[TRACK_LABEL] === track);
    const summaryOf = (track: Track) =>
      summarize(
        onTrack(track),
        pods.filter(p => p.metadata?.labels?.[TRACK_LABEL] === track),
        now,
        generations,
      );
    const stable = summaryOf('stable');
    const observed = summarize(deployments, pods, now, generations);
    if (progress?.phase === 'completing') {
      await this.complete(record, operation, target, stable);
      return;
    }
    const input: StagedInput = {
      now,
      progress,
      fromRevision: progress?.fromRevision ?? record.activeRevision!,
      promoted: operation.promoteRequestedAt !== null,
      servingInstances: record.spec.autoscaling.enabled
        ? Math.max(record.spec.replicas.min, stable.current)
        : record.spec.replicas.min,
      stable,
      extra: summaryOf(extraTrack),
      spec: record.spec,
      managedTraffic: trafficManagerOf(record.spec, config) !== 'none',
    };
    const steps = canaryOptionsSchema.parse(
      operation.parameters.canary ?? {},
    ).steps;
    let decision: StagedDecision =
      strategy === 'canary'
        ? planCanary(input, steps)
        : planBlueGreen(
            input,
            blueGreenOptionsSchema.parse(operation.parameters.blueGreen ?? {})
              .rollbackWindowMinutes,
          );
    // The analysis's verdict is recorded with the step it leads to, so that it is written once.
    let analysis: string | undefined;
    if (decision.kind === 'analyse') {
      ({ decision, analysis } = await this.analyseCanaryStep(
        record,
        target,
        input,
        steps,
      ));
    }
    if (decision.kind === 'wait' && progress) {
      // A workload of the current layout is missing (deleted outside Backstage, or still being deleted
      // after an earlier update when it was applied): apply the layout again.
      const missing = (['stable', extraTrack] as Track[]).some(
        track => !onTrack(track).some(d => !d.metadata?.deletionTimestamp),
      );
      if (missing) {
        decision = {
          kind: 'apply',
          layout:
            strategy === 'canary'
              ? canaryLayout(input, progress)
              : blueGreenLayout(progress),
          progress: decision.progress ?? progress,
          step: decision.step,
        };
      }
    }
    // Once the Service has switched to the new revision, it is the one serving.
    const phase =
      decision.kind === 'apply' || decision.kind === 'wait'
        ? decision.progress?.phase ?? progress?.phase
        : progress?.phase;
    const activeRevision =
      phase === 'switched' || phase === 'finishing'
        ? { activeRevision: record.revision }
        : {};
    switch (decision.kind) {
      case 'apply': {
        let applied: AppliedGenerations;
        try {
          applied = await applier.applyStagedLayout(
            record,
            target,
            input.fromRevision,
            decision.layout,
          );
        } catch (error) {
          await applier.recordFailure(record, operation, 'running', error);
          return;
        }
        backoff.clear(record.id);
        // The step, its event and the active revision move together: a reader never sees a switched
        // Service with the previous revision still active.
        await stores.write(record.id, async tx => {
          const current = await tx.operations.update(operation.id, {
            status: 'running',
            step: decision.step,
            progress: decision.progress,
            appliedGenerations: applied,
            error: null,
            now,
          });
          if (!current) {
            return;
          }
          if (analysis) {
            await recorder.step(record, operation, analysis, tx);
          }
          if (decision.event) {
            await recorder.step(record, operation, decision.event, tx);
          }
          await recorder.observe(
            record,
            {
              applied: true,
              lastError: null,
              ...activeRevision,
              instancesCurrent: observed.current,
              instancesReady: observed.ready,
            },
            tx,
          );
        });
        return;
      }
      case 'wait':
        await stores.write(record.id, async tx => {
          if (decision.step !== operation.step || decision.progress) {
            await tx.operations.update(operation.id, {
              step: decision.step,
              ...(decision.progress ? { progress: decision.progress } : {}),
              now,
            });
          }
          if (decision.event) {
            await recorder.step(record, operation, decision.event, tx);
          }
          await recorder.observe(
            record,
            {
              ...activeRevision,
              lastError: null,
              instancesCurrent: observed.current,
              instancesReady: observed.ready,
              conditions: observed.conditions,
              observedAt: now,
            },
            tx,
          );
        });
        return;
      case 'complete': {
        let applied: AppliedGenerations;
        try {
          applied = await applier.applySteadyState(record, target);
        } catch (error) {
          await applier.recordFailure(record, operation, 'running', error);
          return;
        }
        await stores.write(record.id, tx =>
          tx.operations.update(operation.id, {
            step: `removing the ${extraTrack} workload`,
            progress: { ...progress!, phase: 'completing' },
            appliedGenerations: applied,
            now,
          }),
        );
        return;
      }
      case 'abort':
        await rollout.fail(record, operation, decision.problem, observed);
        return;
      default:
        throw new Error(`Unexpected decision ${decision.kind}`);
    }
  }

  /**
   * The last phase: the steady state was applied (the extra workload removed, the Service on the stable
   * one); finished when the extra workload is gone and the stable one holds every instance, so that the
   * next update starts from a clean slate.
   */
  private async complete(
    record: DeploymentRecord,
    operation: DeploymentOperation,
    target: Target,
    stable: ObservedState,
  ): Promise<void> {
    const { deployments } = target.observer.snapshot(record.id);
    const extraLeft = deployments.some(
      d => d.metadata?.labels?.[TRACK_LABEL] !== 'stable',
    );
    if (extraLeft || !stable.rolledOut) {
      return;
    }
    await this.deps.recorder.finish(record, operation, {
      outcome: 'succeeded',
      status: 'running',
      message: `Revision ${record.revision} is serving on every instance: ${stable.ready} of ${stable.current} ready`,
      observed: stable,
    });
  }

  /** Asks the analysis hook about the canary step whose pause ended: the next move, and the verdict to record. */
  private async analyseCanaryStep(
    record: DeploymentRecord,
    target: Target,
    input: StagedInput,
    steps: Parameters<typeof afterCanaryAnalysis>[1],
  ): Promise<{ decision: StagedDecision; analysis?: string }> {
    const progress = input.progress!;
    const step = steps[progress.stepIndex!];
    const to = new Date(Date.parse(progress.until!));
    let result: CanaryAnalysisResult;
    try {
      result = await withTimeout(
        (this.deps.canaryAnalysis ?? readinessOnlyAnalysis).analyse({
          deploymentId: record.id,
          namespace: target.environment.namespace,
          spec: record.spec,
          stableRevision: progress.fromRevision,
          canaryRevision: record.revision,
          stepIndex: progress.stepIndex!,
          weightPercent: progress.weightPercent!,
          from: new Date(to.getTime() - step.pauseSeconds * 1000),
          to,
        }),
        analysisTimeoutMs(this.deps.config),
      );
    } catch (error) {
      // No verdict is no pass: the step waits, and the analysis is asked again later.
      const { delayMs } = this.deps.backoff.holdBack(record.id);
      return {
        decision: {
          kind: 'wait',
          step: `canary step ${progress.stepIndex! + 1} of ${
            steps.length
          }: the analysis gave no verdict (${apiServerMessage(
            error,
          )}); asking again in ${delayMs / 1000} s`,
        },
      };
    }
    const figures = result.figures
      ? ` (${Object.entries(result.figures)
          .map(([name, value]) => `${name} ${value}`)
          .join(', ')})`
      : '';
    const message = `Canary step ${progress.stepIndex! + 1} of ${
      steps.length
    } analysis: ${result.verdict}: ${result.summary}${figures}`;
    if (result.verdict === 'fail') {
      return {
        decision: {
          kind: 'abort',
          problem: { reason: 'CanaryAnalysisFailed', message, permanent: true },
        },
      };
    }
    return { decision: afterCanaryAnalysis(input, steps), analysis: message };
  }
}
