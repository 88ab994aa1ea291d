import { parseEntityRef } from '@backstage/catalog-model';

const DATE_TIME = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
});

/** A time as users read it in lists: "Nov 26, 2026, 7:43 AM". */
export function formatTime(iso: string): string {
  return DATE_TIME.format(new Date(iso));
}

/** An entity of `kind` by its name ("nlp-team", or "ml/nlp-team" outside the default namespace); any other ref whole. */
function shortRef(ref: string, kind: 'user' | 'group'): string {
  try {
    const parsed = parseEntityRef(ref);
    if (parsed.kind.toLocaleLowerCase('en-US') !== kind) {
      return ref;
    }
    return parsed.namespace === 'default'
      ? parsed.name
      : `${parsed.namespace}/${parsed.name}`;
  } catch {
    return ref;
  }
}

/** Who made a change: a user by name ("alice", "ml/bob"); anyone else, e.g. the system actor, by its whole ref. */
export function formatActor(ref: string): string {
  return shortRef(ref, 'user');
}

/** The groups whose members may approve a change, any one of them: "nlp-team or ml-approvers". */
export function formatApprovers(refs: readonly string[]): string {
  return refs.map(ref => shortRef(ref, 'group')).join(' or ');
}
