import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { KubeConfig } from '@kubernetes/client-node';
import { STATUSES_WITH_CLUSTER_OBJECTS } from '@modelops/plugin-model-deployments-common';
import type { CanaryAnalysis } from '@modelops/plugin-model-deployments-node';
import type { ModelCatalog } from '../catalog/ModelCatalog';
import type { StoresWithTransactions } from '../database/Stores';
import type { DeploymentRecord } from '../database/rows';
import type { DeploymentChanges } from '../events/DeploymentChanges';
import { apiServerMessage } from './apiServerMessage';
import { Backoff } from './Backoff';
import { ClusterTargets, type DeploymentView } from './ClusterTargets';
import type { RuntimeConfig } from './config';
import {
  DeploymentLeases,
  LeaseLostError,
  type RuntimeStores,
} from './DeploymentLeases';
import { DeletionFollower } from './follow/DeletionFollower';
import { APPLYING_STEP, RevisionApplier } from './follow/RevisionApplier';
import { RolloutFollower } from './follow/RolloutFollower';
import { StagedUpdateFollower } from './follow/StagedUpdateFollower';
import { SteadyStateFollower } from './follow/SteadyStateFollower';
import type { OwnerSecrets } from './secrets/OwnerSecrets';
import { summarize } from './observedState';
import { RuntimeRecorder } from './RuntimeRecorder';

/**
 * How often the runtime looks for new operations and for what the watches reported: a quarter of a
 * second adds little to a rollout's time, and costs one indexed query when there is nothing to do.
 */
const TICK_MS = 250;

/**
 * Drives each deployment's cluster objects to its record, and records what the cluster shows. Progress is
 * in the database (the operation's status and step), so a restarted backend resumes where it was:
 * applying again is idempotent under server-side apply. The clusters are observed through one watch per
 * namespace and kind; a tick picks up operations that no watch event announces (new ones, deletions).
 * Each environment has its own pass, one at a time, and the environments' passes run side by side: an
 * environment whose API server is slow to answer, or does not answer at all until its requests time out,
 * holds up only its own deployments.
 * This is the loop and its dispatch; each kind of move is its own follower under `follow/`.
 */
export class DeploymentRuntime {
  private readonly dirty = new Set<string>();
  /** The pass under way in each environment, if any. */
  private readonly passes = new Map<string, Promise<void>>();
  /** Each deployment's environment, which never changes, as read once from its record. */
  private readonly environmentOf = new Map<string, string>();
  private readonly backoff = new Backoff();
  private readonly targets: ClusterTargets;
  private readonly recorder: RuntimeRecorder;
  private readonly applier: RevisionApplier;
  private readonly rollout: RolloutFollower;
  private readonly stagedUpdate: StagedUpdateFollower;
  private readonly steadyState: SteadyStateFollower;
  private readonly deletion: DeletionFollower;
  private readonly leases: DeploymentLeases;
  private readonly stores: RuntimeStores;
  private timer: NodeJS.Timeout | undefined;
  /** The dispatch under way (which starts the passes, and does not wait for them), if any. */
  private dispatching: Promise<unknown> | undefined;
  private stopping = false;

  constructor(
    private readonly options: {
      stores: StoresWithTransactions;
      config: RuntimeConfig;
      clusters: Map<string, KubeConfig>;
      models: ModelCatalog;
      auth: AuthService;
      logger: LoggerService;
      /** Judges each canary step; without a metrics provider, readiness alone decides. */
      canaryAnalysis?: CanaryAnalysis;
      /** Which Secrets a model's owner may reference, checked again before each apply. */
      secrets?: OwnerSecrets;
      /** Announces the deletions that the runtime completes, so the catalog removes their Components. */
      changes?: DeploymentChanges;
      clock?: () => Date;
    },
  ) {
    const { config, models, auth, logger, canaryAnalysis } = options;
    this.leases = new DeploymentLeases({
      stores: options.stores,
      durationMs: config.leaseSeconds * 1000,
      clock: () => this.recorder.now(),
    });
    const stores = this.leases.runtimeStores();
    this.stores = stores;
    this.targets = new ClusterTargets({
      config,
      clusters: options.clusters,
      logger,
      onChange: id => this.dirty.add(id),
      onObserving: environment => this.observeAllIn(environment),
    });
    this.recorder = new RuntimeRecorder({ ...options, stores });
    const recorder = this.recorder;
    const backoff = this.backoff;
    this.rollout = new RolloutFollower({ stores, recorder });
    this.applier = new RevisionApplier({
      stores,
      config,
      models,
      auth,
      recorder,
      backoff,
      rollout: this.rollout,
      secrets: options.secrets,
    });
    this.stagedUpdate = new StagedUpdateFollower({
      stores,
      config,
      recorder,
      backoff,
      applier: this.applier,
      rollout: this.rollout,
      canaryAnalysis,
    });
    this.steadyState = new SteadyStateFollower({
      stores,
      recorder,
      applier: this.applier,
      backoff,
    });
    this.deletion = new DeletionFollower({ stores, recorder });
  }

