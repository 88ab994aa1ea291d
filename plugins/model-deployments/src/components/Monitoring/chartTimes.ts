const DAY_MS = 86_400_000;

const TIME_OF_DAY = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
});

const DAY_AND_TIME = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** How the times of a chart spanning `spanMs` read: with the day once it spans a day, whose times repeat. */
export function chartTimeFormat(spanMs: number): Intl.DateTimeFormat {
  return spanMs >= DAY_MS ? DAY_AND_TIME : TIME_OF_DAY;
}

/** A time of the last day as users read it on a chart: "10:42". */
export function formatTimeOfDay(epochMs: number): string {
  return TIME_OF_DAY.format(epochMs);
}
