import { LOG_FOLLOW_STOPPED_PREFIX } from '@modelops/plugin-model-deployments-common';

/**
 * A followed log without the last line with which the backend says it stopped following (the stream
 * lasted as long as one may), and that line's words, to show as a notice rather than as a line of the
 * log (nor in its download). A log that does not end with that line is given back as it is.
 */
export function splitFollowStopped(log: string): {
  text: string;
  stopped?: string;
} {
  const body = log.endsWith('\n') ? log.slice(0, -1) : log;
  const start = body.lastIndexOf('\n') + 1;
  const last = body.slice(start);
  if (!last.startsWith(LOG_FOLLOW_STOPPED_PREFIX) || !last.endsWith(' ---')) {
    return { text: log };
  }
  return {
    text: log.slice(0, start),
    stopped: last.slice('--- '.length, -' ---'.length),
  };
}
