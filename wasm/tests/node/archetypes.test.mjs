// Archetype tables through options.factors: kinds added or replaced, kinds
// without a default electricity use, errors of a bad table, data centres.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import empreinte, { planning, close, repoRoot } from '../load.mjs';

const fixture = (name) => readFileSync(`${repoRoot}core/tests/fixtures/${name}`, 'utf8');
const ROUTER = { name: 'router.csv', csv: fixture('archetypes-router.csv') };
const LAPTOP_100 = { name: 'laptop.csv', csv: fixture('archetypes-laptop-100.csv') };
const MALFORMED = { name: 'bad.csv', csv: fixture('archetypes-malformed.csv') };

/** The router table's lifespan and embodied footprint, read from the table. */
function router() {
  const [header, row] = ROUTER.csv.split('\n');
  const names = header.split(',');
  const cells = row.split('"')[2].slice(1).split(','); // after the quoted label
  const at = (name) => cells[names.indexOf(name) - 2];
  assert.equal(row.split(',')[0], 'test_router');
  assert.equal(at('annual_energy_kwh'), '');
  return { lifespan: Number(at('lifespan_years')), embodied: Number(at('embodied_gwp_kgco2e')) };
}

function throws(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  assert.fail('no error');
}

test('an added kind with explicit energy books its embodied footprint and cites the table', () => {
  const { lifespan, embodied } = router();
  const r = empreinte.assess([{ entity: 'Network', kind: 'test_router', quantity: 3, purchase_year: 2021, annual_energy_kwh: 50 }],
    { year: 2023, country: 'BE', factors: ROUTER });
  const t = r.total[0];
  assert.ok(close(t.gwp_manufacture_kgco2e, (3 * embodied) / lifespan, 1e-12), `${t.gwp_manufacture_kgco2e}`);
  assert.equal(t.use_energy_kwh, 150);
  const s = r.sources.find((x) => x.item.startsWith('test_router:'));
  assert.equal(s.dataset, 'router.csv user');
  assert.ok(r.datasets.some((d) => d.id === 'router.csv' && d.edition === 'user'));
});

test('a row without energy of such a kind is a typed error at its line and column', () => {
  const e = throws(() => empreinte.assess('entity,kind,quantity,purchase_year\nOffice,laptop,1,2021\nNetwork,test_router,3,2021\n',
    { year: 2023, country: 'BE', factors: ROUTER, name: 'fleet.csv' }));
  assert.equal(e.code, 'no_default_energy', e.message);
  assert.equal(e.inputError, true);
  assert.deepEqual([e.source, e.line, e.column], ['fleet.csv', 3, 'annual_energy_kwh']);
  assert.match(e.message, /kind `test_router` has no default electricity use; fill `annual_energy_kwh`/);
  const d = throws(() => empreinte.deviceFootprint({ kind: 'test_router', country: 'BE', year: 2023 }, { factors: ROUTER }));
  assert.equal(d.code, 'no_default_energy', d.message);
});

test('replacing laptop changes its result', () => {
  const fleet = [{ entity: 'Office', kind: 'laptop', quantity: 2, purchase_year: 2021 }];
  const before = empreinte.assess(fleet, { year: 2023, country: 'BE' }).total[0];
  const after = empreinte.assess(fleet, { year: 2023, country: 'BE', factors: LAPTOP_100 }).total[0];
  // The table: 100 kg CO2e, all in manufacture, over 5 years; 20,5 kWh a year.
  assert.ok(close(after.gwp_manufacture_kgco2e, (2 * 100) / 5, 1e-12), `${after.gwp_manufacture_kgco2e}`);
  assert.ok(close(after.use_energy_kwh, 2 * 20.5, 1e-12));
  assert.ok(Math.abs(before.gwp_manufacture_kgco2e - after.gwp_manufacture_kgco2e) > 1);
});

test('a malformed archetype table names the table, line and column', () => {
  const e = throws(() => empreinte.assess([{ entity: 'A', kind: 'laptop', quantity: 1, purchase_year: 2021 }],
    { year: 2023, country: 'BE', factors: MALFORMED }));
  assert.equal(e.code, 'invalid_number', e.message);
  assert.deepEqual([e.source, e.line, e.column], ['bad.csv', 4, 'embodied_gwp_kgco2e']);
});

