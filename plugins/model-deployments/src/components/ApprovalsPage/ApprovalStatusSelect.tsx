import { APPROVAL_STATUSES } from '@modelops/plugin-model-deployments-common';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { APPROVAL_STATUS_LABELS } from '../../labels';
import type { ApprovalStatusFilter } from './useApprovalStatusFilter';

/** The status of the requests listed, or all of them. */
export function ApprovalStatusSelect(props: {
  value: ApprovalStatusFilter;
  onChange: (status: ApprovalStatusFilter) => void;
}) {
  const { value, onChange } = props;
  return (
    <TextField
      id="model-deployments-approvals-status"
      select
      label="Status"
      variant="outlined"
      size="small"
      value={value}
      onChange={event => onChange(event.target.value as ApprovalStatusFilter)}
      style={{ minWidth: 200 }}
    >
      {APPROVAL_STATUSES.map(status => (
        <MenuItem key={status} value={status}>
          {APPROVAL_STATUS_LABELS[status]}
        </MenuItem>
      ))}
      <MenuItem value="all">All</MenuItem>
    </TextField>
  );
}
