/**
 * Product descriptions arrive as HTML typed or pasted by vendors (or imported from marketplaces)
 * and are shown on the shop as HTML. This keeps a small, safe subset: p, br, strong, em, ul, ol,
 * li, h2–h4, blockquote and links to http(s)/mailto (with rel="noopener"). Every other tag is
 * dropped (its text kept, except for script-like elements, whose content goes too), every
 * attribute but a link's href is dropped, and the output is rebuilt from tokens, never copied, so
 * it is well-formed and contains nothing the allowlist does not name. Runs in Workers and Node.
 */

const ALLOWED = new Set(['p', 'br', 'strong', 'em', 'ul', 'ol', 'li', 'a', 'h2', 'h3', 'h4', 'blockquote']);

/** Common spellings of the allowed tags. */
const RENAMED: Record<string, string> = { b: 'strong', i: 'em', h1: 'h2', h5: 'h4', h6: 'h4' };

/** Elements dropped with everything inside them. */
const DROPPED_WITH_CONTENT = new Set([
  'script',
  'style',
  'template',
  'iframe',
  'object',
  'embed',
  'noscript',
  'noembed',
  'noframes',
  'textarea',
  'title',
  'xmp',
  'svg',
  'math',
  'select',
  'plaintext',
]);

/** Unknown block elements become a space, so the words on either side don't run together. */
const BLOCKISH = new Set([
  'div',
  'section',
  'article',
  'header',
  'footer',
  'table',
  'tr',
  'td',
  'th',
  'dl',
  'dt',
  'dd',
  'hr',
  'pre',
]);

/** Blocks that can't contain other blocks: a new block closes them. */
const PHRASING_ONLY = new Set(['p', 'h2', 'h3', 'h4']);
const BLOCKS = new Set(['p', 'h2', 'h3', 'h4', 'ul', 'ol', 'blockquote', 'li']);

const LINK_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  colon: ':',
  tab: '\t',
  newline: '\n',
  sol: '/',
  lpar: '(',
  rpar: ')',
  period: '.',
  comma: ',',
  semi: ';',
  equals: '=',
};

interface Tag {
  name: string;
  closing: boolean;
  attributes: Map<string, string>;
}

