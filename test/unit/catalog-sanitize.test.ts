import { describe, expect, test } from 'vitest';
import { isAllowedImageUrl, isValidGtin, slugify, variantIssues } from '../../src/modules/catalog/rules';
import { safeLinkHref, sanitizeHtml } from '../../src/modules/catalog/sanitize';

describe('sanitizeHtml keeps the safe subset', () => {
  test('allowed tags pass through unchanged', () => {
    const html =
      '<h2>Spec</h2><p>Strong <strong>bold</strong> and <em>soft</em>.<br>Next line</p>' +
      '<ul><li>One</li><li>Two</li></ul><ol><li>First</li></ol><blockquote><p>Quote</p></blockquote><h3>A</h3><h4>B</h4>';
    expect(sanitizeHtml(html)).toBe(html);
  });

  test('links keep an http(s) or mailto href and get rel=noopener; nothing else of theirs stays', () => {
    expect(sanitizeHtml('<a href="https://example.com/a?b=1&amp;c=2" target="_blank" title="t">x</a>')).toBe(
      '<a href="https://example.com/a?b=1&amp;c=2" rel="noopener">x</a>',
    );
    expect(sanitizeHtml("<a href='http://example.com'>x</a>")).toBe('<a href="http://example.com/" rel="noopener">x</a>');
    expect(sanitizeHtml('<a href="mailto:info@acme.test">mail</a>')).toBe(
      '<a href="mailto:info@acme.test" rel="noopener">mail</a>',
    );
    expect(sanitizeHtml('<a href="https://example.com/?a=1&b=2">q</a>')).toBe(
      '<a href="https://example.com/?a=1&amp;b=2" rel="noopener">q</a>',
    );
  });

  test('common spellings become the allowed tags', () => {
    expect(sanitizeHtml('<b>b</b><i>i</i><h1>t</h1><h6>s</h6>')).toBe('<strong>b</strong><em>i</em><h2>t</h2><h4>s</h4>');
  });

  test('plain text is escaped, entities stay as they are', () => {
    expect(sanitizeHtml('5 < 6 & 7 > 3')).toBe('5 &lt; 6 &amp; 7 &gt; 3');
    expect(sanitizeHtml('Caf&eacute; &amp; &#169; &#x2014; AT&T')).toBe('Caf&eacute; &amp; &#169; &#x2014; AT&amp;T');
    expect(sanitizeHtml('')).toBe('');
  });

  test('it is idempotent', () => {
    const inputs = ['<p>a <b>b</b> <a href="https://x.test/?a=1&b=2">c</a></p>', '<ul><li>1<li>2</ul>', 'x < y & z'];
    for (const input of inputs) expect(sanitizeHtml(sanitizeHtml(input))).toBe(sanitizeHtml(input));
  });
});

describe('sanitizeHtml strips everything else', () => {
  test('script, style and other active elements go with their content', () => {
    expect(sanitizeHtml('<p>a</p><script>alert(1)</script><p>b</p>')).toBe('<p>a</p><p>b</p>');
    expect(sanitizeHtml('<style>p{color:red}</style>ok')).toBe('ok');
    expect(sanitizeHtml('<SCRIPT SRC=//evil.test/x.js></SCRIPT>ok')).toBe('ok');
    expect(sanitizeHtml('<iframe src="https://evil.test"></iframe><svg><script>alert(1)</script></svg>ok')).toBe('ok');
    expect(sanitizeHtml('<script>never closed')).toBe('');
    expect(sanitizeHtml('<template><img src=x onerror=alert(1)></template>ok')).toBe('ok');
  });

  test('attributes and event handlers are dropped from allowed tags', () => {
    expect(sanitizeHtml('<p onclick="alert(1)" style="x" class="c" id="i">t</p>')).toBe('<p>t</p>');
    expect(sanitizeHtml('<strong onmouseover=alert(1)>t</strong>')).toBe('<strong>t</strong>');
    expect(sanitizeHtml('<a href="https://ok.test" onclick="alert(1)">t</a>')).toBe(
      '<a href="https://ok.test/" rel="noopener">t</a>',
    );
  });

  test('unsafe link targets lose the link, keep the text', () => {
    const attacks = [
      '<a href="javascript:alert(1)">t</a>',
      '<a href="JaVaScRiPt:alert(1)">t</a>',
      '<a href=" javascript:alert(1)">t</a>',
      '<a href="java\tscript:alert(1)">t</a>',
      '<a href="&#106;avascript:alert(1)">t</a>',
      '<a href="&#x6A;avascript&#x3A;alert(1)">t</a>',
      '<a href="javascript&colon;alert(1)">t</a>',
      '<a href="jav&#x09;ascript:alert(1)">t</a>',
      '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">t</a>',
      '<a href="vbscript:msgbox(1)">t</a>',
      '<a href="/relative">t</a>',
      '<a href="//evil.test">t</a>',
      '<a>t</a>',
    ];
    for (const attack of attacks) expect(sanitizeHtml(attack), attack).toBe('t');
  });

  test('unknown tags are removed but their text stays; block ones leave a space', () => {
    expect(sanitizeHtml('<div>one</div><div>two</div>')).toBe('one two');
    expect(sanitizeHtml('<span style="x">in</span>line')).toBe('inline');
    expect(sanitizeHtml('<img src=x onerror=alert(1)>after')).toBe('after');
    expect(sanitizeHtml('<form action="https://evil.test"><input name="q"><button>go</button></form>')).toBe('go');
  });

  test('comments, doctypes and CDATA vanish; a stray < is text', () => {
    expect(sanitizeHtml('a<!-- <script>alert(1)</script> -->b')).toBe('ab');
    expect(sanitizeHtml('<!DOCTYPE html><![CDATA[x]]>ok')).toBe('ok');
    expect(sanitizeHtml('<!-- unterminated <script>')).toBe('');
    expect(sanitizeHtml('1 <2 and <<p>x</p>')).toBe('1 &lt;2 and &lt;<p>x</p>');
  });

  test('quotes and > inside attribute values do not end the tag early', () => {
    expect(sanitizeHtml('<p title="a > b">t</p>')).toBe('<p>t</p>');
    expect(sanitizeHtml('<a href="https://x.test/?q=a>b" onclick=\'">\'>t</a>')).toBe(
      '<a href="https://x.test/?q=a%3Eb" rel="noopener">t</a>',
    );
    expect(sanitizeHtml('<p a="unterminated>t')).toBe('<p></p>');
  });

  test('the output is well-formed: unclosed tags close, stray closers vanish, blocks do not nest in p', () => {
    expect(sanitizeHtml('<p>open <strong>bold')).toBe('<p>open <strong>bold</strong></p>');
    expect(sanitizeHtml('</p></strong>text</em>')).toBe('text');
    expect(sanitizeHtml('<p>a<ul><li>b</ul>')).toBe('<p>a</p><ul><li>b</li></ul>');
    expect(sanitizeHtml('<ul><li>1<li>2</ul>')).toBe('<ul><li>1</li><li>2</li></ul>');
    expect(sanitizeHtml('<ul><li>1<ul><li>1.1</ul><li>2</ul>')).toBe('<ul><li>1<ul><li>1.1</li></ul></li><li>2</li></ul>');
    expect(sanitizeHtml('<a href="https://a.test">1<a href="https://b.test">2</a>')).toBe(
      '<a href="https://a.test/" rel="noopener">1</a><a href="https://b.test/" rel="noopener">2</a>',
    );
    expect(sanitizeHtml('<strong><em>x</strong></em>')).toBe('<strong><em>x</em></strong>');
  });

  test('NUL characters are removed', () => {
    expect(sanitizeHtml(`<scr${String.fromCharCode(0)}ipt>x</script>ok`)).toBe('ok');
  });
});

