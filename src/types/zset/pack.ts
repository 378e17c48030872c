/**
 * The compact form of a small sorted set (Redis's listpack encoding, t_zset.c zzl*): members and
 * scores in two parallel arrays, sorted by (score, member bytes).
 *
 * Invariants: `members.length === scores.length`; entries ascend strictly by (score, member); no
 * score is NaN, and none is -0 — a listpack stores an integral score as an integer (zzlInsertAt's
 * double2ll), so a -0 comes back as 0, and so does it here.
 *
 * Lookups by member are linear, as in Redis (the set is small by definition); inserts find their
 * place by binary search, which lands where zzlInsert's forward scan would.
 */

export class ZsetPack {
  members: string[];
  scores: number[];

  constructor(members: string[] = [], scores: number[] = []) {
    this.members = members;
    this.scores = scores;
  }

  get length(): number {
    return this.members.length;
  }

  /** The index of `member`, -1 when absent. O(N). */
  find(member: string): number {
    return this.members.indexOf(member);
  }

  /** zzlInsert: adds a member that is not present. O(N) (the shift). */
  insert(member: string, score: number): void {
    if (score === 0) score = 0; // -0 → 0
    const members = this.members;
    const scores = this.scores;
    let lo = 0;
    let hi = members.length;
    // Fast path for appends (scores arriving in order).
    if (hi > 0) {
      const ls = scores[hi - 1]!;
      if (ls < score || (ls === score && members[hi - 1]! < member)) lo = hi;
    }
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const s = scores[mid]!;
      if (s < score || (s === score && members[mid]! < member)) lo = mid + 1;
      else hi = mid;
    }
    if (lo === members.length) {
      members.push(member);
      scores.push(score);
    } else {
      members.splice(lo, 0, member);
      scores.splice(lo, 0, score);
    }
  }

  /** Removes the entry at `i`. O(N). */
  removeAt(i: number): void {
    if (i === this.members.length - 1) {
      this.members.pop();
      this.scores.pop();
    } else {
      this.members.splice(i, 1);
      this.scores.splice(i, 1);
    }
  }

  /** Removes `count` entries from `i`. O(N). */
  removeRange(i: number, count: number): void {
    this.members.splice(i, count);
    this.scores.splice(i, count);
  }

  clone(): ZsetPack {
    return new ZsetPack(this.members.slice(), this.scores.slice());
  }
}
