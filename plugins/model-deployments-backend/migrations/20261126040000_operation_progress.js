// @ts-check

/**
 * Blue-green and canary updates pass through phases and steps that must survive a backend restart.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('deployment_operations', table => {
    table
      .text('progress')
      .nullable()
      .comment('JSON of the phase and step of a blue-green or canary update');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('deployment_operations', table => {
    table.dropColumn('progress');
  });
};
