import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import type { DeploymentCondition } from '@modelops/plugin-model-deployments-common';

/** Why instances do not become ready, in the words of the cluster. */
export type WorkloadProblem = {
  reason: string;
  message: string;
  /** A problem that waiting will not solve (the rollout's deadline has passed). */
  permanent: boolean;
};

/** What the cluster shows of one deployment's workloads. */
export type ObservedState = {
  /** Instances that exist and instances that are ready, over every track. */
  current: number;
  ready: number;
  /** Every workload has its latest pod template on every instance, and all of them are ready. */
  rolledOut: boolean;
  problem?: WorkloadProblem;
  conditions: DeploymentCondition[];
};

/** Waiting reasons of a container that mean it will not start on its own. */
const STUCK_CONTAINER_REASONS = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
  'CrashLoopBackOff',
  'CreateContainerConfigError',
  'CreateContainerError',
]);

/**
 * The generation the API server gave each Deployment (by name) at the last apply. A watch may not have
 * delivered that change yet; until it has, what it shows is the previous state and proves nothing.
 */
export type AppliedGenerations = Record<string, number>;

function isRolledOut(
  deployment: V1Deployment,
  applied: AppliedGenerations,
): boolean {
  const desired = deployment.spec?.replicas ?? 1;
  const status = deployment.status ?? {};
  const generation = deployment.metadata?.generation ?? 0;
  return (
    generation >= (applied[deployment.metadata?.name ?? ''] ?? 0) &&
    (status.observedGeneration ?? 0) >= generation &&
    (status.updatedReplicas ?? 0) === desired &&
    (status.replicas ?? 0) === desired &&
    (status.readyReplicas ?? 0) === desired
  );
}

function podProblem(pods: V1Pod[]): WorkloadProblem | undefined {
  for (const pod of pods) {
    const scheduled = pod.status?.conditions?.find(
      c => c.type === 'PodScheduled',
    );
    if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
      return {
        reason: 'Unschedulable',
        message: `Instance ${pod.metadata?.name} cannot be placed: ${
          scheduled.message ?? 'no node fits'
        }`,
        permanent: false,
      };
    }
    for (const container of pod.status?.containerStatuses ?? []) {
      const waiting = container.state?.waiting;
      if (waiting?.reason && STUCK_CONTAINER_REASONS.has(waiting.reason)) {
        return {
          reason: waiting.reason,
          message: `Instance ${pod.metadata?.name}: ${waiting.reason}${
            waiting.message ? `: ${waiting.message}` : ''
          }`,
          permanent: false,
        };
      }
    }
    const ready = pod.status?.conditions?.find(c => c.type === 'Ready');
    if (
      pod.status?.phase === 'Running' &&
      ready?.status === 'False' &&
      ready.reason === 'ContainersNotReady'
    ) {
      return {
        reason: 'NotReady',
        message: `Instance ${pod.metadata?.name} is running but fails its health check`,
        permanent: false,
      };
    }
  }
  return undefined;
}

function deploymentProblem(
  deployments: V1Deployment[],
): WorkloadProblem | undefined {
  for (const deployment of deployments) {
    for (const condition of deployment.status?.conditions ?? []) {
      if (
        condition.type === 'Progressing' &&
        condition.status === 'False' &&
        condition.reason === 'ProgressDeadlineExceeded'
      ) {
        return {
          reason: 'ProgressDeadlineExceeded',
          message:
            condition.message ??
            'The rollout made no progress before its deadline',
          permanent: true,
        };
      }
      if (condition.type === 'ReplicaFailure' && condition.status === 'True') {
        return {
          reason: condition.reason ?? 'ReplicaFailure',
          message: condition.message ?? 'Instances could not be created',
          permanent: false,
        };
      }
    }
  }
  return undefined;
}

/**
 * A rollout past its deadline is permanent, but the instance's own reason (an image that cannot be
 * pulled, a failing health check) is what a user can act on: say both.
 */
function combine(
  workload: WorkloadProblem | undefined,
  instance: WorkloadProblem | undefined,
): WorkloadProblem | undefined {
  if (workload?.permanent && instance) {
    return {
      reason: instance.reason,
      message: `${instance.message} (${workload.message})`,
      permanent: true,
    };
  }
  return workload ?? instance;
}

/**
 * Summarises a deployment's Kubernetes Deployments and pods, as the informers last saw them, into what
 * the deployment's status and instance counts say. Nothing here is assumed: no objects, no instances.
 */
export function summarize(
  allDeployments: V1Deployment[],
  allPods: V1Pod[],
  now: Date,
  applied: AppliedGenerations = {},
): ObservedState {
  // What is being deleted (a canary or preview that is no longer wanted) no longer counts.
  const deployments = allDeployments.filter(
    d => !d.metadata?.deletionTimestamp,
  );
  const pods = allPods.filter(p => !p.metadata?.deletionTimestamp);
  const current = deployments.reduce(
    (sum, d) => sum + (d.status?.replicas ?? 0),
    0,
  );
  const ready = deployments.reduce(
    (sum, d) => sum + (d.status?.readyReplicas ?? 0),
    0,
  );
  const rolledOut =
    deployments.length > 0 && deployments.every(d => isRolledOut(d, applied));
  const problem = rolledOut
    ? undefined
    : combine(deploymentProblem(deployments), podProblem(pods));
  const at = now.toISOString();
  const conditions: DeploymentCondition[] = [
    {
      type: 'Available',
      status: ready > 0 ? 'True' : 'False',
      reason: ready > 0 ? 'InstancesReady' : 'NoReadyInstances',
      message: `${ready} of ${current} instances ready`,
      lastTransitionTime: at,
    },
    {
      type: 'RolledOut',
      status: rolledOut ? 'True' : 'False',
      reason: rolledOut
        ? 'AllInstancesUpdated'
        : problem?.reason ?? 'InProgress',
      message: rolledOut
        ? 'Every instance runs the latest revision and is ready'
        : problem?.message ?? 'Instances are being replaced or started',
      lastTransitionTime: at,
    },
  ];
  return { current, ready, rolledOut, problem, conditions };
}
