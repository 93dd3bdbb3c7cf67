// One editable condition tree: the audience builder's rows, or a tree they cannot show, kept as it is.
import { fromSegment, isUnfinished, toSegment, type Condition, type SegmentRule } from './segment';

export class RuleSet {
  rules = $state<SegmentRule[]>([]);
  /** A tree beyond the rows (any, lists, not of a group): kept unchanged and edited in the JSON view. */
  advanced = $state<Condition | null>(null);

  constructor(condition?: Condition) {
    const rows = fromSegment(condition);
    if (rows) this.rules = rows;
    else this.advanced = condition ?? null;
  }

  add(rule: SegmentRule = { field: 'contact.language', op: 'eq', value: '' }) {
    this.rules.push(rule);
  }

  remove(index: number) {
    this.rules.splice(index, 1);
  }

  /** Back to rows, dropping the advanced tree (the marketer chose to rebuild it). */
  useRows() {
    this.advanced = null;
  }

  get unfinished(): boolean {
    return !this.advanced && this.rules.some(isUnfinished);
  }

  get empty(): boolean {
    return !this.advanced && this.rules.length === 0;
  }

  /** One finished row is written as that leaf alone, as presets write it; otherwise `{ all: [...] }`. */
  toCondition(): Condition {
    if (this.advanced) return this.advanced;
    const tree = toSegment(this.rules);
    return 'all' in tree && tree.all.length === 1 ? tree.all[0]! : tree;
  }
}
