import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { KubeConfig, V1Pod } from '@kubernetes/client-node';
import { randomUUID } from 'node:crypto';
import {
  blueGreenOptionsSchema,
  canaryOptionsSchema,
  canTransition,
  DEPLOYMENT_STATUSES,
  diffSpecs,
  SETTINGS_ENFORCED_CONDITION,
  withRevisionFields,
  type DeploymentAction,
  type DeploymentCondition,
  type DeploymentOperation,
  type DeploymentSpec,
  type DeploymentStatus,
} from '@modelops/plugin-model-deployments-common';
import type { ModelCatalog } from '../catalog/ModelCatalog';
import type { DeploymentRecord } from '../database/rows';
import type { DeploymentChanges } from '../events/DeploymentChanges';
import type {
  DeploymentStore,
  DeploymentUpdate,
  NewEvent,
} from '../database/DeploymentStore';
import { ClusterApplier } from './ClusterApplier';
import type { EnvironmentTarget, RuntimeConfig } from './config';
import {
  buildManifests,
  unenforcedSettings,
  steadyStatePlan,
  type ManifestPlan,
} from './manifests/buildManifests';
import { TRACK_LABEL, type Track } from './manifests/labels';
import { trafficManagerOf } from './manifests/traffic';
import { NamespaceObserver } from './NamespaceObserver';
import {
  summarize,
  type AppliedGenerations,
  type ObservedState,
  type WorkloadProblem,
} from './observedState';
import { resolveServing } from './serving';
import { blueGreenLayout, planBlueGreen } from './updates/blueGreen';
import {
  afterCanaryAnalysis,
  canaryLayout,
  planCanary,
} from './updates/canary';
import {
  readinessOnlyAnalysis,
  type CanaryAnalysis,
  type CanaryAnalysisResult,
} from '@modelops/plugin-model-deployments-node';
import { stagedPlan, type ResolvedRevision } from './updates/stagedPlan';
import type {
  StagedDecision,
  StagedInput,
  StagedLayout,
} from './updates/stagedUpdate';

/** Who the events of the runtime's own findings name as their actor. */
export const RUNTIME_ACTOR = 'system:model-deployments-runtime';
const STOPPED_STATUSES: readonly DeploymentStatus[] = ['stopping', 'stopped'];
/** Changes whose failed rollout goes back to the revision that served before. */
const ROLLED_BACK_ON_FAILURE: readonly DeploymentAction[] = [
  'update-model',
  'edit',
];
/**
 * How often the runtime looks for new operations and for what the watches reported: a quarter of a
 * second adds little to a rollout's time, and costs one indexed query when there is nothing to do.
 */
const TICK_MS = 250;
/** How long to wait before trying a cluster that could not be reached again. */
const RETRY_UNREACHABLE_MS = 5000;
/** A failed apply is tried again after 1 s, then twice as long each time, up to 30 s. */
const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 30_000;
/** How long a canary analysis may take to give its verdict. */
const ANALYSIS_TIMEOUT_MS = 30_000;
/** Statuses with which the API server refuses a request for good: the same request cannot succeed. */
const REFUSED = new Set([400, 403, 404, 422]);

type Target = {
  name: string;
  environment: EnvironmentTarget;
  applier: ClusterApplier;
  observer: NamespaceObserver;
  /** Whether the namespace exists and is being watched; until then each pass tries again. */
  observing: boolean;
  /** Why it is not being watched, as the cluster said. */
  unreachable?: string;
  /** When to try reaching it again. */
  retryAt: number;
};

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

/** The API server's own words (the message of its Status object) when it answered, else the error's. */
function errorMessage(error: unknown): string {
  let body = (error as { body?: unknown }).body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      // Not a Status object: the error's own message says more.
    }
  }
  if (body && typeof body === 'object' && 'message' in body) {
    return String((body as { message: unknown }).message);
  }
  return error instanceof Error ? error.message : String(error);
}

/** The deployments that have, or should have, objects in a cluster. */
const OBSERVED_STATUSES = DEPLOYMENT_STATUSES.filter(
  status => status !== 'pending-approval' && status !== 'deleted',
);

/**
 * Drives each deployment's cluster objects to its record, and records what the cluster shows. Progress is
 * in the database (the operation's status and step), so a restarted backend resumes where it was:
 * applying again is idempotent under server-side apply. The clusters are observed through one watch per
 * namespace and kind; a tick picks up operations that no watch event announces (new ones, deletions).
 */
