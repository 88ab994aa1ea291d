// @ts-check

/**
 * Four-eyes approvals: a change that needs an approver waits here until it is approved (and applied),
 * rejected, withdrawn or expired. What an approver sees is kept with the request, so that the decision
 * is about exactly what was asked.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // An event's outcome may now be 'awaiting-approval'.
  await knex.schema.alterTable('deployment_events', table => {
    table.string('outcome', 32).notNullable().alter();
  });
  await knex.schema.createTable('approval_requests', table => {
    table.comment('Changes that wait, or waited, for an approver');
    table.string('id', 36).primary();
    table
      .string('deployment_id', 36)
      .notNullable()
      .references('id')
      .inTable('deployments')
      .onDelete('CASCADE');
    table.string('action', 32).notNullable();
    table
      .text('parameters')
      .notNullable()
      .comment('JSON of the request as asked, e.g. the Update Model body');
    table
      .text('changes')
      .notNullable()
      .comment('JSON of what the change does, field by field');
    table.string('requested_by', 255).notNullable();
    table.timestamp('requested_at', { useTz: true }).notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.string('status', 16).notNullable();
    table.string('decided_by', 255).nullable();
    table.timestamp('decided_at', { useTz: true }).nullable();
    table.text('reason').nullable();
    table.index(
      ['deployment_id', 'requested_at'],
      'approval_requests_deployment_idx',
    );
    table.index(['status', 'requested_at'], 'approval_requests_status_idx');
    table.index(['status', 'expires_at'], 'approval_requests_expiry_idx');
  });
  // One change at a time waits for a deployment: a second would be decided against a state the first changes.
  await knex.schema.raw(
    "CREATE UNIQUE INDEX approval_requests_one_pending_idx ON approval_requests (deployment_id) WHERE status = 'pending'",
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('approval_requests');
  await knex('deployment_events')
    .where({ outcome: 'awaiting-approval' })
    .update({ outcome: 'accepted' });
  await knex.schema.alterTable('deployment_events', table => {
    table.string('outcome', 16).notNullable().alter();
  });
};
