/**
 * The imports pages' Alpine components: uploading a feed (drag and drop or a file picker), one
 * job's live progress with its errors, and the staging review with field-level diffs and publish.
 */
import { callApi, formatDateTime } from './api';

export interface ListedImportJob {
  id: string;
  status: 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';
  dryRun: boolean;
  cancelRequested: boolean;
  source: string;
  format: string | null;
  fileName: string;
  progress: { bytesProcessed: number; bytesTotal: number | null; fraction: number | null; step: number };
  counts: {
    rowsRead: number;
    rowsValid: number;
    rowsFailed: number;
    new: number;
    changed: number;
    unchanged: number;
    missing: number;
    published: number;
  };
  error: { code: string; message: string } | null;
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ListedRowError {
  line: number;
  externalId: string | null;
  column: string | null;
  code: string;
  message: string;
  value: string | null;
}

export interface StagedChange {
  field: string;
  old: unknown;
  new: unknown;
}

export interface StagedItemView {
  id: string;
  externalId: string;
  diffStatus: string;
  changes: StagedChange[];
  pending: boolean;
  title: string;
  sku: string | null;
  priceMinor: number;
  salePriceMinor: number | null;
  currency: string;
  availability: string;
  quantity: number | null;
  options: { name: string; value: string }[];
}

export interface StagedGroupView {
  source: string;
  groupId: string;
  title: string;
  brand: string | null;
  category: string | null;
  imageUrl: string | null;
  diffStatus: string;
  pending: boolean;
  variantCount: number;
  changedFields: string[];
  productId: string | null;
  items: StagedItemView[];
}

interface PublishResult {
  groups: number;
  created: number;
  updated: number;
  archived: number;
  unchanged: number;
  failed: { groupId: string; code: string; message: string }[];
  remaining: number;
}

/** A background publish (`/imports/publish-jobs/{id}`) as the staging page follows it. */
export interface PublishJobView {
  id: string;
  status: 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';
  cancelRequested: boolean;
  progress: { groupsTotal: number; groupsDone: number; fraction: number; step: number };
  counts: { created: number; updated: number; unchanged: number; variants: number; archived: number; failed: number };
  failures: { groupId: string; code: string; message: string }[];
  error: { code: string; message: string } | null;
}

const FINAL = new Set(['completed', 'failed', 'cancelled']);

/** What a publish did, in a sentence. */
function publishSummary(r: { created: number; updated: number; archived: number; failed: number; remaining?: number }): string {
  return (
    `Published ${r.created} new and ${r.updated} updated product${r.created + r.updated === 1 ? '' : 's'}` +
    (r.archived ? `; archived ${r.archived} that left the feed` : '') +
    (r.failed ? `; ${r.failed} could not be published` : '') +
    (r.remaining ? `; ${r.remaining} still waiting (publish again to go on)` : '') +
    '.'
  );
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The job's progress in percent (100 once it has finished). */
export function percentOf(job: ListedImportJob): number {
  if (FINAL.has(job.status)) return 100;
  const fraction = job.progress.fraction ?? (job.progress.bytesTotal ? job.progress.bytesProcessed / job.progress.bytesTotal : 0);
  return Math.max(0, Math.min(100, Math.round(fraction * 100)));
}

/** Money in minor units as the visitor reads it. */
export function formatMoney(minor: number | null | undefined, currency: string): string {
  if (minor === null || minor === undefined) return '—';
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(minor / 100);
  } catch {
    return `${(minor / 100).toFixed(2)} ${currency}`;
  }
}

/** A diff value as text (lists and objects as compact JSON). */
export function showValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function contentType(file: File): string {
  if (/\.(tsv|tab)$/i.test(file.name)) return 'text/tab-separated-values';
  return 'text/csv';
}

/** `Alpine.data('importsPage', importsPage)`: the upload panel. */
export function importsPage(config: { canWrite: boolean }) {
  return {
    canWrite: config.canWrite,
    file: null as File | null,
    source: '',
    dryRun: false,
    dragging: false,
    uploading: false,
    error: '',

    pick(event: Event) {
      const input = event.target as HTMLInputElement;
      this.file = input.files?.[0] ?? null;
      this.error = '';
    },
    drop(event: DragEvent) {
      this.dragging = false;
      const file = event.dataTransfer?.files?.[0];
      if (file) {
        this.file = file;
        this.error = '';
      }
    },
    async upload() {
      if (!this.file) {
        this.error = 'Choose a CSV or TSV file first (drop it on the box, or use the file button).';
        return;
      }
      this.uploading = true;
      this.error = '';
      const query = new URLSearchParams({ fileName: this.file.name });
      if (this.source.trim()) query.set('source', this.source.trim());
      if (this.dryRun) query.set('dryRun', 'true');
      const file = this.file;
      const send = () =>
        fetch(`/api/v1/vendor/imports?${query}`, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': contentType(file), accept: 'application/json' },
          body: file,
        });
      try {
        // 503: the file could not be stored and nothing was kept (no job); the browser still has
        // the file, so it sends it once more before asking the person to.
        let response = await send();
        if (response.status === 503) response = await send();
        const body = (await response.json().catch(() => null)) as
          | (ListedImportJob & { error?: { message?: string } })
          | { error?: { message?: string } }
          | null;
        if (response.status === 202 && body && 'id' in body) {
          window.location.assign(`/dashboard/imports/${body.id}`);
          return;
        }
        this.error = body?.error?.message ?? `The upload failed (HTTP ${response.status}). Please try again.`;
      } catch {
        this.error = 'We could not reach the server. Check your connection and try again.';
      } finally {
        this.uploading = false;
      }
    },
  };
}

