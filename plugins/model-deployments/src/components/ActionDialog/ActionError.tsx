import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import type { SpecFieldPath } from '@modelops/plugin-model-deployments-common';
import { FIELD_LABELS } from '../../labels';
import { errorMessage } from './errorMessage';
import { backendFieldIssues } from './fieldIssues';

/**
 * Why the backend refused a change, as it said it: its message, and each field it names with the rule
 * the field broke.
 */
export function ActionError(props: { error?: Error; title: string }) {
  const { error, title } = props;
  if (!error) {
    return null;
  }
  const issues = backendFieldIssues(error);
  return (
    <Alert severity="error" role="alert">
      <AlertTitle>{title}</AlertTitle>
      {issues.length > 0 ? (
        <ul>
          {issues.map(issue => (
            <li key={`${issue.field}:${issue.message}`}>
              {FIELD_LABELS[issue.field as SpecFieldPath] && (
                <strong>{FIELD_LABELS[issue.field as SpecFieldPath]} </strong>
              )}
              <code>{issue.field}</code> {issue.message}
            </li>
          ))}
        </ul>
      ) : (
        errorMessage(error)
      )}
    </Alert>
  );
}
