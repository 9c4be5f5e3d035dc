// `csv_excel` beside every `csv`: the same table written by the core's one
// writer in its Excel dialect of French and Dutch (Dialect::EXCEL_COMMA): a
// byte order mark, `;` between cells, a decimal comma. The calculator saves
// it as is (no CSV formatting in JS).
import test from 'node:test';
import assert from 'node:assert/strict';
import empreinte, { planning } from '../load.mjs';

/** `excel` is `csv` in the Excel dialect: BOM bytes, `;`, decimal comma, cell by cell. */
function checkTwin(csv, excel, label) {
  assert.equal(typeof excel, 'string', label);
  assert.deepEqual([...Buffer.from(excel, 'utf8').subarray(0, 3)], [0xef, 0xbb, 0xbf], `${label}: starts with the UTF-8 BOM`);
  assert.ok(!csv.startsWith('\uFEFF'), `${label}: the plain CSV has no BOM`);
  const plain = csv.trimEnd().split('\n');
  const lines = excel.slice(1).trimEnd().split('\n');
  assert.equal(lines.length, plain.length, `${label}: one line per line`);
  assert.deepEqual(lines[0].split(';'), plain[0].split(','), `${label}: same columns, separated by ;`);
  let decimals = 0;
  for (const [i, line] of plain.entries()) {
    if (line.includes('"')) continue; // quoted text: the cells cannot be split naively
    const cells = line.split(',');
    const got = lines[i].split(';');
    assert.equal(got.length, cells.length, `${label}: line ${i + 1}: ${lines[i]}`);
    for (const [j, cell] of cells.entries()) {
      const isNumber = cell !== '' && Number.isFinite(Number(cell));
      if (isNumber && cell.includes('.')) decimals += 1;
      assert.equal(got[j], isNumber ? cell.replace('.', ',') : cell, `${label}: line ${i + 1}, column ${plain[0].split(',')[j]}`);
    }
  }
  return decimals;
}

test('assess: results and sources for Excel in French or Dutch', () => {
  const csv = empreinte.exampleFleetCsv();
  const r = empreinte.assess(csv, { year: 2024, country: 'BE', by: 'kind' });
  assert.ok(checkTwin(r.csv, r.csv_excel, 'assess') > 0, 'some numbers have a decimal comma');
  assert.ok(r.csv_excel.split('\n')[1].includes(';'));
  assert.ok(r.sources_csv_excel.startsWith('\uFEFF'));
  assert.equal(r.sources_csv_excel.split('\n').length, r.sources_csv.split('\n').length);
  const ext = empreinte.keepLonger(csv, 2, { country: 'BE' });
  checkTwin(ext.csv, ext.csv_excel, 'keepLonger');
});

test('compare, simulate, datacentre: every section has its Excel twin', () => {
  const sc = planning.referenceScenarios().find((x) => x.id === 'workstations-4-years');
  const six = { ...sc.policy, name: 'six', lifespan_years: { ...sc.policy.lifespan_years, laptop: 6, desktop: 6 } };
  const reports = {
    compare: planning.compare(sc.inventory_csv, [{ ...sc.policy, name: 'four' }, six]),
    simulate: planning.simulate(sc.inventory_csv, sc.policy),
    datacentre: planning.datacentre({
      readings: { year: 2022, it_kwh: 1000000, facility_kwh: 1350000 },
      facility: { zone: 'BE' },
      tenants: [{ tenant: 'Toll', it_kwh: 600000 }],
    }),
  };
  for (const [name, r] of Object.entries(reports)) {
    let decimals = 0;
    for (const s of r.sections) decimals += checkTwin(s.csv, s.csv_excel, `${name}: ${s.name}`);
    assert.ok(decimals > 0, `${name}: some numbers have a decimal comma`);
  }
});
