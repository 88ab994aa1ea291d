import type { Config } from '@backstage/config';

/**
 * Short enough that a changed policy, group membership or model owner applies within seconds, long
 * enough that a polling page asks the permission backend and the catalog once per interval instead of
 * once per request.
 */
const DEFAULT_PERMISSION_DECISION_CACHE_SECONDS = 5;

/**
 * Revisions a deployment keeps: enough to roll back across weeks of daily updates, few enough that a
 * deployment updated by a script every few minutes does not grow its history without bound.
 */
export const DEFAULT_REVISION_HISTORY_LIMIT = 50;

/** Alerts compare the requests of the last five minutes with the thresholds, every minute. */
const DEFAULT_ALERT_WINDOW_SECONDS = 5 * 60;

/** The plugin's own settings of `modelDeployments` that no one component owns. */
export type PluginSettings = {
  /** How long permission decisions and the catalog's owners are remembered. */
  permissionDecisionCacheMs: number;
  /** The window the alerts' request figures are taken over. */
  alertWindowSeconds: number;
  /** How many revisions each deployment keeps (the newest, and the serving one always). */
  revisionHistoryLimit: number;
};

export function readPluginSettings(config: Config): PluginSettings {
  const alertWindowSeconds =
    config.getOptionalNumber('modelDeployments.alerts.windowSeconds') ??
    DEFAULT_ALERT_WINDOW_SECONDS;
  if (!Number.isInteger(alertWindowSeconds) || alertWindowSeconds < 1) {
    throw new Error(
      'modelDeployments.alerts.windowSeconds must be a whole number of seconds, at least 1',
    );
  }
  const revisionHistoryLimit =
    config.getOptionalNumber('modelDeployments.revisionHistoryLimit') ??
    DEFAULT_REVISION_HISTORY_LIMIT;
  if (!Number.isInteger(revisionHistoryLimit) || revisionHistoryLimit < 2) {
    throw new Error(
      'modelDeployments.revisionHistoryLimit must be a whole number, at least 2 (a rollback needs an earlier revision)',
    );
  }
  return {
    revisionHistoryLimit,
    permissionDecisionCacheMs:
      (config.getOptionalNumber(
        'modelDeployments.permissionDecisionCacheSeconds',
      ) ?? DEFAULT_PERMISSION_DECISION_CACHE_SECONDS) * 1000,
    alertWindowSeconds,
  };
}
