import {
  TRANSITIONAL_STATUSES,
  type ModelDeployment,
} from '@modelops/plugin-model-deployments-common';
import { useEffect } from 'react';

/** While an operation runs, what is shown is read again this often, so statuses move without a reload. */
export const LIVE_REFRESH_MS = 3000;

/** Whether the deployment has an operation under way, so its state is about to change. */
export function isUnderWay(deployment: ModelDeployment): boolean {
  return (
    Boolean(deployment.operation) ||
    TRANSITIONAL_STATUSES.includes(deployment.status)
  );
}

/** Calls `reload` every {@link LIVE_REFRESH_MS} while `live`, once the previous read has finished. */
export function useLiveRefresh(
  live: boolean,
  loading: boolean,
  reload: () => void,
) {
  useEffect(() => {
    if (!live || loading) {
      return undefined;
    }
    const timer = setTimeout(reload, LIVE_REFRESH_MS);
    return () => clearTimeout(timer);
  }, [live, loading, reload]);
}
