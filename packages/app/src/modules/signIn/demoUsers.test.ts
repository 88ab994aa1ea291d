// The app may not read files; this test reads the catalog file that the demo loads, to compare.
// eslint-disable-next-line no-restricted-imports
import { readFileSync } from 'fs';
// eslint-disable-next-line no-restricted-imports
import { resolve } from 'path';
import { parseAllDocuments } from 'yaml';
import { DEMO_USERS } from './demoUsers';

/** The users of the demo's catalog, as examples/org.yaml declares them. */
function catalogUsers() {
  const file = resolve(__dirname, '../../../../../examples/org.yaml');
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map(document => document.toJS())
    .filter(entity => entity.kind === 'User')
    .map(user => ({
      name: user.metadata.name,
      displayName: user.spec.profile.displayName,
      groups: user.spec.memberOf,
    }));
}

describe('DEMO_USERS', () => {
  it('lists every user of examples/org.yaml with its display name and groups', () => {
    expect(
      DEMO_USERS.map(({ name, displayName, groups }) => ({
        name,
        displayName,
        groups,
      })),
    ).toEqual(catalogUsers());
  });
});
