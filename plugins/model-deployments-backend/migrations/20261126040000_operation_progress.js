// @ts-check

/**
 * Blue-green and canary updates pass through phases and steps that must survive a backend restart, and a
 * user may ask to promote one while the runtime writes its progress: the request has its own column.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('deployment_operations', table => {
    table
      .text('progress')
      .nullable()
      .comment('JSON of the phase and step of a blue-green or canary update');
    table
      .timestamp('promote_requested_at', { useTz: true })
      .nullable()
      .comment('When a user asked to finish the update now');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('deployment_operations', table => {
    table.dropColumn('progress');
    table.dropColumn('promote_requested_at');
  });
};
