import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import IconButton from '@material-ui/core/IconButton';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/Delete';
import type { FieldIssue } from '@modelops/plugin-model-deployments-common';
import { issueFor } from '../ActionDialog';
import { newEnvVarDraft, type EnvVarDraft } from './editDraft';

const SOURCES: readonly { value: EnvVarDraft['source']; label: string }[] = [
  { value: 'value', label: 'Plain value' },
  { value: 'secret', label: 'Kubernetes Secret' },
];

/**
 * The environment variables, one row each: a name and either a plain value or the name and key of a
 * Kubernetes Secret in the deployment's namespace. A secret's value is never asked for: it stays in the
 * cluster.
 */
export function EditEnvVars(props: {
  rows: readonly EnvVarDraft[];
  onChange: (rows: EnvVarDraft[]) => void;
  issues: readonly FieldIssue[];
  disabled: boolean;
}) {
  const { rows, onChange, issues, disabled } = props;
  const update = (key: number, change: Partial<EnvVarDraft>) =>
    onChange(rows.map(row => (row.key === key ? { ...row, ...change } : row)));
  const remove = (key: number) => onChange(rows.filter(row => row.key !== key));
  const add = () => onChange([...rows, newEnvVarDraft(rows)]);

  return (
    <>
      {rows.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          No environment variables.
        </Typography>
      )}
      {rows.map((row, index) => {
        const id = `edit-deployment-env-${row.key}`;
        const issue = (field: string) =>
          issueFor(issues, `env.${index}.${field}`);
        const textProps = (field: string) => ({
          id: `${id}-${field.replace('.', '-')}`,
          disabled,
          fullWidth: true,
          variant: 'outlined' as const,
          margin: 'dense' as const,
          error: issue(field) !== undefined,
          helperText: issue(field),
        });
        return (
          <Grid
            container
            spacing={1}
            alignItems="flex-start"
            key={row.key}
            role="group"
            aria-label={`Environment variable ${index + 1}`}
          >
            <Grid item xs={12} sm={3}>
              <TextField
                {...textProps('name')}
                label="Name"
                value={row.name}
                onChange={event =>
                  update(row.key, { name: event.target.value })
                }
              />
            </Grid>
            <Grid item xs={12} sm={3}>
              <TextField
                {...textProps('source')}
                select
                label="Source"
                value={row.source}
                onChange={event =>
                  update(row.key, {
                    source: event.target.value as EnvVarDraft['source'],
                  })
                }
              >
                {SOURCES.map(source => (
                  <MenuItem key={source.value} value={source.value}>
                    {source.label}
                  </MenuItem>
                ))}
              </TextField>
            </Grid>
            {row.source === 'value' ? (
              <Grid item xs={10} sm={5}>
                <TextField
                  {...textProps('value')}
                  label="Value"
                  value={row.value}
                  onChange={event =>
                    update(row.key, { value: event.target.value })
                  }
                />
              </Grid>
            ) : (
              <>
                <Grid item xs={5} sm={3}>
                  <TextField
                    {...textProps('secretKeyRef.name')}
                    label="Secret name"
                    value={row.secretName}
                    onChange={event =>
                      update(row.key, { secretName: event.target.value })
                    }
                  />
                </Grid>
                <Grid item xs={5} sm={2}>
                  <TextField
                    {...textProps('secretKeyRef.key')}
                    label="Secret key"
                    value={row.secretKey}
                    onChange={event =>
                      update(row.key, { secretKey: event.target.value })
                    }
                  />
                </Grid>
              </>
            )}
            <Grid item xs={2} sm={1}>
              <Box mt={1}>
                <IconButton
                  aria-label={`Remove ${row.name || 'this variable'}`}
                  disabled={disabled}
                  onClick={() => remove(row.key)}
                >
                  <DeleteIcon />
                </IconButton>
              </Box>
            </Grid>
          </Grid>
        );
      })}
      <Button
        startIcon={<AddIcon />}
        disabled={disabled}
        onClick={add}
        size="small"
      >
        Add variable
      </Button>
    </>
  );
}
