/**
 * Feed parser: the only entry point the import pipeline uses (contract: /work/briefs/feed-contract.md).
 * sniffFeed reads the dialect from the head of a file; readFeed streams validated batches from any
 * batch boundary of it.
 */

export { readFeed } from './read';
export { SNIFF_BYTES, sniffFeed } from './sniff';
export type {
  Availability,
  FeedBatch,
  FeedDialect,
  FeedErrorCode,
  FeedFormat,
  FeedItem,
  FeedRowError,
  ReadFeedOptions,
} from './types';
export { FeedError } from './types';
