import { useApi } from '@backstage/core-plugin-api';
import { modelDeploymentsApiRef } from '../../api';
import { useLiveResource } from '../../hooks/useLiveResource';
import type { MetricsView } from './metricsViews';
import { rangeQuery, SLOWEST_REFRESH_MS, type TimeRangeId } from './timeRanges';

/**
 * The deployment's metrics over a range ending now, one answer per view (in the same order), read again
 * every `refreshMs` when given. A refresh keeps the last answers while it runs and when it fails; a failed
 * read is tried again every `refreshMs`, or as seldom as the slowest auto-refresh when there is none.
 */
export function useDeploymentMetrics(
  deploymentId: string,
  views: readonly MetricsView[],
  range: TimeRangeId,
  refreshMs?: number,
) {
  const api = useApi(modelDeploymentsApiRef);
  return useLiveResource(
    () => {
      // Each read ends now, so a refresh moves the range forward.
      const query = rangeQuery(range, new Date());
      return Promise.all(
        views.map(({ track }) =>
          api.getMetrics(deploymentId, track ? { ...query, track } : query),
        ),
      );
    },
    // Views are compared by value: callers derive them on every render.
    [api, deploymentId, range, JSON.stringify(views)],
    () => refreshMs !== undefined,
    refreshMs ?? SLOWEST_REFRESH_MS,
  );
}
