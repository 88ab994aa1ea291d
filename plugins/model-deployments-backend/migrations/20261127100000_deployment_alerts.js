// @ts-check

/**
 * Alerts of deployments: one row per time an alert fired, resolved when its condition no longer holds.
 * The figures of the last evaluation are kept, so the page says what was seen, not only that it fired.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('deployment_alerts', table => {
    table.comment(
      'Alerts that fire, or fired, on the thresholds of a deployment',
    );
    table.string('id', 36).primary();
    table
      .string('deployment_id', 36)
      .notNullable()
      .references('id')
      .inTable('deployments')
      .onDelete('CASCADE');
    table.string('kind', 32).notNullable();
    table.string('state', 16).notNullable();
    table.text('summary').notNullable();
    table.double('value').nullable();
    table.double('threshold').notNullable();
    table.string('unit', 16).notNullable();
    table.timestamp('fired_at', { useTz: true }).notNullable();
    table.timestamp('resolved_at', { useTz: true }).nullable();
    table.timestamp('last_evaluated_at', { useTz: true }).notNullable();
    table.index(
      ['deployment_id', 'fired_at'],
      'deployment_alerts_deployment_idx',
    );
  });
  // An alert fires once until it resolves: evaluations on two backend instances cannot fire it twice.
  await knex.schema.raw(
    "CREATE UNIQUE INDEX deployment_alerts_one_firing_idx ON deployment_alerts (deployment_id, kind) WHERE state = 'firing'",
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('deployment_alerts');
};
