import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { useCallback, useState } from 'react';
import { useResetOnOpen } from './useResetOnOpen';

/** A message with its own severity: `info` when the change was accepted but nothing happens yet. */
export type DoneMessage = { message: string; severity: 'success' | 'info' };

export type SubmitOptions<T> = {
  /** Whether the dialog is open: each opening starts afresh. */
  open: boolean;
  /** Starts the form again, at each opening. */
  onOpen?: () => void;
  onDone: (result: T) => void;
  /** What happens next: a success, unless it says otherwise (e.g. the change waits for approval). */
  successMessage: (result: T) => string | DoneMessage;
};

/**
 * Runs one change against the backend: `submitting` while it runs, the backend's error when it
 * refuses (the dialog stays open to show it), and on success a confirmation and `onDone`. Each opening
 * of the dialog starts without the last refusal, and calls `onOpen` to start the form again.
 */
export function useSubmit<T>(options: SubmitOptions<T>) {
  const alertApi = useApi(alertApiRef);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const { open, onOpen, onDone, successMessage } = options;

  useResetOnOpen(open, () => {
    setError(undefined);
    onOpen?.();
  });

  const submit = useCallback(
    async (run: () => Promise<T>) => {
      setSubmitting(true);
      setError(undefined);
      try {
        const result = await run();
        const done = successMessage(result);
        alertApi.post({
          ...(typeof done === 'string'
            ? { message: done, severity: 'success' }
            : done),
          display: 'transient',
        });
        onDone(result);
      } catch (e) {
        setError(e as Error);
      } finally {
        setSubmitting(false);
      }
    },
    [alertApi, onDone, successMessage],
  );

  return {
    submit,
    submitting,
    error,
    clearError: () => setError(undefined),
    /** What the dialog's frame shows of the submission: whether it is open, running, refused. */
    dialogProps: { open, submitting, error },
  };
}
