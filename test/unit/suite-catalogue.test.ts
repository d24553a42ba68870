import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CATALOGUE, checkCatalogue, FORBIDDEN, QUICK_IDS } from '../../bench/suite/catalogue';

// The suite's honesty rests on its halves: a held-back dataset is one nobody has looked at. These checks keep the
// catalogue consistent with the rule written at its top whenever datasets are added or moved.
describe('suite catalogue halves', () => {
  const heldBack = CATALOGUE.filter((d) => d.half === 'heldback');
  const tuning = CATALOGUE.filter((d) => d.half === 'tuning');

  it('passes its own consistency check', () => {
    assert.doesNotThrow(() => checkCatalogue());
  });

  it('holds back no dataset that was seen before or looked at', () => {
    for (const d of heldBack) {
      assert.equal(d.seenBefore, false, `${d.id} was seen before`);
      assert.equal(d.lookedAt, undefined, `${d.id} was looked at: ${d.lookedAt}`);
    }
  });

  it('says why every tuning dataset is in the tuning half', () => {
    // Rule 2: the datasets added with the suite and not held back then.
    const joinedAtOnce = ['pima', 'hpc'];
    for (const d of tuning) {
      const why = d.seenBefore || d.lookedAt !== undefined || joinedAtOnce.includes(d.id);
      assert.ok(why, `${d.id} is in the tuning half without being seen before or looked at`);
    }
  });

  it('keeps a held-back half of at least eight datasets with checksums, sources and licences', () => {
    assert.ok(heldBack.length >= 8, `only ${heldBack.length} held-back datasets`);
    for (const d of heldBack) {
      assert.match(d.sha256.data, /^[0-9a-f]{64}$/, `${d.id} has no checksum`);
      assert.ok(d.source.length > 0 && d.licence.length > 0 && d.citation.length > 0, `${d.id} lacks provenance`);
      assert.ok(d.rows > 0 && d.features > 0 && d.classes >= 2, `${d.id} has no shape`);
    }
  });

  it('never shows a held-back result in a quick run', () => {
    for (const id of QUICK_IDS) assert.equal(CATALOGUE.find((d) => d.id === id)?.half, 'tuning', id);
  });

  it("refuses the external evaluators' datasets", () => {
    const bad = { ...CATALOGUE[0]!, id: 'satimage' };
    assert.throws(() => checkCatalogue([bad]), /must not be used/);
    assert.ok(FORBIDDEN.includes('letter'));
  });
});