function escapeText(text: string): string {
  // An entity reference in text can only ever decode to text, so well-formed ones pass through.
  return text
    .replace(/&(?!(?:[a-zA-Z][a-zA-Z0-9]{0,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Decodes character references in an attribute value (numeric ones, and the named ones that
 * matter for URLs). Fidelity only: the href written out is the URL parser's own serialisation.
 */
function decodeAttribute(value: string): string {
  return value.replace(
    /&(?:#[xX]([0-9a-fA-F]+);?|#([0-9]+);?|([a-zA-Z][a-zA-Z0-9]*);)/g,
    (match, hex?: string, dec?: string, name?: string) => {
      if (hex !== undefined || dec !== undefined) {
        const code = hex !== undefined ? Number.parseInt(hex, 16) : Number.parseInt(dec ?? '', 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
      }
      return NAMED_ENTITIES[(name ?? '').toLowerCase()] ?? match;
    },
  );
}

/** A link target if it is an absolute http(s) or mailto URL, normalised by the URL parser browsers use. */
export function safeLinkHref(raw: string): string | undefined {
  try {
    const url = new URL(decodeAttribute(raw).trim());
    return LINK_PROTOCOLS.has(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Reads a tag starting at `html[start] === '<'`; returns it and where it ends, or undefined if it isn't one. */
function readTag(html: string, start: number): { tag: Tag; end: number } | undefined {
  let i = start + 1;
  const closing = html[i] === '/';
  if (closing) i++;
  const nameMatch = /^[a-zA-Z][a-zA-Z0-9-]*/.exec(html.slice(i, i + 64));
  if (!nameMatch) return undefined;
  const name = nameMatch[0].toLowerCase();
  i += nameMatch[0].length;
  const attributes = new Map<string, string>();
  while (i < html.length) {
    while (i < html.length && /[\s/]/.test(html[i] ?? '')) i++;
    if (i >= html.length || html[i] === '>') break;
    const attrName = /^[^\s/>=]+/.exec(html.slice(i, i + 256))?.[0] ?? html[i] ?? '';
    i += attrName.length;
    while (i < html.length && /\s/.test(html[i] ?? '')) i++;
    let value = '';
    if (html[i] === '=') {
      i++;
      while (i < html.length && /\s/.test(html[i] ?? '')) i++;
      const quote = html[i];
      if (quote === '"' || quote === "'") {
        const close = html.indexOf(quote, i + 1);
        const stop = close === -1 ? html.length : close;
        value = html.slice(i + 1, stop);
        i = stop + 1;
      } else {
        const unquoted = /^[^\s>]*/.exec(html.slice(i))?.[0] ?? '';
        value = unquoted;
        i += unquoted.length;
      }
    }
    const key = attrName.toLowerCase();
    if (!attributes.has(key)) attributes.set(key, value);
  }
  return { tag: { name, closing, attributes }, end: Math.min(i + 1, html.length) };
}

/** Where the content of a dropped element ends: after its closing tag, or the end of the input. */
function skipElement(html: string, name: string, from: number): number {
  const close = new RegExp(`</${name}[\\s/>]`, 'i').exec(html.slice(from));
  if (!close) return html.length;
  const end = html.indexOf('>', from + close.index);
  return end === -1 ? html.length : end + 1;
}

/** Builds the output, keeping open tags on a stack so every element is closed and properly nested. */
class Writer {
  private out = '';
  private readonly open: string[] = [];

  text(text: string): void {
    this.out += escapeText(text);
  }

  space(): void {
    if (this.out && !/\s$/.test(this.out)) this.out += ' ';
  }

  start(name: string, href?: string): void {
    if (name === 'br') {
      this.out += '<br>';
      return;
    }
    if (BLOCKS.has(name)) this.closeWhile((top) => PHRASING_ONLY.has(top));
    if (name === 'li') this.closeListItem();
    if (name === 'a' && this.open.includes('a')) this.end('a');
    this.out += name === 'a' ? `<a href="${escapeAttribute(href ?? '')}" rel="noopener">` : `<${name}>`;
    this.open.push(name);
  }

  end(name: string): void {
    const index = this.open.lastIndexOf(name);
    if (index === -1) return;
    while (this.open.length > index) this.out += `</${this.open.pop()}>`;
  }

  finish(): string {
    while (this.open.length > 0) this.out += `</${this.open.pop()}>`;
    return this.out;
  }

  private closeWhile(test: (top: string) => boolean): void {
    let top = this.open.at(-1);
    while (top !== undefined && test(top)) {
      this.end(top);
      top = this.open.at(-1);
    }
  }

  /** A new item closes the previous one of the same list (not one of an outer list). */
  private closeListItem(): void {
    const item = this.open.lastIndexOf('li');
    const list = Math.max(this.open.lastIndexOf('ul'), this.open.lastIndexOf('ol'));
    if (item > list) this.end('li');
  }
}

/** Returns `html` reduced to the safe subset described above; plain text comes back escaped. */
export function sanitizeHtml(html: string): string {
  const input = html.replaceAll(String.fromCharCode(0), '');
  const writer = new Writer();
  let i = 0;
  while (i < input.length) {
    const lt = input.indexOf('<', i);
    if (lt === -1) {
      writer.text(input.slice(i));
      break;
    }
    if (lt > i) writer.text(input.slice(i, lt));
    if (input.startsWith('<!--', lt)) {
      const close = input.indexOf('-->', lt + 4);
      i = close === -1 ? input.length : close + 3;
      continue;
    }
    if (input[lt + 1] === '!' || input[lt + 1] === '?') {
      // Doctype, CDATA, processing instruction: a bogus comment up to the next '>'.
      const close = input.indexOf('>', lt);
      i = close === -1 ? input.length : close + 1;
      continue;
    }
    const read = readTag(input, lt);
    if (!read) {
      writer.text('<');
      i = lt + 1;
      continue;
    }
    i = read.end;
    const { tag } = read;
    if (DROPPED_WITH_CONTENT.has(tag.name)) {
      if (!tag.closing) i = skipElement(input, tag.name, i);
      continue;
    }
    const name = RENAMED[tag.name] ?? tag.name;
    if (!ALLOWED.has(name)) {
      if (BLOCKISH.has(name)) writer.space();
      continue;
    }
    if (tag.closing) {
      writer.end(name);
      continue;
    }
    if (name === 'a') {
      const href = safeLinkHref(tag.attributes.get('href') ?? '');
      // A link to nowhere safe keeps its text, not its tag.
      if (href) writer.start('a', href);
      continue;
    }
    writer.start(name);
  }
  return writer.finish().trim();
}
