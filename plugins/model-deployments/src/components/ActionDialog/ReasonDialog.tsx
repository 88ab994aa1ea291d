import TextField from '@material-ui/core/TextField';
import type { ReactNode } from 'react';
import { ActionDialog } from './ActionDialog';
import { issueFor } from './fieldIssues';
import { useActionForm, type RequestSchema } from './useActionForm';

/**
 * An action dialog whose one input is a reason: what the action does, then the reason, which the
 * history keeps (and a requester reads). Each opening starts without one; an optional reason left
 * empty is not sent, a required one is left to the request's schema to ask for.
 */
export function ReasonDialog<S extends RequestSchema, T>(props: {
  open: boolean;
  title: string;
  /** The label of the button that sends the request, e.g. "Stop". */
  submitLabel: string;
  /** Red for what takes something away. */
  destructive?: boolean;
  /** The request's schema, which has the `reason`. */
  schema: S;
  send: (request: S['_output']) => Promise<T>;
  successMessage: (result: T) => string;
  onClose: () => void;
  onDone: (result: T) => void;
  reason: {
    id: string;
    required?: boolean;
    multiline?: boolean;
    placeholder?: string;
    /** What the reason is for, under the field while it breaks no rule. */
    helperText: string;
  };
  /** What the action does, above the reason. */
  children: ReactNode;
}) {
  const {
    open,
    title,
    submitLabel,
    destructive,
    schema,
    send,
    successMessage,
    onClose,
    onDone,
    reason: field,
    children,
  } = props;
  const { form, edit, submit, issues, dialogProps } = useActionForm({
    open,
    initialForm: () => ({ reason: '' }),
    onDone,
    successMessage,
  });

  const handleSubmit = () => {
    const reason = form.reason.trim();
    submit(schema, reason || field.required ? { reason } : {}, send);
  };

  const reasonIssue = issueFor(issues, 'reason');
  return (
    <ActionDialog
      {...dialogProps}
      title={title}
      submitLabel={submitLabel}
      onSubmit={handleSubmit}
      onClose={onClose}
      destructive={destructive}
    >
      {children}
      <TextField
        id={field.id}
        label="Reason"
        required={field.required}
        placeholder={field.placeholder}
        fullWidth
        multiline={field.multiline}
        margin="normal"
        value={form.reason}
        onChange={event => edit({ reason: event.target.value })}
        error={Boolean(reasonIssue)}
        helperText={reasonIssue ?? field.helperText}
      />
    </ActionDialog>
  );
}
