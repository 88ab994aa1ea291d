import { LOG_TAIL_LINES_MAX } from '@modelops/plugin-model-deployments-common';

/**
 * The log with `chunk` appended, keeping its last `maxLines` lines (as many as one read may send), so a
 * log followed for hours does not grow without end.
 */
export function appendLog(
  log: string,
  chunk: string,
  maxLines: number = LOG_TAIL_LINES_MAX,
): string {
  const text = log + chunk;
  // The newline that ends the last line does not start a line of its own.
  let index = text.endsWith('\n') ? text.length - 1 : text.length;
  for (let lines = 0; lines < maxLines; lines++) {
    index = text.lastIndexOf('\n', index - 1);
    if (index < 0) {
      return text;
    }
  }
  return text.slice(index + 1);
}
