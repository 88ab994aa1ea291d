import type { Config } from '@backstage/config';
import { stringifyEntityRef, parseEntityRef } from '@backstage/catalog-model';

/** Secrets that the configuration gives to an owner, in every environment namespace. */
export type SecretGrant = { owner: string; secrets: string[] };

/**
 * `modelDeployments.secrets.grants`: Secrets an owner may reference without the owner label (shared
 * credentials a platform team keeps, say). Owners are entity references, as the catalog writes them.
 */
export function readSecretGrants(config: Config): Map<string, Set<string>> {
  const grants = new Map<string, Set<string>>();
  for (const grant of config.getOptionalConfigArray(
    'modelDeployments.secrets.grants',
  ) ?? []) {
    const owner = stringifyEntityRef(
      parseEntityRef(grant.getString('owner'), { defaultKind: 'group' }),
    );
    const secrets = grants.get(owner) ?? new Set<string>();
    for (const name of grant.getStringArray('secrets')) {
      secrets.add(name);
    }
    grants.set(owner, secrets);
  }
  return grants;
}
