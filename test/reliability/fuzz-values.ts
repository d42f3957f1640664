/**
 * Bad inputs for every prop: wrong types, empty, huge, unicode (lone surrogates included),
 * traversal and injection attempts, plus a few seeded random strings. Deterministic.
 */
import { seededRandom } from './support';

function deeplyNested(depth: number): unknown {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = { n: v };
  return v;
}

function randomText(rand: () => number, length: number): string {
  const pools = [
    () => String.fromCharCode(32 + Math.floor(rand() * 95)), // printable ASCII
    () => String.fromCharCode(Math.floor(rand() * 0x20)), // control characters
    () => String.fromCharCode(0xd800 + Math.floor(rand() * 0x800)), // lone surrogates
    () => String.fromCodePoint(0x1f300 + Math.floor(rand() * 0x200)), // emoji
    () => '/.%?#\\'.charAt(Math.floor(rand() * 7)),
  ];
  let s = '';
  while (s.length < length) s += pools[Math.floor(rand() * pools.length)]();
  return s;
}

/** Values any prop might receive from a broken flow or a hostile template. */
export function fuzzValues(seed = 7): unknown[] {
  const rand = seededRandom(seed);
  const fixed: unknown[] = [
    undefined,
    null,
    '',
    '   ',
    0,
    -1,
    1.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    2 ** 53 + 2,
    true,
    false,
    [],
    [1, 'two', null],
    {},
    { nested: { deeper: [1, 2, 3] } },
    '__proto__',
    { __proto__: { polluted: true } },
    JSON.parse('{"__proto__": {"polluted": true}}'),
    { constructor: { prototype: { polluted: true } } },
    'x'.repeat(200_000),
    Array.from({ length: 20_000 }, (_, i) => i),
    deeplyNested(5_000),
    '密钥/ключ/🔑/ü',
    '\ud800',
    'a\ud800b/c',
    'secret/\u0000/x',
    'secret/a\r\nX-Injected: 1',
    '../../sys/seal',
    'secret/../../sys/seal',
    '%2e%2e/%2e%2e/sys/seal',
    'secret/%2E%2E/sys',
    'secret/a%2fb',
    'secret/a?list=true',
    'secret/a#frag',
    'secret//a',
    'secret\\..\\sys',
    '{{secret/data/fuzz/p/k}}',
    "'; DROP TABLE secrets; --",
    '<script>alert(1)</script>',
    '${process.env.HOME}',
    'sys/seal',
    '1h; rm -rf /',
    '-5',
    '9'.repeat(400),
  ];
  const random = Array.from({ length: 6 }, (_, i) => randomText(rand, 4 + i * 7));
  return [...fixed, ...random];
}

export function describeValue(v: unknown): string {
  if (typeof v === 'string') return v.length > 40 ? `string(${v.length})` : JSON.stringify(v);
  if (Array.isArray(v)) return `array(${v.length})`;
  if (typeof v === 'number') return String(v);
  if (v === null || v === undefined) return String(v);
  if (typeof v === 'object') return `object(${Object.keys(v as object).join(',').slice(0, 30)})`;
  return typeof v;
}