  /** What the runtime sees of one deployment of an environment (see {@link ClusterTargets.view}). */
  view(environment: string, deploymentId: string): DeploymentView {
    return this.targets.view(environment, deploymentId);
  }

  async start(): Promise<void> {
    this.targets.start();
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.tick();
  }

  /** Stops the loop, and resolves once every pass under way has ended. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.dispatching;
    await Promise.all(this.passes.values());
    await this.targets.stop();
    await this.leases.releaseAll();
  }

  /**
   * Reconciles every deployment with an operation, and every one a watch said changed, in a pass of its
   * environment; resolves once the passes this started have ended. An environment whose previous pass
   * is still under way is left to a later call, its deployments still to do.
   */
  async reconcileAll(): Promise<void> {
    await Promise.all(await this.dispatch());
  }

  /** Starts a pass in each environment that has none under way; resolves to the passes started. */
  private async dispatch(): Promise<Promise<void>[]> {
    const ids = new Set(
      await this.stores.operations.listDeploymentsWithActive(),
    );
    for (const id of this.dirty) {
      ids.add(id);
    }
    const byEnvironment = new Map<string, string[]>(
      this.targets.environments().map(environment => [environment, []]),
    );
    for (const [id, environment] of await this.environmentsOf(ids)) {
      byEnvironment.set(environment, [
        ...(byEnvironment.get(environment) ?? []),
        id,
      ]);
    }
    const started: Promise<void>[] = [];
    for (const [environment, inEnvironment] of byEnvironment) {
      if (this.stopping || this.passes.has(environment)) {
        continue;
      }
      for (const id of inEnvironment) {
        this.dirty.delete(id);
      }
      const pass = this.pass(environment, inEnvironment)
        .catch(error =>
          this.options.logger.error(
            `Reconcile of the ${environment} environment failed: ${apiServerMessage(
              error,
            )}`,
          ),
        )
        .finally(() => this.passes.delete(environment));
      this.passes.set(environment, pass);
      started.push(pass);
    }
    return started;
  }

  /**
   * The environment of each deployment, read from the records of those not seen before; a deployment
   * that no longer exists is dropped.
   */
  private async environmentsOf(ids: Set<string>): Promise<Map<string, string>> {
    const unknown = [...ids].filter(id => !this.environmentOf.has(id));
    const records = unknown.length
      ? await this.stores.deployments.getMany(unknown)
      : new Map<string, DeploymentRecord>();
    for (const id of unknown) {
      const record = records.get(id);
      if (record) {
        this.environmentOf.set(id, record.spec.environment);
      } else {
        this.dirty.delete(id);
      }
    }
    const found = new Map<string, string>();
    for (const id of ids) {
      const environment = this.environmentOf.get(id);
      if (environment !== undefined) {
        found.set(id, environment);
      }
    }
    return found;
  }

  /**
   * One environment's pass: its namespace watched if it is not yet, then each of its deployments given
   * one reconcile, one after another.
   */
  private async pass(environment: string, ids: string[]): Promise<void> {
    await this.targets.retryUnreachable(environment);
    for (const id of ids) {
      if (this.backoff.isHeldBack(id)) {
        await this.leases.keep(id);
        continue;
      }
      await this.reconcile(id).catch(error =>
        error instanceof LeaseLostError
          ? this.options.logger.info(error.message)
          : this.options.logger.warn(
              `Could not reconcile deployment ${id}: ${apiServerMessage(
                error,
              )}`,
            ),
      );
    }
  }

