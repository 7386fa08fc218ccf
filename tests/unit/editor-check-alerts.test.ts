// What the daily editor check tells the channels, given what it saw the day before: only changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSignature, dailyAlert } from '../../src/publishing/editor-check.ts';

const pass = { ok: true, failedStep: null, signature: 'tags:ok:#tag-input' };
const viaFallback = { ok: true, failedStep: null, signature: 'tags:ok:input[class^="tag_input"]' };
const tagsBroken = { ok: false, failedStep: 'tags', signature: 'tags:failed:' };
const titleBroken = { ok: false, failedStep: 'title', signature: 'title:failed:' };

test('the daily check speaks only when the editor broke, broke differently, moved to other selectors, or works again', () => {
  const cases: Array<[string, Parameters<typeof dailyAlert>[0], Parameters<typeof dailyAlert>[1], ReturnType<typeof dailyAlert>]> = [
    ['a first check that passes', null, pass, null],
    ['a first check that fails', null, tagsBroken, 'broken'],
    ['passing as before', pass, pass, null],
    ['passing through another selector', pass, viaFallback, 'changed'],
    ['failing after passing', pass, tagsBroken, 'broken'],
    ['failing the same way again', tagsBroken, tagsBroken, null],
    ['failing at another step', tagsBroken, titleBroken, 'broken'],
    ['passing after failing', tagsBroken, pass, 'fixed'],
  ];
  for (const [what, previous, now, expected] of cases) assert.equal(dailyAlert(previous, now), expected, what);
});

test('the signature of a check names every step, its outcome and the selector that matched', () => {
  assert.equal(
    checkSignature({ steps: [{ step: 'login', outcome: 'ok', detail: 'session' }, { step: 'tags', outcome: 'ok', selector: '#tag-input', fallback: false }] }),
    'login:ok:|tags:ok:#tag-input',
  );
});
