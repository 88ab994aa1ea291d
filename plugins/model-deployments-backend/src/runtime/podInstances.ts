import type { V1Pod } from '@kubernetes/client-node';
import {
  DEPLOYMENT_TRACKS,
  type DeploymentInstance,
  type DeploymentTrack,
} from '@modelops/plugin-model-deployments-common';
import { TRACK_LABEL } from './manifests/labels';

function trackOf(pod: V1Pod): DeploymentTrack | undefined {
  const label = pod.metadata?.labels?.[TRACK_LABEL];
  return DEPLOYMENT_TRACKS.find(track => track === label);
}

/**
 * Why the pod's containers do not run, in the cluster's words: a container's waiting or terminated
 * reason (`ImagePullBackOff`, `CrashLoopBackOff`, `OOMKilled`), else the pod's own (`Evicted`), else why
 * it is not scheduled (`Unschedulable`).
 */
function reasonOf(pod: V1Pod): string | undefined {
  for (const container of pod.status?.containerStatuses ?? []) {
    const reason =
      container.state?.waiting?.reason ?? container.state?.terminated?.reason;
    if (reason) {
      return reason;
    }
  }
  if (pod.status?.reason) {
    return pod.status.reason;
  }
  return pod.status?.conditions?.find(
    c => c.type === 'PodScheduled' && c.status === 'False',
  )?.reason;
}

function toInstance(pod: V1Pod, track: DeploymentTrack): DeploymentInstance {
  const startTime = pod.status?.startTime;
  const reason = reasonOf(pod);
  return {
    name: pod.metadata?.name ?? '',
    track,
    phase: pod.status?.phase ?? 'Unknown',
    ready:
      pod.status?.conditions?.some(
        c => c.type === 'Ready' && c.status === 'True',
      ) ?? false,
    restarts: (pod.status?.containerStatuses ?? []).reduce(
      (sum, container) => sum + container.restartCount,
      0,
    ),
    ...(reason ? { reason } : {}),
    ...(pod.spec?.nodeName ? { node: pod.spec.nodeName } : {}),
    containers: (pod.spec?.containers ?? []).map(c => c.name),
    // A watch delivers timestamps as strings, a list as dates.
    startedAt: startTime ? new Date(startTime).toISOString() : null,
  };
}

/**
 * A deployment's instances from the pods the runtime observes: stable first, then canary and preview,
 * each by name. Pods being deleted are left out, as they are from the instance counts; a pod without a
 * track of ours is not one of our workloads' instances.
 */
export function podInstances(pods: V1Pod[]): DeploymentInstance[] {
  return pods
    .flatMap(pod => {
      const track = trackOf(pod);
      return track && !pod.metadata?.deletionTimestamp
        ? [toInstance(pod, track)]
        : [];
    })
    .sort(
      (a, b) =>
        DEPLOYMENT_TRACKS.indexOf(a.track) -
          DEPLOYMENT_TRACKS.indexOf(b.track) || a.name.localeCompare(b.name),
    );
}
