import { useApi } from '@backstage/core-plugin-api';
import type { LogsQuery } from '@modelops/plugin-model-deployments-common';
import { useEffect, useState } from 'react';
import { modelDeploymentsApiRef } from '../../api';
import { appendLog } from './appendLog';
import { splitFollowStopped } from './followStopped';

/** One read of an instance's log. A new object is a new read, even with the same values. */
export type LogRequest = { instance: string; query: LogsQuery };

type LogState = {
  /** The read the text is of. */
  request?: LogRequest;
  text: string;
  error?: Error;
  /** The read has ended: all was sent, the stream closed, or it failed. */
  ended: boolean;
  /** The backend stopped following, in its words: the follow lasted as long as one may. */
  stopped?: string;
};

/**
 * Reads the log that `request` asks for, appending text as it arrives. A new request aborts the read
 * before it; no request (e.g. Follow switched off) aborts it and keeps what was read; so does unmount.
 */
export function useLogStream(deploymentId: string, request?: LogRequest) {
  const api = useApi(modelDeploymentsApiRef);
  const [state, setState] = useState<LogState>({ text: '', ended: true });

  useEffect(() => {
    if (!request) {
      setState(previous => ({ ...previous, ended: true }));
      return undefined;
    }
    const controller = new AbortController();
    setState({ request, text: '', ended: false });
    (async () => {
      try {
        for await (const chunk of api.streamLogs(
          deploymentId,
          request.instance,
          request.query,
          controller.signal,
        )) {
          if (controller.signal.aborted) {
            return;
          }
          setState(previous => ({
            ...previous,
            text: appendLog(previous.text, chunk),
          }));
        }
        if (!controller.signal.aborted) {
          setState(previous => ({
            ...previous,
            // A followed log the backend stopped ends with a line that says so: shown as a notice.
            ...(request.query.follow ? splitFollowStopped(previous.text) : {}),
            ended: true,
          }));
        }
      } catch (error) {
        if (!controller.signal.aborted) {
          setState(previous => ({
            ...previous,
            error: error as Error,
            ended: true,
          }));
        }
      }
    })();
    return () => controller.abort();
  }, [api, deploymentId, request]);

  // A new read shows nothing of the one before, even before its effect has run.
  const starting = request !== undefined && state.request !== request;
  return {
    text: starting ? '' : state.text,
    error: starting ? undefined : state.error,
    /** Why the backend stopped following, when it did. */
    stopped: starting ? undefined : state.stopped,
    /** Text may still come. */
    reading: starting || (request !== undefined && !state.ended),
  };
}
