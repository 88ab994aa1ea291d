import { numberOf } from './formText';

describe('the texts of the dialogs', () => {
  it('reads an empty number input as no value, and any other text as a number', () => {
    expect(numberOf('')).toBeUndefined();
    expect(numberOf('  ')).toBeUndefined();
    expect(numberOf(' 8 ')).toBe(8);
    expect(numberOf('0')).toBe(0);
    // Not a number: the schema says so at the field.
    expect(numberOf('x')).toBeNaN();
  });
});
