import fs from 'node:fs';
import { buildBareSchema, printSdl, SDL_PATH } from '../schema';

/** `npm run schema`: writes the SDL generated from the code to schema/schema.graphql. */
fs.writeFileSync(SDL_PATH, printSdl(buildBareSchema()));
console.log(`Wrote ${SDL_PATH}`);
