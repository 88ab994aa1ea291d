import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

/** The field `ModelVersionPicker`: a version of the model chosen in another field of the form. */
export const ModelVersionPickerFieldSchema = makeFieldSchema({
  output: z => z.string(),
  uiOptions: z =>
    z.object({
      modelField: z
        .string()
        .default('model')
        .describe(
          'The form field that holds the model (an entity reference, e.g. from an EntityPicker)',
        ),
    }),
});

export type ModelVersionPickerProps =
  typeof ModelVersionPickerFieldSchema.TProps;
