import { useState } from 'react';

/**
 * Calls `reset` each time `open` turns true, so that every opening of a dialog starts afresh. Only the
 * opening counts: new props while the dialog is open (a live refresh of the deployment) keep what the
 * user has typed. The first render needs no reset: the state's initial values are the fresh ones.
 */
export function useResetOnOpen(open: boolean, reset: () => void): void {
  const [wasOpen, setWasOpen] = useState(open);
  if (open !== wasOpen) {
    // Setting state while rendering: React renders again at once, before showing the stale state.
    setWasOpen(open);
    if (open) {
      reset();
    }
  }
}
