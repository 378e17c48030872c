import { it } from "vitest";
import { hashCreate, hashSet, hashEnableFieldTtls, hashSetFieldTtl, hashFields } from "../../src/types/hash/hash-value.js";
it("scratch", () => {
  const lim = { hashMaxListpackEntries: 10, hashMaxListpackValue: 10 };
  const h = hashCreate();
  for (const f of ["a", "b", "c"]) hashSet(h, f, f, lim);
  hashEnableFieldTtls(h);
  hashSetFieldTtl(h, "a", 5);
  hashSetFieldTtl(h, "b", 5);
  console.log(hashFields(h));
});
