// CSV as bytes: an Excel French or Dutch "CSV" export is Windows-1252, with
// semicolons and decimal commas; the package takes the file's bytes
// (Uint8Array, Node Buffer, ArrayBuffer), the core decodes them (UTF-8, else
// Windows-1252 per cell) and says so in the notes. Also the dialect's number
// rules, spreadsheets given by mistake, counts that are not whole, and the
// synonyms of device kinds.
import test from 'node:test';
import assert from 'node:assert/strict';
import empreinte from '../load.mjs';

const BE = { year: 2023, country: 'BE' };
const HEADER = 'entity;kind;quantity;purchase_year;lifespan_years\r\n';
const BODY = 'Hôtel de ville;laptop;12;2021;4,5\r\nÉcole communale;monitor_22_24;30;2020;\r\n';
/** What Excel writes as plain "CSV" in a French locale: one byte per character, é = 0xE9, ô = 0xF4. */
const cp1252 = (text) => Uint8Array.from(text, (c) => {
  const code = c.charCodeAt(0);
  assert.ok(code < 256, `not in Latin-1: ${c}`);
  return code;
});
const EXCEL = cp1252(HEADER + BODY);

test('the Windows-1252 bytes are what Excel writes: "Hôtel" is 0x48 0xF4 0x74 0x65 0x6C', () => {
  const at = HEADER.length;
  assert.deepEqual([...EXCEL.slice(at, at + 5)], [0x48, 0xf4, 0x74, 0x65, 0x6c]);
  assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(EXCEL)); // not UTF-8
});

test('Windows-1252 bytes: the entity reads "Hôtel de ville", with the encoding note', () => {
  const r = empreinte.assess(EXCEL, { ...BE, by: 'entity', name: 'inventaire.csv' });
  assert.deepEqual(r.rows.map((row) => row.entity).sort(), ['Hôtel de ville', 'École communale']);
  const notes = r.notes.filter((n) => n.code === 'encoding');
  assert.equal(notes.length, 1);
  assert.match(notes[0].message, /^inventaire\.csv: not UTF-8 from line 2; text read as Windows-1252/);
  // The same numbers as the same table given as (already decoded) text, which has no such note.
  const text = empreinte.assess(HEADER + BODY, { ...BE, by: 'entity', name: 'inventaire.csv' });
  assert.deepEqual(r.rows, text.rows);
  assert.deepEqual(text.notes.filter((n) => n.code === 'encoding'), []);
  assert.equal(r.csv, text.csv);
});

test('bytes as Uint8Array, Node Buffer or ArrayBuffer (File.arrayBuffer()) give the same report', () => {
  const want = empreinte.assess(EXCEL, BE);
  const buffer = Buffer.from(EXCEL);
  assert.deepEqual(empreinte.assess(buffer, BE), want);
  assert.deepEqual(empreinte.assess(EXCEL.buffer, BE), want);
  // A view on part of a larger buffer: only its own bytes.
  const big = new Uint8Array(EXCEL.length + 10);
  big.set(EXCEL, 5);
  assert.deepEqual(empreinte.assess(big.subarray(5, 5 + EXCEL.length), BE), want);
  // keepLonger takes bytes too, and says the encoding.
  const ext = empreinte.keepLonger(EXCEL.buffer, 2, { country: 'BE' });
  const fromText = empreinte.keepLonger(HEADER + BODY, 2, { country: 'BE' });
  assert.deepEqual(fromText.notes, []);
  assert.deepEqual({ ...ext, notes: [] }, fromText);
  assert.deepEqual(ext.notes.map((n) => n.code), ['encoding']);
});

test('UTF-8 bytes (Excel "CSV UTF-8": BOM) read as UTF-8, no note', () => {
  const utf8 = new TextEncoder().encode('\uFEFF' + HEADER + BODY);
  const r = empreinte.assess(utf8, { ...BE, by: 'entity' });
  assert.deepEqual(r.rows.map((row) => row.entity).sort(), ['Hôtel de ville', 'École communale']);
  assert.deepEqual(r.notes.filter((n) => n.code === 'encoding'), []);
  assert.deepEqual(r.rows, empreinte.assess(EXCEL, { ...BE, by: 'entity' }).rows);
});

test('the encoding option: auto (default), utf-8 (invalid bytes are an error), windows-1252', () => {
  const auto = empreinte.assess(EXCEL, { ...BE, by: 'entity', encoding: 'auto' });
  assert.deepEqual(auto, empreinte.assess(EXCEL, { ...BE, by: 'entity' }));
  const forced = empreinte.assess(EXCEL, { ...BE, by: 'entity', encoding: 'windows-1252' });
  assert.deepEqual(forced.rows, auto.rows);
  // Windows-1252 on UTF-8 bytes: what it says (mojibake), and the note says how it was read, from line 1.
  const wrong = empreinte.assess(new TextEncoder().encode(HEADER + BODY), { ...BE, by: 'entity', encoding: 'windows-1252' });
  assert.ok(wrong.rows.some((row) => row.entity === 'HÃ´tel de ville'));
  assert.match(wrong.notes.find((n) => n.code === 'encoding').message, /from line 1/);
  try {
    empreinte.assess(EXCEL, { ...BE, encoding: 'utf-8', name: 'inventaire.csv' });
    assert.fail('no error');
  } catch (e) {
    assert.equal(e.code, 'malformed_csv');
    assert.equal(e.line, 2);
    assert.equal(e.column, 'entity');
    assert.match(e.message, /invalid UTF-8 \(save the file as CSV UTF-8, or read it as windows-1252\)/);
  }
  // Text is already decoded: windows-1252 only applies to bytes.
  assert.throws(() => empreinte.assess(HEADER + BODY, { ...BE, encoding: 'windows-1252' }),
    (e) => e.code === 'invalid_option' && e.column === 'encoding' && /bytes/.test(e.message));
  assert.deepEqual(empreinte.assess(HEADER + BODY, { ...BE, by: 'entity', encoding: 'utf-8' }).rows, auto.rows);
  assert.throws(() => empreinte.assess(EXCEL, { ...BE, encoding: 'latin9' }),
    (e) => e.code === 'invalid_option' && e.column === 'encoding' && /auto, utf-8, windows-1252/.test(e.message));
  assert.throws(() => empreinte.keepLonger(EXCEL, 1, { country: 'BE', encoding: 'ebcdic' }), (e) => e.code === 'invalid_option');
});

