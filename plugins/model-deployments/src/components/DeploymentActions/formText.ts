/** What the dialogs' texts mean as values, and how values read as text. */

/** A number input's text as the schemas read it: empty is no value, anything else a number. */
export function numberOf(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text);
}

/** A count the runtime observed, or "—" while it has observed none (never shown as a number). */
export function observedCount(count: number | null): string {
  return count === null ? '—' : String(count);
}
