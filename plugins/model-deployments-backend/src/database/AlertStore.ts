import type {
  AlertKind,
  DeploymentAlert,
} from '@modelops/plugin-model-deployments-common';

/** What an evaluation saw of one alert's condition. */
export type AlertObservation = {
  deploymentId: string;
  kind: AlertKind;
  summary: string;
  value: number | null;
  threshold: number;
  unit: DeploymentAlert['unit'];
  at: Date;
};

/** Each time an alert fired, and when it resolved (the `deployment_alerts` table). */
export interface AlertStore {
  /** The alerts firing now, of each deployment that has any. */
  firing(deploymentIds: string[]): Promise<Map<string, DeploymentAlert[]>>;
  /** Every alert firing now. */
  listFiring(): Promise<DeploymentAlert[]>;
  /** A deployment's alerts, newest first. */
  list(
    deploymentId: string,
    options: { state?: DeploymentAlert['state']; limit: number },
  ): Promise<DeploymentAlert[]>;
  /**
   * Records that the condition holds: a new alert when none fires (returned, so it can be announced),
   * else the firing one's latest figures (nothing returned). Two backend instances that fire it at
   * once record one alert.
   */
  fire(observation: AlertObservation): Promise<DeploymentAlert | undefined>;
  /** Records that the condition no longer holds; resolves to the alert it resolved, if one fired. */
  resolve(observation: AlertObservation): Promise<DeploymentAlert | undefined>;
}
