import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { eventually } from '@internal/local-cluster';
import request from 'supertest';

type Server = Parameters<typeof request>[0];

/** The catalog processes and stitches entities in loops of its own: each change takes a few seconds. */
const WAIT = { timeoutMs: 60_000 };

/** The entity as the catalog's API serves it now, or `undefined` when it has none by that name. */
export async function catalogEntity(
  server: Server,
  kind: string,
  name: string,
): Promise<Entity | undefined> {
  const response = await request(server)
    .get(`/api/catalog/entities/by-name/${kind}/default/${name}`)
    .set('Authorization', mockCredentials.user.header());
  if (response.status === 404) {
    return undefined;
  }
  if (response.status !== 200) {
    throw new Error(`The catalog answered ${response.status}`);
  }
  return response.body;
}

/** Waits until the catalog has an entity of `kind` named `name` that satisfies `predicate`. */
export function eventualEntity(
  server: Server,
  kind: string,
  name: string,
  what: string,
  predicate: (entity: Entity) => boolean = () => true,
): Promise<Entity> {
  return eventually(
    what,
    async () => {
      const found = await catalogEntity(server, kind, name);
      return found && predicate(found) ? found : undefined;
    },
    WAIT,
  );
}

/** Waits until the catalog has no entity of `kind` named `name`. */
export function entityRemoved(
  server: Server,
  kind: string,
  name: string,
): Promise<true> {
  return eventually(
    `${kind} ${name} to be removed from the catalog`,
    async () => (await catalogEntity(server, kind, name)) === undefined,
    WAIT,
  );
}
