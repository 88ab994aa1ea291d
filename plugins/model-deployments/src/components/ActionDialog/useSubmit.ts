import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { useCallback, useState } from 'react';

/**
 * Runs one change against the backend: `submitting` while it runs, the backend's error when it
 * refuses (the dialog stays open to show it), and on success a confirmation and `onDone`.
 */
export function useSubmit<T>(options: {
  onDone: (result: T) => void;
  successMessage: (result: T) => string;
}) {
  const alertApi = useApi(alertApiRef);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const { onDone, successMessage } = options;

  const submit = useCallback(
    async (run: () => Promise<T>) => {
      setSubmitting(true);
      setError(undefined);
      try {
        const result = await run();
        alertApi.post({
          message: successMessage(result),
          severity: 'success',
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

  return { submit, submitting, error, clearError: () => setError(undefined) };
}
