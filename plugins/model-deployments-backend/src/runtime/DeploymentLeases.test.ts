import path from 'node:path';
import type { Knex } from 'knex';
import {
  deploymentSpecSchema,
  exampleDeploymentSpec,
} from '@modelops/plugin-model-deployments-common';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { createKnexStores } from '../database/createKnexStores';
import type { StoresWithTransactions } from '../database/Stores';
import { DeploymentLeases, LeaseLostError } from './DeploymentLeases';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'the leases of replicas on %s',
  databaseId => {
    let knex: Knex;
    let stores: StoresWithTransactions;
    let now: Date;
    const clock = () => now;
    const id = '00000000-0000-0000-0000-000000000001';

    /** A replica's leases, on the shared database and clock. */
    const replica = () =>
      new DeploymentLeases({ stores, durationMs: 30_000, clock });
    const later = (seconds: number) =>
      (now = new Date(now.getTime() + seconds * 1000));
    /** A write of `replica`: an event, as the runtime records a step. */
    const writeEvent = (leases: DeploymentLeases, message: string) =>
      leases.runtimeStores().write(id, tx =>
        tx.deployments.insertEvent({
          deploymentId: id,
          action: 'edit',
          outcome: 'succeeded',
          actor: leases.holder,
          at: now,
          message,
          statusBefore: 'running',
          statusAfter: 'running',
          changes: [],
          operationId: null,
          revision: 1,
        }),
      );

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await knex.migrate.latest({
        directory: path.resolve(__dirname, '../../migrations'),
      });
      stores = createKnexStores(knex);
      await stores.deployments.insert({
        serving: null,
        id,
        spec: deploymentSpecSchema.parse(exampleDeploymentSpec),
        owner: 'group:default/nlp-team',
        status: 'running',
        actor: 'user:default/alice',
        now: new Date(),
      });
    });

    beforeEach(async () => {
      now = new Date('2026-12-07T12:00:00.000Z');
      await knex('deployment_leases').delete();
      await knex('deployment_events').delete();
    });

    afterAll(async () => {
      await knex.destroy();
    });

    it('gives a deployment to one replica at a time, and to another once the holder stops renewing', async () => {
      const [a, b] = [replica(), replica()];
      const [first, second] = await Promise.all([a.acquire(id), b.acquire(id)]);
      expect([first, second].filter(Boolean)).toHaveLength(1);
      const [holder, other] = first ? [a, b] : [b, a];

      later(20);
      expect(await holder.acquire(id)).toBe(true);
      later(20);
      // Renewed 20 s ago: still the holder's.
      expect(await other.acquire(id)).toBe(false);
      later(11);
      expect(await other.acquire(id)).toBe(true);
      expect(await holder.acquire(id)).toBe(false);
    });

    it('writes nothing for a replica whose lease another took over: the lease fences its writes', async () => {
      const [a, b] = [replica(), replica()];
      expect(await a.acquire(id)).toBe(true);
      await writeEvent(a, 'written by the holder');

      later(31);
      expect(await b.acquire(id)).toBe(true);
      await expect(writeEvent(a, 'written too late')).rejects.toThrow(
        LeaseLostError,
      );
      await writeEvent(b, 'written by the new holder');
      expect(
        (await stores.deployments.listEvents(id, { limit: 10 })).items.map(
          e => e.message,
        ),
      ).toEqual(['written by the new holder', 'written by the holder']);
    });

    it('writes nothing once the lease ran out, even when no one took it over', async () => {
      const a = replica();
      expect(await a.acquire(id)).toBe(true);
      later(31);
      await expect(writeEvent(a, 'written too late')).rejects.toThrow(
        LeaseLostError,
      );
    });

    it("fences a cluster write only while the lease is still the replica's: it never takes back one that lapsed", async () => {
      const [a, b] = [replica(), replica()];
      expect(await a.acquire(id)).toBe(true);
      await a.runtimeStores().fence(id);

      later(31);
      // Nobody took it over, but what the replica read under it may be old.
      await expect(a.runtimeStores().fence(id)).rejects.toThrow(LeaseLostError);
      expect(await b.acquire(id)).toBe(true);
      await expect(a.runtimeStores().fence(id)).rejects.toThrow(LeaseLostError);
      await b.runtimeStores().fence(id);
    });

    it('keeps the lease of a deployment held back after a failure, and takes none', async () => {
      const [a, b] = [replica(), replica()];
      expect(await a.acquire(id)).toBe(true);
      later(20);
      await a.keep(id);
      later(20);
      expect(await b.acquire(id)).toBe(false);

      await b.keep(id);
      later(31);
      expect(await b.acquire(id)).toBe(true);
    });

    it('lets the others take over at once when a replica stops', async () => {
      const [a, b] = [replica(), replica()];
      expect(await a.acquire(id)).toBe(true);
      await a.releaseAll();
      expect(await b.acquire(id)).toBe(true);
    });
  },
);
