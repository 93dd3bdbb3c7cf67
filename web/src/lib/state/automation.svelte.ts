// Automation screen state: the workflow list and editor (draft, live preview, stats, runs) and a campaign audience.
import {
  ApiError,
  type Api,
  type Campaign,
  type Channel,
  type Label,
  type NewCampaign,
  type NewTemplate,
  type SegmentPreview,
  type ServerIssue,
  type Team,
  type User,
  type Workflow,
  type WorkflowRun,
  type WorkflowStats,
} from '../api';
import type { WorkflowInput } from '../../../../workflows/model.ts';
import { isUnfinished, ruleProblem, toSegment, type SegmentRule } from './segment';
import { isNotAvailable } from '../format/describe-error';
import { WorkflowDraft } from './workflow-draft.svelte';
import { LivePreview } from './workflow-preview.svelte';
import { SavedSegments } from './saved-segments.svelte';

export class AutomationState {
  workflows = $state<Workflow[]>([]);
  campaigns = $state<Campaign[]>([]);
  channels = $state<Channel[]>([]);
  /** The saved workflow open in the editor; null with a draft open means "new workflow". */
  selected = $state<Workflow | null>(null);
  draft = $state<WorkflowDraft | null>(null);
  preview: LivePreview;
  stats = $state<WorkflowStats | null>(null);
  runs = $state<WorkflowRun[] | null>(null);
  saving = $state(false);
  /** The preset being created: the cards ignore clicks until it is done. */
  creatingPreset = $state<string | null>(null);
  saved = $state(false);
  /** Who and what the step forms pick from. */
  pickers = $state<{ users: User[]; teams: Team[]; labels: Label[] }>({ users: [], teams: [], labels: [] });
  /** The workspace currency, in which an order trigger's minimum total is compared; null until known. */
  currency = $state<string | null>(null);
  error = $state<unknown>(null);
  /** Workflows and campaigns ship separately; each says "not available" on its own. */
  workflowsUnavailable = $state(false);
  campaignsUnavailable = $state(false);
  rules = $state<SegmentRule[]>([{ field: 'contact.language', op: 'eq', value: 'tr' }]);
  /** The campaign audience: a saved segment's id, or empty for the rules above. */
  segmentId = $state('');
  savedSegments: SavedSegments;
  audience = $state<SegmentPreview | null>(null);
  #api: Api;
  #audienceTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(api: Api) {
    this.#api = api;
    this.preview = new LivePreview(api);
    this.savedSegments = new SavedSegments(api);
  }

  async #attempt<R>(work: () => Promise<R>, area: 'workflows' | 'campaigns' = 'workflows'): Promise<R | null> {
    this.error = null;
    try {
      return await work();
    } catch (error) {
      if (isNotAvailable(error) && area === 'workflows') this.workflowsUnavailable = true;
      else if (isNotAvailable(error)) this.campaignsUnavailable = true;
      else this.error = error;
      return null;
    }
  }

  loadWorkflows() {
    return this.#attempt(async () => (this.workflows = await this.#api.insights.workflows.list()));
  }

  loadCampaigns() {
    return this.#attempt(async () => {
      this.campaigns = await this.#api.insights.campaigns.list();
      this.channels = await this.#api.admin.channels.list();
      await this.savedSegments.load();
    }, 'campaigns');
  }

  /**
   * Users, teams and labels for the assign and label steps (a list the role cannot read stays empty), the currency, and
   * the saved segments a segment trigger can copy.
   */
  async loadPickers() {
    const [users, teams, labels, workspace] = await Promise.all([
      this.#api.admin.users.list().catch(() => []),
      this.#api.admin.teams.list().catch(() => []),
      this.#api.admin.labels.list().catch(() => []),
      this.#api.admin.workspace.get().catch(() => null),
      this.savedSegments.load(),
    ]);
    this.pickers = { users, teams, labels };
    this.currency = workspace?.currency ?? null;
  }

  remove(workflow: Workflow) {
    return this.#attempt(async () => {
      await this.#api.insights.workflows.remove(workflow.id);
      this.workflows = this.workflows.filter((w) => w.id !== workflow.id);
      if (this.selected?.id === workflow.id) this.close();
    });
  }

  /**
   * Creates the preset as a disabled draft and opens it in the editor; it goes live only when enabled there.
   * `complaintLabel` is the label name in the user's language; an existing label spelled alike is reused as it is.
   */
  /** `title` names the new workflow in the UI's language, as the preset card does. */
  async fromPreset(name: string, complaintLabel?: string, title?: string) {
    // A double-click on a card would otherwise create the workflow twice.
    if (this.creatingPreset) return null;
    this.creatingPreset = name;
    try {
      return await this.#createFromPreset(name, complaintLabel, title);
    } finally {
      this.creatingPreset = null;
    }
  }

  #createFromPreset(name: string, complaintLabel?: string, title?: string) {
    return this.#attempt(async () => {
      const wanted = complaintLabel?.trim();
      const existing = wanted ? this.pickers.labels.find((l) => l.name.toLocaleLowerCase() === wanted.toLocaleLowerCase()) : undefined;
      const labels = wanted ? { complaint: existing?.name ?? wanted } : {};
      const created = await this.#api.insights.workflows.fromPreset(name, { enabled: false, labels, ...(title ? { name: title } : {}) });
      this.workflows = [created, ...this.workflows];
      await this.select(created);
    });
  }

  /** A blank workflow: an inactivity trigger to start from and no steps yet. */
  newWorkflow(starter: Partial<WorkflowInput> = { trigger: { type: 'inactivity', days: 90 } }) {
    this.selected = null;
    this.stats = null;
    this.runs = null;
    this.#openDraft(new WorkflowDraft(starter));
  }

  /** Opens a saved workflow in the editor: the definition as its author wrote it, its stats and runs. */
  async select(workflow: Workflow) {
    this.selected = workflow;
    this.stats = null;
    this.runs = null;
    await this.#attempt(async () => {
      const full = await this.#api.insights.workflows.get(workflow.id);
      this.#openDraft(new WorkflowDraft((full.source ?? full.definition ?? { name: workflow.name }) as Partial<WorkflowInput>));
      await this.#loadInsights(workflow.id);
    });
  }

  async #loadInsights(id: string) {
    const [stats, runs] = await Promise.all([this.#api.insights.workflows.stats(id), this.#api.insights.workflows.runs(id)]);
    this.stats = stats;
    this.runs = runs;
  }

  #openDraft(draft: WorkflowDraft) {
    this.preview.stop();
    this.preview.result = null;
    this.preview.contactId = null;
    this.saved = false;
    this.draft = draft;
  }

  close() {
    this.preview.stop();
    this.selected = null;
    this.draft = null;
  }

  /** Creates, or saves an edit as the workflow's next version; a 422's field list is marked on the form. */
  async save(): Promise<boolean> {
    const draft = this.draft;
    if (!draft || !draft.valid || this.saving) return false;
    this.saving = true;
    this.saved = false;
    this.error = null;
    const definition = JSON.parse(JSON.stringify(draft.definition)) as Record<string, unknown>;
    try {
      const current = this.selected;
      const saved = current ? await this.#api.insights.workflows.update(current.id, definition) : await this.#api.insights.workflows.create(definition);
      this.workflows = current ? this.workflows.map((w) => (w.id === saved.id ? saved : w)) : [saved, ...this.workflows];
      this.selected = saved;
      this.saved = true;
      if (!current) void this.#attempt(() => this.#loadInsights(saved.id));
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 422 && Array.isArray(error.details)) draft.applyServerErrors(error.details as ServerIssue[]);
      else this.error = error;
      return false;
    } finally {
      this.saving = false;
    }
  }

  setEnabled(workflow: Workflow, enabled: boolean) {
    return this.#attempt(async () => {
      const updated = await this.#api.insights.workflows.setEnabled(workflow.id, enabled);
      this.#replace({ ...workflow, ...updated, enabled });
    });
  }

  /**
   * A row holds a value its field cannot take ("abc" for a number): the row says why, and the audience is not sent.
   * A saved segment chosen as the audience leaves the rows out.
   */
  get rulesRefused(): boolean {
    return !this.segmentId && this.rules.some((rule) => ruleProblem(rule) !== undefined);
  }

  /**
   * The rows (by index) left half-filled, an empty value or a field ending in '.': the live count skips them while the
   * marketer types, but a campaign is not created without them, as it would reach a wider audience than written. A row
   * whose value is wrong says so itself (`rulesRefused`); a saved segment chosen as the audience leaves the rows out.
   */
  get unfinishedRows(): number[] {
    if (this.segmentId) return [];
    return this.rules.flatMap((rule, index) => (isUnfinished(rule) && !ruleProblem(rule) ? [index] : []));
  }

  /** Live audience size while the marketer edits the rules, one request per pause in typing. */
  previewAudience(delayMs = 300) {
    if (this.#audienceTimer) clearTimeout(this.#audienceTimer);
    if (this.rulesRefused) {
      this.audience = null;
      return;
    }
    this.#audienceTimer = setTimeout(() => {
      void this.#attempt(async () => (this.audience = await this.#api.insights.segments.preview(this.#audienceConditions())), 'campaigns');
    }, delayMs);
  }

  /**
   * Each message is saved as a template first; the campaign snapshots the audience conditions inline. One message is a
   * plain campaign; 2–4 are an A/B test's variants A–D, weighted.
   */
  createCampaign(input: { messages: Array<{ template: Omit<NewTemplate, 'name'>; weight: number }> } & Omit<NewCampaign, 'conditions' | 'segmentId' | 'templateId' | 'variants'>) {
    return this.#attempt(async () => {
      if (this.rulesRefused || this.unfinishedRows.length) return null;
      const { messages, ...rest } = input;
      const keys = ['A', 'B', 'C', 'D'] as const;
      const saved = await Promise.all(
        messages.map(async (m, i) => ({
          key: keys[i]!,
          templateId: (await this.#api.insights.templates.create({ name: messages.length > 1 ? `${input.name} message ${keys[i]}` : `${input.name} message`, ...m.template })).id,
          weight: m.weight,
        })),
      );
      const choice = saved.length > 1 ? { variants: saved } : { templateId: saved[0]!.templateId };
      const audience = this.segmentId ? { segmentId: this.segmentId } : { conditions: toSegment(this.rules) };
      const campaign = await this.#api.insights.campaigns.create({ ...rest, ...choice, ...audience });
      this.campaigns = [...this.campaigns, campaign];
      return campaign;
    }, 'campaigns');
  }

  /** The chosen saved segment's conditions (the server snapshots them at creation), else the rules. */
  #audienceConditions() {
    return (this.segmentId && this.savedSegments.find(this.segmentId)?.conditions) || toSegment(this.rules);
  }

  pickWinner(campaign: Campaign, key: 'A' | 'B' | 'C' | 'D') {
    return this.#attempt(async () => {
      const updated = await this.#api.insights.campaigns.pickWinner(campaign.id, key);
      this.campaigns = this.campaigns.map((c) => (c.id === campaign.id ? { ...c, ...updated } : c));
    }, 'campaigns');
  }

  actOnCampaign(campaign: Campaign, action: 'start' | 'pause' | 'resume' | 'cancel') {
    return this.#attempt(async () => {
      const updated = await this.#api.insights.campaigns.act(campaign.id, action);
      this.campaigns = this.campaigns.map((c) => (c.id === campaign.id ? { ...c, ...updated } : c));
    }, 'campaigns');
  }

  #replace(workflow: Workflow) {
    this.workflows = this.workflows.map((w) => (w.id === workflow.id ? workflow : w));
    if (this.selected?.id === workflow.id) this.selected = workflow;
  }
}
