/** Prometheus's own duration syntax: units from years to milliseconds, each at most once, in order. */
const DURATION =
  /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** The milliseconds of each of DURATION's groups, in its order. */
const GROUP_MS = [
  365 * 86_400_000,
  7 * 86_400_000,
  86_400_000,
  3_600_000,
  60_000,
  1000,
  1,
];

/** Milliseconds of a Prometheus duration such as `1m` or `1h30m`; `undefined` when it is not one. */
export function parsePrometheusDuration(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (!match || text === '') {
    return undefined;
  }
  return GROUP_MS.reduce(
    (total, unitMs, index) => total + Number(match[index + 1] ?? 0) * unitMs,
    0,
  );
}

/** A duration in milliseconds as PromQL writes it: `90s`, or `1500ms` when it is not whole seconds. */
export function formatPrometheusDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
