import type {
  AlertKind,
  DeploymentAlert,
} from '@modelops/plugin-model-deployments-common';
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import type { AlertObservation, AlertStore } from './AlertStore';
import { toIsoOrNull, toIsoString } from './rows';

type AlertRow = {
  id: string;
  deployment_id: string;
  kind: AlertKind;
  state: DeploymentAlert['state'];
  summary: string;
  value: number | null;
  threshold: number;
  unit: DeploymentAlert['unit'];
  fired_at: Date | string;
  resolved_at: Date | string | null;
  last_evaluated_at: Date | string;
};

function toAlert(row: AlertRow): DeploymentAlert {
  return {
    id: row.id,
    deploymentId: row.deployment_id,
    kind: row.kind,
    state: row.state,
    summary: row.summary,
    value: row.value === null ? null : Number(row.value),
    threshold: Number(row.threshold),
    unit: row.unit,
    firedAt: toIsoString(row.fired_at),
    resolvedAt: toIsoOrNull(row.resolved_at),
    lastEvaluatedAt: toIsoString(row.last_evaluated_at),
  };
}

/** {@link AlertStore} on the plugin's database. */
export class KnexAlertStore implements AlertStore {
  constructor(private readonly db: Knex) {}

  async firing(
    deploymentIds: string[],
  ): Promise<Map<string, DeploymentAlert[]>> {
    const rows = deploymentIds.length
      ? await this.db<AlertRow>('deployment_alerts')
          .whereIn('deployment_id', deploymentIds)
          .where({ state: 'firing' })
          .orderBy('fired_at', 'asc')
      : [];
    const byDeployment = new Map<string, DeploymentAlert[]>();
    for (const row of rows) {
      const alerts = byDeployment.get(row.deployment_id) ?? [];
      alerts.push(toAlert(row));
      byDeployment.set(row.deployment_id, alerts);
    }
    return byDeployment;
  }

  async listFiring(): Promise<DeploymentAlert[]> {
    const rows = await this.db<AlertRow>('deployment_alerts').where({
      state: 'firing',
    });
    return rows.map(toAlert);
  }

  async list(
    deploymentId: string,
    options: { state?: DeploymentAlert['state']; limit: number },
  ): Promise<DeploymentAlert[]> {
    const rows = await this.db<AlertRow>('deployment_alerts')
      .where({ deployment_id: deploymentId })
      .modify(query => {
        if (options.state) {
          query.where({ state: options.state });
        }
      })
      .orderBy([
        { column: 'fired_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(options.limit);
    return rows.map(toAlert);
  }

  async fire(
    observation: AlertObservation,
  ): Promise<DeploymentAlert | undefined> {
    const figures = {
      summary: observation.summary,
      value: observation.value,
      threshold: observation.threshold,
      unit: observation.unit,
      last_evaluated_at: observation.at,
    };
    const updated = await this.db('deployment_alerts')
      .where({
        deployment_id: observation.deploymentId,
        kind: observation.kind,
        state: 'firing',
      })
      .update(figures);
    if (updated > 0) {
      return undefined;
    }
    const row: AlertRow = {
      id: randomUUID(),
      deployment_id: observation.deploymentId,
      kind: observation.kind,
      state: 'firing',
      ...figures,
      fired_at: observation.at,
      resolved_at: null,
    };
    // Another backend instance may fire it at the same moment: the unique index keeps one.
    await this.db('deployment_alerts').insert(row).onConflict().ignore();
    const inserted = await this.db('deployment_alerts')
      .where({ id: row.id })
      .first('id');
    return inserted ? toAlert(row) : undefined;
  }

  async resolve(
    observation: AlertObservation,
  ): Promise<DeploymentAlert | undefined> {
    const firing = await this.db<AlertRow>('deployment_alerts')
      .where({
        deployment_id: observation.deploymentId,
        kind: observation.kind,
        state: 'firing',
      })
      .first();
    if (!firing) {
      return undefined;
    }
    const resolved = await this.db<AlertRow>('deployment_alerts')
      .where({ id: firing.id, state: 'firing' })
      .update({
        state: 'resolved',
        resolved_at: observation.at,
        summary: observation.summary,
        value: observation.value,
        threshold: observation.threshold,
        last_evaluated_at: observation.at,
      });
    return resolved
      ? toAlert({
          ...firing,
          state: 'resolved',
          resolved_at: observation.at,
          summary: observation.summary,
          value: observation.value,
          last_evaluated_at: observation.at,
        })
      : undefined;
  }
}
