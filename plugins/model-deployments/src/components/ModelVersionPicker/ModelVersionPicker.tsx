import { ModelVersionSelect } from '../ModelVersionSelect';
import type { ModelVersionPickerProps } from './schema';

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
  return (
    <ModelVersionSelect
      id={idSchema?.$id}
      modelRef={modelRef}
      value={formData}
      onChange={onChange}
      label={schema.title ?? 'Model Version'}
      required={required}
      // The scaffolder shows the field's errors under it.
      invalid={Boolean(rawErrors?.length)}
      description={schema.description}
    />
  );
}
