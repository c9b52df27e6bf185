/**
 * Covers laid out lately, by their inputs. The e-book's cover and the
 * download page's thumbnail are the same drawing at two sizes: laying it out
 * (fitting the headline takes several layouts) is most of the work, so the
 * second size reuses the first's SVG. A few entries are enough: both sizes
 * are drawn while the manuscript is being built.
 */
export class RecentLayouts<T> {
  private readonly entries = new Map<string, Promise<T>>();

  constructor(private readonly size: number) {}

  /** The layout for `key`: the one made lately, or a new one from `make` (forgotten if it fails). */
  get(key: string, make: () => Promise<T>): Promise<T> {
    let entry = this.entries.get(key);
    if (entry) {
      // Most recently used last.
      this.entries.delete(key);
    } else {
      entry = make();
      entry.catch(() => this.entries.delete(key));
    }
    this.entries.set(key, entry);
    while (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }

  /** How many layouts are kept. */
  get count(): number {
    return this.entries.size;
  }
}