export class DeploymentRuntime {
  private readonly targets = new Map<string, Target>();
  private readonly dirty = new Set<string>();
  /** Deployments whose last apply failed: how often in a row, and when to try again. */
  private readonly backoff = new Map<
    string,
    { attempts: number; at: number }
  >();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly options: {
      store: DeploymentStore;
      config: RuntimeConfig;
      clusters: Map<string, KubeConfig>;
      models: ModelCatalog;
      auth: AuthService;
      logger: LoggerService;
      /** Judges each canary step; without a metrics provider, readiness alone decides. */
      canaryAnalysis?: CanaryAnalysis;
      /** Announces the deletions that the runtime completes, so the catalog removes their Components. */
      changes?: DeploymentChanges;
      clock?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }

  /**
   * Where an environment's deployments run and what the runtime sees of one deployment there: its pods
   * from the watch cache (no request to the cluster), or why the namespace cannot be seen.
   */
  view(
    environment: string,
    deploymentId: string,
  ):
    | { kubeConfig: KubeConfig; namespace: string; pods: V1Pod[] }
    | { unavailable: string } {
    const target = this.targets.get(environment);
    if (!target) {
      return {
        unavailable: `The environment ${environment} has no cluster configured`,
      };
    }
    const lost = target.observer.unreachable;
    if (!target.observing || lost) {
      return {
        unavailable:
          target.unreachable ??
          (lost
            ? `Lost contact with cluster ${target.environment.cluster}: ${lost.message}`
            : `The namespace ${target.environment.namespace} is not observed yet`),
      };
    }
    return {
      kubeConfig: this.options.clusters.get(target.environment.cluster)!,
      namespace: target.environment.namespace,
      pods: target.observer.snapshot(deploymentId).pods,
    };
  }

