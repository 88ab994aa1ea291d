import { parseEntityRef } from '@backstage/catalog-model';

/**
 * The label that gives a Secret to one owner: only deployments of that owner's models may reference it.
 * A label, not an annotation, so that a platform team can list a team's Secrets with a selector.
 */
export const SECRET_OWNER_LABEL = 'modelops.io/owner';

/** Kubernetes' rule for a label value: 63 characters, alphanumeric at both ends, `-_.` inside. */
const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/**
 * The owner label's value for an owner entity reference: `group:default/nlp-team` is
 * `group.default.nlp-team` (a label value cannot hold `:` or `/`). `undefined` when the reference
 * cannot be written as a label value unambiguously (longer than 63 characters, or a kind or namespace
 * with a dot): such an owner's Secrets are granted in the configuration instead.
 */
export function secretOwnerLabelValue(ownerRef: string): string | undefined {
  const { kind, namespace, name } = parseEntityRef(ownerRef);
  // Dots separate the parts: a kind or namespace with a dot of its own could read as another owner's.
  if (kind.includes('.') || namespace.includes('.')) {
    return undefined;
  }
  const value = `${kind}.${namespace}.${name}`.toLocaleLowerCase('en-US');
  return LABEL_VALUE.test(value) ? value : undefined;
}
