// The built npm package on the golden cases of golden/cases.json: the same
// numbers as the Rust and Python suites, through both inputs (CSV text and
// records), with the case's factor tables (`factors_csv`) when it has some.
import test from 'node:test';
import assert from 'node:assert/strict';
import empreinte, { golden, close, csvToRecords, factorsOf } from '../load.mjs';

function checkRows(name, rows, expected, tol) {
  assert.equal(rows.length, expected.length, `${name}: row count`);
  expected.forEach((exp, i) => {
    for (const [column, want] of Object.entries(exp)) {
      assert.ok(column in rows[i], `${name} row ${i}: no column ${column}`);
      const got = rows[i][column];
      if (want === null || typeof want === 'string') {
        assert.equal(got, want, `${name} row ${i} ${column}`);
      } else {
        assert.equal(typeof got, 'number', `${name} row ${i} ${column}: ${got}`);
        assert.ok(close(got, want, tol), `${name} row ${i} ${column}: got ${got}, want ${want}`);
      }
    }
  });
}

test('there are golden cases, some with factor tables', () => {
  assert.ok(golden.cases.length >= 5);
  assert.ok(golden.cases.some((c) => c.factors_csv?.length > 0));
});

test('the closeness rule is the one of cases.json', () => {
  assert.match(golden.about, /abs\(got - want\) <= tolerance_rel \* max\(abs\(want\), 1\) \+ 1e-9/);
  assert.ok(close(1e-9, 0, 0) && !close(1.1e-9, 0, 0));
  assert.ok(close(100.5, 100, 0.005) && !close(100.6, 100, 0.005));
});

for (const c of golden.cases) {
  // The golden files name every criterion (missing ones as null), as Python's runner asks with all_criteria.
  const options = { ...c.options, factors: factorsOf(c), all_criteria: true };
  test(`golden ${c.name} (CSV text)`, () => {
    const report = empreinte.assess(c.inventory_csv, options);
    checkRows(c.name, report.rows, c.expected, c.tolerance_rel);
  });
  test(`golden ${c.name} (array of records)`, () => {
    const report = empreinte.assess(csvToRecords(c.inventory_csv), options);
    checkRows(c.name, report.rows, c.expected, c.tolerance_rel);
  });
  test(`golden ${c.name} (CSV output reads back to the same numbers)`, () => {
    const report = empreinte.assess(c.inventory_csv, options);
    const lines = report.csv.trim().split('\n');
    const header = lines[0].split(',');
    assert.equal(lines.length - 1, report.rows.length);
    lines.slice(1).forEach((line, i) => {
      line.split(',').forEach((cell, j) => {
        const v = report.rows[i][header[j]];
        if (v === null) assert.equal(cell, '', `${header[j]}: missing is empty, never 0`);
        else if (typeof v === 'number') assert.equal(Number(cell), v, header[j]);
      });
    });
  });
}
