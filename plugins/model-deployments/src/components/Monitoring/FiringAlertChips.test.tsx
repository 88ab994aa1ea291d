import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { anAlert } from '../../__testUtils__/monitoring';
import { formatTime } from '../../formatChange';
import { FiringAlertChips } from './FiringAlertChips';

describe('FiringAlertChips', () => {
  it('shows each alert firing with since when, without a hover', async () => {
    await renderInTestApp(
      <FiringAlertChips
        alerts={[
          anAlert(),
          anAlert({
            id: 'al2',
            kind: 'no-ready-instances',
            summary: 'No instance is ready (0 of 2)',
            firedAt: '2026-11-26T09:55:00Z',
          }),
        ]}
      />,
    );
    expect(screen.getByText('Error rate 7.5 % is above 5 %').textContent).toBe(
      `Error rate 7.5 % is above 5 % since ${formatTime(
        '2026-11-26T09:50:00Z',
      )}`,
    );
    expect(screen.getByText('No instance is ready (0 of 2)').textContent).toBe(
      `No instance is ready (0 of 2) since ${formatTime(
        '2026-11-26T09:55:00Z',
      )}`,
    );
  });

  it('shows nothing when no alert fires', async () => {
    const { container } = await renderInTestApp(<FiringAlertChips />);
    expect(container).toBeEmptyDOMElement();
  });
});
