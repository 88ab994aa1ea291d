import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Box from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';
import type { FormEvent, ReactNode } from 'react';
import { ActionError } from './ActionError';

/**
 * The frame every action dialog shares: a title, the form, the backend's refusal when there is one,
 * Cancel, and the action's own button, which stays disabled while the request runs. A dialog of more
 * than one step puts its way back (`secondaryAction`) before Cancel.
 */
export function ActionDialog(props: {
  open: boolean;
  title: string;
  /** The label of the button that sends the change, e.g. "Scale". */
  submitLabel: string;
  onSubmit: () => void;
  onClose: () => void;
  submitting: boolean;
  /** False while the form is invalid or incomplete. */
  canSubmit?: boolean;
  /** Red for what cannot be undone, or takes the endpoint away. */
  destructive?: boolean;
  error?: Error;
  /** The heading of the refusal; by default "<submitLabel> was refused". */
  errorTitle?: string;
  /** Another button, before Cancel, e.g. Back to the previous step. */
  secondaryAction?: ReactNode;
  maxWidth?: 'xs' | 'sm' | 'md';
  /** What the user should know before sending, e.g. that it replaces a request that waits. */
  note?: string;
  children: ReactNode;
}) {
  const {
    open,
    title,
    submitLabel,
    onSubmit,
    onClose,
    submitting,
    canSubmit = true,
    destructive = false,
    error,
    errorTitle = `${submitLabel} was refused`,
    secondaryAction,
    maxWidth = 'sm',
    note,
    children,
  } = props;
  const titleId = `model-deployments-dialog-${submitLabel
    .toLowerCase()
    .replace(/\W+/g, '-')}`;
  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (canSubmit && !submitting) {
      onSubmit();
    }
  };
  return (
    <Dialog
      open={open}
      onClose={submitting ? undefined : onClose}
      aria-labelledby={titleId}
      maxWidth={maxWidth}
      fullWidth
    >
      <form onSubmit={handleSubmit} noValidate>
        <DialogTitle id={titleId}>{title}</DialogTitle>
        <DialogContent dividers>
          {note && (
            <Box mb={2}>
              <Alert severity="info">{note}</Alert>
            </Box>
          )}
          {children}
          {error && (
            <Box mt={2}>
              <ActionError error={error} title={errorTitle} />
            </Box>
          )}
        </DialogContent>
        <DialogActions>
          {secondaryAction}
          <Button onClick={onClose} disabled={submitting}>
            Cancel
          </Button>
          <Button
            type="submit"
            variant="contained"
            color={destructive ? 'secondary' : 'primary'}
            disabled={!canSubmit || submitting}
            startIcon={
              submitting ? (
                <CircularProgress size={16} color="inherit" />
              ) : undefined
            }
          >
            {submitLabel}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
