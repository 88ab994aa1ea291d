// @ts-check

/**
 * Two or more backend replicas share one database: each deployment is driven by the one replica that
 * holds its lease, taken with compare-and-set and renewed while the replica works on it. An operation
 * keeps the generations its last apply got from the API server, so that whoever follows it after a
 * restart waits for those generations rather than judge the objects of the revision before.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('deployment_leases', table => {
    table.comment(
      'Which backend replica drives each deployment, and until when',
    );
    table
      .string('deployment_id', 36)
      .primary()
      .references('id')
      .inTable('deployments')
      .onDelete('CASCADE');
    table.string('holder', 255).notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
  });
  await knex.schema.alterTable('deployment_operations', table => {
    table
      .text('applied_generations')
      .nullable()
      .comment(
        'JSON of the generation the API server gave each Deployment at the last apply, by name',
      );
  });
  // Updates under way kept their generations in their progress until now.
  const staged = await knex('deployment_operations')
    .whereIn('status', ['queued', 'running'])
    .whereNotNull('progress')
    .select('id', 'progress');
  for (const { id, progress } of staged) {
    const { generations, ...rest } = JSON.parse(progress);
    await knex('deployment_operations')
      .where({ id })
      .update({
        applied_generations: JSON.stringify(generations ?? {}),
        progress: JSON.stringify(rest),
      });
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  const staged = await knex('deployment_operations')
    .whereIn('status', ['queued', 'running'])
    .whereNotNull('progress')
    .select('id', 'progress', 'applied_generations');
  for (const { id, progress, applied_generations: generations } of staged) {
    await knex('deployment_operations')
      .where({ id })
      .update({
        progress: JSON.stringify({
          ...JSON.parse(progress),
          generations: generations ? JSON.parse(generations) : {},
        }),
      });
  }
  await knex.schema.alterTable('deployment_operations', table => {
    table.dropColumn('applied_generations');
  });
  await knex.schema.dropTable('deployment_leases');
};
