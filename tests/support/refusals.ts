// Asserting refusals by their code and by the sentence a person reads (rendered from the locale files).
import assert from 'node:assert/strict';
import { RefusalError } from '../../src/errors.ts';
import type { RefusalCode } from '../../src/refusals.ts';
import { refusalText } from '../../src/discord/respond.ts';
import { en } from '../../src/discord/locales/en.ts';
import { ko } from '../../src/discord/locales/ko.ts';

/** The sentence an English-speaking user is shown for `err` (null: not a refusal). */
export const inEnglish = (err: unknown): string | null => refusalText(err, en);
/** The sentence a Korean-speaking user is shown for `err` (null: not a refusal). */
export const inKorean = (err: unknown): string | null => refusalText(err, ko);

/** For `assert.rejects`: a refusal with this code whose English sentence matches `sentence`. */
export function refused(code: RefusalCode, sentence: RegExp): (err: unknown) => true {
  return (err) => {
    assert.ok(err instanceof RefusalError, `expected the refusal ${code}, got ${String(err)}`);
    assert.equal(err.code, code, `refusal code (${err.message})`);
    assert.match(inEnglish(err) ?? '', sentence);
    return true;
  };
}
