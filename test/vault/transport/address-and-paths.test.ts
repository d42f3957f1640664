import { normalizeAddress, parseAddressList } from '../../../src/lib/vault/address';
import { encodePath, splitPath, toRequestPath } from '../../../src/lib/vault/paths';
import { errorOf } from '../../helpers/errors';


describe('Vault address normalisation', () => {
  it.each([
    ['https://vault.example.com:8200', 'https://vault.example.com:8200'],
    ['  https://vault.example.com:8200/  ', 'https://vault.example.com:8200'],
    ['https://vault.example.com:8200/v1/', 'https://vault.example.com:8200'],
    ['https://vault.example.com:8200/v1', 'https://vault.example.com:8200'],
    ['http://127.0.0.1:8200///', 'http://127.0.0.1:8200'],
    ['https://proxy.example.com/vault/v1/', 'https://proxy.example.com/vault'],
    ['HTTPS://Vault.Example.com:443/', 'https://vault.example.com'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeAddress(input)).toBe(expected);
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['vault.example.com:8200', 'no scheme'],
    ['ftp://vault.example.com', 'unsupported scheme "ftp"'],
    ['https://vault example.com', 'spaces'],
    ['https://admin:hunter22@vault.example.com', 'user name or password'],
    ['https://vault.example.com/?x=1', 'query'],
  ])('refuses %j (%s) before any request', (input, words) => {
    const e = errorOf(() => normalizeAddress(input));
    expect(e.kind).toBe('invalid_address');
    expect(e.message).toContain(words);
    expect(e.message).not.toContain('hunter22');
  });

  it('splits redirect address lists on commas and new lines', () => {
    expect(parseAddressList('https://a:8200/, https://b:8200\nhttp://c:8200/v1')).toEqual(['https://a:8200', 'https://b:8200', 'http://c:8200']);
    expect(parseAddressList(undefined)).toEqual([]);
  });
});

describe('Vault paths', () => {
  it('splits and encodes segments, keeping a trailing slash as a folder', () => {
    expect(splitPath('secret/app/db')).toEqual(['secret', 'app', 'db']);
    expect(splitPath('/secret/app/')).toEqual(['secret', 'app', '']);
    expect(encodePath(splitPath('secret/app/'))).toBe('secret/app/');
    expect(toRequestPath('secret/my key/a+b')).toBe('secret/my%20key/a%2Bb');
  });

  it.each([
    ['secret/../sys/policies', '".."'],
    ['secret/./x', '"."'],
    ['secret//x', 'empty segment'],
    ['secret/%2e%2e/sys', 'encoded'],
    ['secret/a%2Fb', 'encoded'],
    ['secret/x?list=true', '"?"'],
    ['secret/x#frag', '"#"'],
    ['secret\\x', 'backslash'],
    ['secret/x\u0000y', 'control characters'],
    ['', 'empty'],
  ])('refuses %j', (input, words) => {
    const e = errorOf(() => splitPath(input));
    expect(e.kind).toBe('invalid_path');
    expect(e.message).toContain(words);
  });
});