  async start(): Promise<void> {
    const { config, clusters, logger } = this.options;
    for (const [name, environment] of Object.entries(config.environments)) {
      const kubeConfig = clusters.get(environment.cluster);
      if (!kubeConfig) {
        throw new Error(
          `modelDeployments.environments.${name}.cluster is '${environment.cluster}', which is neither a cluster of kubernetes.clusterLocatorMethods with a service-account token nor a context of modelDeployments.runtime.kubeconfig`,
        );
      }
      const observer = new NamespaceObserver(
        kubeConfig,
        environment.namespace,
        id => this.dirty.add(id),
        logger.child({ environment: name }),
      );
      const target: Target = {
        name,
        environment,
        applier: new ClusterApplier(kubeConfig),
        observer,
        observing: false,
        retryAt: 0,
      };
      this.targets.set(name, target);
      await this.startObserving(target);
    }
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  private async startObserving(target: Target): Promise<void> {
    const { namespace, cluster } = target.environment;
    try {
      await target.applier.ensureNamespace(namespace);
      await target.observer.start();
      target.observing = true;
    } catch (error) {
      const message = `Cannot reach namespace ${namespace} on cluster ${cluster}: ${errorMessage(
        error,
      )}`;
      if (message !== target.unreachable) {
        this.options.logger.warn(
          `${message}; trying again every ${RETRY_UNREACHABLE_MS / 1000} s`,
        );
      }
      target.unreachable = message;
      target.retryAt = Date.now() + RETRY_UNREACHABLE_MS;
      return;
    }
    target.unreachable = undefined;
    // What changed while nobody watched (the backend stopped, the cluster recreated) sends no watch
    // event: every deployment of the environment is observed once now, as a watch's first list is.
    for (const record of await this.options.store.listDeploymentsInStatus(
      OBSERVED_STATUSES,
    )) {
      if (record.spec.environment === target.name) {
        this.dirty.add(record.id);
      }
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    await Promise.all([...this.targets.values()].map(t => t.observer.stop()));
  }

  /** One pass, unless the previous one is still going. */
  private tick() {
    if (!this.running) {
      this.running = this.reconcileAll()
        .catch(error =>
          this.options.logger.error(`Reconcile failed: ${errorMessage(error)}`),
        )
        .finally(() => {
          this.running = undefined;
        });
    }
  }

  /** Reconciles every deployment with an operation, and every one a watch said changed. */
  async reconcileAll(): Promise<void> {
    for (const target of this.targets.values()) {
      if (!target.observing && Date.now() >= target.retryAt) {
        await this.startObserving(target);
      }
    }
    const ids = new Set(
      await this.options.store.listDeploymentsWithActiveOperations(),
    );
    for (const id of this.dirty) {
      ids.add(id);
    }
    this.dirty.clear();
    for (const id of ids) {
      if ((this.backoff.get(id)?.at ?? 0) > Date.now()) {
        continue;
      }
      await this.reconcile(id).catch(error =>
        this.options.logger.warn(
          `Could not reconcile deployment ${id}: ${errorMessage(error)}`,
        ),
      );
    }
  }

  /** Brings one deployment a step closer to its record, and records what is observed. */
  async reconcile(id: string): Promise<void> {
    const { store } = this.options;
    const record = await store.getDeployment(id);
    if (!record || record.status === 'deleted') {
      return;
    }
    const [operation] = (await store.getActiveOperations([id])).get(id) ?? [];
    const target = this.targets.get(record.spec.environment);
    if (!target) {
      if (operation) {
        await this.finish(record, operation, {
          outcome: 'failed',
          status: 'failed',
          message: `No cluster is configured for the ${record.spec.environment} environment (modelDeployments.environments.${record.spec.environment})`,
        });
      }
      return;
    }
    const lostWatch = target.observer.unreachable;
    const unreachable =
      target.unreachable ??
      (lostWatch &&
        `Lost contact with cluster ${target.environment.cluster} (namespace ${
          target.environment.namespace
        }): ${errorMessage(lostWatch)}; retrying`);
    if (!target.observing || unreachable) {
      // Nothing can be applied or observed: say why on the deployment, and keep the operation waiting.
      if (operation && unreachable) {
        await this.update(record, {
          lastError: { message: unreachable, at: this.now() },
        });
      }
      return;
    }
    if (operation?.type === 'delete') {
      await this.reconcileDeletion(record, operation, target);
      return;
    }
    // A blue-green or canary update needs a serving revision beside the new one; with none (the first
    // rollout never finished) there is nothing to keep serving, and the update rolls out directly. Once
    // begun, it keeps its course after the switch (when the new revision becomes the active one).
    if (
      operation?.type === 'update-model' &&
      operation.parameters.strategy !== 'rolling' &&
      (operation.progress !== null ||
        (record.activeRevision !== null &&
          record.activeRevision !== record.revision))
    ) {
      await this.followStagedUpdate(record, operation, target);
      return;
    }
    if (operation?.status === 'queued') {
      await this.applyRecord(record, operation, target);
      return;
    }
    const observed = this.observe(record, target);
    if (operation) {
      await this.followOperation(record, operation, observed);
    } else {
      await this.followSteadyState(record, observed, target);
    }
  }

  private observe(record: DeploymentRecord, target: Target): ObservedState {
    const { deployments, pods } = target.observer.snapshot(record.id);
    return summarize(deployments, pods, this.now());
  }

  /** Applies the record's spec at its revision (stopped or not) and moves the operation to rolling out. */
  private async applyRecord(
    record: DeploymentRecord,
    operation: DeploymentOperation,
    target: Target,
  ): Promise<void> {
    const { store } = this.options;
    const now = this.now();
    await store.updateOperation(operation.id, {
      status: 'running',
      step: 'applying',
      now,
    });
    try {
      await this.apply(record, target);
    } catch (error) {
      await this.recordApplyFailure(record, operation, 'queued', error);
      return;
    }
    this.backoff.delete(record.id);
    await store.updateOperation(operation.id, {
      step: 'rolling-out',
      error: null,
      now,
    });
    await this.update(record, { applied: true, lastError: null });
  }

  /** The image and model location of revisions of one model, from its annotations or the config. */
  private async resolve(
    revisions: { revision: number; spec: DeploymentSpec }[],
  ): Promise<ResolvedRevision[]> {
    const { config, models, auth } = this.options;
    const model = await models.lookup(revisions[0].spec.modelRef, {
      ...(await auth.getOwnServiceCredentials()),
    });
    return revisions.map(({ revision, spec }) => ({
      revision,
      spec,
      ...resolveServing(spec, model?.metadata.annotations ?? {}, config),
    }));
  }

  /**
   * An apply failed. A refusal (an invalid object, a missing permission or kind) fails the operation with
   * the API server's message, since the same request cannot succeed; anything else (the server
   * unavailable, a conflict, throttling) is tried again with a growing delay, the operation saying it is
   * retrying and the deployment saying why. Applying again is idempotent.
   */
  private async recordApplyFailure(
    record: DeploymentRecord,
    operation: DeploymentOperation,
    status: 'queued' | 'running',
    error: unknown,
  ): Promise<void> {
    const now = this.now();
    const message = errorMessage(error);
    if (REFUSED.has((error as { code?: number }).code ?? 0)) {
      this.backoff.delete(record.id);
      if (operation.progress) {
        // Half-way through a blue-green or canary update: back to the revision that served.
        await this.failRollout(
          record,
          operation,
          {
            reason: 'Refused',
            message: `The cluster refused the change: ${message}`,
            permanent: true,
          },
          { current: 0, ready: 0, rolledOut: false, conditions: [] },
        );
        return;
      }
      await this.finish(record, operation, {
        outcome: 'failed',
        status:
          record.applied && canTransition(record.status, 'degraded')
            ? 'degraded'
            : 'failed',
        message: `The cluster refused the change: ${message}`,
      });
      return;
    }
    const delay = this.backOff(record.id);
    await this.options.store.updateOperation(operation.id, {
      status,
      step: `retrying in ${delay / 1000} s (attempt ${
        this.backoff.get(record.id)!.attempts
      })`,
      error: message,
      now,
    });
    await this.update(record, { lastError: { message, at: now } });
  }

  /** Holds a deployment back for a growing delay after a failure; resolves to the delay. */
  private backOff(id: string): number {
    const attempts = (this.backoff.get(id)?.attempts ?? 0) + 1;
    const delay = Math.min(RETRY_FIRST_MS * 2 ** (attempts - 1), RETRY_MAX_MS);
    this.backoff.set(id, { attempts, at: Date.now() + delay });
    return delay;
  }

  private async apply(
    record: DeploymentRecord,
    target: Target,
  ): Promise<AppliedGenerations> {
    const [serving] = await this.resolve([record]);
    return this.applyPlan(
      target,
      steadyStatePlan({
        deploymentId: record.id,
        namespace: target.environment.namespace,
        revision: record.revision,
        spec: record.spec,
        image: serving.image,
        modelUri: serving.modelUri,
        stopped: STOPPED_STATUSES.includes(record.status),
        config: this.options.config,
      }),
    );
  }

  private async applyPlan(
    target: Target,
    plan: ManifestPlan,
  ): Promise<AppliedGenerations> {
    const { objects } = buildManifests(plan);
    return target.applier.apply(
      plan.deploymentId,
      target.environment.namespace,
      objects,
    );
  }

  /**
   * One move of a blue-green or canary update: the planner decides from the progress recorded with the
   * operation and what the watches show of each track; this applies, records and ends what it decides.
   */
  private async followStagedUpdate(
    record: DeploymentRecord,
    operation: DeploymentOperation,
    target: Target,
  ): Promise<void> {
    const { store, config } = this.options;
    const now = this.now();
    const strategy = operation.parameters.strategy as 'blue-green' | 'canary';
    const extraTrack: Track = strategy === 'canary' ? 'canary' : 'preview';
    const { deployments, pods } = target.observer.snapshot(record.id);
    const progress = operation.progress;
    const generations = progress?.generations ?? {};
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
      await this.completeStagedUpdate(record, operation, target, stable);
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
    if (decision.kind === 'analyse') {
      decision = await this.analyseCanaryStep(record, operation, input, steps);
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
          applied = await this.applyStagedLayout(
            record,
            target,
            input.fromRevision,
            decision.layout,
          );
        } catch (error) {
          await this.recordApplyFailure(record, operation, 'running', error);
          return;
        }
        this.backoff.delete(record.id);
        // The step, its event and the active revision move together: a reader never sees a switched
        // Service with the previous revision still active.
        await store.transaction(async tx => {
          const current = await tx.updateOperation(operation.id, {
            status: 'running',
            step: decision.step,
            progress: { ...decision.progress, generations: applied },
            error: null,
            now,
          });
          if (!current) {
            return;
          }
          if (decision.event) {
            await this.recordStep(record, operation, decision.event, tx);
          }
          await this.update(
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
        await store.transaction(async tx => {
          if (decision.step !== operation.step || decision.progress) {
            await tx.updateOperation(operation.id, {
              step: decision.step,
              ...(decision.progress
                ? { progress: { ...decision.progress, generations } }
                : {}),
              now,
            });
          }
          if (decision.event) {
            await this.recordStep(record, operation, decision.event, tx);
          }
          await this.update(
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
          applied = await this.apply(record, target);
        } catch (error) {
          await this.recordApplyFailure(record, operation, 'running', error);
          return;
        }
        await store.updateOperation(operation.id, {
          step: `removing the ${extraTrack} workload`,
          progress: { ...progress!, phase: 'completing', generations: applied },
          now,
        });
        return;
      }
      case 'abort':
        await this.failRollout(record, operation, decision.problem, observed);
        return;
      default:
        throw new Error(`Unexpected decision ${decision.kind}`);
    }
  }

  /** Applies a staged layout: the previous revision (with today's scaling settings) and the new one. */
  private async applyStagedLayout(
    record: DeploymentRecord,
    target: Target,
    fromRevision: number,
    layout: StagedLayout,
  ): Promise<AppliedGenerations> {
    const previous = await this.options.store.getRevision(
      record.id,
      fromRevision,
    );
    if (!previous) {
      throw new Error(`Revision ${fromRevision} is missing`);
    }
    // A revision keeps what runs; replicas, scaling and load balancing are today's.
    const [previousRevision, nextRevision] = await this.resolve([
      {
        revision: previous.revision,
        spec: withRevisionFields(record.spec, previous.spec),
      },
      record,
    ]);
    return this.applyPlan(
      target,
      stagedPlan({
        deploymentId: record.id,
        namespace: target.environment.namespace,
        previous: previousRevision,
        next: nextRevision,
        layout,
        config: this.options.config,
      }),
    );
  }

  /**
   * The last phase: the steady state was applied (the extra workload removed, the Service on the stable
   * one); finished when the extra workload is gone and the stable one holds every instance, so that the
   * next update starts from a clean slate.
   */
  private async completeStagedUpdate(
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
    await this.finish(record, operation, {
      outcome: 'succeeded',
      status: 'running',
      message: `Revision ${record.revision} is serving on every instance: ${stable.ready} of ${stable.current} ready`,
      observed: stable,
    });
  }

  /** Asks the analysis hook about the canary step whose pause ended, and records its verdict. */
  private async analyseCanaryStep(
    record: DeploymentRecord,
    operation: DeploymentOperation,
    input: StagedInput,
    steps: Parameters<typeof afterCanaryAnalysis>[1],
  ): Promise<StagedDecision> {
    const progress = input.progress!;
    const step = steps[progress.stepIndex!];
    const to = new Date(Date.parse(progress.until!));
    let result: CanaryAnalysisResult;
    try {
      result = await withTimeout(
        (this.options.canaryAnalysis ?? readinessOnlyAnalysis).analyse({
          deploymentId: record.id,
          namespace: this.targets.get(record.spec.environment)!.environment
            .namespace,
          spec: record.spec,
          stableRevision: progress.fromRevision,
          canaryRevision: record.revision,
          stepIndex: progress.stepIndex!,
          weightPercent: progress.weightPercent!,
          from: new Date(to.getTime() - step.pauseSeconds * 1000),
          to,
        }),
        ANALYSIS_TIMEOUT_MS,
      );
    } catch (error) {
      // No verdict is no pass: the step waits, and the analysis is asked again later.
      const delay = this.backOff(record.id);
      return {
        kind: 'wait',
        step: `canary step ${progress.stepIndex! + 1} of ${
          steps.length
        }: the analysis gave no verdict (${errorMessage(
          error,
        )}); asking again in ${delay / 1000} s`,
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
        kind: 'abort',
        problem: { reason: 'CanaryAnalysisFailed', message, permanent: true },
      };
    }
    await this.recordStep(record, operation, message);
    return afterCanaryAnalysis(input, steps);
  }

  /** An event of the operation's progress, in its requester's name. */
  private async recordStep(
    record: DeploymentRecord,
    operation: DeploymentOperation,
    message: string,
    store: DeploymentStore = this.options.store,
  ): Promise<void> {
    await store.insertEvent({
      ...this.event(record, operation.type, 'succeeded'),
      message,
      operationId: operation.id,
    });
  }

  /** An operation that was applied: done when the cluster shows it done, failed when it cannot be. */
  private async followOperation(
    record: DeploymentRecord,
    operation: DeploymentOperation,
    observed: ObservedState,
  ): Promise<void> {
    const stopped = STOPPED_STATUSES.includes(record.status);
    if (stopped ? observed.current === 0 : observed.rolledOut) {
      await this.finish(record, operation, {
        outcome: 'succeeded',
        status: stopped ? 'stopped' : 'running',
        message: stopped
          ? 'Stopped: no instance is running'
          : `Revision ${record.revision} is serving: ${observed.ready} of ${observed.current} instances ready`,
        observed,
      });
      return;
    }
    if (observed.problem?.permanent) {
      await this.failRollout(record, operation, observed.problem, observed);
      return;
    }
    await this.update(record, {
      instancesCurrent: observed.current,
      instancesReady: observed.ready,
      conditions: observed.conditions,
      observedAt: this.now(),
    });
  }

  /** A rollout that cannot finish: back to the revision that served before, or failed when there is none. */
  private async failRollout(
    record: DeploymentRecord,
    operation: DeploymentOperation,
    problem: WorkloadProblem,
    observed: ObservedState,
  ): Promise<void> {
    // A blue-green update has made the new revision the active one once it switched; the one it came
    // from is in its progress.
    const from = operation.progress?.fromRevision ?? record.activeRevision;
    if (
      from !== null &&
      from !== record.revision &&
      ROLLED_BACK_ON_FAILURE.includes(operation.type)
    ) {
      await this.rollBackAutomatically(record, operation, problem, from);
      return;
    }
    await this.finish(record, operation, {
      outcome: 'failed',
      status: observed.ready > 0 ? 'degraded' : 'failed',
      message: problem.message,
      observed,
    });
  }

  /**
   * A rollout that cannot finish goes back to the revision that served before it, as a new revision, so
   * that the history says what happened and why: the failed operation, then the rollback, with the
   * cluster's reason.
   */
  private async rollBackAutomatically(
    record: DeploymentRecord,
    operation: DeploymentOperation,
    problem: WorkloadProblem,
    toRevision: number,
  ): Promise<void> {
    const { store } = this.options;
    const previous = await store.getRevision(record.id, toRevision);
    if (!previous) {
      return;
    }
    const now = this.now();
    const spec = withRevisionFields(record.spec, previous.spec);
    const revision = record.revision + 1;
    const reason = `automatic rollback to revision ${previous.revision}: ${problem.message}`;
    await store.transaction(async tx => {
      const updated = await tx.updateDeployment(record.id, record.version, {
        spec,
        revision,
        status: 'rolling-back',
        lastError: { message: problem.message, at: now },
        actor: RUNTIME_ACTOR,
        now,
      });
      if (!updated) {
        return;
      }
      await tx.insertRevision(
        record.id,
        revision,
        spec,
        reason,
        RUNTIME_ACTOR,
        now,
      );
      await tx.updateOperation(operation.id, {
        status: 'failed',
        step: null,
        error: problem.message,
        now,
      });
      await tx.insertEvent({
        ...this.event(record, operation.type, 'failed'),
        actor: operation.requestedBy,
        message: `Revision ${record.revision} did not roll out: ${problem.message}`,
        statusAfter: 'rolling-back',
        operationId: operation.id,
      });
      const rollbackId = randomUUID();
      await tx.insertOperation({
        id: rollbackId,
        deploymentId: record.id,
        type: 'rollback',
        step: 'queued: automatic rollback',
        targetRevision: revision,
        parameters: { toRevision: previous.revision, automatic: true },
        requestedBy: RUNTIME_ACTOR,
        now,
      });
      await tx.insertEvent({
        ...this.event(record, 'rollback', 'accepted'),
        message: `Rolling back automatically to revision ${previous.revision} (${previous.modelVersion}): ${problem.message}`,
        statusAfter: 'rolling-back',
        operationId: rollbackId,
        revision,
        changes: diffSpecs(record.spec, spec).changes.map(change => ({
          field: change.field,
          before: change.before,
          after: change.after,
        })),
      });
    });
  }

  /** No operation: keep the record's status and instance counts true to what the cluster shows. */
  private async followSteadyState(
    record: DeploymentRecord,
    observed: ObservedState,
    target: Target,
  ): Promise<void> {
    if (!record.applied) {
      return;
    }
    const stopped = record.status === 'stopped';
    if (!stopped && observed.current === 0 && !observed.problem) {
      const { deployments } = target.observer.snapshot(record.id);
      if (deployments.length === 0) {
        // Someone removed our objects: put them back, and say so.
        await this.apply(record, target);
        await this.options.store.insertEvent({
          ...this.event(record, 'edit', 'succeeded'),
          actor: RUNTIME_ACTOR,
          message:
            'The objects in the cluster were missing (deleted outside Backstage); applied them again',
        });
        return;
      }
    }
    let status: DeploymentStatus = record.status;
    if (!stopped) {
      if (observed.rolledOut) {
        status = 'running';
      } else if (observed.problem) {
        status = observed.ready > 0 ? 'degraded' : 'failed';
      }
    }
    await this.update(record, {
      ...(canTransition(record.status, status) ? { status } : {}),
      instancesCurrent: observed.current,
      instancesReady: observed.ready,
      conditions: observed.conditions,
      lastError: observed.problem
        ? { message: observed.problem.message, at: this.now() }
        : null,
      observedAt: this.now(),
    });
  }

  private async reconcileDeletion(
    record: DeploymentRecord,
    operation: DeploymentOperation,
    target: Target,
  ): Promise<void> {
    const { store } = this.options;
    const now = this.now();
    if (operation.status === 'queued') {
      await store.updateOperation(operation.id, {
        status: 'running',
        step: 'removing',
        now,
      });
    }
    const remaining = await target.applier.removeAll(
      record.id,
      target.environment.namespace,
    );
    if (remaining > 0) {
      return;
    }
    await this.finish(record, operation, {
      outcome: 'succeeded',
      status: 'deleted',
      message: 'Deleted: every object was removed from the cluster',
      deleted: true,
    });
  }

  private event(
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

  /** Ends an operation, sets the status it leads to, and records the outcome, in one transaction. */
  private async finish(
    record: DeploymentRecord,
    operation: DeploymentOperation,
    result: {
      outcome: 'succeeded' | 'failed';
      status: DeploymentStatus;
      message: string;
      observed?: ObservedState;
      deleted?: boolean;
    },
  ): Promise<void> {
    const now = this.now();
    const committed = await this.options.store.transaction(async tx => {
      const updated = await tx.updateDeployment(record.id, record.version, {
        status: result.status,
        ...(result.outcome === 'succeeded' && !result.deleted
          ? { activeRevision: record.revision }
          : {}),
        ...(result.observed
          ? {
              instancesCurrent: result.observed.current,
              instancesReady: result.observed.ready,
              conditions: this.withSettingsCondition(
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
      await tx.updateOperation(operation.id, {
        status: result.outcome,
        step: null,
        error: result.outcome === 'failed' ? result.message : null,
        now,
      });
      await tx.insertEvent({
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
   * The observed conditions and `SettingsEnforced`: whether the cluster carries out every setting of the
   * spec, and if not which (the UI shows them, e.g. sticky sessions without a traffic manager).
   */
  private withSettingsCondition(
    record: DeploymentRecord,
    conditions: DeploymentCondition[],
  ): DeploymentCondition[] {
    const unenforced = unenforcedSettings(record.spec, this.options.config);
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
        lastTransitionTime: this.now().toISOString(),
      },
    ];
  }

  /**
   * Writes what changed, and nothing when nothing did, so that a deployment's version (its ETag) moves
   * only when what a user sees moves. A condition keeps its transition time while its status holds.
   */
  private async update(
    record: DeploymentRecord,
    proposed: Omit<DeploymentUpdate, 'actor' | 'now'>,
    store: DeploymentStore = this.options.store,
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
      const merged = this.withSettingsCondition(
        record,
        proposed.conditions,
      ).map(condition => {
        const previous = record.conditions.find(c => c.type === condition.type);
        return previous && previous.status === condition.status
          ? { ...condition, lastTransitionTime: previous.lastTransitionTime }
          : condition;
      });
      if (JSON.stringify(merged) !== JSON.stringify(record.conditions))
        update.conditions = merged;
    }
    if (Object.keys(update).length === 0) {
      return;
    }
    if (proposed.observedAt !== undefined)
      update.observedAt = proposed.observedAt;
    const updated = await store.updateDeployment(record.id, record.version, {
      ...update,
      actor: RUNTIME_ACTOR,
      now: this.now(),
      observation: true,
    });
    if (updated) {
      record.version += 1;
    }
  }
}
