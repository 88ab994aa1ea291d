// @ts-check

/**
 * Four eyes on every path to what runs. Each revision records who approved what it runs, so that a
 * rollback exempt from approval (an emergency) can be held to revisions an approver saw; revisions made
 * by an approved creation or model update before this migration get their approver from the approval
 * request, decided in the same transaction that made them. Each request records the revision the
 * deployment was at when it was asked for, so that approving it after a newer one is refused.
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
  await knex.schema.alterTable('approval_requests', table => {
    table
      .integer('basis_revision')
      .nullable()
      .comment("The deployment's revision when the change was asked for");
  });
  // A creation's request approved its first revision; an update's, the revision made when it was
  // approved (the same transaction wrote the decision and the revision, with one timestamp).
  await knex.raw(`
    UPDATE deployment_revisions SET approved_by = (
      SELECT a.decided_by FROM approval_requests a
      WHERE a.deployment_id = deployment_revisions.deployment_id
        AND a.status = 'approved'
        AND ((a.action = 'create' AND deployment_revisions.revision = 1)
          OR (a.action = 'update-model' AND a.decided_at = deployment_revisions.created_at))
      ORDER BY a.decided_at DESC LIMIT 1
    )`);
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  // ALTER TABLE ... DROP COLUMN, as in the pinned-serving migration: knex's SQLite dropColumn rebuilds
  // the table.
  for (const [table, column] of [
    ['deployment_revisions', 'approved_by'],
    ['approval_requests', 'basis_revision'],
  ]) {
    await knex.raw('ALTER TABLE ?? DROP COLUMN ??', [table, column]);
  }
};