/** `Alpine.data('importJobPage', importJobPage)`: polls the job every second until it has finished. */
export function importJobPage(config: { job: ListedImportJob; canWrite: boolean }) {
  return {
    job: config.job,
    canWrite: config.canWrite,
    errors: [] as ListedRowError[],
    errorsCursor: null as string | null,
    errorsLoaded: false,
    loadingErrors: false,
    cancelling: false,
    message: '',
    timer: 0 as ReturnType<typeof setTimeout> | 0,

    formatDateTime,
    get percent() {
      return percentOf(this.job);
    },
    get finished() {
      return FINAL.has(this.job.status);
    },
    init() {
      void this.loadErrors(true);
      if (!this.finished) this.schedule();
    },
    destroy() {
      if (this.timer) clearTimeout(this.timer);
    },
    schedule() {
      this.timer = setTimeout(() => void this.poll(), 1000);
    },
    async poll() {
      const answer = await callApi<ListedImportJob>('GET', `/vendor/imports/${this.job.id}`);
      if (answer.ok) {
        const failedBefore = this.job.counts.rowsFailed;
        this.job = answer.data;
        if (this.job.counts.rowsFailed !== failedBefore || this.finished) void this.loadErrors(true);
      }
      if (!this.finished) this.schedule();
    },
    async loadErrors(fresh: boolean) {
      if (this.loadingErrors) return;
      this.loadingErrors = true;
      const query = new URLSearchParams({ limit: '50' });
      if (!fresh && this.errorsCursor) query.set('cursor', this.errorsCursor);
      const answer = await callApi<{ data: ListedRowError[]; nextCursor: string | null }>(
        'GET',
        `/vendor/imports/${this.job.id}/errors?${query}`,
      );
      if (answer.ok) {
        this.errors = fresh ? answer.data.data : [...this.errors, ...answer.data.data];
        this.errorsCursor = answer.data.nextCursor;
        this.errorsLoaded = true;
      }
      this.loadingErrors = false;
    },
    async cancel() {
      this.cancelling = true;
      const answer = await callApi<ListedImportJob>('POST', `/vendor/imports/${this.job.id}/cancel`);
      if (answer.ok) this.job = answer.data;
      else this.message = answer.error.message;
      this.cancelling = false;
    },
  };
}

/**
 * `Alpine.data('stagingPage', stagingPage)`: select groups and publish them (in the request), or
 * everything waiting as a publish job whose progress bar is polled every second; when it ends the
 * list is read again.
 */
