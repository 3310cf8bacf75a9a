import assert from "node:assert/strict";
import { createTestApp, signUp } from "../../tests/helpers.ts";
import { assertStorageQuota, STORAGE_QUOTA_BYTES } from "./quota.ts";

Deno.test("quota: uploads past the per-user storage quota are refused and store nothing", async () => {
  const t = await createTestApp();
  try {
    const a = await signUp(t.app);
    const b = await signUp(t.app);
    const { sql } = t.deps;
    await sql`
      insert into job_postings (user_id, original_text, file_key, file_size)
      values (${a.id}, 'an earlier posting', 'users/x/postings/y.pdf', ${
      STORAGE_QUOTA_BYTES - 1000
    })`;
    await assertStorageQuota(sql, a.id, 1000);
    await assert.rejects(() => assertStorageQuota(sql, a.id, 1001), /storage is full/);
    await assertStorageQuota(sql, b.id, STORAGE_QUOTA_BYTES); // quotas are per user

    const pdf = await Deno.readFile(
      new URL("../../tests/fixtures/pdf/posting_ko.pdf", import.meta.url),
    );
    const form = new FormData();
    form.set("file", new File([pdf], "posting.pdf", { type: "application/pdf" }));
    const res = await t.app.request("/api/job-postings", {
      method: "POST",
      headers: { authorization: `Bearer ${a.access}` },
      body: form,
    });
    assert.equal(res.status, 413);
    const body = await res.json();
    assert.equal(body.error.code, "storage_quota_exceeded");
    assert.equal(body.error.details.quota_bytes, STORAGE_QUOTA_BYTES);
    const [{ n }] = await sql<{ n: number }[]>`
      select count(*)::int as n from job_postings where user_id = ${a.id}`;
    assert.equal(n, 1, "nothing new stored");
  } finally {
    await t.close();
  }
});
