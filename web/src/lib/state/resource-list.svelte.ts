// A list of admin records (users, teams, labels…) with create/update/delete and an error the screen can show.
import { isNotAvailable } from '../format/describe-error';

export interface Crud<T, TInput> {
  list: () => Promise<T[]>;
  create: (input: TInput) => Promise<T>;
  update: (id: string, patch: Partial<TInput>) => Promise<T>;
  remove: (id: string) => Promise<unknown>;
}

export class ResourceList<T extends { id?: string }, TInput> {
  items = $state<T[]>([]);
  loading = $state(false);
  error = $state<unknown>(null);
  unavailable = $state(false);
  #crud: Crud<T, TInput>;

  constructor(crud: Crud<T, TInput>) {
    this.#crud = crud;
  }

  async load() {
    this.loading = true;
    this.error = null;
    try {
      this.items = await this.#crud.list();
    } catch (error) {
      if (isNotAvailable(error)) this.unavailable = true;
      else this.error = error;
    } finally {
      this.loading = false;
    }
  }

  create(input: TInput) {
    return this.#attempt(async () => {
      const created = await this.#crud.create(input);
      this.items = [...this.items, created];
      return created;
    });
  }

  update(id: string, patch: Partial<TInput>) {
    return this.#attempt(async () => {
      const updated = await this.#crud.update(id, patch);
      this.items = this.items.map((item) => (item.id === id ? { ...item, ...updated } : item));
      return updated;
    });
  }

  remove(id: string) {
    return this.#attempt(async () => {
      await this.#crud.remove(id);
      this.items = this.items.filter((item) => item.id !== id);
      return true;
    });
  }

  async #attempt<R>(work: () => Promise<R>): Promise<R | null> {
    this.error = null;
    try {
      return await work();
    } catch (error) {
      this.error = error;
      return null;
    }
  }
}
