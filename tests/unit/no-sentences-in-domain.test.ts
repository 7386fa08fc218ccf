// The domain raises codes; the locale files hold every sentence a person reads. Outside the Discord side, the
// Gemini prompt texts and the NAVER selectors (which must match NAVER's Korean UI), no code holds Hangul —
// comments may. Read with the TypeScript parser, so comments are told apart from strings exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ALLOWED = ['src/discord/', 'src/generated/', 'src/generation/gemini/prompt.ts', 'src/publishing/naver/selectors.ts'];
const HANGUL = /[\u1100-\u11FF\u3130-\u318F\uAC00-\uD7A3]/;

function tsFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const rel = `${dir}/${name}`;
    if (statSync(path.join(ROOT, rel)).isDirectory()) return tsFiles(rel);
    return rel.endsWith('.ts') ? [rel] : [];
  });
}

/** `line: text` of every line where a code token (not a comment) holds Hangul. */
function hangulInCode(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const lines = new Set<number>();
  const visit = (node: ts.Node): void => {
    if (node.kind >= ts.SyntaxKind.FirstJSDocNode && node.kind <= ts.SyntaxKind.LastJSDocNode) return;
    const children = node.getChildren(source);
    if (children.length > 0) return children.forEach(visit);
    // A leaf's text is the token alone, without the comments before it.
    if (HANGUL.test(node.getText(source))) lines.add(source.getLineAndCharacterOfPosition(node.getStart(source)).line);
  };
  visit(source);
  const all = text.split('\n');
  return [...lines].sort((a, b) => a - b).map((n) => `${n + 1}: ${all[n]!.trim().slice(0, 100)}`);
}

test('the Hangul check finds it in strings, templates and regexes, and not in comments', () => {
  const sample = [
    '// 주석은 괜찮습니다',
    '/** 문서 주석도 */',
    "const a = 'x'; // 끝 주석",
    "const b = '계정';",
    'const c = `${a} 초안`;',
    'const d = /발행/;',
    '/* 여러 줄',
    '   주석 */ const e = 1;',
  ].join('\n');
  assert.deepEqual(hangulInCode('sample.ts', sample).map((l) => l.split(':')[0]), ['4', '5', '6']);
});

test('no sentence is built in the domain: outside src/discord/, the prompt and the selectors no code line holds Hangul', () => {
  const files = [...tsFiles('src'), ...tsFiles('commands')].filter((f) => !ALLOWED.some((a) => f === a || (a.endsWith('/') && f.startsWith(a))));
  assert.ok(files.length > 50, `found only ${files.length} files`);
  const offenders = files.flatMap((f) => hangulInCode(f, readFileSync(path.join(ROOT, f), 'utf8')).map((l) => `${f}:${l}`));
  assert.deepEqual(offenders, [], `user-facing sentences belong in src/discord/locales; raise a refusal code (src/refusals.ts) instead:\n${offenders.join('\n')}`);
});