export function stagingPage(config: { groups: StagedGroupView[]; canPublish: boolean; pending: number; query: string }) {
  return {
    groups: config.groups,
    canPublish: config.canPublish,
    pending: config.pending,
    selected: [] as string[],
    open: [] as string[],
    publishing: false,
    archiveMissing: false,
    result: '',
    error: '',
    failures: [] as { groupId: string; message: string }[],
    job: null as PublishJobView | null,
    stopping: false,

    formatMoney,
    showValue,
    toggleOpen(groupId: string) {
      this.open = this.open.includes(groupId) ? this.open.filter((id) => id !== groupId) : [...this.open, groupId];
    },
    get allSelected() {
      const selectable = this.groups.filter((g) => g.pending);
      return selectable.length > 0 && selectable.every((g) => this.selected.includes(g.groupId));
    },
    get jobPercent() {
      if (!this.job) return 0;
      return FINAL.has(this.job.status) ? 100 : Math.round(Math.min(1, this.job.progress.fraction) * 100);
    },
    toggleAll() {
      this.selected = this.allSelected ? [] : this.groups.filter((g) => g.pending).map((g) => g.groupId);
    },
    markPublished(isPublished: (group: StagedGroupView) => boolean) {
      for (const group of this.groups)
        if (isPublished(group)) {
          group.pending = false;
          for (const item of group.items) item.pending = false;
        }
    },
    async publish(body: { groupIds: string[] } | { all: true; archiveMissing: boolean; background: true }) {
      this.publishing = true;
      this.error = '';
      this.result = '';
      this.failures = [];
      const answer = await callApi<PublishResult | PublishJobView>('POST', '/vendor/imports/staging/publish', body);
      if (!answer.ok) {
        this.publishing = false;
        this.error = answer.error.message;
        return;
      }
      this.selected = [];
      if ('progress' in answer.data) {
        await this.follow(answer.data);
        this.publishing = false;
        return;
      }
      const r = answer.data;
      this.publishing = false;
      this.failures = r.failed;
      this.result = publishSummary({ ...r, failed: r.failed.length });
      const published = new Set('groupIds' in body ? body.groupIds.filter((id) => !r.failed.some((f) => f.groupId === id)) : []);
      this.markPublished((group) => published.has(group.groupId));
      this.pending = this.groups.filter((g) => g.pending).length;
    },
    /** Polls the publish job every second until it ends, then reads the list again. */
    async follow(job: PublishJobView) {
      this.job = job;
      while (this.job && !FINAL.has(this.job.status)) {
        await pause(1000);
        const answer = await callApi<PublishJobView>('GET', `/vendor/imports/publish-jobs/${job.id}`);
        if (answer.ok) this.job = answer.data;
      }
      const done = this.job;
      if (!done) return;
      this.failures = done.failures;
      if (done.status === 'failed') this.error = `The publish stopped: ${done.error?.message ?? 'unexpected error'}`;
      this.result =
        (done.status === 'cancelled' ? 'Stopped. ' : '') +
        publishSummary({
          created: done.counts.created,
          updated: done.counts.updated,
          archived: done.counts.archived,
          failed: done.counts.failed,
        });
      await this.refresh();
      this.job = null;
      this.stopping = false;
    },
    /** Reads the shown page of the list again: groups no longer listed under "waiting" were published. */
    async refresh() {
      const answer = await callApi<{ data: StagedGroupView[]; counts: { pending: number } }>(
        'GET',
        `/vendor/imports/staging?${config.query}`,
      );
      if (!answer.ok) return;
      const fresh = new Map(answer.data.data.map((group) => [`${group.source}/${group.groupId}`, group]));
      this.groups = this.groups.map((group) => fresh.get(`${group.source}/${group.groupId}`) ?? group);
      this.markPublished((group) => !fresh.has(`${group.source}/${group.groupId}`));
      this.pending = answer.data.counts.pending;
    },
    async stopJob() {
      if (!this.job) return;
      this.stopping = true;
      const answer = await callApi<PublishJobView>('POST', `/vendor/imports/publish-jobs/${this.job.id}/cancel`);
      if (!answer.ok) {
        this.stopping = false;
        this.error = answer.error.message;
      }
    },
    publishSelected() {
      if (this.selected.length > 0) void this.publish({ groupIds: [...this.selected] });
    },
    publishAll() {
      void this.publish({ all: true, archiveMissing: this.archiveMissing, background: true });
    },
  };
}
