import type { DeploymentInstances } from '@modelops/plugin-model-deployments-common';

/**
 * "2 ready, 3 / 3": ready and current instances as observed, of those desired. Until the runtime has
 * observed the cluster, "— / 3": nothing is assumed.
 */
export function formatInstances(instances: DeploymentInstances): string {
  const { desired, current, ready } = instances;
  if (current === null || ready === null) {
    return `— / ${desired}`;
  }
  return `${ready} ready, ${current} / ${desired}`;
}

/** A count the runtime observed, or "—" while it has observed none (never shown as a number). */
export function observedCount(count: number | null): string {
  return count === null ? '—' : String(count);
}
