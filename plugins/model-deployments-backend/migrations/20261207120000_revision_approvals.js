// @ts-check

/**
 * Who approved each revision's model version and pod template, so that a rollback exempt from approval
 * (an emergency) can be held to revisions an approver saw. Revisions from before stay null: nobody is
 * known to have approved them, and a rollback to one waits where approvals are required.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('deployment_revisions', table => {
    table
      .text('approved_by')
      .nullable()
      .comment('Entity ref of the user who approved what this revision runs');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  // ALTER TABLE ... DROP COLUMN, as in the pinned-serving migration: knex's SQLite dropColumn rebuilds
  // the table.
  await knex.raw('ALTER TABLE ?? DROP COLUMN ??', [
    'deployment_revisions',
    'approved_by',
  ]);
};
