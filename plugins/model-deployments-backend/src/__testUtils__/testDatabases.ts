import { TestDatabases } from '@backstage/backend-test-utils';

/**
 * SQLite and a real PostgreSQL 15. `scripts/test.sh` starts the PostgreSQL server and sets
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING; without it the tests fail instead of quietly
 * testing SQLite alone.
 */
export function createTestDatabases(): TestDatabases {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  if (!databases.supports('POSTGRES_15')) {
    throw new Error(
      'PostgreSQL is not available to the tests: run them with scripts/test.sh, or set ' +
        'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING to a PostgreSQL 15 server',
    );
  }
  return databases;
}
