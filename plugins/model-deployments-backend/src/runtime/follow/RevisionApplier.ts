import type { AuthService } from '@backstage/backend-plugin-api';
import {
  canTransition,
  STOPPED_STATUSES,
  withRevisionFields,
  type DeploymentOperation,
  type DeploymentSpec,
  type ServingPin,
} from '@modelops/plugin-model-deployments-common';
import type { ModelCatalog } from '../../catalog/ModelCatalog';
import type { DeploymentRecord } from '../../database/rows';
import { apiServerMessage, permanentRefusal } from '../apiServerMessage';
import type { Backoff } from '../Backoff';
import type { Target } from '../ClusterTargets';
import type { RuntimeStores } from '../DeploymentLeases';
import type { RuntimeConfig } from '../config';
import {
  buildManifests,
  steadyStatePlan,
  type ManifestPlan,
} from '../manifests/buildManifests';
import { REVISION_LABEL } from '../manifests/labels';
import { SERVER_CONTAINER } from '../manifests/workload';
import type { AppliedGenerations } from '../observedState';
import type { RuntimeRecorder } from '../RuntimeRecorder';
import { resolveServing } from '../../catalog/serving';
import { stagedPlan, type ResolvedRevision } from '../updates/stagedPlan';
import type { StagedLayout } from '../updates/stagedUpdate';
import {
  UnusableSecretError,
  type OwnerSecrets,
} from '../secrets/OwnerSecrets';
import type { RolloutFollower } from './RolloutFollower';

/**
 * The step of an operation between being taken up and its objects applied. A backend that stopped in it
 * may or may not have applied them: the next one applies them again (idempotent under server-side apply)
 * rather than judge the old objects' rollout as the new one's.
 */
export const APPLYING_STEP = 'applying';

/** What the workload of `revision` runs in the cluster, as the watches last showed it. */
function runningServing(
  target: Target,
  deploymentId: string,
  revision: number,
): ServingPin | undefined {
  const workload = target.observer
    .snapshot(deploymentId)
    .deployments.find(
      d =>
        d.metadata?.labels?.[REVISION_LABEL] === String(revision) &&
        !d.metadata?.deletionTimestamp,
    );
  const container = workload?.spec?.template.spec?.containers.find(
    c => c.name === SERVER_CONTAINER,
  );
  return container?.image
    ? {
        image: container.image,
        modelUri:
          container.env?.find(v => v.name === 'MODEL_URI')?.value ?? null,
      }
    : undefined;
}

/**
 * A revision from before serving images were pinned, whose model left the catalog: the runtime does not
 * fall back to the configured default image, which would run something nobody asked for.
 */
export class UnpinnedServingError extends Error {
  name = 'UnpinnedServingError';
}

/**
 * Server-side applies a deployment's objects: its revision in steady state (stopped or not), or the two
 * revisions of a staged update, with the image and model location resolved for each; and what follows
 * when the cluster does not take them.
 */
export class RevisionApplier {
  constructor(
    private readonly deps: {
      stores: RuntimeStores;
      config: RuntimeConfig;
      models: ModelCatalog;
      auth: AuthService;
      recorder: RuntimeRecorder;
      backoff: Backoff;
      rollout: RolloutFollower;
      /** Which Secrets a model's owner may reference, checked again before each apply. */
      secrets?: OwnerSecrets;
    },
  ) {}

  /** Applies an operation's revision (queued, or interrupted while applying) and moves it to rolling out. */
  async startOperation(
    record: DeploymentRecord,
    operation: DeploymentOperation,
    target: Target,
  ): Promise<void> {
    const { stores, recorder, backoff } = this.deps;
    const now = recorder.now();
    const taken = await stores.write(record.id, tx =>
      tx.operations.update(operation.id, {
        status: 'running',
        step: APPLYING_STEP,
        now,
      }),
    );
    if (!taken) {
      // A delete or rollback cancelled it since it was read: applying now would leave orphans.
      return;
    }
    let appliedGenerations: AppliedGenerations;
    try {
      appliedGenerations = await this.applySteadyState(record, target);
    } catch (error) {
      await this.recordFailure(record, operation, 'queued', error);
      return;
    }
    backoff.clear(record.id);
    await stores.write(record.id, async tx => {
      await tx.operations.update(operation.id, {
        step: 'rolling-out',
        error: null,
        appliedGenerations,
        now,
      });
      await recorder.observe(record, { applied: true, lastError: null }, tx);
    });
  }

  /** Applies the record's spec at its revision, stopped or not. */
  async applySteadyState(
    record: DeploymentRecord,
    target: Target,
  ): Promise<AppliedGenerations> {
    const [serving] = await this.pinned(record, target, [record]);
    const stopped = STOPPED_STATUSES.includes(record.status);
    // Stopped, no pod reads a Secret: stopping must work whoever the Secret belongs to now.
    if (!stopped) {
      await this.deps.secrets?.assertApplicable(record.owner, [record.spec]);
    }
    return this.applyPlan(
      target,
      steadyStatePlan({
        deploymentId: record.id,
        namespace: target.environment.namespace,
        revision: record.revision,
        spec: record.spec,
        image: serving.image,
        modelUri: serving.modelUri,
        stopped,
        config: this.deps.config,
      }),
    );
  }

