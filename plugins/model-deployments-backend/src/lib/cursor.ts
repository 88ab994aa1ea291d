import { InputError } from '@backstage/errors';

/** Opaque page cursors: the keyset position, base64url-encoded so clients do not build them. */
export function encodeCursor(position: { name: string; id: string }): string {
  return Buffer.from(JSON.stringify([position.name, position.id])).toString(
    'base64url',
  );
}

export function decodeCursor(cursor: string): { name: string; id: string } {
  try {
    const [name, id] = JSON.parse(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    );
    if (typeof name === 'string' && typeof id === 'string') {
      return { name, id };
    }
  } catch {
    // falls through to the error below
  }
  throw new InputError('cursor: is not a cursor this API returned');
}
