import { Readable } from 'node:stream';
import { Client } from 'undici';
import { startVaultDevServer, type VaultDevServer } from '../../dev/server';
import { RequestFramer } from '../../dev/server/http/list-verb';

describe('the LIST verb on keep-alive connections', () => {
  let vault: VaultDevServer;
  beforeAll(async () => {
    vault = await startVaultDevServer({ rootToken: 'root' });
  });
  afterAll(() => vault.stop());

  it('serves LIST, chunked POSTs and GETs in any order on one pipelined connection', async () => {
    const client = new Client(vault.url, { pipelining: 4 });
    const headers = { 'x-vault-token': 'root' };
    // A stream body of unknown length goes out chunked.
    const chunked = () => Readable.from(['{"data":', '{"LIST /v1/x HTTP/1.1":"not a request line"}}']);
    try {
      const answers = await Promise.all([
        client.request({ method: 'POST', path: '/v1/secret/data/a/one', headers, body: chunked() }),
        client.request({ method: 'LIST', path: '/v1/secret/metadata/a', headers }),
        client.request({ method: 'POST', path: '/v1/secret/data/a/two', headers, body: '{"data":{"x":1}}' }),
        client.request({ method: 'LIST', path: '/v1/secret/metadata/', headers }),
        client.request({ method: 'GET', path: '/v1/secret/data/a/one', headers }),
      ]);
      const bodies = await Promise.all(answers.map((a) => a.body.json() as Promise<any>));
      expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200, 200]);
      expect(bodies[1].data.keys).toEqual(['one']);
      expect(bodies[3].data.keys).toEqual(['a/']);
      expect(bodies[4].data.data).toEqual({ 'LIST /v1/x HTTP/1.1': 'not a request line' });
      expect(vault.count({ method: 'LIST' })).toBe(2);
    } finally {
      await client.close();
    }
  });

  it('rewrites only request lines, whatever the chunk boundaries', () => {
    const input = Buffer.from(
      'LIST /v1/a HTTP/1.1\r\nHost: x\r\n\r\n' +
        'POST /v1/b HTTP/1.1\r\nContent-Length: 20\r\n\r\nLIST /v1/c HTTP/1.1\r\n' +
        'POST /v1/d HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nLIST \r\n0\r\n\r\n' +
        'LIST /v1/e HTTP/1.1\r\n\r\n',
    );
    for (const size of [1, 3, 7, 1000]) {
      const framer = new RequestFramer();
      const out: Buffer[] = [];
      for (let i = 0; i < input.length; i += size) out.push(framer.push(input.subarray(i, i + size)));
      const text = Buffer.concat(out).toString();
      expect(text.match(/^GET \/v1\/[ae] HTTP\/1\.1\r\nx-dev-server-method: LIST/gm)).toHaveLength(2);
      expect(text).toContain('\r\n\r\nLIST /v1/c HTTP/1.1\r\n');
      expect(text).toContain('5\r\nLIST \r\n');
    }
  });
});
