import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import type { ComponentProps } from 'react';
import { ActionDialog } from './ActionDialog';

function renderFrame(props: Partial<ComponentProps<typeof ActionDialog>>) {
  return renderInTestApp(
    <ActionDialog
      open
      title="Scale bert-sentiment-api"
      submitLabel="Apply"
      onSubmit={jest.fn()}
      onClose={jest.fn()}
      submitting={false}
      {...props}
    >
      <p>The form</p>
    </ActionDialog>,
  );
}

describe('ActionDialog', () => {
  it('shows the refusal under "<submit label> was refused" by default', async () => {
    await renderFrame({ error: new Error('replicas: must be at most 10') });
    const alert = screen.getByRole('alert');
    expect(within(alert).getByText('Apply was refused')).toBeInTheDocument();
    expect(
      within(alert).getByText('replicas: must be at most 10'),
    ).toBeInTheDocument();
  });

  it('shows the refusal under the title it is given', async () => {
    await renderFrame({
      error: new Error('no'),
      errorTitle: 'The change was refused',
    });
    expect(
      within(screen.getByRole('alert')).getByText('The change was refused'),
    ).toBeInTheDocument();
    expect(screen.queryByText('Apply was refused')).not.toBeInTheDocument();
  });

  it('puts another action before Cancel and the submit button', async () => {
    await renderFrame({ secondaryAction: <button type="button">Back</button> });
    expect(
      screen.getAllByRole('button').map(button => button.textContent),
    ).toEqual(['Back', 'Cancel', 'Apply']);
  });
});
