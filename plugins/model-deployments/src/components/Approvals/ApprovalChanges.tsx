import type { ApprovalRequest } from '@modelops/plugin-model-deployments-common';
import { fieldLabel, formatFieldValue } from '../../labels';
import { FieldChangesTable } from '../DeploymentActions/FieldChangesTable';
import { FieldTable } from '../DeploymentPage/FieldTable';

/**
 * What the change that waits does, field by field, as the backend recorded it: every field of a new
 * deployment, or each field's value now and once approved. A deletion changes no field: nothing shows.
 */
export function ApprovalChanges(props: { approval: ApprovalRequest }) {
  const { action, changes } = props.approval;
  if (action === 'create') {
    return (
      <FieldTable
        rows={changes.map(change => ({
          label: fieldLabel(change.field),
          value: formatFieldValue(change.field, change.after),
        }))}
      />
    );
  }
  if (changes.length === 0) {
    return null;
  }
  return (
    <FieldChangesTable
      label="Changes waiting for approval"
      headings={{ before: 'Now', after: 'Once approved' }}
      changes={changes}
    />
  );
}
