/**
 * `bench/load.ts` runs this in a fresh Node process per sample, from a temp folder with nothing on
 * the module path: require() the bundle, find the piece the engine's way (first export whose
 * constructor is named `Piece`), and optionally run the connection's validate once.
 * Input: PROBE_INPUT (JSON { bundle, validate?, auth? }). Output: one JSON line, times in ms.
 * Plain CommonJS on purpose: it must not need a compiler or any package.
 */
'use strict';

const { performance } = require('node:perf_hooks');

const input = JSON.parse(process.env.PROBE_INPUT);
const server = { apiUrl: 'http://localhost:3000/', publicUrl: 'http://localhost:4200/', token: 'engine-token' };

async function main() {
  const bootMs = performance.now();
  const t0 = process.hrtime.bigint();
  const mod = require(input.bundle);
  const t1 = process.hrtime.bigint();
  const name = Object.keys(mod).find((k) => mod[k] && mod[k].constructor && mod[k].constructor.name === 'Piece');
  const md = mod[name].metadata();
  const t2 = process.hrtime.bigint();
  const ms = (a, b) => Number(b - a) / 1e6;
  const out = { node: process.version, bootMs, requireMs: ms(t0, t1), metadataMs: ms(t1, t2), actions: Object.keys(md.actions).length };
  if (input.validate) {
    const result = await md.auth.validate({ auth: input.auth, server });
    const t3 = process.hrtime.bigint();
    out.valid = result.valid === true;
    out.error = result.error;
    out.validateMs = ms(t2, t3);
    // From before require() to the first validate's answer: what a fresh engine process pays.
    out.firstValidateMs = ms(t0, t3);
  }
  return out;
}

main().then(
  (out) => { process.stdout.write(JSON.stringify(out) + '\n'); process.exit(0); },
  (e) => { process.stdout.write(JSON.stringify({ crashed: String((e && e.stack) || e) }) + '\n'); process.exit(1); },
);
