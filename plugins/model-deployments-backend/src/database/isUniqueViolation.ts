/** Whether a write failed on a unique constraint, on PostgreSQL (23505) or SQLite. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' || /UNIQUE constraint failed/.test(e?.message ?? '')
  );
}
