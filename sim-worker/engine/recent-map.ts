/**
 * A Map that also keeps the entry it last found or was given in fields of
 * its own. Devices ask about the same key frame after frame (a computer's
 * gateway, the MAC it hears from, its one ping), and then no hash table is
 * read: in a large network most of them have gone cold in the CPU's cache
 * by the time a device's next frame comes, while the object asking has not.
 */
export class RecentMap<K, V> {
  private readonly map = new Map<K, V>();
  private recentKey: K | undefined;
  /** Undefined when no entry is kept at hand. */
  private recentValue: V | undefined;

  get size(): number {
    return this.map.size;
  }

  get(key: K): V | undefined {
    if (this.recentValue !== undefined && key === this.recentKey) return this.recentValue;
    const value = this.map.get(key);
    if (value !== undefined) {
      this.recentKey = key;
      this.recentValue = value;
    }
    return value;
  }

  set(key: K, value: V): void {
    this.map.set(key, value);
    this.recentKey = key;
    this.recentValue = value;
  }

  delete(key: K): boolean {
    if (key === this.recentKey) this.recentValue = this.recentKey = undefined;
    return this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
    this.recentValue = this.recentKey = undefined;
  }

  entries(): MapIterator<[K, V]> {
    return this.map.entries();
  }
}