describe('safeLinkHref', () => {
  test('normalises allowed URLs and refuses the rest', () => {
    expect(safeLinkHref('HTTPS://Example.COM')).toBe('https://example.com/');
    expect(safeLinkHref('ftp://example.com')).toBeUndefined();
    expect(safeLinkHref('not a url')).toBeUndefined();
  });
});

describe('catalog rules', () => {
  test('GTIN check digits', () => {
    for (const valid of ['4006381333931', '96385074', '036000291452', '10012345678902'])
      expect(isValidGtin(valid), valid).toBe(true);
    for (const invalid of ['4006381333932', '96385075', '12345', 'abcdefghijkl', '036000291453'])
      expect(isValidGtin(invalid), invalid).toBe(false);
  });

  test('slugs from titles', () => {
    expect(slugify('Portland Cement 25 kg')).toBe('portland-cement-25-kg');
    expect(slugify('Größe 42 – Blau, Æble & Øl')).toBe('grosse-42-blau-aeble-and-ol');
    expect(slugify('!!!', 'product')).toBe('product');
    expect(slugify('x'.repeat(200)).length).toBeLessThanOrEqual(88);
  });

  test('image URLs: https, or http on *.localhost', () => {
    expect(isAllowedImageUrl('https://cdn.example.com/a.jpg')).toBe(true);
    expect(isAllowedImageUrl('http://acme.localhost:8787/a.jpg')).toBe(true);
    expect(isAllowedImageUrl('http://example.com/a.jpg')).toBe(false);
    expect(isAllowedImageUrl('javascript:alert(1)')).toBe(false);
    expect(isAllowedImageUrl('https://user:pw@example.com/a.jpg')).toBe(false);
    expect(isAllowedImageUrl('/a.jpg')).toBe(false);
  });

  test('variants must fit the option types', () => {
    const types = [{ name: 'Size', values: ['S', 'M'] }];
    const v = (sku: string, options: Record<string, string>, extra = {}) => ({
      sku,
      options,
      priceMinor: 100,
      currency: 'EUR',
      ...extra,
    });
    expect(variantIssues(types, [v('A', { Size: 'S' }), v('B', { Size: 'M' })])).toEqual([]);
    const issues = variantIssues(types, [
      v('A', { Size: 'S' }),
      v('B', { Size: 'S' }),
      v('A', { Size: 'XL' }),
      v('C', {}),
      v('D', { Size: 'M', Colour: 'Red' }),
      v('E', { Size: 'M' }, { currency: 'USD', compareAtMinor: 50 }),
    ]);
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'variants.1.options', message: 'the same options as variant 1' },
        { path: 'variants.2.sku', message: 'SKU A is used twice in this product' },
        { path: 'variants.2.options', message: expect.stringContaining('XL is not one of the Size values') },
        { path: 'variants.3.options', message: 'choose a Size' },
        { path: 'variants.4.options', message: 'Colour is not an option type of this product' },
        { path: 'variants.5.currency', message: expect.stringContaining('one currency') },
        { path: 'variants.5.compareAtMinor', message: expect.stringContaining('higher') },
      ]),
    );
  });
});
