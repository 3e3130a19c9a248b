/** Issue 22: the coach edits the built-in guides, makes new ones, and shares them as JSON files. */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BUILT_IN_GUIDES } from '../../../src/core/guides';
import { db } from '../../../src/db/db';
import { GuideLibrary } from '../../../src/library/guide-library.svelte';

describe('GuideLibrary', () => {
  let guides: GuideLibrary;
  let n = 0;
  beforeEach(async () => {
    n = 0;
    await db.guides.clear();
    guides = new GuideLibrary({ newId: () => `own-${++n}` });
    guides.start();
    await vi.waitFor(() => expect(guides.own).toEqual([]));
  });
  afterEach(() => guides.destroy());

  it("offers the six built-in guides, an edited copy in its built-in guide's place, then the coach's own", async () => {
    expect(guides.all.map((g) => g.id)).toEqual(BUILT_IN_GUIDES.map((g) => g.id));
    const talk = BUILT_IN_GUIDES[1];
    expect(await guides.save({ ...talk, discussionPrompts: [...talk.discussionPrompts, 'What did the quietest pupil say?'] })).toMatchObject({ ok: true, id: talk.id });
    const mine = { ...guides.draft('Homework'), evidence: ['What came back, and from whom'] };
    expect(await guides.save(mine)).toMatchObject({ ok: true, id: 'own-1' });
    await vi.waitFor(() => expect(guides.all.map((g) => g.id)).toEqual([...BUILT_IN_GUIDES.map((g) => g.id), 'own-1']));
    expect(guides.all[1]).toMatchObject({ id: talk.id, builtIn: false });
    expect(guides.all[1].discussionPrompts.at(-1)).toBe('What did the quietest pupil say?');
    await guides.remove(talk.id);
    await vi.waitFor(() => expect(guides.all[1]).toBe(talk));
  });

  it('refuses a guide without a name or anything in it, saying why', async () => {
    expect(await guides.save(guides.draft('  '))).toEqual({ ok: false, errors: ['The guide has no name.'] });
    expect(await guides.save(guides.draft('Empty'))).toEqual({ ok: false, errors: ['The guide has no discussion prompts and no evidence to collect.'] });
    expect(await db.guides.count()).toBe(0);
  });

  it("exports a guide as a file that imports back, beside the coach's own guide of the same id", async () => {
    const mine = { ...guides.draft('Homework'), evidence: ['What came back'] };
    await guides.save(mine);
    await vi.waitFor(() => expect(guides.own).toHaveLength(1));
    const file = guides.exportFile(mine);
    expect(file.fileName).toBe('Homework.reframe-guide.json');
    const again = await guides.importFile(file.text);
    expect(again).toEqual({ ok: true, id: 'own-2', warnings: ['You already have a guide “Homework”; the imported one was added beside it.'] });
    await vi.waitFor(() => expect(guides.own).toHaveLength(2));
    expect(await guides.importFile('{"format":"reframe.guide","version":9}')).toMatchObject({ ok: false, errors: [expect.stringMatching(/newer version/)] });
  });
});
