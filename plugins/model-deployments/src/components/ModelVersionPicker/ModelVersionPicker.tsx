import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { useEffect } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { modelDeploymentsApiRef } from '../../api';
import type { ModelVersionPickerProps } from './schema';

/** The versions the Model Deployments backend lists for a model, newest first. */
function useModelVersions(modelRef: string | undefined) {
  const api = useApi(modelDeploymentsApiRef);
  return useAsync(
    async () => (modelRef ? api.listModelVersions(modelRef) : undefined),
    [modelRef],
  );
}

/**
 * A scaffolder field that offers the versions of the model chosen in another field (`modelField`), as
 * the model registry lists them, rather than a free text field.
 */
export function ModelVersionPicker(props: ModelVersionPickerProps) {
  const {
    onChange,
    formData,
    required,
    rawErrors,
    schema,
    uiSchema,
    formContext,
    idSchema,
  } = props;
  const modelField = uiSchema?.['ui:options']?.modelField ?? 'model';
  const modelRef = formContext?.formData?.[modelField] as string | undefined;
  const { value: versions, loading, error } = useModelVersions(modelRef);

  // Another model was chosen: a version of the previous one is no choice any more.
  useEffect(() => {
    if (versions && formData && !versions.some(v => v.version === formData)) {
      onChange(undefined);
    }
  }, [versions, formData, onChange]);

  let helperText = schema.description;
  if (!modelRef) {
    helperText = 'Choose a model first';
  } else if (loading) {
    helperText = 'Loading the versions of the model…';
  } else if (error) {
    // The backend's own message says which model and why.
    const reason =
      error instanceof ResponseError ? error.body.error.message : error.message;
    helperText = `The versions of the model could not be loaded: ${reason}`;
  } else if (versions?.length === 0) {
    helperText = 'The model has no versions in its registry';
  }

  return (
    <TextField
      id={idSchema?.$id}
      select
      fullWidth
      margin="normal"
      label={schema.title ?? 'Model Version'}
      required={required}
      disabled={!versions?.length}
      value={formData ?? ''}
      onChange={event => onChange(event.target.value as string)}
      error={Boolean(error) || Boolean(rawErrors?.length)}
      helperText={helperText}
    >
      {(versions ?? []).map(version => (
        <MenuItem key={version.version} value={version.version}>
          {version.version}
          {version.description ? ` — ${version.description}` : ''}
        </MenuItem>
      ))}
    </TextField>
  );
}
