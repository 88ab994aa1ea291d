import {
  parseWithIssues,
  type FieldIssue,
} from '@modelops/plugin-model-deployments-common';
import { useState } from 'react';
import { backendFieldIssues } from './fieldIssues';
import { useSubmit, type SubmitOptions } from './useSubmit';

/** A schema of the common package, as parseWithIssues takes it. */
export type RequestSchema = Parameters<typeof parseWithIssues>[0];

/**
 * The form of an action dialog and its submission: the form starts from `initialForm()` at each
 * opening (never on a refresh while open), its request is checked with a common schema before it is
 * sent, and the schema's issues, then the backend's, are what the form shows at its fields.
 */
export function useActionForm<F, T>(
  options: Omit<SubmitOptions<T>, 'onOpen'> & { initialForm: () => F },
) {
  const { initialForm, ...submitOptions } = options;
  const [form, setForm] = useState(initialForm);
  const [schemaIssues, setSchemaIssues] = useState<FieldIssue[]>([]);
  const { submit, error, dialogProps } = useSubmit<T>({
    ...submitOptions,
    onOpen: () => {
      setForm(initialForm());
      setSchemaIssues([]);
    },
  });

  /** Sends `input` once `schema` accepts it, as the schema parsed it; else shows why not. */
  const submitChecked = <S extends RequestSchema>(
    schema: S,
    input: unknown,
    send: (request: S['_output']) => Promise<T>,
  ) => {
    const checked = parseWithIssues(schema, input);
    if (!checked.success) {
      setSchemaIssues(checked.issues);
      return;
    }
    setSchemaIssues([]);
    submit(() => send(checked.data));
  };

  return {
    form,
    /**
     * Changes the form, and forgets the schema's issues about the fields changed (`changed` says which;
     * all of them by default).
     */
    edit: (edited: F, changed: (field: string) => boolean = () => true) => {
      setForm(edited);
      setSchemaIssues(issues => issues.filter(issue => !changed(issue.field)));
    },
    submit: submitChecked,
    issues: [...schemaIssues, ...backendFieldIssues(error)],
    dialogProps,
  };
}
