import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import FormControl from '@material-ui/core/FormControl';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import IconButton from '@material-ui/core/IconButton';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/Delete';
import type {
  CanaryStep,
  FieldIssue,
} from '@modelops/plugin-model-deployments-common';
import { issueFor } from '../ActionDialog';

/** One canary step as typed: the texts of its two number fields. */
export type CanaryStepRow = { weightPercent: string; pauseSeconds: string };

export function canaryStepRows(steps: readonly CanaryStep[]): CanaryStepRow[] {
  return steps.map(step => ({
    weightPercent: String(step.weightPercent),
    pauseSeconds: String(step.pauseSeconds),
  }));
}

/**
 * The steps of a canary update, one row each: the share of requests the new version gets, then how long
 * it is observed before the next step. `issues` name the steps by `field`, e.g. `canary.steps.1.weightPercent`.
 */
export function CanaryStepsField(props: {
  rows: CanaryStepRow[];
  onChange: (rows: CanaryStepRow[]) => void;
  field: string;
  issues: readonly FieldIssue[];
}) {
  const { rows, onChange, field, issues } = props;
  const listIssue = issueFor(issues, field);
  const edit = (index: number, key: keyof CanaryStepRow, value: string) =>
    onChange(
      rows.map((row, i) => (i === index ? { ...row, [key]: value } : row)),
    );

  const numberField = (
    index: number,
    key: keyof CanaryStepRow,
    label: string,
    explanation?: string,
  ) => {
    const issue = issueFor(issues, `${field}.${index}.${key}`);
    return (
      <TextField
        id={`model-deployments-canary-step-${index}-${key}`}
        label={label}
        type="number"
        required
        margin="dense"
        value={rows[index][key]}
        onChange={event => edit(index, key, event.target.value)}
        error={Boolean(issue)}
        helperText={issue ?? explanation}
        inputProps={{ step: 1 }}
      />
    );
  };

  return (
    <FormControl component="fieldset" error={Boolean(listIssue)} fullWidth>
      <FormLabel component="legend">Canary steps</FormLabel>
      <Typography variant="body2" color="textSecondary">
        At each step the new version gets that share of requests and is observed
        for the pause; after the last step it gets all of them.
      </Typography>
      {rows.map((_row, index) => (
        <Box key={index} display="flex" alignItems="flex-start" gridGap={16}>
          {numberField(
            index,
            'weightPercent',
            `Step ${index + 1}: traffic (%)`,
            index === 0 ? 'The initial percentage' : undefined,
          )}
          {numberField(index, 'pauseSeconds', `Step ${index + 1}: pause (s)`)}
          <IconButton
            aria-label={`Remove step ${index + 1}`}
            onClick={() => onChange(rows.filter((_, i) => i !== index))}
          >
            <DeleteIcon />
          </IconButton>
        </Box>
      ))}
      {listIssue && <FormHelperText>{listIssue}</FormHelperText>}
      <Box>
        <Button
          startIcon={<AddIcon />}
          onClick={() =>
            onChange([...rows, { weightPercent: '', pauseSeconds: '' }])
          }
        >
          Add step
        </Button>
      </Box>
    </FormControl>
  );
}
