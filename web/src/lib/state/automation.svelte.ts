// Automation screen state: workflows (presets, edit, enable, stats, runs) and a campaign audience with a live count.
import type { Api, Campaign, Channel, NewCampaign, NewTemplate, Workflow } from '../api';
import { toSegment, type SegmentRule } from './segment';
import { isNotAvailable } from '../format/describe-error';

export class AutomationState {
  workflows = $state<Workflow[]>([]);
  campaigns = $state<Campaign[]>([]);
  channels = $state<Channel[]>([]);
  selected = $state<Workflow | null>(null);
  stats = $state<Record<string, unknown> | null>(null);
  preview = $state<unknown>(null);
  runs = $state<unknown>(null);
  error = $state<unknown>(null);
  /** Workflows and campaigns ship separately; each says "not available" on its own. */
  workflowsUnavailable = $state(false);
  campaignsUnavailable = $state(false);
  rules = $state<SegmentRule[]>([{ field: 'contact.language', op: 'eq', value: 'tr' }]);
  audience = $state<{ count: number; sample: { id: string; name: string }[] } | null>(null);
  #api: Api;
  #audienceTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(api: Api) {
    this.#api = api;
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
    }, 'campaigns');
  }

  dryRun(workflow: Workflow) {
    return this.#attempt(async () => (this.preview = await this.#api.insights.workflows.preview(workflow.id)));
  }

  remove(workflow: Workflow) {
    return this.#attempt(async () => {
      await this.#api.insights.workflows.remove(workflow.id);
      this.workflows = this.workflows.filter((w) => w.id !== workflow.id);
      if (this.selected?.id === workflow.id) this.selected = null;
    });
  }

  fromPreset(name: string) {
    return this.#attempt(async () => {
      const created = await this.#api.insights.workflows.fromPreset(name);
      this.workflows = [...this.workflows, created];
      await this.select(created);
    });
  }

  async select(workflow: Workflow) {
    this.selected = workflow;
    this.stats = null;
    this.runs = null;
    this.preview = null;
    await this.#attempt(async () => {
      const [stats, runs] = await Promise.all([
        this.#api.insights.workflows.stats(workflow.id),
        this.#api.insights.workflows.runs(workflow.id),
      ]);
      this.stats = stats;
      this.runs = runs;
    });
  }

  setEnabled(workflow: Workflow, enabled: boolean) {
    return this.#attempt(async () => {
      const updated = await this.#api.insights.workflows.setEnabled(workflow.id, enabled);
      this.#replace({ ...workflow, ...updated, enabled });
    });
  }

  /** Saves an edited definition; the text is parsed here so a typo is reported before any request. */
  async saveDefinition(workflow: Workflow, text: string): Promise<string | null> {
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return (error as Error).message;
    }
    await this.#attempt(async () => this.#replace({ ...workflow, ...(await this.#api.insights.workflows.update(workflow.id, parsed)) }));
    return null;
  }

  /** Live audience size while the marketer edits the rules, one request per pause in typing. */
  previewAudience(delayMs = 300) {
    if (this.#audienceTimer) clearTimeout(this.#audienceTimer);
    this.#audienceTimer = setTimeout(() => {
      void this.#attempt(async () => (this.audience = await this.#api.insights.segments.preview(toSegment(this.rules))), 'campaigns');
    }, delayMs);
  }

  /** The message is saved as a template first; the campaign snapshots the audience conditions inline. */
  createCampaign(input: { template: Omit<NewTemplate, 'name'> } & Omit<NewCampaign, 'conditions' | 'templateId'>) {
    return this.#attempt(async () => {
      const { template, ...rest } = input;
      const saved = await this.#api.insights.templates.create({ name: `${input.name} message`, ...template });
      const campaign = await this.#api.insights.campaigns.create({ ...rest, templateId: saved.id, conditions: toSegment(this.rules) });
      this.campaigns = [...this.campaigns, campaign];
      return campaign;
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
