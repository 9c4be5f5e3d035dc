// simulate(), compare(), tender(), referenceScenarios(): the golden cases of
// golden/policy_cases.json through JS, avoided emissions as a memo, and bad
// policies rejected with the key that is wrong.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { planning as empreinte, close, repoRoot } from '../load.mjs';

const doc = JSON.parse(readFileSync(`${repoRoot}golden/policy_cases.json`, 'utf8'));
const rows = (r, name) => r.sections.find((s) => s.name === name).rows;

function value(r, key, column) {
  if (key === '-') {
    if (column === 'crossing_year') return r.crossing_year;
    if (column === 'cumulative_gwp_kgco2e') return rows(r, 'total').reduce((a, y) => a + y.gwp_total_kgco2e, 0);
    if (column === 'cumulative_embodied_amortised_kgco2e') return rows(r, 'total').reduce((a, y) => a + y.gwp_embodied_amortised_kgco2e, 0);
  }
  if (!/^\d+$/.test(key)) return rows(r, 'extend_or_replace').find((x) => x.kind === key)[column]; // a kind
  const year = Number(key);
  for (const s of ['total', 'trajectory', 'second_life', 'avoided_emissions']) {
    const row = rows(r, s).find((x) => x.year === year || x.year === key);
    if (row && column in row) return row[column];
  }
  throw new Error(`no ${column} for ${key}`);
}

for (const c of doc.cases) {
  test(`golden ${c.name}`, () => {
    if (c.type === 'tender') {
      const r = empreinte.tender(c.bids_csv, c.options);
      for (const e of c.expected) {
        const row = rows(r, 'ranking').find((x) => x.bidder === e.key);
        assert.ok(close(row[e.column], e.value, c.tolerance_rel), `${e.key} ${e.column}: got ${row[e.column]}, want ${e.value}`);
      }
      // The formula printed with the ranking names this call's weight, zone and year.
      const o = c.options;
      assert.ok(r.formula.startsWith(`points = ${o.weight_pct} × F_min / F; F = embodied_gwp_kgco2e / T + annual_energy_kwh × I`), r.formula);
      assert.ok(r.formula.includes('T = min(lifespan_years, max(warranty_years, spare_parts_years))'), r.formula);
      assert.ok(r.formula.includes(`(${o.country} ${o.year})`), r.formula);
      return;
    }
    const r = empreinte.simulate(c.inventory_csv, c.policy);
    for (const e of c.expected) {
      const got = value(r, e.key, e.column);
      if (e.value === null) assert.equal(got, null, `${e.key} ${e.column}`);
      else assert.ok(close(got, e.value, c.tolerance_rel), `${e.key} ${e.column}: got ${got}, want ${e.value}`);
    }
  });
}

test('reference scenarios: illustrative policies and inventories that simulate and compare', () => {
  const s = empreinte.referenceScenarios();
  assert.deepEqual(s.map((x) => x.id), ['workstations-4-years', 'workstations-6-years', 'school-kit-handover', 'donation-amortised']);
  assert.match(s[0].policy.description, /ILLUSTRATIVE/);
  assert.equal(s[0].policy.lifespan_years.laptop, 4);
  const c = empreinte.compare(s[0].inventory_csv, [s[0].policy, s[1].policy]);
  const total = rows(c, 'total');
  assert.equal(total.length, 2);
  assert.ok(total[1].cumulative_gwp_kgco2e < total[0].cumulative_gwp_kgco2e, '6 years emit less over 2021-2030');
});

test('avoided emissions are a memo, never subtracted from the totals', () => {
  const s = empreinte.referenceScenarios().find((x) => x.id === 'donation-amortised');
  const r = empreinte.simulate(s.inventory_csv, s.policy);
  const memo = r.sections.find((x) => x.name === 'avoided_emissions');
  assert.equal(memo.kind, 'memo');
  assert.ok(memo.rows.some((x) => x.avoided_gwp_kgco2e > 0));
  assert.ok(memo.rows.every((x) => x.assumptions.startsWith('gross (upper bound')), 'labelled gross, an upper bound (issue 17)');
  const t = rows(r, 'total');
  const same = empreinte.simulate(s.inventory_csv, { ...s.policy, substitution_pct: 0 });
  assert.deepEqual(rows(same, 'total').map((y) => y.gwp_total_kgco2e), t.map((y) => y.gwp_total_kgco2e), 'substitution changes only the memo');
});

function throws(fn, want) {
  assert.throws(fn, (e) => {
    assert.equal(e.name, 'EmpreinteError');
    for (const [k, v] of Object.entries(want)) assert.equal(e[k], v, `${k}: ${e.message}`);
    return true;
  });
}

test('bad policies, inventories and bids name their place', () => {
  const inv = doc.cases[0].inventory_csv;
  throws(() => empreinte.simulate(inv, { lifespan_year: { laptop: 6 } }), { code: 'unknown_column', source: 'policy', column: 'lifespan_year', suggestion: 'lifespan_years' });
  throws(() => empreinte.simulate(inv, { lifespan_years: { lapto: 6 } }), { code: 'unknown_kind', column: 'lifespan_years.lapto' });
  throws(() => empreinte.simulate(inv, { donated_pct: 120 }), { code: 'out_of_range', column: 'donated_pct' });
  throws(() => empreinte.simulate(inv, { refurbished_pct: 'lots' }), { code: 'invalid_option', column: 'refurbished_pct' });
  throws(() => empreinte.compare(inv, [{}, { end_year: 2000 }]), { code: 'out_of_range', source: 'policies[1]', column: 'end_year' });
  throws(() => empreinte.simulate(inv.replace('laptop', 'lapotp'), {}), { code: 'unknown_kind', line: 2, column: 'kind' });
  throws(() => empreinte.tender(doc.cases.at(-1).bids_csv, { weight_pct: 150 }), { code: 'out_of_range', column: 'weight_pct' });
  throws(() => empreinte.tender('bidder,kind\nA,laptop\n'), { code: 'missing_column' });
});

test("tender without a year uses core's default: the zone's last published year", () => {
  // AE's grid data stops in 2023 (a literal default year would not be AE's).
  const r = empreinte.tender(doc.cases.at(-1).bids_csv, { country: 'AE' });
  assert.equal(r.year, 2023);
  assert.match(r.formula, /\(AE 2023\)/);
});
