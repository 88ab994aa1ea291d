import { parseEntityRef } from '@backstage/catalog-model';

const DATE_TIME = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
});

/** A time as users read it in lists: "Nov 26, 2026, 7:43 AM". */
export function formatTime(iso: string): string {
  return DATE_TIME.format(new Date(iso));
}

/** Who made a change, without the default namespace: "guest", "group:nlp-team", or the system actor. */
export function formatActor(ref: string): string {
  try {
    const { kind, namespace, name } = parseEntityRef(ref);
    if (kind.toLocaleLowerCase('en-US') !== 'user') {
      return ref;
    }
    return namespace === 'default' ? name : `${namespace}/${name}`;
  } catch {
    return ref;
  }
}
