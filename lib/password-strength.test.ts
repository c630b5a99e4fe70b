import { describe, expect, test } from 'vitest';
import { weakPasswordReason } from './password-strength';

describe('a new password', () => {
  test.each([
    ['the most common password', 'password'],
    ['a run of digits', '12345678'],
    ['a keyboard row', 'qwertyuiop'],
    ['a common password with a digit', 'password1'],
    ['a common phrase with digits', 'letmein123'],
  ])('is refused when it is %s (%s), with the reason and what to do', (_, password) => {
    const reason = weakPasswordReason(password);

    expect(reason).toMatch(/used password\. Choose one that is harder to guess/);
  });

  test('is refused when it is made of the account’s own name', () => {
    expect(weakPasswordReason('nora newcomer', ['nora@example.com', 'Nora Newcomer'])).toContain(
      'Choose one that is harder to guess',
    );
  });

  test.each(['correct horse', 'a-fine-password', 'kaffe-och-kanelbulle', 'hopper-1906'])(
    'is accepted when it is not easily guessed (%s)',
    (password) => {
      expect(weakPasswordReason(password, ['nora@example.com', 'Nora Newcomer'])).toBeNull();
    },
  );
});
