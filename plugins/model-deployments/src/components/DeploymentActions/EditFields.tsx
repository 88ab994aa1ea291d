import Checkbox from '@material-ui/core/Checkbox';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import {
  FIELD_RULES,
  type FieldIssue,
  type SpecFieldPath,
} from '@modelops/plugin-model-deployments-common';
import { FIELD_LABELS } from '../../labels';
import { issueFor } from '../ActionDialog';
import { draftField, type EditDraft } from './editDraft';
import { numberOf } from './formText';

/**
 * The inputs of the Edit form, one per spec field. Each takes its label from FIELD_LABELS and its
 * editability from FIELD_RULES: a field that cannot be edited is disabled and says why; one whose
 * change replaces the instances says so.
 */

export type EditFormBinding = {
  draft: EditDraft;
  issues: readonly FieldIssue[];
  setField: (field: SpecFieldPath, value: unknown) => void;
};

const RESTART_NOTE =
  'A change here restarts the instances (rolling update, no downtime).';

function sentence(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}

/** Why a field cannot be edited, or that changing it replaces the instances; from FIELD_RULES. */
export function editabilityNote(field: SpecFieldPath): string | undefined {
  const rule = FIELD_RULES[field];
  if (!rule.editable) {
    return `${sentence(rule.reason)}.`;
  }
  return rule.effect === 'restart' ? RESTART_NOTE : undefined;
}

/** The issue at the field, else what it is, why it cannot be edited or what changing it does. */
function fieldProps(
  form: EditFormBinding,
  field: SpecFieldPath,
  hint?: string,
) {
  const issue = issueFor(form.issues, field);
  const notes = [hint, editabilityNote(field)].filter(Boolean).join(' ');
  const id = `edit-deployment-${field.replace('.', '-')}`;
  return {
    id,
    label: FIELD_LABELS[field],
    disabled: !FIELD_RULES[field].editable,
    error: issue !== undefined,
    helperText: issue ?? (notes || undefined),
  };
}

/** MUI's id of a field's helper text, for the inputs that TextField does not describe by it. */
function helperTextId(props: { id: string; helperText?: string }) {
  return props.helperText ? `${props.id}-helper-text` : undefined;
}

export function TextInput(props: {
  form: EditFormBinding;
  field: SpecFieldPath;
  multiline?: boolean;
}) {
  const { form, field, multiline = false } = props;
  const inputProps = fieldProps(form, field);
  return (
    <TextField
      {...inputProps}
      fullWidth
      variant="outlined"
      margin="dense"
      multiline={multiline}
      minRows={multiline ? 2 : undefined}
      value={(draftField(form.draft, field) as string | undefined) ?? ''}
      onChange={event => form.setField(field, event.target.value)}
    />
  );
}

/** A number input: what is typed becomes a number, and a cleared input `undefined`. */
export function NumberInput(props: {
  form: EditFormBinding;
  field: SpecFieldPath;
}) {
  const { form, field } = props;
  const inputProps = fieldProps(form, field);
  const value = draftField(form.draft, field) as number | undefined;
  return (
    <TextField
      {...inputProps}
      type="number"
      fullWidth
      variant="outlined"
      margin="dense"
      value={value ?? ''}
      onChange={event => form.setField(field, numberOf(event.target.value))}
    />
  );
}

export function SelectInput(props: {
  form: EditFormBinding;
  field: SpecFieldPath;
  options: readonly { value: string; label: string }[];
  /** Said under the input when there is no issue, e.g. what the chosen option does. */
  hint?: string;
}) {
  const { form, field, options, hint } = props;
  const inputProps = fieldProps(form, field, hint);
  return (
    <TextField
      {...inputProps}
      select
      fullWidth
      variant="outlined"
      margin="dense"
      value={(draftField(form.draft, field) as string | undefined) ?? ''}
      onChange={event => form.setField(field, event.target.value)}
      SelectProps={{
        SelectDisplayProps: { 'aria-describedby': helperTextId(inputProps) },
      }}
    >
      {options.map(option => (
        <MenuItem key={option.value} value={option.value}>
          {option.label}
        </MenuItem>
      ))}
    </TextField>
  );
}

export function CheckboxInput(props: {
  form: EditFormBinding;
  field: SpecFieldPath;
}) {
  const { form, field } = props;
  const { id, label, disabled, error, helperText } = fieldProps(form, field);
  const describedBy = helperTextId({ id, helperText });
  return (
    <FormControl error={error} disabled={disabled} margin="dense">
      <FormControlLabel
        label={label}
        control={
          <Checkbox
            id={id}
            color="primary"
            checked={Boolean(draftField(form.draft, field))}
            onChange={(_event, checked) => form.setField(field, checked)}
            inputProps={{ 'aria-describedby': describedBy }}
          />
        }
      />
      {helperText && (
        <FormHelperText id={describedBy}>{helperText}</FormHelperText>
      )}
    </FormControl>
  );
}
