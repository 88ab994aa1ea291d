/** What the dialogs' texts mean as values. */

/** A number input's text as the schemas read it: empty is no value, anything else a number. */
export function numberOf(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text);
}
