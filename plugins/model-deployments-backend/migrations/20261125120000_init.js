// @ts-check

/**
 * The store of the Model Deployments backend: deployments (spec and observed state), their revisions,
 * the operations that bring the cluster to the spec, the history of events, and idempotency keys.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('deployments', table => {
    table.comment(
      'One row per deployment: the spec a user asked for and the state last observed',
    );
    table.string('id', 36).primary();
    table.string('name', 63).notNullable();
    table.string('environment', 32).notNullable();
    table.string('model_ref', 255).notNullable();
    table.string('model_id', 128).notNullable();
    table
      .string('owner_ref', 255)
      .notNullable()
      .comment('Owner of the model in the catalog');
    table.string('status', 32).notNullable();
    table.text('spec').notNullable().comment('JSON of the spec');
    table.integer('revision').notNullable().comment('Latest revision');
    table
      .integer('active_revision')
      .nullable()
      .comment('Revision observed serving');
    table.integer('instances_current').nullable();
    table.integer('instances_ready').nullable();
    table.text('conditions').notNullable().defaultTo('[]');
    table.text('last_error').nullable();
    table.timestamp('last_error_at', { useTz: true }).nullable();
    table.timestamp('observed_at', { useTz: true }).nullable();
    table
      .boolean('applied')
      .notNullable()
      .defaultTo(false)
      .comment('Whether the runtime ever applied objects to a cluster');
    table
      .integer('version')
      .notNullable()
      .defaultTo(1)
      .comment('Optimistic concurrency token');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.string('created_by', 255).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.string('updated_by', 255).notNullable();
    table.timestamp('deleted_at', { useTz: true }).nullable();
    // Lists are pages in (name, id) order: each filter's index ends with those columns so that a filtered
    // page is read in order and stops after one page, instead of sorting every match.
    table.index(['name', 'id'], 'deployments_name_idx');
    table.index(['model_ref', 'name', 'id'], 'deployments_model_idx');
    table.index(['owner_ref', 'name', 'id'], 'deployments_owner_idx');
    table.index(['environment', 'name', 'id'], 'deployments_environment_idx');
    table.index(['status', 'name', 'id'], 'deployments_status_idx');
  });
  // A name is the deployment's Kubernetes and catalog identity, so it is unique among live deployments.
  await knex.schema.raw(
    'CREATE UNIQUE INDEX deployments_live_name_uq ON deployments (name) WHERE deleted_at IS NULL',
  );

  await knex.schema.createTable('deployment_revisions', table => {
    table.comment('Every model version or pod template a deployment has had');
    table
      .string('deployment_id', 36)
      .notNullable()
      .references('id')
      .inTable('deployments')
      .onDelete('CASCADE');
    table.integer('revision').notNullable();
    table.string('model_version', 128).notNullable();
    table.text('spec').notNullable();
    table.string('reason', 500).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.string('created_by', 255).notNullable();
    table.primary(['deployment_id', 'revision']);
  });

  await knex.schema.createTable('deployment_operations', table => {
    table.comment(
      'Work that brings the cluster to what a request asked for; resumable',
    );
    table.string('id', 36).primary();
    table
      .string('deployment_id', 36)
      .notNullable()
      .references('id')
      .inTable('deployments')
      .onDelete('CASCADE');
    table.string('type', 32).notNullable();
    table.string('status', 16).notNullable();
    table.text('step').nullable();
    table.integer('target_revision').nullable();
    table.text('parameters').notNullable().defaultTo('{}');
    table.text('error').nullable();
    table.string('requested_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('started_at', { useTz: true }).nullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.index(
      ['deployment_id', 'created_at'],
      'deployment_operations_deployment_idx',
    );
    table.index(['status'], 'deployment_operations_status_idx');
  });

  await knex.schema.createTable('deployment_events', table => {
    table.comment(
      'History: who did what, before and after, when, and how it ended',
    );
    table.bigIncrements('id').primary();
    table
      .string('deployment_id', 36)
      .notNullable()
      .references('id')
      .inTable('deployments')
      .onDelete('CASCADE');
    table.string('action', 32).notNullable();
    table.string('outcome', 16).notNullable();
    table.string('actor', 255).notNullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.text('message').notNullable();
    table.string('status_before', 32).nullable();
    table.string('status_after', 32).nullable();
    table.text('changes').notNullable().defaultTo('[]');
    table.string('operation_id', 36).nullable();
    table.integer('revision').nullable();
    table.index(['deployment_id', 'id'], 'deployment_events_deployment_idx');
  });

  await knex.schema.createTable('idempotency_keys', table => {
    table.comment(
      'Create requests already answered, so that a retry returns the same deployment',
    );
    table.string('actor', 255).notNullable();
    table.string('key', 255).notNullable();
    table.string('request_hash', 64).notNullable();
    table
      .string('deployment_id', 36)
      .notNullable()
      .references('id')
      .inTable('deployments')
      .onDelete('CASCADE');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.primary(['actor', 'key']);
    table.index(['created_at'], 'idempotency_keys_created_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('idempotency_keys');
  await knex.schema.dropTable('deployment_events');
  await knex.schema.dropTable('deployment_operations');
  await knex.schema.dropTable('deployment_revisions');
  await knex.schema.dropTable('deployments');
};