test('a data-centre equipment inventory needs no energy for an added kind', () => {
  const { lifespan, embodied } = router();
  const r = planning.datacentre(
    {
      readings: { year: 2022, it_kwh: 1000000, facility_kwh: 1350000 },
      facility: { name: 'Test', zone: 'BE' },
      equipment: 'entity,kind,quantity,purchase_year\nRoom A,test_router,4,2020\n',
    },
    { factors: ROUTER },
  );
  const scopes = r.sections.find((s) => s.name === 'scopes').rows;
  const row = scopes.find((x) => x.indicator.startsWith('IT equipment embodied'));
  assert.ok(close(row.value, (4 * embodied) / lifespan, 1e-12), JSON.stringify(row));
});

// Servers' load model: `utilisation` gives a row's energy from its kind's
// power at idle and at full load (8,760 h × (idle + u × (max − idle))).
const SERVERS = { name: 'servers.csv', csv: fixture('archetypes-server-load.csv') };
const modelKwh = (idle, full, u) => (8760 * (idle + u * (full - idle))) / 1000;

/** A cell of the server fixture by column name (the quoted label holds commas: count from the end). */
function serverCell(name) {
  const [header, row] = SERVERS.csv.trim().split('\n');
  const names = header.split(',');
  const cells = row.split(',');
  return Number(cells[cells.length - (names.length - names.indexOf(name))]);
}

test('utilisation gives a server its energy from the load model', () => {
  const [idle, full] = [serverCell('power_idle_w'), serverCell('power_max_w')];
  assert.deepEqual([idle, full], [50, 250]);
  const r = empreinte.assess([{ entity: 'DC', kind: 'test_server', quantity: 2, purchase_year: 2022, utilisation: 0.3 }],
    { year: 2023, country: 'BE', factors: SERVERS });
  assert.ok(close(r.total[0].use_energy_kwh, 2 * modelKwh(idle, full, 0.3), 1e-12), `${r.total[0].use_energy_kwh}`);
  assert.ok(close(r.total[0].use_energy_kwh, 2 * 963.6, 1e-12));
  const s = r.sources.find((x) => x.item.startsWith('test_server:'));
  assert.match(s.item, /annual energy/);
  // The embedded two-socket server, from its own listed powers.
  const s2 = empreinte.archetypes().find((a) => a.kind === 'server_2s');
  for (const u of [0.1, 0.6]) {
    const t = empreinte.assess(`entity,kind,quantity,purchase_year,utilisation\nDC,server_2s,1,2022,${u}\n`, { year: 2023, country: 'BE' }).total[0];
    for (const suffix of ['', '_low', '_high']) {
      const want = modelKwh(s2[`power_idle_w${suffix}`], s2[`power_max_w${suffix}`], u);
      assert.ok(close(t[`use_energy_kwh${suffix}`], want, 1e-12), `${u}${suffix}: ${t[`use_energy_kwh${suffix}`]} vs ${want}`);
    }
  }
});

test('utilisation errors name the row and the column', () => {
  const base = { entity: 'DC', kind: 'test_server', quantity: 1, purchase_year: 2022 };
  for (const [change, code] of [
    [{ utilisation: 1.5 }, 'out_of_range'],
    [{ kind: 'laptop', utilisation: 0.5 }, 'no_load_model'],
    [{ utilisation: 0.5, annual_energy_kwh: 900 }, 'conflicting_columns'],
    [{ utilisation: 0.5, usage_profile: 'always_on' }, 'conflicting_columns'],
  ]) {
    const e = throws(() => empreinte.assess([{ ...base, utilisation: 0.2 }, { ...base, ...change }], { year: 2023, country: 'BE', factors: SERVERS }));
    assert.equal(e.code, code, e.message);
    assert.deepEqual([e.row, e.column], [1, 'utilisation'], e.message);
  }
});

test('archetypes() and datasets() list what an archetype table adds, like `empreinte factors --factors`', () => {
  const { lifespan, embodied } = router();
  const base = empreinte.archetypes();
  const all = empreinte.archetypes({ factors: ROUTER });
  assert.equal(all.length, base.length + 1);
  assert.equal(base.find((a) => a.kind === 'test_router'), undefined);
  const added = all.find((a) => a.kind === 'test_router');
  assert.ok(close(added.embodied_gwp_kgco2e, embodied, 1e-12));
  assert.ok(close(added.lifespan_years, lifespan, 1e-12));
  assert.equal(added.annual_energy_kwh ?? null, null);
  assert.ok(empreinte.datasets({ factors: ROUTER }).some((d) => d.id === 'router.csv'));
  const laptop = empreinte.archetypes({ factors: LAPTOP_100 }).find((a) => a.kind === 'laptop');
  assert.ok(close(laptop.embodied_gwp_kgco2e, 100, 1e-12));
});
