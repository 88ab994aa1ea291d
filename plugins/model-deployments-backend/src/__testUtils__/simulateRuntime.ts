import type { Knex } from 'knex';
import type { DeploymentStatus } from '@modelops/plugin-model-deployments-common';

/**
 * Stands in for the cluster runtime, which is not part of the foundation: finishes the deployment's
 * queued operations and records what a runtime would have observed. Writes the tables directly, the
 * way the orchestrator will.
 */
export async function simulateRuntime(
  knex: Knex,
  deploymentId: string,
  observed: { status: DeploymentStatus; ready?: number },
): Promise<void> {
  const now = new Date();
  const deployment = await knex('deployments')
    .where({ id: deploymentId })
    .first();
  await knex('deployment_operations')
    .where({ deployment_id: deploymentId })
    .whereIn('status', ['queued', 'running'])
    .update({
      status: 'succeeded',
      step: null,
      started_at: now,
      finished_at: now,
      updated_at: now,
    });
  await knex('deployments')
    .where({ id: deploymentId })
    .update({
      status: observed.status,
      applied: true,
      active_revision: deployment.revision,
      instances_current: observed.ready ?? null,
      instances_ready: observed.ready ?? null,
      observed_at: now,
      version: deployment.version + 1,
    });
}