test('a spreadsheet or a PDF given as bytes: not_csv, telling to export CSV', () => {
  const xlsx = Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00);
  const xls = Uint8Array.of(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0);
  for (const [bytes, what] of [[xlsx, /\.xlsx workbook: in Excel use File > Save As > CSV UTF-8/], [xls, /\.xls workbook/], [new TextEncoder().encode('%PDF-1.7\n'), /PDF document: export the inventory as CSV/]]) {
    try {
      empreinte.assess(bytes, { ...BE, name: 'parc.xlsx' });
      assert.fail('no error');
    } catch (e) {
      assert.equal(e.name, 'EmpreinteError');
      assert.equal(e.code, 'not_csv');
      assert.equal(e.source, 'parc.xlsx');
      assert.match(e.message, what);
      assert.doesNotMatch(e.message, /missing/);
    }
  }
  assert.throws(() => empreinte.keepLonger(xlsx.buffer, 1, BE), (e) => e.code === 'not_csv');
});

test('a ; file: 1.000 is a thousand, 1.000,5 is 1000.5, 1.5 is refused as ambiguous', () => {
  const head = 'entity;kind;quantity;purchase_year\n';
  assert.equal(empreinte.assess(head + 'A;laptop;1.000;2022\n', BE).total[0].devices, 1000);
  assert.equal(empreinte.assess(cp1252(head + 'Mairie;laptop;1.000,5;2022\n'), BE).total[0].devices, 1000.5);
  assert.throws(() => empreinte.assess(head + 'A;laptop;3;2022\nB;laptop;1.5;2022\n', BE),
    (e) => e.code === 'ambiguous_number' && e.line === 3 && e.column === 'quantity' && /write 1,5/.test(e.message));
  // In a , file the point is the decimal mark.
  assert.equal(empreinte.assess('entity,kind,quantity,purchase_year\nA,laptop,1.5,2022\n', BE).total[0].devices, 1.5);
});

test('counts: 2.5 devices stay 2.5, whole counts are integers', () => {
  const r = empreinte.assess(cp1252(HEADER + 'Hôtel de ville;laptop;2,5;2021;\r\nÉcole;laptop;3;2021;\r\n'), { ...BE, by: 'entity' });
  const devices = Object.fromEntries(r.rows.map((row) => [row.entity, row.devices]));
  assert.deepEqual(devices, { 'Hôtel de ville': 2.5, 'École': 3 });
  assert.ok(Number.isInteger(devices['École']) && !Number.isInteger(devices['Hôtel de ville']));
  assert.equal(r.total[0].devices, 5.5);
  assert.match(r.csv, /\nHôtel de ville,1,2\.5,/);
  assert.match(r.csv, /\nÉcole,1,3,/);
});

test('unknown kinds: a word people use suggests the kind (beamer, vidéoprojecteur -> projector)', () => {
  for (const word of ['beamer', 'Beamer', 'vidéoprojecteur']) {
    try {
      empreinte.assess(cp1252(`entity;kind;quantity;purchase_year\r\nSalle du conseil;${word};1;2022\r\n`), BE);
      assert.fail('no error');
    } catch (e) {
      assert.equal(e.code, 'unknown_kind');
      assert.equal(e.suggestion, 'projector', word);
      assert.equal(e.line, 2);
      assert.match(e.message, new RegExp(`unknown device kind \`${word}\` \\(did you mean \`projector\`\\?\\)`));
    }
  }
  assert.throws(() => empreinte.assess([{ entity: 'A', kind: 'beamer', quantity: 1, purchase_year: 2022 }], BE),
    (e) => e.code === 'unknown_kind' && e.suggestion === 'projector' && e.row === 0);
  assert.throws(() => empreinte.deviceFootprint({ kind: 'beamer', country: 'BE', year: 2023 }), (e) => e.suggestion === 'projector');
});

test('every byte 0x80..0xFF reads as the WHATWG Encoding Standard\'s windows-1252 (what browsers and Excel mean)', () => {
  const high = Uint8Array.from({ length: 128 }, (_, i) => 0x80 + i);
  const bytes = Buffer.concat([Buffer.from('entity,kind,quantity,purchase_year\nA'), high, Buffer.from('Z,laptop,1,2022\n')]);
  // index-windows-1252 of the WHATWG Encoding Standard: 0x80..0x9F below (the five unassigned bytes are
  // the C1 controls of the same value), 0xA0..0xFF the Latin-1 characters. (Node's TextDecoder without
  // full ICU reads windows-1252 as Latin-1, so the table is written out.)
  const c1 = [0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
    0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178];
  const want = `A${String.fromCodePoint(...c1)}${String.fromCharCode(...high.subarray(32))}Z`;
  assert.equal(want.length, 130);
  for (const encoding of ['auto', 'windows-1252']) {
    const r = empreinte.assess(bytes, { ...BE, by: 'entity', encoding });
    assert.equal(r.rows[0].entity, want, encoding);
  }
});
