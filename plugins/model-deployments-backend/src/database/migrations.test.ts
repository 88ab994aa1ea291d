import fs from 'node:fs';
import path from 'node:path';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const migrationsDir = path.resolve(__dirname, '../../migrations');
const tables = [
  'deployments',
  'deployment_revisions',
  'deployment_operations',
  'deployment_events',
  'idempotency_keys',
  'approval_requests',
  'deployment_alerts',
  'deployment_leases',
];

const databases = createTestDatabases();

/** A row of `deployments` as every migration since the first can hold it. */
function deploymentRow(now: Date, overrides: Record<string, unknown>) {
  return {
    id: 'a',
    name: 'bert',
    environment: 'development',
    model_ref: 'resource:default/bert',
    model_id: 'model-001',
    owner_ref: 'group:default/nlp',
    spec: '{}',
    revision: 1,
    created_at: now,
    created_by: 'user:default/alice',
    updated_at: now,
    updated_by: 'user:default/alice',
    ...overrides,
  };
}

describe.each(databases.eachSupportedId())('migrations on %s', databaseId => {
  it('go up and down cleanly, and up again', async () => {
    const knex = await databases.init(databaseId);
    const migrations = fs
      .readdirSync(migrationsDir)
      .filter(f => f.endsWith('.js'));

    await knex.migrate.latest({ directory: migrationsDir });
    for (const table of tables) {
      expect({ table, exists: await knex.schema.hasTable(table) }).toEqual({
        table,
        exists: true,
      });
    }
    const now = new Date();
    const row = deploymentRow(now, { status: 'deploying' });
    await knex('deployments').insert(row);
    // The name is unique among live deployments only.
    const duplicate = await knex('deployments')
      .insert({ ...row, id: 'b' })
      .then(
        () => 'inserted',
        (error: Error) => error.message,
      );
    expect(duplicate).toMatch(/unique/i);
    await knex('deployments').where({ id: 'a' }).update({ deleted_at: now });
    await knex('deployments').insert({ ...row, id: 'b' });

    for (let i = 0; i < migrations.length; i++) {
      await knex.migrate.down({ directory: migrationsDir });
    }
    for (const table of tables) {
      expect({ table, exists: await knex.schema.hasTable(table) }).toEqual({
        table,
        exists: false,
      });
    }

    await knex.migrate.latest({ directory: migrationsDir });
    expect(await knex('deployments').count({ n: '*' })).toEqual([
      { n: expect.anything() },
    ]);
    await knex.destroy();
  });

  it('goes down from pinned serving images without losing a row of the tables that reference deployments', async () => {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory: migrationsDir });
    const now = new Date();
    await knex('deployments').insert(
      deploymentRow(now, {
        status: 'running',
        serving: '{"image":"registry.example.com/bert:v1","modelUri":null}',
      }),
    );
    await knex('deployment_revisions').insert({
      deployment_id: 'a',
      revision: 1,
      model_version: 'v1',
      spec: '{}',
      reason: 'create',
      created_at: now,
      created_by: 'user:default/alice',
    });

    await knex.migrate.down({
      directory: migrationsDir,
      name: '20261207110000_pinned_serving.js',
    });
    for (const table of ['deployments', 'deployment_revisions']) {
      const [{ n }] = await knex(table).count({ n: '*' });
      expect({ table, rows: Number(n) }).toEqual({ table, rows: 1 });
    }
    expect(await knex.schema.hasColumn('deployments', 'serving')).toBe(false);
    await knex.destroy();
  });

  it("moves an update's applied generations out of its progress, and back", async () => {
    const knex = await databases.init(databaseId);
    const leases = '20261207100000_runtime_leases.js';
    const before = fs
      .readdirSync(migrationsDir)
      .filter(f => f.endsWith('.js') && f < leases);
    for (let i = 0; i < before.length; i++) {
      await knex.migrate.up({ directory: migrationsDir });
    }
    const now = new Date();
    await knex('deployments').insert(
      deploymentRow(now, { status: 'updating', revision: 2 }),
    );
    const progress = { strategy: 'canary', phase: 'canary', fromRevision: 1 };
    await knex('deployment_operations').insert({
      id: 'op',
      deployment_id: 'a',
      type: 'update-model',
      status: 'running',
      parameters: '{}',
      progress: JSON.stringify({ ...progress, generations: { bert: 3 } }),
      requested_by: 'user:default/alice',
      created_at: now,
      updated_at: now,
    });

    await knex.migrate.up({ directory: migrationsDir });
    const moved = await knex('deployment_operations')
      .where({ id: 'op' })
      .first();
    expect(JSON.parse(moved.progress)).toEqual(progress);
    expect(JSON.parse(moved.applied_generations)).toEqual({ bert: 3 });

    await knex.migrate.down({ directory: migrationsDir });
    const back = await knex('deployment_operations')
      .where({ id: 'op' })
      .first();
    expect(JSON.parse(back.progress)).toEqual({
      ...progress,
      generations: { bert: 3 },
    });
    await knex.destroy();
  });

  it('records the approver of the revisions an approved creation or update made, and only those', async () => {
    const knex = await databases.init(databaseId);
    const approvals = '20261207120000_revision_approvals.js';
    const before = fs
      .readdirSync(migrationsDir)
      .filter(f => f.endsWith('.js') && f < approvals);
    for (let i = 0; i < before.length; i++) {
      await knex.migrate.up({ directory: migrationsDir });
    }
    const created = new Date('2026-12-01T10:00:00Z');
    const updated = new Date('2026-12-02T10:00:00Z');
    const edited = new Date('2026-12-03T10:00:00Z');
    await knex('deployments').insert(
      deploymentRow(created, { status: 'running', revision: 3 }),
    );
    const revision = (number: number, at: Date) => ({
      deployment_id: 'a',
      revision: number,
      model_version: `v${number}`,
      spec: '{}',
      reason: 'r',
      created_at: at,
      created_by: 'user:default/alice',
    });
    await knex('deployment_revisions').insert([
      revision(1, created),
      revision(2, updated),
      // An edit that nobody approved (its environment did not need it then).
      revision(3, edited),
    ]);
    const approval = (id: string, action: string, decidedAt: Date) => ({
      id,
      deployment_id: 'a',
      action,
      parameters: '{}',
      changes: '[]',
      requested_by: 'user:default/alice',
      requested_at: created,
      expires_at: edited,
      status: 'approved',
      decided_by: `user:default/approver-of-${id}`,
      decided_at: decidedAt,
      reason: null,
    });
    await knex('approval_requests').insert([
      // A creation is approved after it was asked for, and made revision 1 when it was asked.
      approval('create', 'create', updated),
      approval('update', 'update-model', updated),
    ]);

    await knex.migrate.up({ directory: migrationsDir });
    const approvers = await knex('deployment_revisions')
      .orderBy('revision')
      .select('revision', 'approved_by');
    expect(approvers).toEqual([
      { revision: 1, approved_by: 'user:default/approver-of-create' },
      { revision: 2, approved_by: 'user:default/approver-of-update' },
      { revision: 3, approved_by: null },
    ]);
    await knex.destroy();
  });
});