  /**
   * Brings one deployment a step closer to its record, and records what is observed: when this replica
   * holds the deployment's lease, or takes it (no one else drives the deployment).
   */
  async reconcile(id: string): Promise<void> {
    const { stores, leases } = this;
    const seen = await stores.deployments.get(id);
    if (!seen || seen.status === 'deleted') {
      this.environmentOf.delete(id);
      return;
    }
    const target = this.targets.get(seen.spec.environment);
    const unreachable = target && this.targets.unreachable(target);
    if (target && (!target.observing || unreachable)) {
      if (unreachable) {
        await this.reportUnreachable(seen, unreachable);
      }
      return;
    }
    if (!(await leases.acquire(id))) {
      return;
    }
    const record = await stores.deployments.get(id);
    if (!record || record.status === 'deleted') {
      return;
    }
    const [operation] = (await stores.operations.getActive([id])).get(id) ?? [];
    if (!target) {
      if (operation) {
        await this.recorder.finish(record, operation, {
          outcome: 'failed',
          status: 'failed',
          message: `No cluster is configured for the ${record.spec.environment} environment (modelDeployments.environments.${record.spec.environment})`,
        });
      }
      return;
    }
    if (operation?.type === 'delete') {
      await this.deletion.follow(record, operation, target);
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
      await this.stagedUpdate.follow(record, operation, target);
      return;
    }
    if (operation?.status === 'queued' || operation?.step === APPLYING_STEP) {
      await this.applier.startOperation(record, operation, target);
      return;
    }
    const { deployments, pods } = target.observer.snapshot(record.id);
    if (operation) {
      const applied = await stores.operations.getAppliedGenerations(
        operation.id,
      );
      await this.rollout.follow(
        record,
        operation,
        summarize(deployments, pods, this.recorder.now(), applied),
      );
    } else {
      await this.steadyState.follow(
        record,
        summarize(deployments, pods, this.recorder.now()),
        target,
      );
    }
  }

  /**
   * Nothing can be applied or observed from here: says why on the deployment, once for its operation
   * (the replicas that cannot reach the cluster would otherwise take turns writing their own words),
   * and leaves the deployment to a replica that can.
   */
  private async reportUnreachable(
    seen: DeploymentRecord,
    message: string,
  ): Promise<void> {
    const { stores, leases } = this;
    const [operation] =
      (await stores.operations.getActive([seen.id])).get(seen.id) ?? [];
    const saidSinceStart = (at: string | undefined) =>
      at !== undefined && operation !== undefined && at >= operation.createdAt;
    if (
      !operation ||
      saidSinceStart(seen.lastError?.at) ||
      !(await leases.acquire(seen.id))
    ) {
      return;
    }
    const record = await stores.deployments.get(seen.id);
    if (record && !saidSinceStart(record.lastError?.at)) {
      await this.recorder.observe(record, {
        lastError: { message, at: this.recorder.now() },
      });
    }
    await leases.release(seen.id);
  }

  /** Starts the passes of the environments whose previous one has ended, without waiting for them. */
  private tick() {
    if (!this.dispatching && !this.stopping) {
      this.dispatching = this.dispatch()
        .catch(error =>
          this.options.logger.error(
            `Reconcile failed: ${apiServerMessage(error)}`,
          ),
        )
        .finally(() => {
          this.dispatching = undefined;
        });
    }
  }

  /**
   * What changed while nobody watched (the backend stopped, the cluster recreated) sends no watch
   * event: every deployment of the environment is observed once, as a watch's first list is.
   */
  private async observeAllIn(environment: string): Promise<void> {
    for (const record of await this.stores.deployments.listInStatus(
      STATUSES_WITH_CLUSTER_OBJECTS,
    )) {
      if (record.spec.environment === environment) {
        this.dirty.add(record.id);
      }
    }
  }
}