  /** Applies a staged layout: the previous revision (with today's scaling settings) and the new one. */
  async applyStagedLayout(
    record: DeploymentRecord,
    target: Target,
    fromRevision: number,
    layout: StagedLayout,
  ): Promise<AppliedGenerations> {
    const previous = await this.deps.stores.deployments.getRevision(
      record.id,
      fromRevision,
    );
    if (!previous) {
      throw new Error(`Revision ${fromRevision} is missing`);
    }
    // A revision keeps what runs; replicas, scaling and load balancing are today's.
    const [previousRevision, nextRevision] = await this.pinned(record, target, [
      {
        revision: previous.revision,
        spec: withRevisionFields(record.spec, previous.spec),
        serving: previous.serving,
      },
      record,
    ]);
    await this.deps.secrets?.assertApplicable(record.owner, [
      previousRevision.spec,
      nextRevision.spec,
    ]);
    return this.applyPlan(
      target,
      stagedPlan({
        deploymentId: record.id,
        namespace: target.environment.namespace,
        previous: previousRevision,
        next: nextRevision,
        layout,
        config: this.deps.config,
      }),
    );
  }

  /**
   * An apply failed. A refusal (an invalid object, objects that cannot be merged, a missing permission or
   * kind) fails the operation with the API server's words, since the same request cannot succeed; an
   * update under way goes back to the revision that served. Anything else (the server unavailable, a
   * conflict, throttling) is tried again with a growing delay, the operation saying it is retrying and
   * the deployment saying why. Applying again is idempotent.
   */
  async recordFailure(
    record: DeploymentRecord,
    operation: DeploymentOperation,
    status: 'queued' | 'running',
    error: unknown,
  ): Promise<void> {
    const { stores, recorder, backoff, rollout } = this.deps;
    const now = recorder.now();
    const refusal = permanentRefusal(error);
    // Refusals of its own: the revision cannot be pinned, or names a Secret its owner may not use.
    const refusedHere =
      error instanceof UnpinnedServingError ||
      error instanceof UnusableSecretError;
    if (refusal !== undefined || refusedHere) {
      backoff.clear(record.id);
      const message = refusedHere
        ? error.message
        : `The cluster refused the change: ${refusal}`;
      if (rollout.rollsBack(record, operation)) {
        await rollout.fail(
          record,
          operation,
          { reason: 'Refused', message, permanent: true },
          { current: 0, ready: 0, rolledOut: false, conditions: [] },
        );
        return;
      }
      await recorder.finish(record, operation, {
        outcome: 'failed',
        status:
          record.applied && canTransition(record.status, 'degraded')
            ? 'degraded'
            : 'failed',
        message,
      });
      return;
    }
    const message = apiServerMessage(error);
    const { delayMs, attempt } = backoff.holdBack(record.id);
    await stores.write(record.id, async tx => {
      await tx.operations.update(operation.id, {
        status,
        step: `retrying in ${delayMs / 1000} s (attempt ${attempt})`,
        error: message,
        now,
      });
      await recorder.observe(record, { lastError: { message, at: now } }, tx);
    });
  }

  /**
   * The image and model location each revision of the deployment was pinned to when its change was
   * asked for; the catalog is not asked again.
   */
  private async pinned(
    record: DeploymentRecord,
    target: Target,
    revisions: {
      revision: number;
      spec: DeploymentSpec;
      serving: ServingPin | null;
    }[],
  ): Promise<ResolvedRevision[]> {
    const resolved: ResolvedRevision[] = [];
    for (const { revision, spec, serving } of revisions) {
      const pin =
        serving ??
        (await this.pinNow(
          record,
          revision,
          spec,
          runningServing(target, record.id, revision),
        ));
      resolved.push({
        revision,
        spec,
        image: pin.image,
        ...(pin.modelUri ? { modelUri: pin.modelUri } : {}),
      });
    }
    return resolved;
  }

  /**
   * Pins a revision made before serving images were pinned, once (later applies use the pin): to what
   * its workload runs in the cluster, else to its model as the catalog has it now. Refuses when neither
   * says, rather than run the configured default image.
   */
  private async pinNow(
    record: DeploymentRecord,
    revision: number,
    spec: DeploymentSpec,
    running: ServingPin | undefined,
  ): Promise<ServingPin> {
    const { config, models, auth, stores } = this.deps;
    let serving = running;
    if (!serving) {
      const model = await models.lookup(
        spec.modelRef,
        await auth.getOwnServiceCredentials(),
      );
      if (!model) {
        throw new UnpinnedServingError(
          `Revision ${revision} was made before serving images were pinned, and its model ${spec.modelRef} is no longer in the catalog: it is not switched to the configured default image. Update the model, or roll back to a revision that has its image.`,
        );
      }
      serving = resolveServing(spec, model.metadata.annotations ?? {}, config);
    }
    const pinnedCurrent = await stores.write(record.id, tx =>
      tx.deployments.pinServing(record.id, revision, serving),
    );
    if (pinnedCurrent) {
      record.serving = serving;
      record.version += 1;
    }
    return serving;
  }

  private async applyPlan(
    target: Target,
    plan: ManifestPlan,
  ): Promise<AppliedGenerations> {
    const { objects } = buildManifests(plan);
    await this.deps.stores.fence(plan.deploymentId);
    return target.applier.apply(
      plan.deploymentId,
      target.environment.namespace,
      objects,
    );
  }
}
