import 'server-only';

import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';

/**
 * zxcvbn's scores: 0 and 1 are passwords found in under a million guesses ("password",
 * "12345678", "qwertyuiop", a name with a year), which a throttled attacker still gets through.
 */
const MIN_SCORE = 2;

// Built once: the dictionaries (tens of thousands of common passwords, names and words) are large.
const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...english.dictionary },
  graphs: common.adjacencyGraphs,
  translations: english.translations,
});

/**
 * Why a new password is too easy to guess, or null when it is not. `personal` are the account's
 * own details (email, name): a password made of them is guessed first.
 */
export function weakPasswordReason(password: string, personal: string[] = []): string | null {
  const { score, feedback } = zxcvbn.check(password, personal.filter(Boolean));
  if (score >= MIN_SCORE) return null;
  const why = feedback.warning ?? 'This password is easy to guess.';
  return `${why} Choose one that is harder to guess, for example a few unrelated words.`;
}
