import fs from 'node:fs';
import path from 'node:path';
import { renderAuthorityTable, withAuthorityTable } from '../policy/authority-doc';

/** Prints the "Who sees what" table, or with --write puts it into README.md between its markers. */
const readme = path.resolve(__dirname, '..', '..', '..', 'README.md');
if (process.argv.includes('--write')) {
  fs.writeFileSync(readme, withAuthorityTable(fs.readFileSync(readme, 'utf8')));
  console.log(`Wrote the authority table into ${readme}`);
} else {
  console.log(renderAuthorityTable());
}
