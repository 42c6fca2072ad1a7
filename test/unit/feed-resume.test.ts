/**
 * Resuming: reading from any batch's endOffset (with its nextLine) yields exactly what the full read
 * yielded after that batch, whatever the chunking, with multi-byte text, quoted line breaks and CRLF.
 */
import { describe, expect, it } from 'vitest';
import { type FeedBatch, FeedError, sniffFeed } from '../../src/modules/imports/feed';
import { readAll, utf8 } from './feed-helpers';

/** A small deterministic pseudo-random generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['Größe', 'café', '漢字', 'emoji 😀', 'plain', 'naïve', 'Ærø', 'a,b', 'say "hi"', 'two\nlines', 'œuvre'];

function googleFeed(seed: number, rows: number): Uint8Array {
  const next = random(seed);
  const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)] as T;
  const quote = (text: string) => (/[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
  const lines = ['id,title,description,price,color'];
  for (let i = 0; i < rows; i++) {
    const roll = next();
    if (roll < 0.05)
      lines.push(`r${i},ragged`); // a row error
    else if (roll < 0.1)
      lines.push(''); // a blank line
    else
      lines.push(
        [
          `id-${i}`,
          quote(`${pick(WORDS)} ${i}`),
          quote(pick(WORDS)),
          `${1 + i},${next() < 0.5 ? '5' : '25'} EUR`.replace(',', '.'),
          quote(pick(WORDS)),
        ].join(','),
      );
  }
  const text = lines.map((line, i) => line + (i % 3 === 0 ? '\r\n' : '\n')).join('');
  return utf8(text);
}

/** Items and row errors in file order. */
function outcomes(batches: FeedBatch[]): string[] {
  return batches
    .flatMap((b) => [
      ...b.items.map((i) => ({ line: i.line, text: `item ${i.line} ${i.externalId} ${i.title} ${i.descriptionHtml}` })),
      ...b.errors.map((e) => ({ line: e.line, text: `error ${e.line} ${e.code}` })),
    ])
    .sort((a, b) => a.line - b.line)
    .map((outcome) => outcome.text);
}

describe('resuming at a batch end', () => {
  it('yields exactly the remaining records from every cut point (Google feed, multi-byte)', async () => {
    const bytes = googleFeed(7, 60);
    const full = await readAll(bytes, { batchSize: 1000 });
    expect(full.items.length).toBeGreaterThan(45);
    expect(full.errors.every((e) => e.code === 'RAGGED_ROW')).toBe(true);
    const all = outcomes(full.batches);
    for (const batchSize of [1, 2, 3, 7]) {
      for (const chunkSize of [1, 5, 64 * 1024]) {
        const { batches } = await readAll(bytes, { batchSize, chunkSize });
        expect(outcomes(batches)).toEqual(all);
        expect(batches.at(-1)?.done).toBe(true);
        expect(batches.slice(0, -1).every((b) => !b.done && b.rowsRead === batchSize)).toBe(true);
        if (chunkSize !== 5) continue;
        for (const [index, batch] of batches.entries()) {
          if (batch.endOffset < bytes.length) expect([0x0a, 0x0d]).toContain(bytes[batch.endOffset - 1]);
          const rest = await readAll(bytes, {
            dialect: full.dialect,
            startOffset: batch.endOffset,
            startLine: batch.nextLine,
            batchSize: 4,
            chunkSize: 3,
          });
          expect(outcomes(rest.batches)).toEqual(outcomes(batches.slice(index + 1)));
        }
      }
    }
  });

  it('stays exact on damaged input: broken quotes, oversized fields, ragged rows, odd line ends', async () => {
    const pieces = ['a', 'b', ',', ',', ',', '"', '\n', '\n', '\r\n', '\r', 'é', '😀', '1', '2 EUR', '""', 'x'];
    let cuts = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const next = random(seed);
      let text = seed % 3 === 0 ? 'Handle,Title,Variant Price\n' : 'id,title,price\n';
      const length = Math.floor(next() * 250);
      for (let i = 0; i < length; i++) text += pieces[Math.floor(next() * pieces.length)];
      const bytes = utf8(text);
      let dialect: ReturnType<typeof sniffFeed>;
      try {
        dialect = sniffFeed(bytes, { fileSize: bytes.length });
      } catch (error) {
        expect(error).toBeInstanceOf(FeedError);
        continue;
      }
      const maxFieldBytes = 8 + (seed % 60);
      const full = await readAll(bytes, { dialect, batchSize: 1, chunkSize: 1000, maxFieldBytes }).catch((error) => {
        expect(error).toBeInstanceOf(FeedError);
        return null;
      });
      if (!full) continue;
      for (const [index, batch] of full.batches.entries()) {
        const rest = await readAll(bytes, {
          dialect,
          startOffset: batch.endOffset,
          startLine: batch.nextLine,
          batchSize: 3,
          chunkSize: 1 + (index % 7),
          maxFieldBytes,
        });
        expect(outcomes(rest.batches)).toEqual(outcomes(full.batches.slice(index + 1)));
        cuts++;
      }
    }
    expect(cuts).toBeGreaterThan(1000);
  });
});
