import ListItemText from '@material-ui/core/ListItemText';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import type { ModelVersion } from '@modelops/plugin-model-deployments-common';
import { useEffect } from 'react';
import { formatTime } from '../../formatChange';
import { useModelVersions } from '../../hooks/useModelVersions';
import { errorMessage } from '../ActionDialog';

/** What the field says under it: why there is nothing to choose, else what it is for. */
function helperText(options: {
  modelRef?: string;
  versions?: ModelVersion[];
  loading: boolean;
  error?: Error;
  serving?: string;
  description?: string;
}): string | undefined {
  const { modelRef, versions, loading, error, serving, description } = options;
  if (!modelRef) {
    return 'Choose a model first';
  }
  if (loading) {
    return 'Loading the versions of the model…';
  }
  if (error) {
    // The backend's own message says which model and why.
    return `The versions of the model could not be loaded: ${errorMessage(
      error,
    )}`;
  }
  if (!versions?.some(version => version.version !== serving)) {
    return serving
      ? `The model has no version other than ${serving}, which this deployment serves`
      : 'The model has no versions in its registry';
  }
  return serving ? `Now serving ${serving}` : description;
}

function versionDetails(version: ModelVersion): string | undefined {
  const details = [
    version.description,
    version.createdAt && formatTime(version.createdAt),
  ].filter(Boolean);
  return details.length ? details.join(' · ') : undefined;
}

/**
 * A select of a model's versions, as the model registry lists them (newest first): the template's Model
 * Version field and Update Model's. A chosen version that the model does not have (another model was
 * chosen) is cleared.
 */
export function ModelVersionSelect(props: {
  id?: string;
  /** The model's catalog entity reference; without one the field asks for it first. */
  modelRef?: string;
  value?: string;
  onChange: (version: string | undefined) => void;
  label: string;
  required?: boolean;
  /** The version the deployment serves now: listed, but not to be chosen. */
  serving?: string;
  /** The rule the chosen version broke, said in place of the helper text. */
  issue?: string;
  /** Marks the field invalid where the form around it says why. */
  invalid?: boolean;
  /** What the field is for, said when there is nothing else to say. */
  description?: string;
  /**
   * Each option shows the version's description and creation time on a line below it, where a dialog
   * has room; else the description follows the version on its line.
   */
  detailed?: boolean;
}) {
  const {
    id,
    modelRef,
    value,
    onChange,
    label,
    required,
    serving,
    issue,
    invalid,
    description,
    detailed = false,
  } = props;
  const { value: versions, loading, error } = useModelVersions(modelRef);

  useEffect(() => {
    if (versions && value && !versions.some(v => v.version === value)) {
      onChange(undefined);
    }
  }, [versions, value, onChange]);

  return (
    <TextField
      id={id}
      select
      fullWidth
      margin="normal"
      label={label}
      required={required}
      disabled={!versions?.length}
      value={value ?? ''}
      onChange={event => onChange(event.target.value as string)}
      error={Boolean(issue) || Boolean(invalid) || Boolean(error)}
      helperText={
        issue ??
        helperText({ modelRef, versions, loading, error, serving, description })
      }
      SelectProps={
        detailed ? { renderValue: selected => selected as string } : undefined
      }
    >
      {(versions ?? []).map(version => {
        const name = `${version.version}${
          version.version === serving ? ' (serving now)' : ''
        }`;
        return (
          <MenuItem
            key={version.version}
            value={version.version}
            disabled={version.version === serving}
          >
            {detailed ? (
              <ListItemText
                primary={name}
                secondary={versionDetails(version)}
              />
            ) : (
              `${name}${version.description ? ` — ${version.description}` : ''}`
            )}
          </MenuItem>
        );
      })}
    </TextField>
  );
}
