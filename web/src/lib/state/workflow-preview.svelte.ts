// The editor's live preview: one dry run of the unsaved draft per pause in editing; stale answers are dropped.
import { ApiError, type Api, type ServerIssue, type WorkflowPreview } from '../api';
import type { WorkflowDraft } from './workflow-draft.svelte';

export class LivePreview {
  result = $state<WorkflowPreview | null>(null);
  loading = $state(false);
  error = $state<unknown>(null);
  /** The contact whose messages are shown; null lets the server pick someone who would receive one. */
  contactId = $state<string | null>(null);
  /** True while the draft has errors: the last result is kept but no longer matches. */
  stale = $state(false);
  #api: Api;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #seq = 0;

  constructor(api: Api) {
    this.#api = api;
  }

  schedule(draft: WorkflowDraft, workflowId?: string, delayMs = 400) {
    if (this.#timer) clearTimeout(this.#timer);
    this.stale = !draft.valid;
    if (!draft.valid) return;
    const definition = JSON.parse(JSON.stringify(draft.definition)) as Record<string, unknown>;
    const contactId = this.contactId ?? undefined;
    this.#timer = setTimeout(() => void this.#run(draft, { definition, contactId, workflowId }), delayMs);
  }

  async #run(draft: WorkflowDraft, request: Parameters<Api['insights']['workflows']['previewDraft']>[0]) {
    const seq = ++this.#seq;
    this.loading = true;
    try {
      const result = await this.#api.insights.workflows.previewDraft(request);
      if (seq !== this.#seq) return;
      this.result = result;
      this.error = null;
    } catch (error) {
      if (seq !== this.#seq) return;
      // A 422 names fields: they are marked in the form rather than shown as a banner.
      if (error instanceof ApiError && error.status === 422 && Array.isArray(error.details)) draft.applyServerErrors(error.details as ServerIssue[]);
      else this.error = error;
      this.stale = true;
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }

  stop() {
    if (this.#timer) clearTimeout(this.#timer);
    this.#seq++;
  }
}
