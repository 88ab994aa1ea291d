/** A measured figure as an event or alert states it: three significant digits, no trailing zeros. */
export function formatFigure(value: number): string {
  return String(Number(value.toPrecision(3)));
}
