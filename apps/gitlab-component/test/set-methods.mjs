// gitlab-ci-local's bundle calls Set.prototype.union and friends (Node 22+); on Node 20 these
// stand-ins, loaded with `node --import`, let it run. Where Node has them they are left alone.
const methods = {
  union(other) {
    const result = new Set(this);
    for (const value of other.keys()) result.add(value);
    return result;
  },
  intersection(other) {
    return new Set([...this].filter((value) => other.has(value)));
  },
  difference(other) {
    return new Set([...this].filter((value) => !other.has(value)));
  },
  symmetricDifference(other) {
    const result = new Set(this);
    for (const value of other.keys()) {
      if (this.has(value)) result.delete(value);
      else result.add(value);
    }
    return result;
  },
  isSubsetOf(other) {
    return [...this].every((value) => other.has(value));
  },
  isSupersetOf(other) {
    return [...other.keys()].every((value) => this.has(value));
  },
  isDisjointFrom(other) {
    return [...this].every((value) => !other.has(value));
  },
};
for (const [name, value] of Object.entries(methods)) {
  if (!(name in Set.prototype)) {
    Object.defineProperty(Set.prototype, name, { value, writable: true, configurable: true });
  }
}
