import { renderHook } from '@testing-library/react';
import { useResetOnOpen } from './useResetOnOpen';

function renderResetOnOpen(open: boolean) {
  const reset = jest.fn();
  const hook = renderHook(
    (props: { open: boolean; refresh: number }) =>
      useResetOnOpen(props.open, reset),
    { initialProps: { open, refresh: 0 } },
  );
  return { reset, rerender: hook.rerender };
}

describe('useResetOnOpen', () => {
  it('does not reset on the first render, open or not', () => {
    expect(renderResetOnOpen(true).reset).not.toHaveBeenCalled();
    expect(renderResetOnOpen(false).reset).not.toHaveBeenCalled();
  });

  it('resets once each time the dialog opens, and not when it closes', () => {
    const { reset, rerender } = renderResetOnOpen(false);
    rerender({ open: true, refresh: 0 });
    expect(reset).toHaveBeenCalledTimes(1);
    rerender({ open: false, refresh: 0 });
    expect(reset).toHaveBeenCalledTimes(1);
    rerender({ open: true, refresh: 0 });
    expect(reset).toHaveBeenCalledTimes(2);
  });

  it('does not reset when the props change while the dialog stays open', () => {
    const { reset, rerender } = renderResetOnOpen(true);
    rerender({ open: true, refresh: 1 });
    rerender({ open: true, refresh: 2 });
    expect(reset).not.toHaveBeenCalled();
  });
});
