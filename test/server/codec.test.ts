/** Wire codecs and base URL resolution, checked against Python's urllib behaviour and Pilot 3's rules. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import {
  commandUrl, decodeAnswer, decodeJsonAnswer, formEncode, gzipJson, parseQsl, quotePlus, resolvePandaServer, splitPem,
} from '../../src/server/index.js';
import { pyFloat } from '../../src/common/pyliteral.js';

const DEF = 'https://pandaserver.cern.ch:25443';

describe('resolvePandaServer', () => {
  it('follows Pilot 3 for the usual forms', () => {
    assert.equal(resolvePandaServer('', 25443, DEF), DEF);
    assert.equal(resolvePandaServer('', 1234, 'pandaserver.cern.ch:25443'), 'https://pandaserver.cern.ch:25443');
    assert.equal(resolvePandaServer('http://127.0.0.1', 8080, DEF), 'http://127.0.0.1:8080');
    assert.equal(resolvePandaServer('https://host:25443', 8080, DEF), 'https://host:25443');
    assert.equal(resolvePandaServer('host', 25443, DEF), 'https://host:25443');
    assert.equal(resolvePandaServer('http://host', 0, DEF), 'http://host');
  });

  it('keeps a path prefix and IPv6 literals', () => {
    assert.equal(resolvePandaServer('http://h:8080/prefix/', 1, DEF), 'http://h:8080/prefix');
    assert.equal(resolvePandaServer('http://h/prefix', 8080, DEF), 'http://h:8080/prefix');
    assert.equal(resolvePandaServer('https://[::1]', 8443, DEF), 'https://[::1]:8443');
    assert.equal(resolvePandaServer('https://[::1]:9', 8443, DEF), 'https://[::1]:9');
  });

  it('builds legacy and new-API method URLs', () => {
    assert.equal(commandUrl('http://h:1', 'getJob'), 'http://h:1/server/panda/getJob');
    assert.equal(commandUrl('http://h:1', 'api/v1/pilot/update_worker_node'), 'http://h:1/api/v1/pilot/update_worker_node');
  });
});

describe('codecs', () => {
  it('form encoding matches Python urlencode of str() values', () => {
    // urllib.parse.urlencode({'a': 'x y/z~', 'b': True, 'c': None, 'd': 1.5, 'e': "it's(*)!"})
    assert.equal(formEncode({ a: 'x y/z~', b: true, c: null, d: 1.5, e: "it's(*)!" }), 'a=x+y%2Fz~&b=True&c=None&d=1.5&e=it%27s%28%2A%29%21');
    assert.equal(quotePlus('ü'), '%C3%BC');
  });

  it('gzip JSON body', () => {
    assert.deepEqual(JSON.parse(gunzipSync(gzipJson({ a: 1, b: false, c: null })).toString()), { a: 1, b: false, c: null });
    // json.dumps({'a': 1, 'startTime': 1700000000.0, 's': 'é'}), as Pilot 3's urllib client writes it
    assert.equal(gunzipSync(gzipJson({ a: 1, startTime: pyFloat(1700000000), s: 'é' })).toString(), '{"a": 1, "startTime": 1700000000.0, "s": "\\u00e9"}');
    // a dict value in a form field is str(dict), Python's repr (was JSON text)
    assert.equal(formEncode({ d: { k: 'v' } }), 'd=%7B%27k%27%3A+%27v%27%7D');
  });

  it('decodes answers like Pilot 3 request2', () => {
    assert.deepEqual(decodeAnswer('Succeeded'), { StatusCode: '0' });
    assert.deepEqual(decodeAnswer('{"StatusCode": 0}\n'), { StatusCode: 0 });
    assert.deepEqual(decodeAnswer('{broken'), {});
    assert.equal(decodeAnswer('{broken}'), '{broken}');
    assert.deepEqual(decodeAnswer('StatusCode=0&a=1&a=2&empty=&sp=x+y%2Bz'), { StatusCode: '0', a: ['1', '2'], sp: 'x y+z' });
    assert.deepEqual(decodeAnswer('ERROR : method x is forbidden'), {});
    assert.deepEqual(decodeAnswer(''), {});
  });

  it('parse_qsl keeps blank values on request (job files) and skips pairs without "="', () => {
    assert.deepEqual(parseQsl('a=&b=1&junk&c=%ZZ', true), [['a', ''], ['b', '1'], ['junk', ''], ['c', '%ZZ']]);
    assert.deepEqual(parseQsl('a=&b=1&junk'), [['b', '1']]);
  });

  it('form-client answers must be JSON objects', () => {
    assert.deepEqual(decodeJsonAnswer('{"StatusCode": 0}'), { StatusCode: 0 });
    assert.equal(decodeJsonAnswer('StatusCode=0'), undefined);
    assert.equal(decodeJsonAnswer('[1]'), undefined);
  });

  it('splits a proxy PEM into certificate chain and key', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nAAA\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nBBB\n-----END PRIVATE KEY-----\n'
      + '-----BEGIN CERTIFICATE-----\nCCC\n-----END CERTIFICATE-----\n';
    const { cert, key } = splitPem(pem);
    assert.equal(cert.match(/BEGIN CERTIFICATE/g)?.length, 2);
    assert.match(key, /^-----BEGIN PRIVATE KEY-----\nBBB/);
  });
});
