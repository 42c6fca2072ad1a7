import { describe, expect, test } from 'vitest';
import { feedUrlProblem } from '../../src/modules/imports/feed-url';
import { csvCell, maxImportBytes, readTuning } from '../../src/modules/imports/service';

describe('feed URLs the import Worker may fetch', () => {
  test.each(['https://feeds.example.com/letzshop.csv', 'http://example.com:8080/feed.tsv?token=abc'])('%s is allowed', (url) => {
    expect(feedUrlProblem({}, url)).toBeUndefined();
  });

  test.each([
    ['ftp://example.com/feed.csv', 'http or https'],
    ['file:///etc/passwd', 'http or https'],
    ['https://user:pw@example.com/feed.csv', 'credentials'],
    ['http://localhost/feed.csv', 'public internet'],
    ['http://shop.localhost/feed.csv', 'public internet'],
    ['http://127.0.0.1/feed.csv', 'public internet'],
    ['http://10.1.2.3/feed.csv', 'public internet'],
    ['http://172.20.0.1/feed.csv', 'public internet'],
    ['http://192.168.0.10/feed.csv', 'public internet'],
    ['http://169.254.169.254/latest/meta-data', 'public internet'],
    ['http://100.64.0.1/feed.csv', 'public internet'],
    ['http://0.0.0.0/feed.csv', 'public internet'],
    ['http://[::1]/feed.csv', 'public internet'],
    ['http://[fd00::1]/feed.csv', 'public internet'],
    ['http://[fe80::1]/feed.csv', 'public internet'],
    ['http://[::ffff:127.0.0.1]/feed.csv', 'public internet'],
    ['http://2130706433/feed.csv', 'public internet'],
    ['http://0x7f000001/feed.csv', 'public internet'],
    ['http://printer.local/feed.csv', 'public internet'],
    ['http://metadata.google.internal/feed.csv', 'public internet'],
    ['not a url', 'not a URL'],
  ])('%s is refused (%s)', (url, reason) => {
    expect(feedUrlProblem({}, url)).toContain(reason);
  });

  test('loopback only where the local platform allows it', () => {
    expect(feedUrlProblem({ LOCAL_WEBHOOK_HOSTS: 'on' }, 'http://127.0.0.1:4000/feed.csv')).toBeUndefined();
    expect(feedUrlProblem({ LOCAL_WEBHOOK_HOSTS: 'on' }, 'http://10.0.0.1/feed.csv')).toContain('public internet');
  });
});

describe('CSV report cells', () => {
  test.each([
    ['=HYPERLINK("http://evil")', `"'=HYPERLINK(""http://evil"")"`],
    ['+1', "'+1"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tTAB', "'\tTAB"],
    ['\rCR', `"'\rCR"`],
    ['plain', 'plain'],
    ['a, b', '"a, b"'],
    [null, ''],
    [42, '42'],
  ] as const)('%j → %s', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });
});

describe('limits and local tuning', () => {
  test('the size limit defaults to 200 MiB and tuning can only lower it', () => {
    expect(maxImportBytes({})).toBe(200 * 1024 * 1024);
    expect(maxImportBytes({ IMPORT_MAX_BYTES: '1000' })).toBe(1000);
    expect(maxImportBytes({ IMPORT_MAX_BYTES: '1000' }, { maxBytes: 10 })).toBe(10);
    expect(maxImportBytes({ IMPORT_MAX_BYTES: '1000' }, { maxBytes: 5000 })).toBe(1000);
  });

  test('the tuning header counts only on the local platform', () => {
    const header = JSON.stringify({ batchSize: 10 });
    expect(readTuning({ JWT_SIGNING_KEYS: 'x' }, header)).toBeNull();
    expect(readTuning({ JWT_SIGNING_KEYS: 'x', LOCAL_FAULT_INJECTION: 'on' }, header)).toEqual({ batchSize: 10 });
    expect(() => readTuning({ JWT_SIGNING_KEYS: 'x', LOCAL_FAULT_INJECTION: 'on' }, '{"sneaky":1}')).toThrow();
  });
});
