// @ts-check

/**
 * What runs is what was approved: each revision keeps the serving image and model location resolved
 * when its change was asked for (the deployment keeps its latest revision's, for the runtime), and the
 * deployment keeps what its model's annotations give today, as last observed, so that a change of them
 * is shown rather than applied. Revisions from before stay null until the runtime first applies them.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('deployment_revisions', table => {
    table
      .text('serving')
      .nullable()
      .comment('JSON of the image and model URI this revision runs');
  });
  await knex.schema.alterTable('deployments', table => {
    table
      .text('serving')
      .nullable()
      .comment('JSON of the image and model URI of the latest revision');
    table
      .text('available_serving')
      .nullable()
      .comment(
        "JSON of the image and model URI the model's annotations give now, as last observed",
      );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  // ALTER TABLE ... DROP COLUMN, which both databases have: knex's SQLite dropColumn copies the table
  // and drops the old one, and in a migration's transaction that cascades to every table that
  // references deployments.
  for (const [table, column] of [
    ['deployments', 'serving'],
    ['deployments', 'available_serving'],
    ['deployment_revisions', 'serving'],
  ]) {
    await knex.raw('ALTER TABLE ?? DROP COLUMN ??', [table, column]);
  }
};
